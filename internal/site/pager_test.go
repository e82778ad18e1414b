package site

import (
	"fmt"
	"slices"
	"testing"
)

// fakeListing is a listing of n items, newest first, told apart by n.
func fakeListing(n int) []*Item {
	items := make([]*Item, n)
	for i := range items {
		items[i] = &Item{n: i}
	}
	return items
}

// TestPagerSlices reads a listing the way a reader does, from its first
// page through the "Older" links, and back through the "Newer" links:
// every entry once, newest first, each numbered page a full one and the
// first page never less than a page (unless the listing is smaller).
func TestPagerSlices(t *testing.T) {
	const size = 3
	for _, n := range []int{0, 1, size - 1, size, size + 1, 2*size - 1, 2 * size, 2*size + 1, 5*size + 2, 40 * size} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			items := fakeListing(n)
			last := numberedPages(n, size)
			front := pageItems(items, 0, last, size)
			if len(front) < min(n, size) || len(front) > 2*size-1 {
				t.Errorf("first page shows %d entries of %d", len(front), n)
			}
			var read []*Item
			var visited []int
			for k, ok := 0, true; ok; k, ok = (&Pager{Current: k, Last: last}).Older() {
				page := pageItems(items, k, last, size)
				if k > 0 && len(page) != size {
					t.Errorf("page %d shows %d entries, want %d", k, len(page), size)
				}
				read = append(read, page...)
				visited = append(visited, k)
				if len(visited) > n+2 {
					t.Fatal("the Older links go round in a circle")
				}
			}
			if !slices.Equal(read, items) {
				t.Errorf("read through the Older links: %d entries, want the %d in order", len(read), n)
			}
			// Back up through the Newer links.
			var back []int
			k := visited[len(visited)-1]
			for ok := true; ok; k, ok = (&Pager{Current: k, Last: last}).Newer() {
				back = append(back, k)
				if len(back) > n+2 {
					t.Fatal("the Newer links go round in a circle")
				}
			}
			slices.Reverse(back)
			if !slices.Equal(back, visited) {
				t.Errorf("Newer links visit %v, Older links %v", back, visited)
			}
		})
	}
}

// TestPagerLinks checks the pager's addresses and relative links.
func TestPagerLinks(t *testing.T) {
	cases := []struct {
		current, last int
		root          string
		newer, older  string
	}{
		{0, 0, "../../", "", ""},
		{0, 3, "../../", "", "../../topics/x/page/3/"},
		{3, 3, "../../../../", "../../../../topics/x/", "../../../../topics/x/page/2/"},
		{2, 3, "../../../../", "../../../../topics/x/page/3/", "../../../../topics/x/page/1/"},
		{1, 3, "../../../../", "../../../../topics/x/page/2/", ""},
		{1, 1, "../../../../", "../../../../topics/x/", ""},
	}
	for _, c := range cases {
		pg := &Pager{Current: c.current, Last: c.last, base: "/topics/x/", root: c.root}
		if got := pg.NewerLink(); got != c.newer {
			t.Errorf("page %d of %d: newer %q, want %q", c.current, c.last, got, c.newer)
		}
		if got := pg.OlderLink(); got != c.older {
			t.Errorf("page %d of %d: older %q, want %q", c.current, c.last, got, c.older)
		}
	}
	if got := (&Pager{base: "/"}).URL(0); got != "/" {
		t.Errorf("first page at %q", got)
	}
	if got := (&Pager{base: "/"}).URL(7); got != "/page/7/" {
		t.Errorf("page 7 at %q", got)
	}
}

// window is a pager's window as text: "L" the first page, "…" a gap,
// "[k]" the current page.
func window(pg *Pager) string {
	s := ""
	for _, w := range pg.Window() {
		label := w.Label
		switch {
		case w.Gap:
			label = "…"
		case w.Page == 0:
			label = "L"
		}
		if w.Current {
			label = "[" + label + "]"
		}
		s += label + " "
	}
	return s
}

func TestPagerWindow(t *testing.T) {
	cases := []struct {
		current, last int
		want          string
	}{
		{0, 1, "[L] 1 "},
		{0, 2, "[L] 2 1 "},
		{0, 5, "[L] 5 … 1 "},
		{5, 5, "L [5] 4 … 1 "},
		{4, 5, "L 5 [4] 3 … 1 "},
		{3, 5, "L … 4 [3] 2 1 "},
		{1, 5, "L … 2 [1] "},
		{1, 1, "L [1] "},
		{0, 40, "[L] 40 … 1 "},
		{40, 40, "L [40] 39 … 1 "},
		{39, 40, "L 40 [39] 38 … 1 "},
		{20, 40, "L … 21 [20] 19 … 1 "},
		{2, 40, "L … 3 [2] 1 "},
	}
	for _, c := range cases {
		pg := &Pager{Current: c.current, Last: c.last}
		if got := window(pg); got != c.want {
			t.Errorf("page %d of %d: %q, want %q", c.current, c.last, got, c.want)
		}
	}
}

// TestPagerStable checks that as a listing grows, a numbered page's
// entries stay, and its pager changes only on its two newest numbered
// pages.
func TestPagerStable(t *testing.T) {
	const size = 4
	for n := range 12 * size {
		items := fakeListing(n)
		last := numberedPages(n, size)
		for more := 1; more <= 3*size; more++ {
			// Newer entries come first: the old ones keep their order
			// behind them.
			grown := append(fakeListing(more), items...)
			glast := numberedPages(n+more, size)
			for k := 1; k <= last; k++ {
				if !slices.Equal(pageItems(items, k, last, size), pageItems(grown, k, glast, size)) {
					t.Errorf("%d+%d entries: page %d changed its entries", n, more, k)
				}
				if k >= last-1 {
					continue
				}
				was, is := &Pager{Current: k, Last: last}, &Pager{Current: k, Last: glast}
				if window(was) != window(is) || was.NewerLink() != is.NewerLink() || was.OlderLink() != is.OlderLink() {
					t.Errorf("%d+%d entries: page %d of %d changed its pager: %q to %q", n, more, k, last, window(was), window(is))
				}
			}
		}
	}
}
