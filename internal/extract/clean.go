package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"docket/internal/text"
)

// cleaner tidies the chosen content in place: it drops blocks inside it that
// are chrome after all (link lists, share bars, ads, captions that credit
// an image, syndication notes) and the headline, which Article carries
// separately.
type cleaner struct {
	f     flags
	r     *rules
	title string // lowercased, collapsed
	total int    // text length of the whole content, before cleaning
	edits *edits // where removals are recorded
}

// conditionalTags are the containers that may hold either article text or
// chrome, judged by their content.
var conditionalTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true,
	atom.Table: true, atom.Form: true, atom.Aside: true, atom.Header: true,
	atom.Dl: true, atom.Center: true, atom.Footer: true, atom.Nav: true,
}

// tally is what the cleaner knows of an element's subtree, as it stands
// after cleaning: text length (measure units), the part inside links
// (links that are the element or inside it), clause separators, and the
// paragraphs, images, list items and subheadings below it.
type tally struct {
	chars, links, commas int
	p, img, li, heads    int
	linkedLi             int // list items holding a link
}

// add counts child, an element below t's element, and its subtree.
func (t *tally) add(child *html.Node, ct tally) {
	t.chars += ct.chars
	t.links += ct.links
	t.commas += ct.commas
	t.p += ct.p
	t.img += ct.img
	t.li += ct.li
	t.heads += ct.heads
	t.linkedLi += ct.linkedLi
	switch child.DataAtom {
	case atom.P:
		t.p++
	case atom.Img:
		t.img++
	case atom.Li:
		t.li++
		if ct.links > 0 {
			t.linkedLi++
		}
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		t.heads++
	}
}

// clean walks n's subtree bottom-up, so that a container is judged after
// its own chrome is gone. It returns the tally of what remains below n:
// one walk serves every judgement, where each used to walk the subtree
// again.
func (c *cleaner) clean(n *html.Node) tally {
	var t tally
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		switch ch.Type {
		case html.TextNode:
			l, k := measure(ch.Data)
			t.chars += l
			t.commas += k
		case html.ElementNode:
			ct := c.clean(ch)
			if c.drop(ch, ct) {
				c.edits.remove(ch)
			} else {
				t.add(ch, ct)
			}
		}
		ch = next
	}
	if n.DataAtom == atom.A {
		t.links = t.chars
	}
	return t
}

// drop decides about one element whose subtree is already clean; t is
// its tally.
func (c *cleaner) drop(n *html.Node, t tally) bool {
	length := t.chars
	if length <= 300 && isBlock(n) {
		// Blocks only: a label inside a sentence is part of the sentence.
		text := strings.ToLower(textOf(n))
		if c.r.boilerplate(text) || c.title != "" && text == c.title || t.links > 0 && t.p == 0 && c.r.promotion(text) {
			return true
		}
	}
	if isHeading(n.DataAtom) {
		return c.dropHeading(n, t)
	}
	if c.f.weightClasses && hint(n) < 0 && n.DataAtom != atom.A && length < c.total*2/5 {
		// A wrapper of most of the text is the article whatever its
		// class says ("story-with-sidebar").
		return true
	}
	if c.f.cleanCond && (n.DataAtom == atom.P || n.DataAtom == atom.Li) && length < 200 {
		// A short line that is all link points elsewhere ("More: …"),
		// unless the link shows its address: a source the text cites.
		if t.links*5 > t.chars*4 && !showsAddress(n) {
			return true
		}
	}
	if !c.f.cleanCond || !tagIn(n.DataAtom, inConditional) {
		return false
	}
	return c.chrome(n, t)
}

func (c *cleaner) dropHeading(n *html.Node, t tally) bool {
	text := strings.ToLower(textOf(n))
	if text == "" || n.DataAtom == atom.H1 || text == c.title {
		return true
	}
	return t.chars > 0 && t.links*3 > t.chars
}

// chrome judges a container by what it holds, following the habits of
// page templates: navigation is mostly links, galleries are images with
// little text, widgets are lists without paragraphs.
func (c *cleaner) chrome(n *html.Node, t tally) bool {
	length, links := t.chars, t.links
	ld := 0.0
	if length > 0 {
		ld = float64(links) / float64(length)
	}
	if t.commas >= 10 && ld < 0.5 {
		return false
	}
	p, img, li, heads := t.p, t.img, t.li, t.heads
	list := n.DataAtom == atom.Ul || n.DataAtom == atom.Ol
	weight := 0
	if c.f.weightClasses {
		weight = 25 * hint(n)
	}
	switch {
	case img > 1 && p*2 < img && !inFigure(n):
		return true
	case !list && li > p && li > 1:
		return true
	case length < minParagraph && (img == 0 || img > 2) && heads == 0 && (links > 0 || !hanText(n)):
		// A scrap: a label, a button, a link. A short line of plain
		// Chinese or Japanese text is a clause, a signature or a date
		// ("特此通告。", an office's name) that closes the text.
		return true
	case weight < 25 && ld > 0.2 && length < 1000 && !plainList(list, t):
		return true
	case ld > 0.5:
		return true
	}
	return false
}

// showsAddress reports a line whose links show their web address as
// their text ("www.example.org", "https://example.org/report.pdf"):
// sources and references, which a reader copies, not teasers.
func showsAddress(n *html.Node) bool {
	for a := range n.Descendants() {
		if a.DataAtom != atom.A {
			continue
		}
		t := strings.ToLower(strings.TrimSpace(textOf(a)))
		if strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") || strings.HasPrefix(t, "www.") {
			return true
		}
	}
	return false
}

// plainList reports a list of three items or more, most of them without
// a link: one linked item does not make a list of the article's points a
// menu, whose every item is a link.
func plainList(list bool, t tally) bool {
	return list && t.li >= 3 && t.linkedLi*3 <= t.li
}

// hanText reports text in n written in Han, kana or Hangul, whose short lines
// carry as much as a sentence.
func hanText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			for _, r := range c.Data {
				if text.IsCJK(r) {
					return true
				}
			}
		case html.ElementNode:
			if hanText(c) {
				return true
			}
		}
	}
	return false
}

func inFigure(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.DataAtom == atom.Figure {
			return true
		}
	}
	return false
}

// linkText returns the text length of n, the part of it inside links and
// its count of clause separators.
func linkText(n *html.Node) (chars, links, commas int) {
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				l, k := measure(c.Data)
				chars += l
				commas += k
				if inLink {
					links += l
				}
			case html.ElementNode:
				walk(c, inLink || c.DataAtom == atom.A)
			}
		}
	}
	walk(n, n.DataAtom == atom.A)
	return chars, links, commas
}
