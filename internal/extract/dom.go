package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// setAttr sets n's attribute key, adding it when missing.
func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// remove detaches n from its parent.
func remove(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// edits records the nodes an attempt removes, so that the next attempt
// can put them back instead of parsing the page again.
type edits struct{ log []removal }

// removal is one node taken out of its parent, before next.
type removal struct{ n, parent, next *html.Node }

// remove detaches n from its parent and records where it was.
func (e *edits) remove(n *html.Node) {
	if n.Parent == nil {
		return
	}
	e.log = append(e.log, removal{n, n.Parent, n.NextSibling})
	n.Parent.RemoveChild(n)
}

// undo puts every removed node back, last removed first, leaving the
// tree as it was before the first removal.
func (e *edits) undo() {
	for i := len(e.log) - 1; i >= 0; i-- {
		r := e.log[i]
		r.parent.InsertBefore(r.n, r.next)
	}
	e.log = e.log[:0]
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	p := n.Parent
	if p == nil {
		return
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		p.InsertBefore(c, n)
		c = next
	}
	p.RemoveChild(n)
}

// blockTags are elements that start a new block of text; everything else
// flows inline with its neighbours.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Center: true, atom.Dd: true, atom.Details: true,
	atom.Dialog: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Html: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Table: true, atom.Tbody: true,
	atom.Td: true, atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true,
	atom.Ul: true, atom.Caption: true, atom.Summary: true,
}

func isBlock(n *html.Node) bool {
	return n.Type == html.ElementNode && tagIn(n.DataAtom, inBlock)
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// textOf returns n's text with whitespace collapsed. Walks are bounded by the
// parser's own nesting limit.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return collapseSpace(b.String())
}

// collapseSpace trims s and turns every run of white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for f := range strings.FieldsSeq(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// countDescendants counts elements below n by tag.
func countDescendants(n *html.Node, tags ...atom.Atom) int {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			for _, t := range tags {
				if c.DataAtom == t {
					count++
					break
				}
			}
			walk(c)
		}
	}
	walk(n)
	return count
}
