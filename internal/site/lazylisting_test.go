package site

import (
	"slices"
	"testing"
)

// TestLazyListing: a planned listing knows its length and the head its
// feeds read without holding a copy of its items, and makes the listing
// listing gives when first asked; a listing that is its items is theirs.
func TestLazyListing(t *testing.T) {
	items := make([]*Item, 30)
	for i := range items {
		items[i] = &Item{entry: &entry{Backfilled: i%4 == 1}, n: i}
	}
	st := &Story{Items: []*Item{items[7], items[3], items[12]}}
	other := &Story{Items: []*Item{items[20], items[21]}}
	for _, it := range st.Items {
		it.story = st
	}
	for _, it := range other.Items {
		it.story = other
	}
	// latest is what feeds takes of a listing.
	latest := func(l []*Item, size int) []*Item {
		var out []*Item
		for _, it := range l {
			if len(out) == size {
				break
			}
			if !it.Backfilled {
				out = append(out, it)
			}
		}
		return out
	}
	want := listing(items)
	if len(want) == len(items) {
		t.Fatal("the stories do not shorten the listing")
	}
	for _, size := range []int{0, 1, 5, 20, 100} {
		ls, head := newListing(items, size, listing)
		if ls.n != len(want) {
			t.Errorf("feed size %d: length %d, want %d", size, ls.n, len(want))
		}
		if ls.list != nil {
			t.Errorf("feed size %d: the listing is made before it is asked for", size)
		}
		if got, w := latest(head, size), latest(want, size); !slices.Equal(got, w) {
			t.Errorf("feed size %d: the feeds read %d entries, want %d", size, len(got), len(w))
		}
		if size < 20 && len(head) >= len(want) {
			t.Errorf("feed size %d: the head is the whole listing (%d)", size, len(head))
		}
		if got := ls.get(); !slices.Equal(got, want) || ls.items != nil {
			t.Errorf("feed size %d: the listing made is not listing's", size)
		}
	}
	plain := items[22:]
	ls, _ := newListing(plain, 5, listing)
	if ls.n != len(plain) || len(ls.list) == 0 || &ls.list[0] != &plain[0] {
		t.Errorf("a listing without stories is not its items")
	}
}

// TestPlanEntriesFirst: the plan is the entry pages, oldest first (a
// page's place is its search document), then planRest's outputs, which
// writeAll renders by the same places without planning the entries'
// (and the cache's records and writeCachedOutput count on).
func TestPlanEntriesFirst(t *testing.T) {
	b := mustLoad(t, project(t)).b
	plan, rest := b.plan(), b.planRest()
	n := len(b.m.items)
	if len(plan) != n+len(rest) || n < 2 || len(rest) == 0 {
		t.Fatalf("plan of %d outputs, %d items and %d after them", len(plan), n, len(rest))
	}
	for i, o := range plan {
		want := ""
		if i < n {
			it := b.m.items[n-1-i]
			want = it.URL
			if b.docItem(i) != it || b.docOf(it) != i {
				t.Errorf("entry %d: document %d", i, b.docOf(b.docItem(i)))
			}
			if e := b.entryOutput(it); e.path != want || e.keyed != nil {
				t.Errorf("entry output %d: %q", i, e.path)
			}
		} else {
			want = rest[i-n].path
		}
		if o.path != want {
			t.Errorf("output %d: %q, want %q", i, o.path, want)
		}
	}
}
