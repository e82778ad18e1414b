package site

import (
	"fmt"
	"strings"
	"testing"
)

// TestGroupingAcrossZones: dates written in different zones near a year's
// end. Listings group by the date as written (the card shows it), so they
// must be ordered by it too, or a year appears twice on a page and twice
// in the plan.
func TestGroupingAcrossZones(t *testing.T) {
	root := project(t)
	writeDated(t, root, [][3]string{
		{"content/news/2020/12/late.md", "Late", "2020-12-31T20:00:00Z"},
		{"content/news/2021/01/early.md", "Early", "2021-01-01T01:00:00+08:00"}, // 2020-12-31T17:00Z
		{"content/news/2020/12/before.md", "Before", "2020-12-01"},
	})
	write(t, root, "content/site.yaml", "title: T\nbase_url: https://example.org/\npage_size: 50\n")
	s := mustLoad(t, root)
	seen := map[string]bool{}
	for _, o := range s.b.plan() {
		if seen[o.path] {
			t.Errorf("%s is planned twice", o.path)
		}
		seen[o.path] = true
	}
	home, err := s.Get("/")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{`id="y2020"`, `id="y2021"`, `id="m2020-12"`} {
		if n := strings.Count(string(home), id); n != 1 {
			t.Errorf("home page has %s %d times, want once", id, n)
		}
	}
}

// TestUpdatedAcrossZones: the home page's "Updated" date is the newest
// date as written, the one its first card shows, not the date of the
// latest instant written in another zone (which may be a day earlier).
func TestUpdatedAcrossZones(t *testing.T) {
	root := project(t)
	writeDated(t, root, [][3]string{
		{"content/news/2030/12/late.md", "Late", "2030-12-31T20:00:00Z"},
		{"content/news/2031/01/early.md", "Early", "2031-01-01T01:00:00+08:00"}, // 2030-12-31T17:00Z
	})
	home, err := mustLoad(t, root).Get("/")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(home), `Updated <time datetime="2031-01-01">1 Jan 2031</time>`) {
		i := strings.Index(string(home), "Updated")
		t.Errorf("home page: %.80s…, want Updated 1 Jan 2031", home[max(i, 0):])
	}
}

// writeDated writes news items into root: for each its path, title and
// date as front matter writes it.
func writeDated(t *testing.T, root string, items [][3]string) {
	t.Helper()
	for _, n := range items {
		write(t, root, n[0], fmt.Sprintf("---\ntitle: %s\ndate: %s\nsource: Example Wire\ntopics: [antitrust]\n---\nBody.\n", n[1], n[2]))
	}
}
