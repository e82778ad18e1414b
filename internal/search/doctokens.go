package search

import (
	"hash/maphash"
	"sync"
)

// DocTokens are a document's distinct tokens, each with the best field
// it was found in. A map[string]int did this before: it allocated a
// string for each of the hundreds of distinct tokens of every entry, and
// the merge had to walk it in random order. Here the tokens' bytes sit
// one after another in one buffer, found again through a small
// open-addressing table, and the merge reads them as a slice.
type DocTokens struct {
	buf   []byte   // the tokens' bytes, one after another
	toks  []docTok // in the order they first came
	table []int32  // place in toks + 1 by hash; 0 is empty
}

type docTok struct {
	hash     uint32 // tokenHash of the token, for the table and the merge's index
	off, end int32
	field    int8
}

// docSeed hashes tokens; any seed will do, the tables never leave the
// process.
var docSeed = maphash.MakeSeed()

// tokenHash is the hash of a token in DocTokens and tokenIndex
// (maphash.Bytes gives the same for the same bytes).
func tokenHash(tok string) uint32 { return uint32(maphash.String(docSeed, tok)) }

// docPool recycles DocTokens once merged, and tablePool their tables
// once they are handed to a Merger: each entry has one, and their buffers
// would otherwise be made and grown anew for every entry. Sets waiting
// for the merge keep no table, which only Add needs.
var (
	docPool = sync.Pool{New: func() any {
		return &DocTokens{buf: make([]byte, 0, 4096), toks: make([]docTok, 0, 512)}
	}}
	tablePool = sync.Pool{New: func() any { t := make([]int32, 1024); return &t }}
)

// NewDocTokens returns an empty set, perhaps one merged before.
func NewDocTokens() *DocTokens {
	d := docPool.Get().(*DocTokens)
	d.table = *tablePool.Get().(*[]int32)
	return d
}

// seal gives the table back: a set waiting for the merge needs only its
// tokens. Adding to it again makes a new table.
func (d *DocTokens) seal() {
	if t := d.table; t != nil && len(t) <= 1<<16 {
		clear(t)
		tablePool.Put(&t)
	}
	d.table = nil
}

// Release empties d and gives it back for reuse; d must not be used after.
func (d *DocTokens) Release() {
	if d == nil {
		return
	}
	d.seal()
	if cap(d.buf) > 1<<20 { // a rare huge entry's buffers are let go
		return
	}
	d.buf, d.toks = d.buf[:0], d.toks[:0]
	docPool.Put(d)
}

// Len is how many distinct tokens d holds.
func (d *DocTokens) Len() int { return len(d.toks) }

// Tok returns token i (in the order tokens first came) and its best
// field. The bytes belong to d: copy them to keep them.
func (d *DocTokens) Tok(i int) ([]byte, int) {
	t := d.toks[i]
	return d.buf[t.off:t.end], int(t.field)
}

// Field is the best field of tok, or -1 if d does not hold it.
func (d *DocTokens) Field(tok string) int {
	d.ensureTable()
	if i := d.find([]byte(tok), tokenHash(tok)); d.table[i] != 0 {
		return int(d.toks[d.table[i]-1].field)
	}
	return -1
}

// Add records tok in field, keeping the best field of its occurrences.
func (d *DocTokens) Add(tok []byte, field int) {
	d.ensureTable()
	h := uint32(maphash.Bytes(docSeed, tok))
	i := d.find(tok, h)
	if j := d.table[i]; j != 0 {
		if t := &d.toks[j-1]; int(t.field) < field {
			t.field = int8(field)
		}
		return
	}
	off := int32(len(d.buf))
	d.buf = append(d.buf, tok...)
	d.toks = append(d.toks, docTok{hash: h, off: off, end: int32(len(d.buf)), field: int8(field)})
	d.table[i] = int32(len(d.toks))
	if 2*len(d.toks) > len(d.table) { // at most half full: probes stay short
		d.rehash(2 * len(d.table))
	}
}

// ensureTable makes the table of a zero or sealed set.
func (d *DocTokens) ensureTable() {
	if len(d.table) > 0 {
		return
	}
	n := 64
	for n < 2*len(d.toks)+2 {
		n *= 2
	}
	d.rehash(n)
}

// find is the slot of tok in the table: where it is, or the empty slot
// where it would go (linear probing).
func (d *DocTokens) find(tok []byte, h uint32) int {
	mask := len(d.table) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		j := d.table[i]
		if j == 0 {
			return i
		}
		if t := d.toks[j-1]; string(d.buf[t.off:t.end]) == string(tok) {
			return i
		}
	}
}

// rehash makes a table of n slots, a power of two, and places every
// token in it.
func (d *DocTokens) rehash(n int) {
	d.table = make([]int32, n)
	mask := len(d.table) - 1
	for j, t := range d.toks {
		i := int(t.hash) & mask
		for d.table[i] != 0 {
			i = (i + 1) & mask
		}
		d.table[i] = int32(j + 1)
	}
}
