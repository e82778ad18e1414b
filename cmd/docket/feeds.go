package main

import (
	"bytes"
	"fmt"
	"path/filepath"

	"docket/internal/config"
	"docket/internal/projfile"
	"docket/internal/sources"
)

const feedsSummary = "Import an OPML subscription list into feeds/feeds.yaml, or export the sources as OPML 2.0."

func runFeeds(std stdio, args []string) error {
	fs := newFlags(std, "feeds", "[--root DIR] import FILE.opml | export", feedsSummary)
	root := rootFlag(fs)
	dryRun := fs.Bool("n", false, "import: print the entries that would be added, change nothing")
	words, err := parseAnywhere(fs, args) // "import -n FILE" as well as "-n import FILE"
	if err != nil {
		return err
	}
	if err := needProject(*root, useRoot); err != nil {
		return err
	}
	path := filepath.Join(*root, "feeds", "feeds.yaml")
	switch {
	case len(words) == 1 && words[0] == "export":
		return exportFeeds(std, *root)
	case len(words) == 2 && words[0] == "import":
		return importFeeds(std, path, words[1], *dryRun)
	}
	fs.Usage()
	return usageError("want 'import FILE.opml' or 'export'")
}

func exportFeeds(std stdio, root string) error {
	srcs, err := sources.LoadSources(filepath.Join(root, "feeds", "feeds.yaml"))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	site, err := config.Load(filepath.Join(root, "content", "site.yaml"))
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	return sources.ExportOPML(std.out, site.Title+" sources", srcs)
}

// importFeeds appends the new feeds to feeds.yaml as text, so the file's
// comments and layout survive, after checking that the result still loads.
func importFeeds(std stdio, path, opmlPath string, dryRun bool) error {
	current, err := projfile.ReadFile(path, projfile.MaxConfig)
	if err != nil {
		return err
	}
	srcs, err := sources.ParseSources(path, current)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	// Capped, and a regular file: the decoder holds the whole list, and
	// /dev/zero or a huge file would take memory until the machine ran out.
	opml, err := projfile.ReadFile(opmlPath, projfile.MaxConfig)
	if err != nil {
		return err
	}
	imported, err := sources.ImportOPML(bytes.NewReader(opml))
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: %w", opmlPath, err)}
	}
	added := srcs.Merge(imported)
	text, err := sources.AppendYAML(added)
	if err != nil {
		return err
	}
	if dryRun || len(added) == 0 {
		std.out.Write(text)
		fmt.Fprintf(std.err, "%d feeds in %s, %d new\n", len(imported), opmlPath, len(added))
		return nil
	}
	next := append(bytes.TrimRight(current, "\n"), '\n')
	next = append(next, text...)
	// The outlines were checked one by one: what fails here is the file's
	// layout, and the error's line is one of text feeds.yaml does not have.
	if _, err := sources.ParseSources(path+" with the new feeds", next); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: the new feeds cannot be appended to it: keep the feeds: list last, its items indented two spaces (\"  - id: …\"); nothing written (%w)", path, err)}
	}
	if err := projfile.Replace(path, next); err != nil {
		return err
	}
	fmt.Fprintf(std.err, "%d feeds in %s, %d added to %s\n", len(imported), opmlPath, len(added), path)
	return nil
}
