package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckAfterBuild: check renders on the last build's caches, which
// keep most pages as they were published; a link on a kept page still
// counts, and breaks when what it leads to is removed.
func TestCheckAfterBuild(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "feeds", "templates"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	// A page out of the menu, which only itself shows, and an item
	// linking to it.
	page := filepath.Join(root, "content/pages/corrections.md")
	os.WriteFile(page, []byte("---\ntitle: Corrections\n---\n\nNone yet.\n"), 0o644)
	item := filepath.Join(root, "content/news/2021/04/linked.md")
	os.WriteFile(item, []byte(`---
title: "A note on the fine"
date: 2021-04-12T08:00:00Z
summary: "Where corrections are kept."
topics: [antitrust]
entities: [alibaba]
source: Tracker
url: https://tracker.example/linked
---

Corrections are [listed here](/corrections/).
`), 0o644)
	for i := range 2 {
		if code, out, errs := docket("build", "--root", root); code != 0 {
			t.Fatalf("build: exit %d\n%s%s", code, out, errs)
		}
		if code, out, errs := docket("check", "--root", root); code != 0 || !strings.HasSuffix(out, "no problems\n") {
			t.Fatalf("check %d after build: exit %d\n%s%s", i+1, code, out, errs)
		}
	}
	if err := os.Remove(page); err != nil {
		t.Fatal(err)
	}
	code, out, _ := docket("check", "--root", root)
	if want := `linked.md:11: broken link "../../../../corrections/"`; code != 1 || !strings.Contains(out, want) {
		t.Fatalf("check with the page removed: exit %d, want 1 and %s:\n%s", code, want, out)
	}
}
