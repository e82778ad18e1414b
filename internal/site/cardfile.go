package site

import (
	"html/template"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"docket/internal/content"
)

// cardStore is where the builder keeps entries' cards between the
// listings that show them: the preview's cardCache, in memory across
// rebuilds, or a one-shot build's cardFile.
//
// A card is kept by its entry's document (the preview's, which a save
// replaces) or its entry (a build's, whose documents are let go), with
// what else it was made of that may change while the document does not
// (cardDeps): the case it names. A card whose deps are not the item's
// now is not served.
type cardStore interface {
	get(it *Item, deps cardDeps) (template.HTML, bool)
	put(it *Item, deps cardDeps, h template.HTML)
}

// cardDeps is what a plain card (not a story's, which is made once per
// model) shows besides its entry's own document, the templates and the
// rules: the case file of the case it names, which an editor may change
// or remove without saving the entry, and the source's type. They are
// compared when the card is taken from the preview's cache.
type cardDeps struct {
	kase       *content.Doc
	sourceType string
}

// depsOf is what an item's card is made of besides its document.
func depsOf(it *Item) cardDeps {
	d := cardDeps{sourceType: it.SourceType}
	if it.Case != nil {
		d.kase = it.Case.Doc
	}
	return d
}

// cardFile keeps a one-shot build's cards: in chunks in memory while
// they take at most cardMemory, then in a temporary file. Its item's
// entry keeps where a card is (cardSpot). A card is shown on about six
// listings (home, each term it is filed under, its year), so it is
// rendered once and read back each time. A term's cards lie far apart,
// so from the file each is a read of its own: ~57,000 reads at 10,000
// entries, 3% of the build's CPU. Cards are ~600 B each: a small
// archive's are all in memory, and a large one's are not all held at
// once by the end of the listings (~600 MB at a million entries). The
// page cache serves the file's reads. If the file fails, no more cards
// go to it: the next listing renders such a card again, so output does
// not change.
type cardFile struct {
	mu      sync.Mutex
	f       *os.File
	end     int64             // the file's length
	chunks  []*cardChunkBytes // the cards in memory, filled one after another
	used    int               // how much of the last chunk is filled
	memLeft int               // what more chunks may take
	gen     uint32            // which card file this is: see cardSpot
	failed  bool
}

// cardMemory is what a card file keeps in memory, in chunks of
// cardChunk: all the cards of ~50,000 entries.
const (
	cardMemory = 32 << 20
	cardChunk  = 1 << 20
)

// cardSpot is where a card is in a card file, kept in its item's entry
// (a map by entry would cost ~40 B an entry more): at off in the file,
// or, for off < 0, in memory (memSpot). gen names the card file, so a
// spot another card file wrote is not read from this one.
type cardSpot struct {
	off int64
	n   int32
	gen uint32
}

// memSpot is the spot of a card at pos in chunk k.
func memSpot(k, pos, n int, gen uint32) cardSpot {
	return cardSpot{off: -1 - (int64(k)<<32 | int64(pos)), n: int32(n), gen: gen}
}

// cardChunkBytes is a chunk of cards in memory. Its bytes are written
// once, each before the spot of their card is set, under the lock: a
// reader that has the spot reads them without it.
type cardChunkBytes [cardChunk]byte

// inMemory reports whether s is a spot in memory.
func (s cardSpot) inMemory() bool { return s.off < 0 }

// bytes is the card at s, a spot in memory, in chunks; no room past its
// end, so that an append cannot write over the next card.
func (s cardSpot) bytes(chunks []*cardChunkBytes) []byte {
	at := -1 - s.off
	pos := int(at & (1<<32 - 1))
	end := pos + int(s.n)
	return chunks[at>>32][pos:end:end]
}

// cardFiles counts the card files made, for their gen: never 0, the
// gen of an entry whose card no file keeps.
var cardFiles atomic.Uint32

// newCardFile keeps cards in memory up to memory bytes, the rest in a
// new file in dir (a folder the caller removes); close closes it.
func newCardFile(dir string, memory int) (*cardFile, error) {
	f, err := os.CreateTemp(dir, "cards-")
	if err != nil {
		return nil, err
	}
	return &cardFile{f: f, memLeft: memory, gen: cardFiles.Add(1)}, nil
}

// get ignores deps: a one-shot build renders from one model.
func (c *cardFile) get(it *Item, _ cardDeps) (template.HTML, bool) {
	s, chunks, ok := c.spot(it)
	if ok && s.inMemory() {
		// A card's bytes in memory are never written again.
		card := s.bytes(chunks)
		return template.HTML(unsafe.String(unsafe.SliceData(card), len(card))), true
	}
	buf, ok := c.appendTo(nil, it)
	if !ok || len(buf) == 0 {
		return "", ok
	}
	// The bytes are the string's: nothing else holds them, so they need
	// no copy.
	return template.HTML(unsafe.String(&buf[0], len(buf))), true
}

// spot is where it's card is kept, and the chunks a card in memory is
// in: chunks are only added to, under the lock, and a card's bytes are
// not written over.
func (c *cardFile) spot(it *Item) (cardSpot, []*cardChunkBytes, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := it.card
	return s, c.chunks, s.gen == c.gen
}

// size is the length of it's card, if it is kept.
func (c *cardFile) size(it *Item) (int, bool) {
	s, _, ok := c.spot(it)
	return int(s.n), ok
}

// appendTo reads it's card onto the end of dst, if it is kept.
func (c *cardFile) appendTo(dst []byte, it *Item) ([]byte, bool) {
	s, chunks, ok := c.spot(it)
	if !ok {
		return dst, false
	}
	if s.inMemory() {
		return append(dst, s.bytes(chunks)...), true
	}
	dst = slices.Grow(dst, int(s.n))
	card := dst[len(dst) : len(dst)+int(s.n)]
	if _, err := c.f.ReadAt(card, s.off); err != nil {
		return dst, false
	}
	return dst[:len(dst)+len(card)], true
}

// eachCard gives emit the card of each of items in turn: a card in
// memory as it is, and those in the file read a run of nearby cards at
// a time rather than a card at a time (a card in memory ends a run): a
// listing's cards were mostly written one after another (entries render
// oldest first), so a month of the timeline is a few reads, not a read
// a card. A run grows while the bytes it reads are at most twice its
// cards' and maxCardRun in all, so scattered cards are read one by one,
// as before. A card not kept, or whose run could not be read, is given
// as nil: the caller makes it. A nil file keeps no card. A card is
// emit's only until it returns: the next run is read over it.
func (c *cardFile) eachCard(items []*Item, emit func(i int, card []byte) error) error {
	if c == nil {
		for i := range items {
			if err := emit(i, nil); err != nil {
				return err
			}
		}
		return nil
	}
	r := cardReads.Get().(*cardRead)
	defer cardReads.Put(r)
	r.spots = slices.Grow(r.spots[:0], len(items))[:len(items)]
	spots := r.spots
	c.mu.Lock()
	for i, it := range items {
		spots[i] = it.card
	}
	chunks := c.chunks
	c.mu.Unlock()
	for i := 0; i < len(items); {
		if s := spots[i]; s.gen == c.gen && s.inMemory() {
			if err := emit(i, s.bytes(chunks)); err != nil {
				return err
			}
			i++
			continue
		}
		ok := spots[i].gen == c.gen
		lo, hi, cards := spots[i].off, spots[i].off+int64(spots[i].n), int64(spots[i].n)
		j := i + 1
		for ; ok && j < len(items); j++ {
			s := spots[j]
			nlo, nhi := min(lo, s.off), max(hi, s.off+int64(s.n))
			if s.gen != c.gen || s.inMemory() || nhi-nlo > min(2*(cards+int64(s.n)), maxCardRun) {
				break
			}
			lo, hi, cards = nlo, nhi, cards+int64(s.n)
		}
		if ok {
			r.buf = slices.Grow(r.buf[:0], int(hi-lo))[:hi-lo]
			_, err := c.f.ReadAt(r.buf, lo)
			ok = err == nil
		}
		for k := i; k < j; k++ {
			var card []byte
			if ok {
				card = r.buf[spots[k].off-lo : spots[k].off-lo+int64(spots[k].n)]
			}
			if err := emit(k, card); err != nil {
				return err
			}
		}
		i = j
	}
	return nil
}

// cardRead is eachCard's scratch, kept in cardReads for the next call:
// at 100,000 entries the listings' months made ~300 MB of it afresh.
type cardRead struct {
	spots []cardSpot
	buf   []byte
}

var cardReads = sync.Pool{New: func() any { return new(cardRead) }}

// maxCardRun is the most eachCard reads at once.
const maxCardRun = 256 << 10

func (c *cardFile) put(it *Item, _ cardDeps, h template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.putInMemory(it, h) || c.failed {
		return
	}
	if _, err := c.f.WriteAt([]byte(h), c.end); err != nil {
		c.failed = true // keep nothing more; what was written stays readable
		return
	}
	it.card = cardSpot{c.end, int32(len(h)), c.gen}
	c.end += int64(len(h))
}

// putInMemory keeps it's card in the last chunk, or a new one while
// memLeft allows, and reports whether it did.
func (c *cardFile) putInMemory(it *Item, h template.HTML) bool {
	k := len(c.chunks) - 1
	if k < 0 || c.used+len(h) > cardChunk {
		if c.memLeft < cardChunk || len(h) > cardChunk {
			return false
		}
		c.memLeft -= cardChunk
		c.chunks = append(c.chunks, new(cardChunkBytes))
		c.used = 0
		k++
	}
	pos := c.used
	c.used += copy(c.chunks[k][pos:], h)
	it.card = memSpot(k, pos, len(h), c.gen)
	return true
}

func (c *cardFile) close() error { return c.f.Close() }
