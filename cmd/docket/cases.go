package main

import (
	"bufio"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"docket/internal/casesuggest"
	"docket/internal/content"
	"docket/internal/projfile"
	"docket/internal/site"
	"docket/internal/topic"
)

const casesSummary = "suggest case: links for events and news items that name no case"

func runCases(std stdio, args []string) error {
	if len(args) == 0 || args[0] != "suggest" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			args = []string{"suggest", "--help"} // the one subcommand's whole help
		} else {
			return usageError("cases needs a subcommand: suggest")
		}
	}
	fs := newFlags(std, "cases suggest", "[--root DIR] [--apply]", casesSummary+": each suggestion with its score and reasons (shared parties, authorities, jurisdictions, instrument, amounts, dates). --apply writes them, changing only the case: line of each file.")
	root := rootFlag(fs)
	apply := fs.Bool("apply", false, "write the suggested case: lines")
	if err := parseNoArgs(fs, args[1:]); err != nil {
		return err
	}
	if err := needProject(*root, useRoot); err != nil {
		return err
	}
	dir := filepath.Join(*root, "content")
	tree, ps := content.Load(dir, nil)
	if tree == nil {
		return ps.Err()
	}
	rates, err := site.LoadRates(filepath.Join(*root, "feeds"))
	if err != nil {
		return err
	}
	rules, err := topic.Load(filepath.Join(*root, "feeds"))
	if err != nil {
		return err
	}
	isAuthority := func(id string) bool { return rules.Accepts("authorities", id) }
	cases := casesuggest.Cases(tree.Docs)
	var sugs []*casesuggest.Suggestion
	for _, d := range tree.Docs {
		if !casesuggest.Unlinked(d) {
			continue
		}
		body, err := d.Text()
		if err != nil {
			return err
		}
		text := strings.Join([]string{d.Title, d.Summary, string(body)}, "\n")
		if s := casesuggest.Suggest(casesuggest.Item{Doc: d, Text: text, Authority: isAuthority}, cases, rates); s != nil {
			sugs = append(sugs, s)
		}
	}
	slices.SortStableFunc(sugs, func(a, b *casesuggest.Suggestion) int { return strings.Compare(a.Item.Path, b.Item.Path) })
	w := bufio.NewWriter(std.out)
	for _, s := range sugs {
		fmt.Fprintf(w, "%s\n  case: %s  score %.1f\n", s.Item.Path, s.Case.Slug, s.Score)
		for _, r := range s.Reasons {
			fmt.Fprintf(w, "    %s\n", r)
		}
		if s.Ambiguous() {
			fmt.Fprintf(w, "    ambiguous: %s scores %.1f too; link it by hand (--apply skips it)\n", s.Runner.Case.Slug, s.Runner.Score)
		} else if s.Runner != nil {
			fmt.Fprintf(w, "    next best: %s, score %.1f\n", s.Runner.Case.Slug, s.Runner.Score)
		}
	}
	if *apply {
		n, err := applyCases(dir, sugs)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%d %s written: review them with git diff\n", n, plural(n, "link", "links"))
	} else {
		sure := 0
		for _, s := range sugs {
			if !s.Ambiguous() {
				sure++
			}
		}
		fmt.Fprintf(w, "%d %s suggested", len(sugs), plural(len(sugs), "link", "links"))
		switch {
		case sure == len(sugs):
			fmt.Fprintf(w, "; --apply writes them\n")
		case sure == 0:
			fmt.Fprintf(w, ", all ambiguous: link them by hand (--apply writes none)\n")
		default:
			fmt.Fprintf(w, "; --apply writes the %d clear %s, not the %d ambiguous\n", sure, plural(sure, "one", "ones"), len(sugs)-sure)
		}
	}
	return w.Flush()
}

// applyCases writes the case: line of every suggestion that is not
// ambiguous and returns how many it wrote. Every file is edited in memory
// before any is written: one that changed since the load, or whose layout
// SetCase refuses, fails the command with no file changed, rather than
// after the files before it.
func applyCases(dir string, sugs []*casesuggest.Suggestion) (int, error) {
	type edit struct {
		file string
		data []byte
	}
	var edits []edit
	for _, s := range sugs {
		if s.Ambiguous() {
			continue
		}
		file := filepath.Join(dir, filepath.FromSlash(s.Item.Rel)+".md")
		data, err := content.Edit(file, s.Item.Sum, func(data []byte) ([]byte, error) { return content.SetCase(data, s.Case.Slug) })
		if err != nil {
			return 0, err
		}
		edits = append(edits, edit{file, data})
	}
	for _, e := range edits {
		if err := projfile.Replace(e.file, e.data); err != nil {
			return 0, err
		}
	}
	return len(edits), nil
}
