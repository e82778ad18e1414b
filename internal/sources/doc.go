// Package sources keeps the files that describe the feeds docket follows:
// feeds/feeds.yaml (what to fetch, edited by people), feeds/state.json
// (what the last runs learned, written by docket), feeds/removed.yaml
// (items an editor deleted, never to be written again), their OPML form,
// and the health policy that says when a failing source is stale (the
// status page and `docket check --sources` read it).
//
// It parses no feed and opens no connection: internal/feed parses,
// internal/fetch fetches.
package sources
