package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"docket/internal/config"
	"docket/internal/feed"
	"docket/internal/site"
	"docket/internal/topic"
)

func runCheck(std stdio, args []string) error {
	fs := newFlags(std, "check", "[flags]", "Validate settings, sources, rules, front matter and templates, render the site into a scratch folder and check its internal links. public/ is not touched. Exits 1 on any problem.")
	root := fs.String("root", ".", "project `folder`")
	drafts := fs.Bool("drafts", false, "check as if drafts were published")
	if err := parse(fs, args); err != nil {
		return err
	}
	var problems []string
	add := func(err error) {
		if err != nil {
			problems = append(problems, strings.Split(err.Error(), "\n")...)
		}
	}
	feedsDir := filepath.Join(*root, "feeds")
	if _, err := feed.LoadSources(filepath.Join(feedsDir, "feeds.yaml")); err != nil && !errors.Is(err, os.ErrNotExist) {
		add(err)
	}
	for _, err := range topic.Lint(feedsDir) {
		add(err)
	}
	problems = append(problems, checkSite(*root, *drafts)...)
	n := 0
	for _, p := range problems {
		fmt.Fprintln(std.out, p)
		if !strings.HasSuffix(p, ":") { // phase headings such as "load:"
			n++
		}
	}
	if n > 0 {
		return fmt.Errorf("%d problems", n)
	}
	fmt.Fprintln(std.out, "no problems")
	return nil
}

// checkSite renders the site into a scratch folder and checks its links.
func checkSite(root string, drafts bool) []string {
	tmp, err := os.MkdirTemp("", "docket-check-")
	if err != nil {
		return []string{err.Error()}
	}
	defer os.RemoveAll(tmp)
	if _, err := site.Render(site.Options{Root: root, Drafts: drafts}, tmp); err != nil {
		return strings.Split(err.Error(), "\n")
	}
	s, err := config.Load(filepath.Join(root, "content", "site.yaml"))
	if err != nil {
		return []string{err.Error()}
	}
	broken, err := site.CheckLinks(tmp, s.BasePath())
	if err != nil {
		return []string{err.Error()}
	}
	return broken
}
