package site

import "docket/internal/content"

// slab makes a large build's items, their entries and their lists of
// terms a chunk at a time. Each cycle the collector looks up the mark
// bits of every object a pointer reaches: at a million entries it runs
// every ~270 MB allocated over ~1.4 GB of model, and an item, its entry
// and its terms of their own are three look-ups an entry in scattered
// memory. A chunk is one object for thousands. Only a lean build (see
// Site.lean) uses it: a chunk lives while any of its items does, and
// the preview, which replaces items one at a time, would keep spent ones.
type slab struct {
	items   []Item
	entries []entry
	terms   []*Term
}

// slabChunk is how many items and entries a chunk holds: 1.9 MB.
const slabChunk = 4096

// item makes d's item and its entry; with no slab, each of its own.
func (s *slab) item(d *content.Doc) *Item {
	if s == nil {
		return &Item{entry: newEntry(d, nil)}
	}
	if len(s.items) == cap(s.items) {
		s.items = make([]Item, 0, slabChunk)
		s.entries = make([]entry, 0, slabChunk)
	}
	s.entries = append(s.entries, makeEntry(d, nil))
	s.items = append(s.items, Item{entry: &s.entries[len(s.entries)-1]})
	return &s.items[len(s.items)-1]
}

// termList is an empty list with room for n terms.
func (m *model) termList(n int) []*Term {
	s := m.slab
	if s == nil {
		return make([]*Term, 0, n)
	}
	if cap(s.terms)-len(s.terms) < n {
		s.terms = make([]*Term, 0, max(n, slabChunk))
	}
	l := s.terms[len(s.terms) : len(s.terms) : len(s.terms)+n]
	s.terms = s.terms[:len(s.terms)+n]
	return l
}
