package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// keptTags are the elements the output keeps; others are replaced by their
// children. Attributes are dropped except the few written by element().
var keptTags = map[atom.Atom]bool{
	atom.P: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Blockquote: true, atom.Pre: true, atom.Code: true, atom.Table: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true,
	atom.Th: true, atom.Td: true, atom.Caption: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Br: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.A: true, atom.Img: true, atom.Em: true,
	atom.I: true, atom.Strong: true, atom.B: true, atom.Sub: true,
	atom.Sup: true, atom.S: true, atom.Del: true, atom.Ins: true,
	atom.Mark: true, atom.Q: true, atom.Cite: true, atom.Abbr: true,
	atom.Small: true, atom.U: true, atom.Div: true,
}

// writer serializes the content as minimal HTML and as plain text in one
// walk. Plain text has a blank line between blocks and a line break for
// <br> and list items.
type writer struct {
	base  *url.URL
	html  strings.Builder
	text  strings.Builder
	space bool // a space is pending in text
	brk   int  // line breaks pending in text: 1 line, 2 paragraph
	paras int  // blocks of text written
	chars int  // text length written (measure units)
	links int  // of which inside links
	pre   int  // depth of <pre> elements, whose white space is kept
	nest  int  // depth of quotes and lists written as such
	flat  int  // depth of quotes and lists written as plain blocks
	lines bool // a <pre> in a quote, written as a paragraph of lines
	brs   int  // line breaks written for such lines

	plainTable bool // inside a table written as plain blocks (see padded)
}

// maxNest is how deep quotes and lists are written as such; deeper ones
// are written as plain blocks. The Markdown converter indents or quotes
// every line again at each level: a 17 KB page of lists nested 240 deep
// made 900 KB of Markdown, and 480 quotes took minutes to convert.
const maxNest = 6

// nesting is the elements that maxNest counts; listItems belong to them.
var nesting = map[atom.Atom]bool{atom.Blockquote: true, atom.Ul: true, atom.Ol: true, atom.Dl: true}
var listItems = map[atom.Atom]bool{atom.Li: true, atom.Dt: true, atom.Dd: true}

func (w *writer) node(n *html.Node, inLink bool) {
	switch n.Type {
	case html.TextNode:
		w.textNode(n.Data, inLink)
	case html.ElementNode:
		w.element(n, inLink)
	}
}

func (w *writer) children(n *html.Node, inLink bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, inLink)
	}
}

func (w *writer) element(n *html.Node, inLink bool) {
	tag := n.DataAtom
	switch tag {
	case atom.H1:
		tag = atom.H2 // the page's headline is the Article's Title
	case atom.Figcaption:
		return // captions and credits describe the page's pictures, not the story
	}
	if !tagIn(tag, inKept) || tag == atom.Div && !hasText(n) || tag == atom.Code && w.lines {
		w.blockBreak(n, 2)
		w.children(n, inLink)
		w.blockBreak(n, 2)
		return
	}
	switch tag {
	case atom.Img:
		w.image(n)
		return
	case atom.Br:
		w.html.WriteString("<br>")
		w.lineBreak(1)
		return
	case atom.Hr:
		w.html.WriteString("<hr>")
		w.lineBreak(2)
		return
	case atom.A:
		w.link(n, inLink)
		return
	}
	if tag == atom.Table && !w.plainTable && padded(n) {
		w.plainTable = true
		defer func() { w.plainTable = false }()
	}
	if w.plainTable && tableTags[tag] {
		w.tableAsText(n, tag, inLink)
		return
	}
	if nesting[tag] || listItems[tag] && w.flat > 0 {
		if w.flat > 0 || w.nest >= maxNest {
			w.flat++
			defer func() { w.flat-- }()
			k := max(blockBreakFor(tag), 1)
			w.lineBreak(k)
			w.html.WriteString("<div>") // a block, so that its text stays apart
			w.children(n, inLink)
			w.html.WriteString("</div>")
			w.lineBreak(k)
			return
		}
		w.nest++
		defer func() { w.nest-- }()
	}
	if tag == atom.Pre && w.nest > 0 && !w.lines {
		// The converter quotes or indents only the first line of a <pre>:
		// the others would be read as Markdown (links, images, a fence
		// that makes the rest of the page code). Its lines are written as
		// the lines of a paragraph instead.
		w.lines = true
		defer func() { w.lines = false }()
		tag = atom.P
	}
	cell := tag == atom.Td || tag == atom.Th
	brk := blockBreakFor(tag)
	if !cell && !hasText(n) && countDescendants(n, atom.Img) == 0 {
		// Empty cells stay: they hold the table's columns in place. An
		// inline element holding only a space ("country<strong> </strong>and")
		// still separates the words around it.
		if brk == 0 && holdsSpace(n) {
			w.html.WriteByte(' ')
			w.space = true
		}
		return
	}
	name := tag.String()
	w.lineBreak(brk)
	w.space = w.space || cell
	w.html.WriteString("<" + name + ">")
	if tag == atom.Pre || w.lines && tag == atom.P {
		w.pre++
		defer func() { w.pre-- }()
	}
	w.children(n, inLink)
	w.html.WriteString("</" + name + ">")
	w.lineBreak(brk)
	w.space = w.space || cell
	if brk == 2 {
		w.paras++
	}
}

// tableTags are the elements of a table that tableAsText writes.
var tableTags = map[atom.Atom]bool{atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Tr: true, atom.Th: true, atom.Td: true, atom.Caption: true}

// padded reports whether the Markdown converter would pad table's short
// rows with more empty cells than the table has (and maxPadding more):
// it pads every row to the widest, so a row of n cells over n rows of
// one, 20n bytes of HTML, made n² cells (60 KB made 36 MB of Markdown
// in seconds, and a page of megabytes would never end). Only the
// table's own rows count, not those of tables inside it, so that
// nested tables are not walked again at each level.
func padded(table *html.Node) bool {
	cols, cells, rows := 0, 0, 0
	var walk func(*html.Node)
	walk = func(p *html.Node) {
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			switch c.DataAtom {
			case atom.Thead, atom.Tbody, atom.Tfoot:
				walk(c)
			case atom.Tr:
				k := 0
				for d := c.FirstChild; d != nil; d = d.NextSibling {
					if d.DataAtom == atom.Td || d.DataAtom == atom.Th {
						k++
					}
				}
				rows, cells, cols = rows+1, cells+k, max(cols, k)
			}
		}
	}
	walk(table)
	return cols*rows-cells > cells+maxPadding
}

// maxPadding lets an ordinary table have short rows.
const maxPadding = 1 << 10

// tableAsText writes an element of a padded table as plain blocks: a
// row or caption a block, its cells apart by a space.
func (w *writer) tableAsText(n *html.Node, tag atom.Atom, inLink bool) {
	switch tag {
	case atom.Tr, atom.Caption:
		w.lineBreak(1)
		w.html.WriteString("<div>")
		w.children(n, inLink)
		w.html.WriteString("</div>")
		w.lineBreak(1)
	case atom.Td, atom.Th:
		w.children(n, inLink)
		w.html.WriteByte(' ')
		w.space = true
	default:
		w.lineBreak(2)
		w.children(n, inLink)
		w.lineBreak(2)
	}
}

// blockBreakFor says how text around an element is separated.
func blockBreakFor(tag atom.Atom) int {
	switch tag {
	case atom.Li, atom.Tr, atom.Dt, atom.Dd, atom.Caption, atom.Figcaption:
		return 1
	case atom.Td, atom.Th:
		return 0
	}
	if tagIn(tag, inBlock) {
		return 2
	}
	return 0
}

func (w *writer) blockBreak(n *html.Node, k int) {
	if isBlock(n) {
		w.lineBreak(k)
	}
}

func (w *writer) link(n *html.Node, inLink bool) {
	href := w.abs(attr(n, "href"))
	if href == "" || inLink {
		// Text of a link that cannot be kept (relative with no base, a
		// script) is still link text, as the cleaner counts it.
		w.children(n, true)
		return
	}
	w.html.WriteString(`<a href="` + html.EscapeString(href) + `">`)
	w.children(n, true)
	w.html.WriteString("</a>")
}

func (w *writer) image(n *html.Node) {
	src := w.abs(attr(n, "src"))
	if !strings.HasPrefix(src, "http") { // not mailto:
		return
	}
	w.html.WriteString(`<img src="` + html.EscapeString(src) + `"`)
	if alt := collapseSpace(attr(n, "alt")); alt != "" {
		w.html.WriteString(` alt="` + html.EscapeString(alt) + `"`)
	}
	w.html.WriteString(">")
}

// abs resolves a link or image address; only http(s) and mailto survive
// (images take only http(s)).
func (w *writer) abs(ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if w.base != nil {
		u = w.base.ResolveReference(u)
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
	case "mailto":
	default:
		return ""
	}
	return u.String()
}

func (w *writer) textNode(s string, inLink bool) {
	if squashed(s) {
		// Most text nodes: their words are s without its spaces at
		// either end, and squashSpace would return s itself.
		w.html.WriteString(html.EscapeString(s))
		if t := strings.Trim(s, " "); t != "" {
			w.space = w.space || s[0] == ' '
			w.flushBreaks()
			w.text.WriteString(t)
		}
	} else {
		switch {
		case w.pre > 0 && w.lines:
			w.quotedLines(s)
		case w.pre > 0:
			w.html.WriteString(html.EscapeString(s))
		default:
			w.html.WriteString(html.EscapeString(squashSpace(s)))
		}
		first := true
		for f := range strings.FieldsSeq(s) {
			if !first || startsWithSpace(s) {
				w.space = true
			}
			first = false
			w.flushBreaks()
			w.text.WriteString(f)
		}
	}
	// measure counts no white space: the text's length is its words'.
	l, _ := measure(s)
	w.chars += l
	if inLink {
		w.links += l
	}
	if endsWithSpace(s) {
		w.space = true
	}
}

// maxQuotedLines is how many line breaks the lines of quoted <pre>s get
// on a page; later lines run on. Each is an element for the converter: a
// quoted <pre> of two million lines took 6 s and 2.7 GB.
const maxQuotedLines = 2000

// quotedLines writes the text of a <pre> in a quote, its lines ended by
// <br>: blank lines are dropped, and lines past maxQuotedLines run on.
func (w *writer) quotedLines(s string) {
	first := true
	for line := range strings.SplitSeq(s, "\n") {
		if !first && strings.TrimSpace(line) != "" {
			if w.brs < maxQuotedLines {
				w.html.WriteString("<br>")
				w.brs++
			} else {
				w.html.WriteByte(' ')
			}
		}
		w.html.WriteString(html.EscapeString(line))
		first = false
	}
}

// flushBreaks writes the separator owed before the next word.
func (w *writer) flushBreaks() {
	switch {
	case w.text.Len() == 0:
	case w.brk >= 2:
		w.text.WriteString("\n\n")
	case w.brk == 1:
		w.text.WriteString("\n")
	case w.space:
		w.text.WriteString(" ")
	}
	w.brk, w.space = 0, false
}

func (w *writer) lineBreak(k int) {
	if k > w.brk {
		w.brk = k
	}
}

// startsWithSpace and endsWithSpace read white space as strings.Fields
// does, no-break and ideographic spaces included: a link followed by
// "\u00a0and" must not run into the next word.
func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && unicode.IsSpace(r)
}

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return s != "" && unicode.IsSpace(r)
}

// hasText reports whether n holds any non-space text.
func hasText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return true
		}
		if c.Type == html.ElementNode && hasText(c) {
			return true
		}
	}
	return false
}

// holdsSpace reports whether n, which holds no text, holds white space.
func holdsSpace(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && c.Data != "" || c.Type == html.ElementNode && holdsSpace(c) {
			return true
		}
	}
	return false
}

// squashSpace turns each run of white space, including no-break and
// ideographic spaces used to indent paragraphs, into one ASCII space;
// textNode calls it only for text that squashed reports is not.
func squashSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// squashed reports text squashSpace would leave as it is: no white
// space but single ASCII spaces. ASCII bytes are read from a table,
// other characters decoded.
func squashed(s string) bool {
	prev := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			space := c == ' '
			if space && prev || !space && asciiSpace[c] {
				return false
			}
			prev = space
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prev = false
		i += n - 1
	}
	return true
}
