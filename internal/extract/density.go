package extract

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The text-density opinion reads the page as a sequence of lines, as a
// browser lays it out (each block element and <br> ends one), and keeps
// the contiguous run of lines that holds the most prose: each line earns
// its text outside links and loses twice its link text and a fixed cost,
// so that runs of short lines (menus, labels, lists of links) cost more
// than they bring, and the run with the largest sum wins (maximum
// subsequence segmentation). It shares nothing with the scorer: no class
// or id hints, no element scores, no cleaning; only text lengths and
// links.

// densityLineCost is what each line costs (in measure units): lines
// shorter than this pull a run down.
const densityLineCost = 40

// densityLine is one line of the page's text.
type densityLine struct {
	text         strings.Builder
	chars, links int
	head         bool // inside an h1
}

// densityLines reads the lines of a prepared page's body, before the
// scorer prunes it. Headlines (h1) are lines of their own, marked.
func densityLines(body *xhtml.Node) []*densityLine {
	var lines []*densityLine
	cur := &densityLine{}
	brk := func() {
		if cur.text.Len() > 0 {
			lines = append(lines, cur)
			cur = &densityLine{}
		}
	}
	var walk func(n *xhtml.Node, inLink, head bool)
	walk = func(n *xhtml.Node, inLink, head bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case xhtml.TextNode:
				if !appendCollapsed(&cur.text, c.Data) {
					continue
				}
				l, _ := measure(c.Data)
				cur.chars += l
				if inLink {
					cur.links += l
				}
				cur.head = cur.head || head
			case xhtml.ElementNode:
				if c.DataAtom == atom.Br {
					brk()
					continue
				}
				block := isBlock(c)
				if block {
					brk()
				}
				walk(c, inLink || c.DataAtom == atom.A, head || c.DataAtom == atom.H1)
				if block {
					brk()
				}
			}
		}
	}
	walk(body, false, false)
	brk()
	return lines
}

// appendCollapsed writes s to b as collapseSpace would give it, after a
// space when b is not empty; false when s is all white space.
func appendCollapsed(b *strings.Builder, s string) bool {
	wrote, space := false, b.Len() > 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				space = space || wrote || b.Len() > 0
				i++
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
			wrote = true
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = space || wrote || b.Len() > 0
		} else {
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteString(s[i : i+n])
			wrote = true
		}
		i += n
	}
	return wrote
}

// asciiSpace are the ASCII characters unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// pageText is linesText(densityLines(body)) written in one builder: each
// line's text nodes are joined by a space, and so are the lines.
func pageText(body *xhtml.Node) string {
	var b strings.Builder
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case xhtml.TextNode:
				appendCollapsed(&b, c.Data)
			case xhtml.ElementNode:
				walk(c)
			}
		}
	}
	walk(body)
	return b.String()
}

// linesText is the page's whole text as textOf gives it.
func linesText(lines []*densityLine) string {
	var b strings.Builder
	for _, l := range lines {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l.text.String())
	}
	return b.String()
}

// densityText returns the best run of lines, one paragraph per line. Like
// the first opinion it leaves out the headline (title, lowercased), the
// page's h1 and the page furniture of r's phrases.
func densityText(lines []*densityLine, r *rules, title string) (paras []string, chars, links int) {
	// Kadane: the run of lines with the largest sum of scores.
	bestSum, bestLo, bestHi := 0, 0, 0
	sum, lo := 0, 0
	for i, l := range lines {
		s := l.chars - 3*l.links - densityLineCost
		if l.head {
			s = -densityLineCost
		}
		if sum <= 0 {
			sum, lo = s, i
		} else {
			sum += s
		}
		if sum > bestSum {
			bestSum, bestLo, bestHi = sum, lo, i+1
		}
	}
	for _, l := range lines[bestLo:bestHi] {
		if l.head || l.links*2 > l.chars {
			continue // a headline or a link line inside the run
		}
		if t := strings.ToLower(l.text.String()); t == title || r != nil && len(t) <= 300 && r.boilerplate(t) {
			continue
		}
		paras = append(paras, l.text.String())
		chars += l.chars
		links += l.links
	}
	return paras, chars, links
}

// densityArticle is the density opinion as an Article's text fields.
func densityArticle(lines []*densityLine, r *rules, title string) (htm, text string, paras, chars int, linkDensity float64) {
	ps, chars, links := densityText(lines, r, strings.ToLower(collapseSpace(title)))
	var h strings.Builder
	for _, p := range ps {
		h.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	if chars > 0 {
		linkDensity = float64(links) / float64(chars)
	}
	return h.String(), strings.Join(ps, "\n\n"), len(ps), chars, linkDensity
}
