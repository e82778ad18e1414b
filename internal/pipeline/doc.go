// Package pipeline wires docket fetch: it reads a project's sources,
// state, tombstones, rules and review queue, adapts the extractor to
// fetch's seam, runs fetch → select → extract → write, and saves what the
// run learned in the order that loses nothing. cmd/docket's fetch and
// this package's tests run the same wiring.
//
// Its tests run the whole pipeline (fetch, then build) against local
// servers over simulated days, and check the properties the scheduled
// workflow relies on: exit-worthy outcomes, a state that changes only
// where it must, a build that needs no network and gives the same bytes
// wherever it runs.
package pipeline
