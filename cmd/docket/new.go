package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"docket/internal/config"
	"docket/internal/content"
	"docket/internal/topic"
	"docket/internal/yamlerr"
)

const newArgs = "event|page|case TITLE… [--date YYYY-MM-DD] [--authority ID] [--root DIR]"

func runNew(std stdio, args []string) error {
	flags := newFlags(std, "new", newArgs, "Scaffold an editor event, a page or a case with a valid front matter, as a draft. Never overwrites a file.\n"+
		"The words after the kind make the title, quoted or not (docket new event EU fines Apple);\n"+
		"flags may come before or after them; put a title that starts with '-' after '--'.")
	root := flags.String("root", ".", "project `folder`")
	date := flags.String("date", "", "the event's `date`, or the day the case opened, as YYYY-MM-DD (default today)")
	authority := flags.String("authority", "", "a case's authority or court: its `ID` in feeds/entities.yaml (a case needs one)")
	words, err := parseAnywhere(flags, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return usageError("want: docket new %s", newArgs)
	}
	kind, title := words[0], strings.Join(words[1:], " ")
	if kind != "event" && kind != "page" && kind != "case" {
		return usageError("unknown kind %q: want event, page or case", kind)
	}
	if kind == "case" && *authority == "" {
		return usageError("a case needs its authority or court: docket new case \"Title\" --authority ID, an authority of feeds/entities.yaml")
	}
	if strings.TrimSpace(title) == "" {
		return usageError("the %s needs a title: docket new %s \"Title\"", kind, kind)
	}
	// A title from a terminal in another encoding would be written quoted
	// as \xNN, which YAML reads back as other letters ("Caf\xe9", Café).
	if !utf8.ValidString(title) {
		return usageError("the title is not UTF-8 text: set the terminal to UTF-8, or write the file by hand")
	}
	day := time.Now()
	if *date != "" {
		d, err := time.Parse("2006-01-02", *date)
		if err != nil {
			return usageError("--date %q: want YYYY-MM-DD", *date)
		}
		day = d
	}
	title = strings.TrimSpace(title)
	slug := content.Slug(title)
	rel, body := content.EventPath(day, slug), eventTemplate(title)
	if kind == "page" {
		if slices.Contains(content.Reserved, slug) {
			return usageError("a page named %q would take the site's own /%s/: choose another title", slug, slug)
		}
		rel, body = content.PagePath(slug), pageTemplate(title)
	}
	if kind == "case" {
		rel, body = content.CasePath(slug), caseTemplate(title, *authority, day)
	}
	if err := needProject(*root, useRoot); err != nil {
		return err
	}
	// Read before the file is made: a command that fails must leave none,
	// or the editor's second try finds it "exists already".
	site, err := config.Load(filepath.Join(*root, "content", "site.yaml"))
	if err != nil {
		return err
	}
	if kind == "case" {
		rules, err := topic.Load(filepath.Join(*root, "feeds"))
		if err != nil {
			return err
		}
		if !rules.Accepts("authorities", *authority) {
			var ids []string
			for _, e := range rules.Entities {
				if rules.Accepts("authorities", e.ID) {
					ids = append(ids, e.ID)
				}
			}
			return usageError("--authority %q is not an authority of feeds/entities.yaml%s: use one of %s", *authority, yamlerr.DidYouMean(*authority, ids), strings.Join(ids, ", "))
		}
	}
	if kind == "event" {
		if other, err := eventWithSlug(filepath.Join(*root, "content"), slug); err != nil || other != "" && other != rel {
			return cmp.Or(err, fmt.Errorf("content/%s has /events/%s/ already; edit it, or choose another title", other, slug))
		}
	}
	err = content.Create(filepath.Join(*root, "content"), rel, []byte(body))
	var twin *content.StoryTakenError
	if errors.As(err, &twin) {
		return fmt.Errorf("content/%s would have the story ID of content/%s; choose another title", rel, twin.Twin)
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("content/%s exists already; edit it, or choose another title", rel)
	}
	if err != nil {
		return err
	}
	return reportNew(std, site, rel, []byte(body))
}

// eventWithSlug returns the event (relative to contentDir) that has slug
// under any date, or "": an event's permalink is /events/slug/ whatever
// its date, and a second one would fail the next check and build. (One
// of the same date is the file new would make: Create says it exists.)
func eventWithSlug(contentDir, slug string) (string, error) {
	found, err := filepath.Glob(filepath.Join(contentDir, "events", "????-??-??-"+slug+".md"))
	if err != nil || len(found) == 0 {
		return "", err
	}
	rel, err := filepath.Rel(contentDir, found[0])
	return filepath.ToSlash(rel), err
}

// reportNew tells the editor what new made and what to do with it next.
// The permalink comes from parsing the file as the build will.
func reportNew(std stdio, s config.Site, rel string, data []byte) error {
	d, _ := content.Parse("content/"+rel, strings.TrimSuffix(rel, ".md"), data, nil)
	if d == nil {
		return fmt.Errorf("content/%s was made but cannot be read back", rel)
	}
	fmt.Fprintf(std.out, "made content/%s, a draft %s: only --drafts shows it\n", rel, d.Kind)
	fmt.Fprintf(std.out, "  preview:   docket serve --drafts, then open http://127.0.0.1:1313%s\n", d.Permalink())
	fmt.Fprintf(std.out, "  publish:   delete the line 'draft: true', then docket check and docket build\n")
	fmt.Fprintf(std.out, "  permalink: %s\n", s.Abs(d.Permalink()))
	return nil
}

// parseAnywhere parses flags wherever they stand among the arguments, as
// editors type them ("new event --date 2024-03-04 Title" and "new event
// Title --date 2024-03-04" alike), and returns the other arguments in
// order. Everything after "--" is an argument.
func parseAnywhere(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return words, nil
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(words, rest...), nil
		}
		words, args = append(words, rest[0]), rest[1:]
	}
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

func caseTemplate(title, authority string, opened time.Time) string {
	return "---\ntitle: " + yamlString(title) + `
# the authority's own reference, e.g. AT.40437
case_id: ""
# IDs from feeds/entities.yaml: the companies, the authority or court, the places
parties: []
authorities: [` + authority + `]
jurisdictions: []
# the law and its article, e.g. Anti-Monopoly Law art. 22
instrument: ""
# complaint, investigation, objections, decision, appeal, judgment, compliance or closed
stage: investigation
status: open
opened: ` + opened.Format(time.DateOnly) + `
# dated steps, e.g. {date: 2021-04-10, what: decision}
dates: []
# amount: {value: 18228000000, currency: CNY}
# primary sources: bare URLs or {title, url}
sources: []
draft: true
---

What the matter is about, in our own words, with links to the sources.
`
}

func pageTemplate(title string) string {
	return "---\ntitle: " + yamlString(title) + "\n# position in the site menu; 0 keeps it out\nmenu: 0\ndraft: true\n---\n\nWrite the page here.\n"
}

// yamlString quotes a title for YAML: double quotes with escapes.
func yamlString(s string) string {
	return fmt.Sprintf("%q", s)
}
