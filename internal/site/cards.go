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
// nearly every entry, which say nothing there. It is worked out when a
// card is first rendered: a preview server's model rebuild renders few.
func (it *Item) rankedChips() []Chip {
	if it.ranked == nil { // an item made outside newModel
		return rankChips(it.Chips, it.tracker)
	}
	it.ranked.Do(func() { it.cardChips = rankChips(it.Chips, it.tracker) })
	return it.cardChips
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
// path omit; links start at cardRoot, as the rest of the card's do.
func (it *Item) chipsHTML(omit string) string {
	var b strings.Builder
	n := 0
	for _, c := range it.rankedChips() {
		if c.URL == omit {
			continue
		}
		if n == 0 {
			b.WriteString("\n <ul class=\"chips\" aria-label=\"Filed under\">")
		}
		b.WriteString("\n  <li><a class=\"chip " + template.HTMLEscapeString(c.Class) + "\" href=\"" +
			template.HTMLEscapeString(rel(cardRoot, c.URL)) + "\">" + template.HTMLEscapeString(c.Label) + "</a></li>")
		if n++; n == cardChips {
			break
		}
	}
	if n > 0 {
		b.WriteString("\n </ul>")
	}
	return b.String()
}

// withChips puts the item's chips, without the term at omit, into its
// card.
func (it *Item) withChips(card template.HTML, omit string) template.HTML {
	before, after, ok := strings.Cut(string(card), chipMark)
	if !ok {
		return card
	}
	return template.HTML(before + it.chipsHTML(omit) + after)
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
