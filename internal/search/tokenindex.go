package search

// tokenIndex finds the place of a token's list in Postings. It stood as
// a map[string]int32, and its look-ups were the largest part of merging:
// one per distinct token of every entry, in a vocabulary of hundreds of
// thousands that no cache holds. This table takes the hash DocTokens
// computed already and keeps it in each slot beside the token, so a
// look-up compares the token's bytes only when the hashes agree, and
// hashes nothing itself. It is split in parts by the hash's top bits,
// each growing on its own, so that a doubling holds old and new slots of
// one part at once, not of the whole table.
type tokenIndex struct {
	parts   [tokenParts]tokenPart
	touched int32 // what touch read, kept so that its loads are not left out
}

const tokenPartBits = 6
const tokenParts = 1 << tokenPartBits

type tokenPart struct {
	slots []tokenSlot // a power of two, at most 3/4 full; nil until used
	used  int
}

type tokenSlot struct {
	tok   string
	hash  uint32
	place int32 // the list's place + 1; 0 marks an empty slot
}

// find returns the slot of tok, whose hash is h: where it is, or the
// empty slot where it would go.
func (t *tokenIndex) find(tok []byte, h uint32) *tokenSlot {
	return t.parts[h>>(32-tokenPartBits)].find(tok, h)
}

// touch reads the first slot of each token's look-up and then the
// bytes of the token there, before find does them one by one: a loop
// that only loads has many loads in flight at once, where find, which
// compares what it loads, waits for each. They are in the cache when
// find comes.
func (t *tokenIndex) touch(toks []docTok) {
	var n int32
	for _, k := range toks {
		if s := t.first(k.hash); s != nil {
			n += s.place
		}
	}
	for _, k := range toks {
		if s := t.first(k.hash); s != nil && len(s.tok) > 0 {
			n += int32(s.tok[0])
		}
	}
	t.touched = n
}

// first is the slot where the look-up of a token with hash h starts,
// or nil if its part has none yet.
func (t *tokenIndex) first(h uint32) *tokenSlot {
	part := &t.parts[h>>(32-tokenPartBits)]
	if len(part.slots) == 0 {
		return nil
	}
	return &part.slots[h&uint32(len(part.slots)-1)]
}

// set fills the empty slot s, found by find, with tok at place j; s is
// not to be used after.
func (t *tokenIndex) set(s *tokenSlot, tok string, h uint32, j int32) {
	t.parts[h>>(32-tokenPartBits)].set(s, tok, h, j)
}

// used is how many tokens t holds.
func (t *tokenIndex) used() int {
	n := 0
	for i := range t.parts {
		n += t.parts[i].used
	}
	return n
}

// find is tokenIndex.find in one part (linear probing).
func (t *tokenPart) find(tok []byte, h uint32) *tokenSlot {
	if t.slots == nil {
		t.slots = make([]tokenSlot, 64)
	}
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.place == 0 || s.hash == h && s.tok == string(tok) {
			return s
		}
	}
}

// set is tokenIndex.set in one part; it grows the part past 3/4 full.
func (t *tokenPart) set(s *tokenSlot, tok string, h uint32, j int32) {
	*s = tokenSlot{tok: tok, hash: h, place: j + 1}
	t.used++
	if 4*t.used > 3*len(t.slots) {
		t.grow()
	}
}

// grow doubles the part.
func (t *tokenPart) grow() {
	old := t.slots
	t.slots = make([]tokenSlot, 2*len(old))
	mask := uint32(len(t.slots) - 1)
	for _, s := range old {
		if s.place == 0 {
			continue
		}
		i := s.hash & mask
		for t.slots[i].place != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
