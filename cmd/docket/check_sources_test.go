package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckSources(t *testing.T) {
	fetchWorkspace(t, feedsYAML("https://a.example/feed", "https://b.example/feed"))
	code, out, _ := runCmd("check", "--sources")
	if code != 0 || !strings.Contains(out, "2 sources, none failing") {
		t.Fatalf("no state: exit %d: %s", code, out)
	}
	// f1 has failed for ten days, six times in a row; f0 is fine.
	state := `{"feeds": {
  "f0": {"url": "https://a.example/feed", "last_fetch": "2026-11-24T09:00:00Z", "status": 200},
  "f1": {"url": "https://b.example/feed", "last_fetch": "2026-11-24T09:00:00Z", "status": 404,
         "error": "http 404: not found", "failures": 6, "failing_since": "2026-11-14T09:00:00Z"}}}`
	os.WriteFile(filepath.Join("feeds", "state.json"), []byte(state), 0o644)
	code, out, errs := runCmd("check", "--sources")
	if code != 1 || !strings.HasPrefix(out, "f1: failing since 2026-11-14T09:00:00Z (6 failures in a row): http 404") ||
		strings.Contains(out, "f0") || !strings.Contains(errs, "1 of 2 sources") {
		t.Errorf("stale source: exit %d\n%s%s", code, out, errs)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if code, _, errs := runCmd("check", "--sources"); code != 2 {
		t.Errorf("bad SOURCE_DATE_EPOCH: exit %d: %s", code, errs)
	}
	if code, _, errs := runCmd("build"); code != 2 || !strings.Contains(errs, "SOURCE_DATE_EPOCH") {
		t.Errorf("build with a bad SOURCE_DATE_EPOCH: exit %d: %s", code, errs)
	}
}

// TestRefusesArguments: check, and every command that takes flags only,
// refuses an argument. One was ignored, and so was every flag after it:
// 'docket check feeds --sources' ran the whole check and passed or failed
// on other grounds, 'docket build public2 --drafts' built without drafts.
func TestRefusesArguments(t *testing.T) {
	fetchWorkspace(t, feedsYAML("https://a.example/feed"))
	for _, args := range [][]string{
		{"check", "feeds", "--sources"},
		{"check", "--sources", "feeds/state.json"},
		{"check", "content/news/x.md", "--drafts"},
		// every command that takes no arguments: nothing runs
		{"build", "public2", "--drafts"},
		{"serve", "content"},
		{"stories", "x"},
		{"version", "x"},
		{"fetch", "feeds/feeds.yaml"},
		{"review", "x"},
		{"cases", "suggest", "content/events/x.md", "--apply"},
		{"classify", "x"},
		{"cluster", "x"},
	} {
		code, out, errs := runCmd(args...)
		if code != 2 || !strings.Contains(errs, "unexpected arguments") && !strings.Contains(errs, "takes no arguments") || out != "" {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errs)
		}
	}
	if _, err := os.Stat("public2"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a build with an argument wrote a site: %v", err)
	}
}
