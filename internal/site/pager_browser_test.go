package site

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPager clicks through a paged listing of a synthetic archive:
// from its first page through "Older →" to page 1, each page's cards the
// listing's next ones, newest first, every entry once; back through
// "← Newer" the same pages in reverse; and "Latest" from page 1.
func TestBrowserPager(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	const size = 5
	root := pagedSynth(t, 150, size)
	out := build(t, root)
	m := mustLoad(t, root).b.m
	b := startBrowser(t, out)
	var axeJS []byte
	if p := nodeModule("axe-core/axe.min.js"); p != "" {
		axeJS, _ = os.ReadFile(p)
	}
	// follow clicks a link that leaves the page and waits for the next
	// one's pager.
	follow := func(t *testing.T, what, link string) {
		t.Helper()
		eval[bool](t, b, `(document.body.dataset.left = "1") === "1"`)
		b.do(t, what, chromedp.Click(link), chromedp.WaitVisible(`body:not([data-left]) nav.pager [aria-current="page"]`))
	}
	here := func(t *testing.T) string {
		return strings.TrimPrefix(eval[string](t, b, `location.pathname`), "/tracker")
	}
	cards := func(t *testing.T) []string {
		return eval[[]string](t, b, `[...document.querySelectorAll(".timeline .card .title a")].map(a => new URL(a.href).pathname.replace("/tracker", ""))`)
	}
	for _, c := range []struct {
		name, base string
		items      []*Item
	}{
		{"timeline", "/", listing(m.home)},
		{"term", "/topics/topic-1/", listing(m.taxes[0].Terms[1].Items)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "term" && m.taxes[0].Terms[1].URL() != c.base {
				t.Fatalf("the second topic is %s", m.taxes[0].Terms[1].URL())
			}
			// A story is listed once, its card's title the lead report's
			// (its "N reports" line links the story's page).
			var want []string
			for _, it := range c.items {
				want = append(want, it.URL)
			}
			last := numberedPages(len(c.items), size)
			if last < 2 {
				t.Fatalf("%s: %d numbered pages, too few to click through", c.base, last)
			}
			b.open(t, strings.TrimPrefix(c.base, "/"), "nav.pager")
			var read, visited []string
			for {
				visited = append(visited, here(t))
				read = append(read, cards(t)...)
				if eval[int](t, b, `document.querySelectorAll("nav.pager a[rel=next]").length`) == 0 {
					break
				}
				follow(t, "older", "nav.pager a[rel=next]")
			}
			wantPages := []string{c.base}
			for k := last; k >= 1; k-- {
				wantPages = append(wantPages, c.base+"page/"+strconv.Itoa(k)+"/")
			}
			if !slices.Equal(visited, wantPages) {
				t.Errorf("older links visit %v, want %v", visited, wantPages)
			}
			if !slices.Equal(read, want) {
				t.Errorf("read %d cards through the older links, want the listing's %d in order", len(read), len(want))
			}
			if got := eval[string](t, b, `document.querySelector("nav.pager [aria-current=page]").textContent`); got != "1" {
				t.Errorf("the oldest page says it is %q", got)
			}
			if axeJS != nil {
				b.axe(t, axeJS, "a numbered page")
			}
			var back []string
			for {
				back = append(back, here(t))
				if eval[int](t, b, `document.querySelectorAll("nav.pager a[rel=prev]").length`) == 0 {
					break
				}
				follow(t, "newer", "nav.pager a[rel=prev]")
			}
			slices.Reverse(back)
			if !slices.Equal(back, visited) {
				t.Errorf("newer links visit %v, want %v", back, visited)
			}
			b.open(t, strings.TrimPrefix(c.base, "/")+"page/1/", "nav.pager")
			// The window's first link is "Latest".
			if got := eval[string](t, b, `document.querySelector("nav.pager a:not([rel])").textContent`); got != "Latest" {
				t.Fatalf("the window starts with %q", got)
			}
			follow(t, "latest", `nav.pager a:not([rel])`)
			if got := here(t); got != c.base {
				t.Errorf("Latest leads to %s", got)
			}
			b.checkClean(t)
		})
	}
	t.Run("phone", func(t *testing.T) {
		// A pager with every kind of slot does not make a phone's page
		// scroll sideways.
		b.viewport(t, 390, true)
		b.open(t, "page/10/", "nav.pager")
		if n := eval[int](t, b, `document.querySelectorAll("nav.pager li.gap").length`); n != 2 {
			t.Errorf("%d gaps in the pager of page 10, want 2", n)
		}
		if w := eval[[]float64](t, b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); len(w) != 2 || w[0] > w[1] {
			t.Errorf("page 10 at 390 px scrolls sideways: scroll width, client width %v", w)
		}
	})
}
