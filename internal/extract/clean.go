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

// clean walks n's subtree bottom-up, so that a container is judged after
// its own chrome is gone. It returns n's text length after cleaning.
func (c *cleaner) clean(n *html.Node) int {
	total := 0
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		switch ch.Type {
		case html.TextNode:
			l, _ := measure(ch.Data)
			total += l
		case html.ElementNode:
			l := c.clean(ch)
			if c.drop(ch, l) {
				c.edits.remove(ch)
			} else {
				total += l
			}
		}
		ch = next
	}
	return total
}

// drop decides about one element whose subtree is already clean; length
// is its text length.
func (c *cleaner) drop(n *html.Node, length int) bool {
	if length <= 300 && isBlock(n) {
		// Blocks only: a label inside a sentence is part of the sentence.
		t := strings.ToLower(textOf(n))
		if c.r.boilerplate(t) || c.title != "" && t == c.title {
			return true
		}
	}
	if isHeading(n.DataAtom) {
		return c.dropHeading(n)
	}
	if c.f.weightClasses && hint(n) < 0 && n.DataAtom != atom.A && length < c.total*2/5 {
		// A wrapper of most of the text is the article whatever its
		// class says ("story-with-sidebar").
		return true
	}
	if c.f.cleanCond && (n.DataAtom == atom.P || n.DataAtom == atom.Li) && length < 200 {
		// A short line that is all link points elsewhere ("More: …").
		if chars, links, _ := linkText(n); links*5 > chars*4 {
			return true
		}
	}
	if !c.f.cleanCond || !conditionalTags[n.DataAtom] {
		return false
	}
	return c.chrome(n, length)
}

func (c *cleaner) dropHeading(n *html.Node) bool {
	t := strings.ToLower(textOf(n))
	if t == "" || n.DataAtom == atom.H1 || t == c.title {
		return true
	}
	chars, links, _ := linkText(n)
	return chars > 0 && links*3 > chars
}

// chrome judges a container by what it holds, following the habits of
// page templates: navigation is mostly links, galleries are images with
// little text, widgets are lists without paragraphs.
func (c *cleaner) chrome(n *html.Node, length int) bool {
	chars, links, commas := linkText(n)
	ld := 0.0
	if chars > 0 {
		ld = float64(links) / float64(chars)
	}
	if commas >= 10 && ld < 0.5 {
		return false
	}
	p := countDescendants(n, atom.P)
	img := countDescendants(n, atom.Img)
	li := countDescendants(n, atom.Li)
	heads := countDescendants(n, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6)
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
	case weight < 25 && ld > 0.2 && length < 1000:
		return true
	case ld > 0.5:
		return true
	}
	return false
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
