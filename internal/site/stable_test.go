package site

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/internal/golden"
)

// pagedSynth is a synthetic project of n entries with pages of size
// entries, small enough that the term listings have numbered pages.
func pagedSynth(t *testing.T, n, size int) string {
	t.Helper()
	root := synthProject(t, n)
	yaml := filepath.Join(root, "content", "site.yaml")
	conf, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	conf = []byte(strings.Replace(string(conf), "page_size: 50", "page_size: "+strconv.Itoa(size), 1))
	if err := os.WriteFile(yaml, conf, 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// madeUp is n made-up words drawn from seed: entries written with
// different seeds are not alike enough to be grouped into a story.
func madeUp(seed uint64, n int) string {
	syl := []string{"ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "xe", "za", "bo", "ce", "di", "fu", "gi"}
	r := rand.New(rand.NewPCG(seed, 7))
	words := make([]string, n)
	for i := range words {
		words[i] = syl[r.IntN(16)] + syl[r.IntN(16)] + syl[r.IntN(16)]
	}
	return strings.Join(words, " ")
}

// addNews writes a news item like the synthetic ones, dated date, filed
// under topics a and b, its words drawn from its slug, and returns its
// path in the project.
func addNews(t *testing.T, root, slug string, date time.Time, a, b int) string {
	t.Helper()
	seed := uint64(len(slug))
	for _, c := range slug {
		seed = seed*31 + uint64(c)
	}
	doc := fmt.Sprintf(`---
title: "Added %s"
date: %s
summary: "%s."
topics: [topic-%d, topic-%d]
entities: [co-%d]
jurisdictions: [region-%d]
source: Outlet %d
feed: feed-%d
url: https://added.example/%s
extracted: true
matched:
  - {topic: topic-%d, term: term, field: title, weight: 2}
---

%s.
`, madeUp(seed, 6), date.Format(time.RFC3339), madeUp(seed+1, 14), a, b, a, a%20, a%25, a%25, slug, a, madeUp(seed+2, 60))
	rel := "content/news/" + date.Format("2006/01") + "/" + slug + ".md"
	write(t, root, rel, doc)
	return rel
}

// numberedPage matches a listing's numbered page: its listing's folder
// and its number.
var numberedPage = regexp.MustCompile(`^(.*)page/([0-9]+)/index\.html$`)

// pageKind sorts a file of the site into the kinds the measurement
// reports (see testdata/newer-entries.sh).
func pageKind(name string) string {
	top, _, _ := strings.Cut(name, "/")
	numbered := numberedPage.MatchString(name)
	switch {
	case top == "news" || top == "events" || top == "stories":
		return "entry"
	case name == "index.html":
		return "home-first"
	case top == "page":
		return "home-numbered"
	case slices.Contains([]string{"topics", "entities", "authorities", "jurisdictions", "sources"}, top) && numbered:
		return "term-numbered"
	case slices.Contains([]string{"topics", "entities", "authorities", "jurisdictions", "sources"}, top) && strings.HasSuffix(name, "/index.html"):
		return "term-first"
	case top == "archive":
		return "archive"
	case strings.HasSuffix(name, "feed.xml") || strings.HasSuffix(name, "feed.json") || strings.HasPrefix(name, "sitemap") || name == "calendar.ics":
		return "feed"
	case top == "search":
		return "search"
	case top == "data":
		return "data"
	}
	return "other"
}

// logChanges logs how many files of each kind changed, came or went.
func logChanges(t *testing.T, before, after map[string]string) {
	t.Helper()
	type count struct{ files, changed, added, removed int }
	counts := map[string]*count{}
	at := func(name string) *count {
		k := pageKind(name)
		if counts[k] == nil {
			counts[k] = new(count)
		}
		return counts[k]
	}
	for name, data := range after {
		c := at(name)
		c.files++
		if old, ok := before[name]; !ok {
			c.added++
		} else if old != data {
			c.changed++
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			at(name).removed++
		}
	}
	lines := []string{fmt.Sprintf("%-14s %6s %8s %6s %8s", "kind", "files", "changed", "added", "removed")}
	for k, c := range counts {
		lines = append(lines, fmt.Sprintf("%-14s %6d %8d %6d %8d", k, c.files, c.changed, c.added, c.removed))
	}
	slices.Sort(lines[1:])
	t.Log("\n" + strings.Join(lines, "\n"))
}

// lastPages is the newest numbered page of each listing that has any,
// by the listing's folder.
func lastPages(tree map[string]string) map[string]int {
	last := map[string]int{}
	for name := range tree {
		if m := numberedPage.FindStringSubmatch(name); m != nil {
			k, _ := strconv.Atoi(m[2])
			last[m[1]] = max(last[m[1]], k)
		}
	}
	return last
}

// movedPages lists the numbered pages of before that after changed or
// lost, with their listing's folder and number.
func movedPages(before, after map[string]string) (moved []string) {
	for name, old := range before {
		if numberedPage.MatchString(name) && after[name] != old {
			moved = append(moved, name)
		}
	}
	slices.Sort(moved)
	return moved
}

// TestNewerEntriesKeepPages adds entries newer than all others to a
// built archive and builds it again: no numbered listing page may change
// but the two newest of each listing. Enough are added that the
// timeline gains numbered pages. -v logs the changes by kind of file.
func TestNewerEntriesKeepPages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic archive twice")
	}
	const size = 5
	root := pagedSynth(t, 400, size)
	before := golden.ReadTree(t, build(t, root))
	for i := range 20 {
		addNews(t, root, fmt.Sprintf("newer-%d", i), time.Date(2025, 12, 30, i, 0, 0, 0, time.UTC), i%30, (i+7)%30)
	}
	after := golden.ReadTree(t, build(t, root))
	logChanges(t, before, after)
	lastBefore, lastAfter := lastPages(before), lastPages(after)
	if lastAfter[""] <= lastBefore[""] {
		t.Fatalf("the timeline has %d numbered pages after, %d before: the test adds too few entries", lastAfter[""], lastBefore[""])
	}
	for _, name := range movedPages(before, after) {
		m := numberedPage.FindStringSubmatch(name)
		if k, _ := strconv.Atoi(m[2]); k < lastBefore[m[1]]-1 {
			t.Errorf("%s changed: page %d of a listing whose newest numbered page was %d", name, k, lastBefore[m[1]])
		}
	}
	if before["archive/2016/index.html"] != after["archive/2016/index.html"] {
		t.Error("the archive of 2016 changed")
	}
}

// cardDate matches the date of a card, the first on a page being its
// newest entry's.
var cardDate = regexp.MustCompile(`<li class="card[^"]*">\s*<div class="meta">\s*<time datetime="([0-9-]+)"`)

// TestOlderEntryMovesPagesFromItsPlace adds an entry dated in the middle
// of the archive: the numbered pages of entries older than it keep their
// bytes, those from its place on move by one entry.
func TestOlderEntryMovesPagesFromItsPlace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic archive twice")
	}
	const size = 5
	root := pagedSynth(t, 400, size)
	before := golden.ReadTree(t, build(t, root))
	date := time.Date(2020, 6, 15, 12, 0, 0, 0, time.UTC)
	addNews(t, root, "older", date, 3, 11)
	after := golden.ReadTree(t, build(t, root))
	logChanges(t, before, after)
	lastBefore := lastPages(before)
	movedHome := 0
	for _, name := range movedPages(before, after) {
		m := numberedPage.FindStringSubmatch(name)
		if k, _ := strconv.Atoi(m[2]); k >= lastBefore[m[1]]-1 {
			continue // the newest two may change in any case
		}
		newest := cardDate.FindStringSubmatch(before[name])
		if newest == nil {
			t.Fatalf("%s: no card", name)
		}
		if newest[1] < date.Format(time.DateOnly) {
			t.Errorf("%s changed, though its newest entry (%s) is older than the one added", name, newest[1])
		}
		if m[1] == "" {
			movedHome++
		}
	}
	if movedHome == 0 {
		t.Error("no numbered page of the timeline moved: the entry was not inserted in the middle")
	}
}

// TestPreviewPagesAsBuilt adds newer entries and an older one to a site
// the preview server holds: every listing page, first and numbered, is
// the one a full build writes, and no other numbered page is served.
func TestPreviewPagesAsBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic archive")
	}
	root := pagedSynth(t, 200, 5)
	s := mustLoad(t, root)
	var added []string
	for i := range 12 {
		added = append(added, addNews(t, root, fmt.Sprintf("preview-%d", i), time.Date(2025, 12, 31, i, 0, 0, 0, time.UTC), i%30, (i+3)%30))
	}
	added = append(added, addNews(t, root, "preview-older", time.Date(2019, 3, 3, 0, 0, 0, 0, time.UTC), 4, 9))
	if _, err := s.Update(added); err != nil {
		t.Fatal(err)
	}
	served := renderAll(t, s)
	built := golden.ReadTree(t, build(t, root))
	listings := 0
	for name, want := range built {
		if k := pageKind(name); !strings.HasSuffix(k, "-first") && !strings.HasSuffix(k, "-numbered") {
			continue
		}
		listings++
		if got, ok := served["/"+strings.TrimSuffix(name, "index.html")]; !ok {
			t.Errorf("%s: built, not served", name)
		} else if got != want {
			t.Errorf("%s: served differs from built:\n%s", name, firstDiff(got, want))
		}
	}
	for p := range served {
		if m := numberedPage.FindStringSubmatch(strings.TrimPrefix(p, "/") + "index.html"); m != nil {
			if _, ok := built[strings.TrimPrefix(p, "/")+"index.html"]; !ok {
				t.Errorf("%s: served, not built", p)
			}
		}
	}
	if listings < 100 {
		t.Errorf("only %d listing pages compared", listings)
	}
}
