package extract

import (
	"bytes"
	"strings"
)

// prepare drops hidden elements and ARIA chrome (navigation menus,
// banners: see dropEarly) without reading anything inside them, yet the
// tokenizer copies every tag and attribute of their content first: a
// fifth of what reaches the parser on news pages. The scan of keptSpans
// therefore cuts the content of such an element before the parse when
// the cut provably changes nothing else in the tree: the content is well
// formed (each end tag closes the element opened last inside it) and
// holds no tag through which the tree builder could reach an element
// outside it (see safeInside). The element itself stays, emptied, and
// prepare drops it as before. Anything unsure leaves the content as it
// is.

// cutTags are the elements whose content may be cut: each closes an open
// <p> when it starts (or, for <button>, bounds the search for one), so a
// <p> inside cannot close one outside.
var cutTags = set("article", "aside", "blockquote", "button", "center",
	"details", "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure",
	"footer", "header", "hgroup", "main", "menu", "nav", "ol", "search",
	"section", "summary", "ul")

// listStops are the elements that end the tree builder's search for an
// open <li>, <dd> or <dt> to close when another starts (its "special"
// elements less address, div and p; the void ones never stay open).
var listStops = set("applet", "article", "aside", "blockquote", "body", "button",
	"caption", "center", "colgroup", "dd", "details", "dialog", "dir", "dl", "dt",
	"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
	"h5", "h6", "header", "hgroup", "html", "li", "listing", "main", "marquee",
	"menu", "nav", "noscript", "object", "ol", "pre", "search", "section",
	"summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul")

// voidTags never stay open ("image" is read as "img").
var voidTags = set("area", "base", "basefont", "bgsound", "br", "col", "embed",
	"frame", "hr", "image", "img", "input", "link", "meta", "param", "source",
	"track", "wbr")

// rawTags hold raw text up to their end tag (scripting off: <noscript>
// is markup).
var rawTags = set("script", "style", "textarea", "title", "xmp", "iframe",
	"noembed", "noframes")

// refusedTags stop a cut wherever they appear inside: they reach or
// change elements outside (a form, the body's attributes, a button in
// scope, ruby), or switch the tokenizer to modes this scan does not follow.
var refusedTags = set("body", "button", "form", "frame", "frameset", "head",
	"html", "math", "plaintext", "rb", "rp", "rt", "rtc", "select", "template")

// tableParts start only inside a table; in a table's own insertion modes
// they close elements up to it.
var tableParts = set("caption", "col", "colgroup", "tbody", "td", "tfoot", "th",
	"thead", "tr")

// openOutside counts start tags whose element may still be open around a
// place of the page, for the tags whose start inside a cut element would
// reach one outside (a new <a> or <nobr> closes the open one; a <table>
// start in a table's mode closes the open table). It over-counts, which
// only refuses more cuts; end tags seen inside a table do not count down,
// as the tree builder may ignore them there and keep the element open.
type openOutside struct{ a, nobr, table int }

func (o *openOutside) start(name []byte) {
	switch string(name) {
	case "a":
		o.a++
	case "nobr":
		o.nobr++
	case "table":
		o.table++
	}
}

func (o *openOutside) end(name []byte) {
	switch {
	case equalLower(name, "table"):
		o.table = max(0, o.table-1)
	case o.table > 0:
	case equalLower(name, "a"):
		o.a = max(0, o.a-1)
	case equalLower(name, "nobr"):
		o.nobr = max(0, o.nobr-1)
	}
}

// droppedUnread reports whether prepare drops the element whose start
// tag holds attrs without reading its text: hidden, aria-hidden, a chrome
// role or a hidden style (dropEarly), and no author mark (meta.collect
// reads the text of an element marked as the author's). Values holding
// character references or NULs are not decoded here: they decide nothing.
func droppedUnread(src []byte, attrs []attrSpan) bool {
	drop := false
	for _, a := range attrs {
		name := src[a.from:a.nameEnd]
		val, ok := attrValue(src, a)
		switch {
		case equalLower(name, "itemprop"), equalLower(name, "rel"):
			return false
		case equalLower(name, "class"):
			if !ok || containsFold(string(val), "author", "byline") {
				return false
			}
		case equalLower(name, "hidden"):
			drop = true
		case !ok:
		case equalLower(name, "aria-hidden"):
			drop = drop || string(val) == "true"
		case equalLower(name, "role"):
			drop = drop || junkRoles[strings.ToLower(string(val))]
		case equalLower(name, "style"):
			drop = drop || hiddenStyle(string(val))
		}
	}
	return drop
}

// attrValue returns the value of the attribute at a as the tokenizer
// reads it, and false when reading it would take decoding (a character
// reference, a carriage return or a NUL).
func attrValue(src []byte, a attrSpan) ([]byte, bool) {
	v := bytes.TrimLeft(src[a.nameEnd:a.to], " \t\r\n\f")
	if len(v) == 0 || v[0] != '=' {
		return nil, true
	}
	v = bytes.TrimLeft(v[1:], " \t\r\n\f")
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		v = v[1 : len(v)-1]
	}
	return v, bytes.IndexAny(v, "&\r\x00") < 0
}

// contentEnd returns where the end tag of the element x, whose start tag
// ends at p, starts, when its content may be cut (see the top of this
// file); -1 otherwise.
func contentEnd(src []byte, p int, x []byte, outer *openOutside) int {
	var open [][]byte // names of the elements opened inside x, as written
	var buf [24]byte
	for {
		j := bytes.IndexByte(src[p:], '<')
		if j < 0 || p+j+2 >= len(src) {
			return -1
		}
		p += j
		c := src[p+1]
		switch {
		case asciiLetter(c):
			nameEnd, end := scanTag(src, p+2, nil)
			if end < 0 {
				return -1
			}
			name := lowerName(src[p+1:nameEnd], &buf)
			if !safeInside(name, open, x, outer) {
				return -1
			}
			next := skipInside(src, end, name)
			if next < 0 {
				return -1
			}
			if next == end && !voidTags[string(name)] {
				open = append(open, src[p+1:nameEnd])
			}
			p = next
		case c == '/':
			if !asciiLetter(src[p+2]) {
				k := bytes.IndexByte(src[p+2:], '>')
				if k < 0 {
					return -1
				}
				p += 2 + k + 1
				continue
			}
			nameEnd, end := scanTag(src, p+3, nil)
			if end < 0 {
				return -1
			}
			name := src[p+2 : nameEnd]
			if len(open) == 0 {
				if bytes.EqualFold(name, x) {
					return p
				}
				return -1
			}
			if !bytes.EqualFold(name, open[len(open)-1]) {
				return -1
			}
			open = open[:len(open)-1]
			p = end
		case c == '!' && bytes.HasPrefix(src[p+2:], []byte("--")):
			end, _ := commentEnd(src, p+4)
			if end < 0 {
				return -1
			}
			p = end
		case c == '!' || c == '?':
			k := bytes.IndexByte(src[p+1:], '>')
			if k < 0 {
				return -1
			}
			p += 1 + k + 1
		default:
			p++
		}
	}
}

// skipInside returns where the scan goes on after the start tag name
// ending at end: past the raw text of a script or the like and its end
// tag, past an <svg> read as foreign content, or end itself; -1 when the
// element cannot be passed over.
func skipInside(src []byte, end int, name []byte) int {
	switch {
	case string(name) == "svg":
		if src[end-2] == '/' {
			return end
		}
		after, closing := skipSVG(src, end)
		if closing < 0 {
			return -1
		}
		return after
	case rawTags[string(name)]:
		close := rawEnd(src, end, name)
		if close < 0 {
			return -1
		}
		if string(name) == "script" {
			body := src[end:close]
			if k := bytes.Index(body, []byte("<!--")); k >= 0 && indexLower(body[k:], "<script") >= 0 {
				return -1 // may be double-escaped: the end tag is elsewhere
			}
		}
		_, after := scanTag(src, close+3, nil)
		return after
	}
	return end
}

// safeInside reports whether a start tag name (lowercase), inside the
// element x (lowercase) with the elements open opened inside it, stays
// inside x in the tree.
func safeInside(name []byte, open [][]byte, x []byte, outer *openOutside) bool {
	s := string(name)
	switch {
	case refusedTags[s]:
		return false
	case s == "a":
		return outer.a == 0
	case s == "nobr":
		return outer.nobr == 0
	case s == "table":
		return outer.table == 0 || opened(open, "table")
	case tableParts[s]:
		return opened(open, "table")
	case s == "li":
		return listItemStays(open, x, "li", "li")
	case s == "dd", s == "dt":
		return listItemStays(open, x, "dd", "dt")
	}
	return true
}

// listItemStays reports whether the tree builder's search for an open
// list item to close, when one starts, ends inside x: at an open item
// (one of want) or at an element that stops the search.
func listItemStays(open [][]byte, x []byte, want1, want2 string) bool {
	var buf [24]byte
	for i := len(open) - 1; i >= 0; i-- {
		if s := lowerName(open[i], &buf); string(s) == want1 || string(s) == want2 || listStops[string(s)] {
			return true
		}
	}
	return listStops[string(x)]
}

// opened reports whether an element called name is open inside.
func opened(open [][]byte, name string) bool {
	for _, o := range open {
		if equalLower(o, name) {
			return true
		}
	}
	return false
}
