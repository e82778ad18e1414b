package site

import (
	"testing"

	"docket/internal/content"
)

// TestSlabListsApart: lists and items made from one chunk do not share
// room: appending past one's room moves it, never into its neighbour's.
func TestSlabListsApart(t *testing.T) {
	m := &model{slab: &slab{}}
	a, b := m.termList(2), m.termList(1)
	x, y, z := &Term{ID: "x"}, &Term{ID: "y"}, &Term{ID: "z"}
	b = append(b, z)
	a = append(a, x, y, x) // one past its room
	if len(b) != 1 || b[0] != z {
		t.Fatalf("appending to the first list changed the second: %v", b)
	}
	if len(a) != 3 || a[2] != x {
		t.Fatalf("first list = %v", a)
	}
	var items []*Item
	for i := range slabChunk + 1 { // into a second chunk
		items = append(items, m.slab.item(&content.Doc{Entry: content.Entry{Title: string(rune('a' + i%26))}}))
	}
	for i, it := range items {
		if want := string(rune('a' + i%26)); it.Title != want || it.entry == nil {
			t.Fatalf("item %d has title %q, want %q", i, it.Title, want)
		}
	}
}
