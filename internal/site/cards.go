package site

import (
	"cmp"
	"crypto/rand"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"
)

// A card shows at most cardChips chips, the most informative first. It
// is rendered once, with chipMark where its chips go; each listing puts
// in the chips for its page, leaving out the page's own term, which every
// card there has. chipMark is drawn at random like cardRoot, so that no
// entry can write it.
const cardChips = 4

var chipMark = "__docket_chips_" + rand.Text() + "__"

// rankedChips is the item's chips for its card, rarest term first (a
// term on few entries says more about one), without the terms filed under
// nearly every entry, which say nothing there, each with its line of
// HTML. It is worked out when a card is first rendered: a preview
// server's model rebuild renders few.
func (it *Item) rankedChips() []cardChip {
	if it.ranked == nil { // an item made outside newModel
		return chipLines(rankChips(it.Chips, it.tracker))
	}
	it.ranked.Do(func() { it.cardChips = chipLines(rankChips(it.Chips, it.tracker)) })
	return it.cardChips
}

// cardChip is a chip as a card shows it: its term's site path, which a
// listing of that term leaves out, and its list item, written once an
// item rather than once a listing it appears in.
type cardChip struct{ url, html string }

// chipLines makes the list items of chips; links start at cardRoot, as
// the rest of the card's do.
func chipLines(chips []Chip) []cardChip {
	lines := make([]cardChip, len(chips))
	for i, c := range chips {
		lines[i] = cardChip{c.URL, "\n  <li><a class=\"chip " + template.HTMLEscapeString(c.Class) + "\" href=\"" +
			template.HTMLEscapeString(rel(cardRoot, c.URL)) + "\">" + template.HTMLEscapeString(c.Label) + "</a></li>"}
	}
	return lines
}

func rankChips(chips []Chip, tracker int) []Chip {
	cs := make([]Chip, 0, len(chips))
	for _, c := range chips {
		if c.term == nil || !nearlyAll(len(c.term.Items), tracker) {
			cs = append(cs, c)
		}
	}
	slices.SortStableFunc(cs, func(a, b Chip) int { return cmp.Compare(a.weight(), b.weight()) })
	return cs
}

// nearlyAll reports whether k of n entries is nearly all of a tracker
// big enough to say: more than four in five of at least ten.
func nearlyAll(k, n int) bool { return n >= 10 && k*5 > n*4 }

// weight is the number of entries filed under the chip's term.
func (c Chip) weight() int {
	if c.term == nil {
		return 0
	}
	return len(c.term.Items)
}

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

// shownChips picks the chips a card shows, without the term at omit.
func (it *Item) shownChips(omit string) (shown [cardChips]string, n int) {
	for _, c := range it.rankedChips() {
		if c.url == omit {
			continue
		}
		shown[n] = c.html
		if n++; n == cardChips {
			break
		}
	}
	return shown, n
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

// writeChips writes the card's list of chips, leaving out the term at
// site path omit.
func (it *Item) writeChips(b *strings.Builder, omit string) {
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
func (it *Item) writeCard(b *strings.Builder, card template.HTML, omit string) {
	before, after, ok := strings.Cut(string(card), chipMark)
	b.WriteString(before)
	if ok {
		it.writeChips(b, omit)
		b.WriteString(after)
	}
}

// blurbRunes is about the most a card's one-line summary can show.
const blurbRunes = 120

// Blurb is the card's summary line: the entry's summary, cut at a word
// before blurbRunes (the stylesheet ends the line where it overflows).
func (it *Item) Blurb() string {
	s := strings.Join(strings.Fields(it.Summary), " ")
	if utf8.RuneCountInString(s) <= blurbRunes {
		return s
	}
	cut := s[:len(string([]rune(s)[:blurbRunes]))]
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// SourceTypeLabel is what the card's badge calls the item's source:
// "state media" for state-media.
func (it *Item) SourceTypeLabel() string { return strings.ReplaceAll(it.SourceType, "-", " ") }
