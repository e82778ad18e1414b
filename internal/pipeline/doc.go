// Package pipeline holds no code: its tests run docket's whole pipeline
// (fetch, then build) against local servers over simulated days, and
// check the properties the scheduled workflow relies on: exit-worthy
// outcomes, a state that changes only where it must, a build that needs
// no network and gives the same bytes wherever it runs.
package pipeline
