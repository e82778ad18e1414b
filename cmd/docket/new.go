package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"docket/internal/content"
)

func runNew(std stdio, args []string) error {
	flags := newFlags(std, "new", "event|page \"Title\" [flags]", "Scaffold an editor event or a page with a valid front matter. Never overwrites a file.")
	root := flags.String("root", ".", "project `folder`")
	date := flags.String("date", "", "the event's `date` as YYYY-MM-DD (default today)")
	if len(args) < 2 || strings.HasPrefix(args[0], "-") {
		if err := parse(flags, args); err != nil {
			return err
		}
		return usageError("want: docket new event|page \"Title\"")
	}
	kind, title := args[0], args[1]
	if err := parse(flags, args[2:]); err != nil {
		return err
	}
	day := time.Now()
	if *date != "" {
		d, err := time.Parse("2006-01-02", *date)
		if err != nil {
			return usageError("--date %q: want YYYY-MM-DD", *date)
		}
		day = d
	}
	var rel, body string
	switch kind {
	case "event":
		rel, body = content.EventPath(day, content.Slug(title)), eventTemplate(title)
	case "page":
		slug := content.Slug(title)
		if slices.Contains(content.Reserved, slug) {
			return usageError("a page named %q would take the site's own /%s/: choose another title", slug, slug)
		}
		rel, body = content.PagePath(slug), pageTemplate(title)
	default:
		return usageError("unknown kind %q: want event or page", kind)
	}
	err := content.Create(filepath.Join(*root, "content"), rel, []byte(body))
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("content/%s exists already; edit it, or choose another title", rel)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(std.out, "content/%s\n", rel)
	return nil
}

func eventTemplate(title string) string {
	return "---\ntitle: " + yamlString(title) + `
# kind: fine, ruling, order, law, investigation, settlement, compliance or statement
kind: statement
# IDs from feeds/entities.yaml and feeds/topics.yaml
authorities: []
entities: []
jurisdictions: []
topics: []
status: ""
summary: ""
# amount: {value: 18228000000, currency: CNY}
# primary sources: bare URLs or {title, url}
sources: []
# news items this event explains, e.g. news/2021/09/slug
related: []
draft: true
---

What happened, in our own words, with links to the sources.
`
}

func pageTemplate(title string) string {
	return "---\ntitle: " + yamlString(title) + "\n# position in the site menu; 0 keeps it out\nmenu: 0\ndraft: true\n---\n\nWrite the page here.\n"
}

// yamlString quotes a title for YAML: double quotes with escapes.
func yamlString(s string) string {
	return fmt.Sprintf("%q", s)
}
