// Package content is docket's database: Markdown files with YAML front
// matter under content/. It parses them (reporting every problem with file,
// line and column), validates references against the taxonomy, makes slugs
// and paths that can never leave content/, and writes new files atomically
// without ever overwriting one.
//
// Three kinds live in three folders:
//
//	news/YYYY/MM/slug.md     items written by docket fetch   → /news/YYYY/MM/slug/
//	events/YYYY-MM-DD-slug.md editor-curated timeline events → /events/slug/
//	pages/slug.md            about, methodology, …          → /slug/
package content
