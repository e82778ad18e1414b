package site

import (
	"cmp"
	"slices"
	"strings"
)

// pageTable is a build's page records by path: the records in one slice,
// sorted by path, and the paths in one string. As a map from path to
// record, a million entries' 1.3 million records took ~260 B a page
// (~340 MB, twice over while a build on caches made the next), and every
// collection scanned them: this takes ~200 and holds no pointers but
// the three.
type pageTable struct {
	recs  []pageRecord
	spans []pathSpan // each record's path in paths
	paths string
}

// pathSpan is where a path is in a table's paths.
type pathSpan struct{ start, end int }

// len is the number of records.
func (t *pageTable) len() int { return len(t.recs) }

// path is the path of record i.
func (t *pageTable) path(i int) string { return t.paths[t.spans[i].start:t.spans[i].end] }

// find is the record of the page at path.
func (t *pageTable) find(path string) (pageRecord, bool) {
	if i, ok := t.index(path); ok {
		return t.recs[i], true
	}
	return pageRecord{}, false
}

// index is the place of the record of the page at path.
func (t *pageTable) index(path string) (int, bool) {
	return slices.BinarySearchFunc(t.spans, path, func(s pathSpan, path string) int {
		return strings.Compare(t.paths[s.start:s.end], path)
	})
}

// pageTableBuilder collects records in any order for a pageTable.
type pageTableBuilder struct {
	t     pageTable
	paths strings.Builder
	order []int
}

// grow makes room for n more records.
func (b *pageTableBuilder) grow(n int) {
	b.t.recs, b.t.spans = slices.Grow(b.t.recs, n), slices.Grow(b.t.spans, n)
	b.order = slices.Grow(b.order, n)
}

// add adds the record r of the page at path; of the records of one
// path the table keeps the one added with the greatest order.
func (b *pageTableBuilder) add(order int, path []byte, r pageRecord) {
	start := b.paths.Len()
	b.paths.Write(path)
	b.t.recs = append(b.t.recs, r)
	b.t.spans = append(b.t.spans, pathSpan{start, b.paths.Len()})
	b.order = append(b.order, order)
}

// table is the records added, sorted by path, in place: the builder is
// done.
func (b *pageTableBuilder) table() pageTable {
	t := b.t
	t.paths = b.paths.String()
	idx := make([]int32, len(t.recs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(x, y int32) int {
		return cmp.Or(strings.Compare(t.path(int(x)), t.path(int(y))), cmp.Compare(b.order[x], b.order[y]))
	})
	// Record idx[i] moves to i, a cycle at a time: the records are
	// not copied whole.
	sorted := true
	for i := range idx {
		if int(idx[i]) == i {
			continue
		}
		sorted = false
		r, s, j := t.recs[i], t.spans[i], i
		for {
			k := int(idx[j])
			idx[j] = int32(j)
			if k == i {
				t.recs[j], t.spans[j] = r, s
				break
			}
			t.recs[j], t.spans[j] = t.recs[k], t.spans[k]
			j = k
		}
	}
	// Of one path's records the last, which has the greatest order.
	n := 0
	for i := range t.recs {
		if i+1 < len(t.recs) && t.path(i+1) == t.path(i) {
			continue
		}
		t.recs[n], t.spans[n] = t.recs[i], t.spans[i]
		n++
	}
	t.recs, t.spans = slices.Clip(t.recs[:n]), slices.Clip(t.spans[:n])
	*b = pageTableBuilder{}
	if sorted && n == len(idx) { // as a cache file gives them
		return t
	}
	// The paths in the records' order, as read from a file: one table
	// has one form.
	size := 0
	for _, s := range t.spans {
		size += s.end - s.start
	}
	var paths strings.Builder
	paths.Grow(size)
	for i, s := range t.spans {
		start := paths.Len()
		paths.WriteString(t.paths[s.start:s.end])
		t.spans[i] = pathSpan{start, paths.Len()}
	}
	t.paths = paths.String()
	return t
}
