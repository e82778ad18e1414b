package site

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unsafe"
)

// A card shows at most cardChips chips, the most informative first. It
// is rendered once, with chipMark where its chips go; each listing puts
// in the chips for its page, leaving out the page's own term, which every
// card there has. chipMark is drawn at random like cardRoot, so that no
// entry can write it.
const cardChips = 4

var chipMark = "__docket_chips_" + rand.Text() + "__"

// chipLine is the term's chip as a card's list item, with links starting
// at cardRoot, as the rest of the card's do. It is made on first use.
func (t *Term) chipLine() string {
	build := func() string {
		return "\n  <li><a class=\"chip " + template.HTMLEscapeString(t.Class) + "\" href=\"" +
			template.HTMLEscapeString(rel(cardRoot, t.url)) + "\">" + template.HTMLEscapeString(t.Name) + "</a></li>"
	}
	if t.line == nil { // a term made outside a taxonomy
		return build()
	}
	t.line.Do(func() { t.lineHTML = build() })
	return t.lineHTML
}

// nearlyAll reports whether k of n entries is nearly all of a tracker
// big enough to say: more than four in five of at least ten.
func nearlyAll(k, n int) bool { return n >= 10 && k*5 > n*4 }

// chipsHTML is the card's list of chips, leaving out the term at site
// path omit.
func (it *Item) chipsHTML(omit string) string {
	var b strings.Builder
	it.writeChips(&b, omit)
	return b.String()
}

// Between a card's chips.
const (
	chipsOpen  = "\n <ul class=\"chips\" aria-label=\"Filed under\">"
	chipsClose = "\n </ul>"
)

// shownChips picks the chips a card shows, without the term at omit: the
// rarest terms first (a term on few entries says more about one), in
// filing order among equals, leaving out the terms filed under nearly
// every entry, which say nothing there. Rare and nearly every are
// counted as of the item's place in the timeline, over it and the
// entries older than it: newer entries never change a card, so a
// listing page of older entries keeps its bytes as the archive grows.
// A build takes them from its cache's ranking (builder.shownTerms); the
// preview picks them again for every card written, without allocating.
func (it *Item) shownChips(omit string) (shown [cardChips]string, n int) {
	top, n := it.b.shownTerms(it, omit)
	for i := range n {
		shown[i] = top[i].chipLine()
	}
	return shown, n
}

// shownTerms are the terms of the chips shownChips picks.
func (it *Item) shownTerms(omit string) (top [cardChips]*Term, n int) {
	return top, it.rankTerms(omit, top[:])
}

// shownTerms is it.shownTerms(omit), from the build cache's ranking
// while a build renders: made once an item for the listings' keys, it
// spares each listing a card is on ranking the card's terms again (a
// binary search in each term's items, slower as the archive grows).
func (b *builder) shownTerms(it *Item, omit string) ([cardChips]*Term, int) {
	if b != nil && b.cache != nil && b.cache.ranks != nil {
		return b.cache.shown(it, omit)
	}
	return it.shownTerms(omit)
}

// rankTerms puts the first len(top) terms of the card's order in top,
// leaving out the term at omit, and returns how many there are. As the
// order is stable, the terms shown without omit are the first of those
// ranked without it, omit taken out (cacheRun.shown).
func (it *Item) rankTerms(omit string, top []*Term) (n int) {
	var counts [cardChips + 1]int
	count := counts[:len(top)]
	for _, t := range it.terms {
		k := t.countAt(it)
		if t.url == omit || nearlyAll(k, it.olderEntries()) {
			continue
		}
		// After the terms of as many entries or fewer: a stable order.
		i := n
		for i > 0 && count[i-1] > k {
			i--
		}
		if i == len(top) {
			continue
		}
		n = min(n+1, len(top))
		copy(top[i+1:n], top[i:n-1])
		copy(count[i+1:n], count[i:n-1])
		top[i], count[i] = t, k
	}
	return n
}

// olderEntries is how many entries the tracker holds as old as the item
// or older, the item included.
func (it *Item) olderEntries() int { return int(it.tracker) - it.n }

// countAt is how many of the term's entries are as old as it or older,
// it included. A term's items are in timeline order (newest first).
func (t *Term) countAt(it *Item) int {
	i, _ := slices.BinarySearchFunc(t.Items, it.n, func(e *Item, n int) int { return cmp.Compare(e.n, n) })
	return len(t.Items) - i
}

// chipsLen is how many bytes writeChips writes.
func (it *Item) chipsLen(omit string) int {
	shown, n := it.shownChips(omit)
	if n == 0 {
		return 0
	}
	size := len(chipsOpen) + len(chipsClose)
	for _, h := range shown[:n] {
		size += len(h)
	}
	return size
}

// cardWriter is what cards are written to: a strings.Builder, or a
// bytes.Buffer of a page's cardScratch.
type cardWriter interface {
	Write([]byte) (int, error)
	WriteString(string) (int, error)
}

// writeChips writes the card's list of chips, leaving out the term at
// site path omit.
func (it *Item) writeChips(b cardWriter, omit string) {
	shown, n := it.shownChips(omit)
	if n == 0 {
		return
	}
	b.WriteString(chipsOpen)
	for _, h := range shown[:n] {
		b.WriteString(h)
	}
	b.WriteString(chipsClose)
}

// withChips puts the item's chips, without the term at omit, into its
// card.
func (it *Item) withChips(card template.HTML, omit string) template.HTML {
	if !strings.Contains(string(card), chipMark) {
		return card
	}
	var b strings.Builder
	b.Grow(len(card) + it.chipsLen(omit))
	it.writeCard(&b, card, omit)
	return template.HTML(b.String())
}

// writeCard writes a card with the item's chips, without the term at
// omit, where its template put chipSlot.
func (it *Item) writeCard(b cardWriter, card template.HTML, omit string) {
	before, after, ok := strings.Cut(string(card), chipMark)
	b.WriteString(before)
	if ok {
		it.writeChips(b, omit)
		b.WriteString(after)
	}
}

// writeCardBytes is writeCard for a card read into a byte slice, with
// line before its chips.
func (it *Item) writeCardBytes(b cardWriter, card []byte, omit, line string) {
	before, after, ok := bytes.Cut(card, chipMarkBytes)
	b.Write(before)
	if ok {
		b.WriteString(line)
		it.writeChips(b, omit)
		b.Write(after)
	}
}

// standLine is the story line of a card that stands for its story in a
// listing, when it is not the story's head (a term's page shows a report
// filed under the term: ownListing); a head's card has the line from its
// template (Leads). Listings show one report of a story, so any other
// report on one stands for it.
func (it *Item) standLine() string {
	st := it.story
	if st == nil || st.Head() == it {
		return ""
	}
	return "\n <p class=\"card-line\"><span class=\"story-line\"><a href=\"" + template.HTMLEscapeString(rel(cardRoot, st.URL())) + "\">" +
		strconv.Itoa(st.N()) + " reports</a> · " + template.HTMLEscapeString(st.Detail()) + "</span></p>"
}

var chipMarkBytes = []byte(chipMark)

// Cards is the month's timeline cards in one piece: a listing prints
// thousands of cards, and one template call per month is much cheaper
// than one per card. The cards are written straight into one buffer of
// the size they need, chips and all, read from the card file a run at
// a time on the way: a page holds a month of cards once, not twice more
// in copies read from the card file. The buffer is the page's scratch
// (cardScratch), when the page has one, which the page's template copies
// from and which is reused once the page is rendered.
func (g MonthGroup) Cards() (template.HTML, error) {
	if len(g.Items) == 0 {
		return "", nil
	}
	b := g.Items[0].b
	n := 0
	for _, it := range g.Items {
		size, err := b.cardLen(it)
		if err != nil {
			return "", err
		}
		n += size + it.chipsLen(g.omit) + len(it.standLine())
	}
	var sb strings.Builder
	var w cardWriter = &sb
	var buf *bytes.Buffer
	if g.scratch != nil {
		buf = g.scratch.buffer(n)
		w = buf
	} else {
		sb.Grow(n)
	}
	var read []byte
	write := func(i int, c []byte) error {
		it := g.Items[i]
		if c == nil {
			var err error
			if c, err = b.appendCard(read[:0], it); err != nil {
				return err
			}
			read = c
		}
		it.writeCardBytes(w, c, g.omit, it.standLine())
		return nil
	}
	if err := b.cardFile().eachCard(g.Items, write); err != nil {
		return "", err
	}
	if buf == nil {
		return template.HTML(sb.String()), nil
	}
	if buf.Len() == 0 {
		return "", nil
	}
	return template.HTML(unsafe.String(&buf.Bytes()[0], buf.Len())), nil
}

// cardScratch is the buffers a listing page's months write their cards
// into (Cards): the strings they made were the largest garbage of a
// large build's listings (2 GB at 300,000 entries, 7% of all), each
// copied into the page and dropped. A buffer lives until the page is
// rendered, when release gives it back: the template has copied it into
// the page by then, and nothing else keeps a month's cards.
type cardScratch struct{ bufs []*bytes.Buffer }

var cardBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// buffer is an empty buffer with room for n bytes, until release.
func (s *cardScratch) buffer(n int) *bytes.Buffer {
	b := cardBufs.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(n)
	s.bufs = append(s.bufs, b)
	return b
}

// release gives the buffers back; what Cards gave is not to be read
// after. A rare big one is let go.
func (s *cardScratch) release() {
	for _, b := range s.bufs {
		if b.Cap() <= 4<<20 {
			cardBufs.Put(b)
		}
	}
	s.bufs = nil
}

// blurbRunes is about the most a card's one-line summary can show.
const blurbRunes = 120

// Blurb is the card's summary line: the entry's summary, cut at a word
// before blurbRunes (the stylesheet ends the line where it overflows).
func (it *Item) Blurb() string {
	s := it.Summary
	if !singleSpaced(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	n := 0
	for i := range s {
		if n == blurbRunes {
			cut := s[:i]
			if j := strings.LastIndexByte(cut, ' '); j > len(cut)/2 {
				cut = cut[:j]
			}
			return strings.TrimRight(cut, " ,;:") + "…"
		}
		n++
	}
	return s
}

// singleSpaced reports whether s is its words joined by single spaces,
// as most summaries are: Blurb then uses it as it is.
func singleSpaced(s string) bool {
	prev := ' ' // no space first
	for _, r := range s {
		if unicode.IsSpace(r) && (r != ' ' || prev == ' ') {
			return false
		}
		prev = r
	}
	return prev != ' ' || s == ""
}

// SourceTypeLabel is what the card's badge calls the item's source:
// "state media" for state-media.
func (it *Item) SourceTypeLabel() string { return strings.ReplaceAll(it.SourceType, "-", " ") }
