package extract

import (
	"bytes"
	"io"
	"slices"
	"strings"
)

// Scripts and style sheets are half the bytes of a typical news page, and
// the HTML tokenizer reads their text a byte at a time only for prepare to
// drop it. stripRawText cuts their text out before parsing, leaving the
// elements empty: the parse is the same tree less those text nodes. It
// empties comments likewise, and cuts the attributes of HTML elements
// that nothing here reads (readAttrs): the tokenizer copies every
// attribute into strings.
//
// It follows the tokenizer of golang.org/x/net/html (tags, attributes and
// their quotes, comments, bogus comments and raw text elements) and stops
// cutting, leaving the rest of the page as it is, wherever the tree
// builder could read the markup otherwise: foreign content (<svg>, <math>,
// where <style> is not raw text; an <svg> is passed over whole when it
// holds nothing that returns to HTML, and its content cut when well
// formed, see skipSVG), <select> and <frameset> (where a
// <noscript> can be read as raw text), <template>, <plaintext>, a script that hides its end tag in an
// escaped "<!-- <script>" section, and input that ends inside a tag.
// Scripts whose tag may say JSON-LD ("ld+json", or a character
// reference that could spell it) are kept: JSON-LD is metadata; other
// JSON (a framework's page state) is read by nothing here.

// stripRawText returns src with the text of its <script> and <style>
// elements, the text of its comments, the content of its inline <svg>s
// (see skipSVG) and the attributes nothing here reads (see readAttrs)
// removed; src itself when there is nothing to remove. Extract reads the
// same bytes through keptReader instead, which saves copying the page.
func stripRawText(src []byte) []byte {
	spans := keptSpans(src, newAttrSet())
	if len(spans) == 1 {
		return src
	}
	out := make([]byte, 0, len(src))
	for _, s := range spans {
		out = append(out, src[s.from:s.to]...)
	}
	return out
}

// span is the part src[from:to] of a page.
type span struct{ from, to int }

// keptSpans returns the parts of src that stripRawText keeps, in order;
// attributes of HTML start tags are kept when named in keep.
func keptSpans(src []byte, keep *attrSet) []span {
	var spans []span
	var attrs []attrSpan
	var buf [24]byte
	last := 0 // src[:last] is decided: kept, or cut
	cut := func(from, to int) {
		if to <= from {
			return
		}
		spans = append(spans, span{last, from})
		last = to
	}
	i := 0
scan:
	for {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 || i+j+1 >= len(src) {
			break
		}
		i += j
		c := src[i+1]
		switch {
		case asciiLetter(c):
			attrs = attrs[:0]
			nameEnd, end := scanTag(src, i+2, &attrs)
			if end < 0 {
				break scan
			}
			name := lowerName(src[i+1:nameEnd], &buf)
			switch string(name) {
			case "svg", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u":
				// Formatting elements keep all their attributes: the tree
				// builder compares them (its "Noah's Ark" clause drops the
				// oldest of three alike). <a> is not one: a new <a>
				// closes the last, so no two are ever alike.
			default:
				unread := keep.unreadValues(src, name, attrs)
				for _, a := range attrs {
					// After white space or a quote only: a cut after '/'
					// could leave "/>", a self-closing tag.
					n := src[a.from:a.nameEnd]
					if (!keep.has(n, name) || equalsAny(n, unread)) &&
						(tagSpace(src[a.from-1]) || src[a.from-1] == '"' || src[a.from-1] == '\'') {
						cut(a.from, a.to)
					}
				}
			}
			switch string(name) {
			case "svg":
				// Inline icons and logos: skipped whole, as foreign content,
				// when nothing in them leads the tree builder back to HTML.
				if src[end-2] == '/' {
					i = end // <svg/> holds nothing
					continue
				}
				after, closing := skipSVG(src, end)
				if after < 0 {
					break scan
				}
				if closing >= 0 {
					cut(end, closing)
				}
				i = after
				continue
			case "math", "select", "frameset", "plaintext", "template":
				break scan
			case "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes":
				// Raw text: the tokenizer reads it as text up to its end
				// tag (<noscript> is not: prepare parses with scripting
				// off, and the tree builder then reads it as markup).
			default:
				i = end
				continue
			}
			close := rawEnd(src, end, name)
			if close < 0 {
				break scan
			}
			switch string(name) {
			case "script":
				body := src[end:close]
				if k := bytes.Index(body, []byte("<!--")); k >= 0 && indexLower(body[k:], "<script") >= 0 {
					break scan // may be double-escaped: the end tag is elsewhere
				}
				if indexLower(src[i:end], "ld+json") < 0 && bytes.IndexByte(src[i:end], '&') < 0 {
					cut(end, close)
				}
			case "style":
				cut(end, close)
			}
			i = close
		case c == '/':
			if i+2 >= len(src) {
				break scan
			}
			switch c2 := src[i+2]; {
			case c2 == '>':
				i += 3
			case asciiLetter(c2):
				_, end := scanTag(src, i+3, nil)
				if end < 0 {
					break scan
				}
				i = end
			default:
				k := bytes.IndexByte(src[i+2:], '>')
				if k < 0 {
					break scan
				}
				i += 2 + k + 1
			}
		case c == '!':
			if bytes.HasPrefix(src[i+2:], []byte("--")) {
				end, closing := commentEnd(src, i+4)
				if end < 0 {
					break scan
				}
				// The comment stays as a node (it may part text nodes
				// the parser would otherwise join); prepare drops it.
				cut(i+4, closing)
				i = end
				continue
			}
			// A doctype or a bogus comment ends at the first '>'.
			k := bytes.IndexByte(src[i+2:], '>')
			if k < 0 {
				break scan
			}
			i += 2 + k + 1
		case c == '?':
			k := bytes.IndexByte(src[i+1:], '>')
			if k < 0 {
				break scan
			}
			i += 1 + k + 1
		default:
			i++
		}
	}
	return append(spans, span{last, len(src)})
}

// keptReader reads the kept spans of src one after another.
type keptReader struct {
	src   []byte
	spans []span
}

func (r *keptReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && len(r.spans) > 0 {
		s := &r.spans[0]
		k := copy(p[n:], r.src[s.from:s.to])
		n += k
		if s.from += k; s.from == s.to {
			r.spans = r.spans[1:]
		}
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	return n, nil
}

// skipSVG returns the index after the </svg> that closes an <svg> whose
// start tag ends at p, reading its content as the tokenizer does in
// foreign content (tags, comments; no raw text); -1 when the tree
// builder could leave foreign content inside it or read it otherwise: a
// tag that breaks out to HTML (<p>, <div>, <font color>…), a start tag
// inside an HTML integration point (<foreignObject>, <desc>, <title>),
// CDATA or another "<!" form, or input that ends first. Nested <svg>s
// are counted. The tree builder's svg depth is never above the count
// here, so cutting resumes only where it has left foreign content.
//
// closing is where that </svg> starts when the content is well formed
// (each end tag closes the element opened last), -1 otherwise: only then
// is all of it inside the <svg> for certain, and may be cut (prepare drops
// <svg> with its content).
func skipSVG(src []byte, p int) (end, closing int) {
	depth, integration := 1, 0
	open := [][]byte{[]byte("svg")}
	formed := true
	for {
		j := bytes.IndexByte(src[p:], '<')
		if j < 0 || p+j+2 >= len(src) {
			return -1, -1
		}
		p += j
		c := src[p+1]
		switch {
		case asciiLetter(c):
			nameEnd, end := scanTag(src, p+2, nil)
			if end < 0 || integration > 0 {
				return -1, -1
			}
			name := src[p+1 : nameEnd]
			if svgBreakout(name) {
				return -1, -1
			}
			if src[end-2] != '/' {
				open = append(open, name)
				switch {
				case equalLower(name, "svg"):
					depth++
				case equalLower(name, "foreignobject"), equalLower(name, "desc"), equalLower(name, "title"):
					integration++
				}
			}
			p = end
		case c == '/':
			if !asciiLetter(src[p+2]) {
				return -1, -1
			}
			nameEnd, end := scanTag(src, p+3, nil)
			if end < 0 {
				return -1, -1
			}
			name := src[p+2 : nameEnd]
			if top := len(open) - 1; top >= 0 && bytes.EqualFold(open[top], name) {
				open = open[:top]
			} else {
				formed = false
			}
			switch {
			case equalLower(name, "svg"):
				if integration > 0 {
					return -1, -1
				}
				if depth--; depth == 0 {
					if formed && len(open) == 0 {
						return end, p
					}
					return end, -1
				}
			case integration > 0 && (equalLower(name, "foreignobject") || equalLower(name, "desc") || equalLower(name, "title")):
				integration--
			}
			// Any other end tag can only close elements: at most it
			// leaves foreign content early, and the skip goes on to
			// </svg> regardless, cutting nothing meanwhile.
			p = end
		case c == '!' && bytes.HasPrefix(src[p+2:], []byte("--")):
			end, _ := commentEnd(src, p+4)
			if end < 0 {
				return -1, -1
			}
			p = end
		case c == '!' || c == '?':
			return -1, -1
		default:
			p++
		}
	}
}

// svgBreakout reports the start tags that end foreign content (the
// tree builder's breakout list; <font> breaks out with some attributes,
// so any <font> stops the skip).
func svgBreakout(name []byte) bool { return equalsAny(name, svgBreakoutTags) }

var svgBreakoutTags = []string{"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt",
	"em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
	"nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
	"ul", "var", "font", "math", "script", "style"}

func asciiLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func tagSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// equalLower reports whether b is the lowercase ASCII word s in any case.
func equalLower[S string | []byte](b []byte, s S) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if b[i] != s[i] && b[i] != s[i]-('a'-'A') {
			return false
		}
	}
	return true
}

// indexLower is bytes.Index for the lowercase ASCII word s in any case.
func indexLower(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if b[i]|0x20 == s[0] && equalLower(b[i:i+len(s)], s) {
			return i
		}
	}
	return -1
}

// scanTag reads a start or end tag as the tokenizer's readTag does, from
// p, just after the first letter of its name. It returns the end of the
// name and the index after the closing '>', or -1 when the input ends
// first. Each attribute's place is appended to attrs unless it is nil.
func scanTag(src []byte, p int, attrs *[]attrSpan) (nameEnd, end int) {
	k := p
	for k < len(src) && tagBytes[src[k]]&(byteSpace|byteSlash|byteGt) == 0 {
		k++
	}
	nameEnd = k
	record := func(a attrSpan) {
		if attrs != nil {
			*attrs = append(*attrs, a)
		}
	}
	for {
		for k < len(src) && tagBytes[src[k]]&byteSpace != 0 {
			k++
		}
		if k >= len(src) {
			return nameEnd, -1
		}
		if src[k] == '>' {
			return nameEnd, k + 1
		}
		// Attribute name: a leading '=' belongs to it.
		start := k
		for {
			if k >= len(src) {
				return nameEnd, -1
			}
			c := src[k]
			k++
			if c == '=' && k == start+1 {
				continue
			}
			if tagBytes[c]&(byteEq|byteSpace|byteSlash|byteGt) != 0 {
				k--
				break
			}
		}
		a := attrSpan{from: start, nameEnd: k, to: k}
		// Attribute value.
		for k < len(src) && tagBytes[src[k]]&byteSpace != 0 {
			k++
		}
		if k >= len(src) {
			return nameEnd, -1
		}
		c := src[k]
		k++
		if c != '=' {
			if c != '/' {
				k--
			}
			record(a)
			continue
		}
		for k < len(src) && tagBytes[src[k]]&byteSpace != 0 {
			k++
		}
		if k >= len(src) {
			return nameEnd, -1
		}
		switch q := src[k]; q {
		case '>':
		case '"', '\'':
			e := bytes.IndexByte(src[k+1:], q)
			if e < 0 {
				return nameEnd, -1
			}
			k += 1 + e + 1
		default:
			k++
			for k < len(src) && tagBytes[src[k]]&(byteSpace|byteGt) == 0 {
				k++
			}
			if k >= len(src) {
				return nameEnd, -1
			}
		}
		a.to = k
		record(a)
	}
}

// tagBytes classes the bytes that end the parts of a tag, for
// scanTag's loops: one load per byte instead of a chain of compares.
const (
	byteSpace uint8 = 1 << iota // white space, as tagSpace
	byteSlash
	byteGt
	byteEq
)

var tagBytes = func() (t [256]uint8) {
	for _, c := range []byte(" \n\r\t\f") {
		t[c] = byteSpace
	}
	t['/'], t['>'], t['='] = byteSlash, byteGt, byteEq
	return t
}()

// equalsAny reports whether b is one of the lowercase ASCII words in any case.
func equalsAny(b []byte, words []string) bool {
	for _, w := range words {
		if equalLower(b, w) {
			return true
		}
	}
	return false
}

// attrSpan is where an attribute stands in a tag: its name is
// src[from:nameEnd], the whole of it src[from:to].
type attrSpan struct{ from, nameEnd, to int }

// attrSet is a set of attribute names, lowercase, filed by length, each
// kept on any element or only on the elements listed beside it.
type attrSet struct {
	names [25][]string
	on    [25][][]string // nil: anywhere
	extra []string       // names a site rule's selectors test: always kept
}

// newAttrSet holds readAttrs, restricted as readAttrsOn says, and extra
// names (a site rule's selectors), kept anywhere.
func newAttrSet(extra ...string) *attrSet {
	s := attrSet{extra: extra}
	for _, n := range slices.Concat(readAttrs, extra) {
		if len(n) >= len(s.names) || slices.Contains(s.names[len(n)], n) {
			continue
		}
		on := readAttrsOn[n]
		if slices.Contains(extra, n) {
			on = nil
		}
		s.names[len(n)] = append(s.names[len(n)], n)
		s.on[len(n)] = append(s.on[len(n)], on)
	}
	return &s
}

// has reports whether name, in any case, is kept on the element tag
// (lowercase); a name too long to be filed is kept.
func (s *attrSet) has(name, tag []byte) bool {
	if len(name) >= len(s.names) {
		return true
	}
	for i, n := range s.names[len(name)] {
		if equalLower(name, n) {
			return s.on[len(name)][i] == nil || slices.Contains(s.on[len(name)][i], string(tag))
		}
	}
	return false
}

// unreadValues names the attributes of the start tag of element tag that
// nothing reads with the values they have: a <link>'s href and rel
// unless a rel says canonical, an <a>'s rel unless it says author or tag, a
// <script>'s type unless it says JSON-LD, a <meta>'s content and keys
// unless a key is one meta.fill reads (metaKeys). A value holding a
// character reference is kept, as are the names a site rule tests.
func (s *attrSet) unreadValues(src, tag []byte, attrs []attrSpan) []string {
	var names, keys []string       // the names cut, the names whose values decide
	var says func(val []byte) bool // the value that makes them read
	switch string(tag) {
	case "link":
		names, keys = linkUnread, relKey
		says = func(val []byte) bool { return indexLower(val, "canonical") >= 0 }
	case "a":
		names, keys = aUnread, relKey
		says = func(val []byte) bool { return indexLower(val, "author") >= 0 || indexLower(val, "tag") >= 0 }
	case "script":
		names, keys = scriptUnread, scriptUnread
		says = func(val []byte) bool { return indexLower(val, "ld+json") >= 0 }
	case "meta":
		names, keys = metaUnread, metaKeyAttrs
		says = func(val []byte) bool { return metaKeys[strings.ToLower(string(bytes.TrimSpace(val)))] }
	default:
		return nil
	}
	for _, n := range names {
		if slices.Contains(s.extra, n) {
			return nil
		}
	}
	for _, a := range attrs {
		if !equalsAny(src[a.from:a.nameEnd], keys) {
			continue
		}
		if val, ok := attrValue(src, a); !ok || says(val) {
			return nil
		}
	}
	return names
}

var (
	linkUnread   = []string{"href", "rel"}
	aUnread      = []string{"rel"}
	scriptUnread = []string{"type"}
	metaUnread   = []string{"content", "name", "property", "itemprop", "http-equiv"}
	metaKeyAttrs = metaUnread[1:] // what collectMeta files a <meta>'s content by
	relKey       = []string{"rel"}
)

// lowerName lowercases an ASCII name into buf, when it fits, for the
// look-ups that follow; a longer name is returned as it is.
func lowerName(name []byte, buf *[24]byte) []byte {
	b := buf[:]
	if len(name) > len(b) {
		return name
	}
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b[:len(name)]
}

// readAttrs are the attributes read by this package: the rest are cut
// before the parse, which then copies fewer strings. Site rules may
// name more (see Extractor.attrs).
var readAttrs = append([]string{"class", "id", "style", "hidden",
	"aria-hidden", "role", "href", "src", "alt", "srcset", "data-srcset",
	"data-lazy-srcset", "rel", "type", "content", "name", "property",
	"itemprop", "http-equiv", "datetime", "lang"}, lazySrcAttrs...)

// readAttrsOn names the only elements some of readAttrs are read on;
// elsewhere they are cut too (a script's src, a style sheet link's href,
// a <source>'s srcset). The tree builder reads an <input>'s type itself;
// "image" is read as "img".
var readAttrsOn = func() map[string][]string {
	img := []string{"img", "image"}
	m := map[string][]string{"src": img, "alt": img, "srcset": img,
		"data-srcset": img, "data-lazy-srcset": img,
		"content": {"meta"}, "name": {"meta"}, "property": {"meta"}, "http-equiv": {"meta"},
		"datetime": {"time"}, "type": {"script", "input"}, "href": {"a", "link", "base"}}
	for _, k := range lazySrcAttrs {
		m[k] = img
	}
	return m
}()

// rawEnd returns where the end tag of raw text starting at p stands: the
// first "</name" followed by white space, '/' or '>'; -1 when none does.
func rawEnd(src []byte, p int, name []byte) int {
	for {
		k := bytes.Index(src[p:], []byte("</"))
		if k < 0 {
			return -1
		}
		k += p
		e := k + 2 + len(name)
		if e < len(src) && equalLower(src[k+2:e], name) && (tagSpace(src[e]) || src[e] == '/' || src[e] == '>') {
			return k
		}
		p = k + 2
	}
}

// commentEnd returns the index after the comment whose text starts at p
// (after "<!--") and where its closing dashes start: "<!-->" and
// "<!--->" end at once, others at the first "-->" or "--!>"; -1 when
// the input ends first.
func commentEnd(src []byte, p int) (end, closing int) {
	k := p
	for k < len(src) && src[k] == '-' {
		k++
	}
	if k < len(src) && src[k] == '>' {
		return k + 1, p
	}
	for {
		q := bytes.Index(src[p:], []byte("--"))
		if q < 0 {
			return -1, -1
		}
		r := p + q + 2
		for r < len(src) && src[r] == '-' {
			r++
		}
		switch {
		case r < len(src) && src[r] == '>':
			return r + 1, p + q
		case r+1 < len(src) && src[r] == '!' && src[r+1] == '>':
			return r + 2, p + q
		}
		p = r
	}
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
	return v, !bytes.ContainsAny(v, "&\r\x00")
}
