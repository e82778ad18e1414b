package site

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"docket/internal/golden"
)

var (
	// cardLink is a card's link to its entry.
	cardLink = regexp.MustCompile(`<h3 class="title"[^>]*><a href="([^"]+)">`)
	// monthLink is a link of a year's month index: where, and its ID
	// when the month's cards are on another page.
	monthLink = regexp.MustCompile(`<li><a href="([^"]+)"(?: id="([^"]+)" class="month-jump")?>`)
	// histLink is a histogram bar's link to its month in an archive.
	histLink = regexp.MustCompile(`href="((?:\.\./)*archive/[0-9]{4}/)#(m[0-9]{4}-[0-9]{2})"`)
)

// follow is the file and fragment a link on the page at file leads to.
func follow(file, link string) (string, string) {
	to, frag, _ := strings.Cut(link, "#")
	if to == "" {
		return file, frag
	}
	return path.Join(path.Dir(file), to, "index.html"), frag
}

// hasMonth reports whether page shows the cards of month id.
func hasMonth(page, id string) bool {
	return strings.Contains(page, fmt.Sprintf(`<section class="month" id="%s">`, id))
}

// TestArchivePages: a year's archive is in pages of the site's page
// size, which show the year's listing once, in order; its first page
// indexes the year's months, each link leading to the page that shows
// the month, and a histogram's link to a month lands on the month or on
// its link in the index.
func TestArchivePages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic archive")
	}
	const size = 5
	root := pagedSynth(t, 400, size)
	tree := golden.ReadTree(t, build(t, root))
	s := mustLoad(t, root)
	for _, y := range s.b.m.years {
		dir := fmt.Sprintf("archive/%d/", y)
		var want []string
		for _, it := range listing(s.b.yearItems(y)) {
			want = append(want, strings.TrimPrefix(it.URL, "/"))
		}
		last := numberedPages(len(want), size)
		if last == 0 {
			t.Fatalf("%d: %d cards, no numbered page: the test's pages are too large", y, len(want))
		}
		pages := []string{dir + "index.html"}
		for k := last; k > 0; k-- {
			pages = append(pages, fmt.Sprintf("%spage/%d/index.html", dir, k))
		}
		var got []string
		for _, p := range pages {
			html, ok := tree[p]
			if !ok {
				t.Fatalf("%s: not built", p)
			}
			for _, m := range cardLink.FindAllStringSubmatch(html, -1) {
				got = append(got, path.Join(path.Dir(p), m[1])+"/")
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d: the archive's pages show\n%q\nwant\n%q", y, got, want)
		}
		if _, ok := tree[fmt.Sprintf("%spage/%d/index.html", dir, last+1)]; ok {
			t.Errorf("%d: a page past the last", y)
		}
		front := tree[pages[0]]
		_, index, _ := strings.Cut(front, `<nav class="month-index"`)
		index, _, _ = strings.Cut(index, "</nav>")
		links := monthLink.FindAllStringSubmatch(index, -1)
		if len(links) < 2 {
			t.Fatalf("%d: %d links in the month index", y, len(links))
		}
		for _, m := range links {
			file, frag := follow(pages[0], m[1])
			if !hasMonth(tree[file], frag) {
				t.Errorf("%d: the month index's %s leads to %s, which does not show %s", y, m[1], file, frag)
			}
			if jumps := m[2] != ""; jumps != (file != pages[0]) || jumps && (m[2] != frag || hasMonth(front, frag)) {
				t.Errorf("%d: the month index's %s has ID %q", y, m[1], m[2])
			}
		}
	}
	bars := histLink.FindAllStringSubmatch(tree["index.html"], -1)
	if len(bars) == 0 {
		t.Fatal("no histogram links on the home page")
	}
	jumped := 0
	for _, m := range bars {
		file, frag := follow("index.html", m[1]+"#"+m[2])
		front := tree[file]
		if hasMonth(front, frag) {
			continue
		}
		jumped++
		if !strings.Contains(front, fmt.Sprintf(`id="%s" class="month-jump"`, frag)) {
			t.Errorf("the histogram's %s: %s has no month %s, nor a link to it", m[1]+"#"+m[2], file, frag)
		}
	}
	if jumped == 0 {
		t.Error("every histogram link lands on a year's first page: the test does not reach the month index")
	}
}
