package feed

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// reference matches what may follow "&" in well-formed XML.
var reference = regexp.MustCompile(`^(?:[a-zA-Z_][a-zA-Z0-9._-]{0,31}|#[0-9]+|#[xX][0-9a-fA-F]+);`)

// Repair fixes the mistakes that make real feeds ill-formed XML, for a
// second parse attempt: bare ampersands are escaped, control characters
// that XML forbids are dropped and so are references to them ("&#0;"),
// an unterminated CDATA section is closed before the end tag of its
// element (else at the end of the document), and so is a last end tag
// that lost its ">".
// Well-formed input comes back unchanged, and repaired input comes back
// unchanged from a second repair: a pass that dropped a reference is made
// again (the drop can join "<![CDA" and "TA[" into a section the pass had
// no reason to close), at most three passes in all.
func Repair(b []byte) []byte {
	b, dropped := repairOnce(b)
	for i := 0; dropped && i < 2; i++ {
		b, dropped = repairOnce(b)
	}
	return b
}

func repairOnce(b []byte) ([]byte, bool) {
	b = dropControls(b)
	b = closeCDATA(b)
	b, dropped := escapeBareAmps(b)
	if unclosedEnd.Match(b) { // a truncated last line: "</rss"
		b = append(bytes.TrimRight(b[:len(b):len(b)], " \t\r\n"), ">\n"...)
	}
	return b, dropped
}

var unclosedEnd = regexp.MustCompile(`</[A-Za-z_][\w:.-]*\s*$`)

var (
	cdataOpen  = []byte("<![CDATA[")
	cdataClose = []byte("]]>")
	// openTag is the start tag right before a CDATA section.
	openTag = regexp.MustCompile(`<([A-Za-z_][\w:.-]*)[^<>]*>\s*$`)
)

// closeCDATA closes each CDATA section that has no "]]>", or none before
// the next section and its element's end tag. Closing it at the end of the
// document swallowed every item after a broken title; it ends before its
// element's end tag ("<title><![CDATA[A</title>"), and a "]]" that lost
// its ">" there becomes "]]>". Like escapeBareAmps it runs in linear time:
// the next "]]>" is searched for again only once it has been passed.
func closeCDATA(b []byte) []byte {
	var out bytes.Buffer
	done := 0     // b[:done] is in out
	closeAt := -2 // offset in b of the next "]]>", -1 when none; -2: not searched yet
	for done < len(b) {
		start := indexFrom(b, done, cdataOpen)
		if start < 0 {
			break
		}
		from := start + len(cdataOpen)
		if closeAt != -1 && closeAt < from {
			closeAt = indexFrom(b, from, cdataClose)
		}
		limit := indexFrom(b, from, cdataOpen)
		if limit < 0 {
			limit = len(b)
		}
		cut := -1
		if closeAt < 0 || limit < closeAt {
			cut = endTagIn(b[max(done, start-256):start], b[from:limit])
		}
		if cut < 0 && closeAt >= 0 { // closed, perhaps with "<![CDATA[" as text
			out.Write(b[done : closeAt+len(cdataClose)])
			done = closeAt + len(cdataClose)
			continue
		}
		if cut < 0 {
			cut = limit - from
		}
		out.Write(b[done:from])
		out.Write(bytes.TrimSuffix(b[from:from+cut], []byte("]]")))
		out.Write(cdataClose)
		done = from + cut
	}
	if out.Len() == 0 {
		return b
	}
	out.Write(b[done:])
	return out.Bytes()
}

func indexFrom(b []byte, from int, sep []byte) int {
	if i := bytes.Index(b[from:], sep); i >= 0 {
		return from + i
	}
	return -1
}

// endTagIn is the offset in body of the end tag of the element whose start
// tag ends before, or -1.
func endTagIn(before, body []byte) int {
	m := openTag.FindSubmatch(before)
	if m == nil {
		return -1
	}
	return bytes.Index(body, []byte("</"+string(m[1])+">"))
}

// escapeBareAmps escapes each "&" that starts no reference ("AT&T",
// "?a=1&b=2"), leaving CDATA sections, where "&" is plain text, alone.
// It runs in linear time: the next CDATA start is searched for only once
// the previous one has been passed, not again for every "&", which made a
// hostile feed of a few MiB of ampersands take minutes.
func escapeBareAmps(b []byte) ([]byte, bool) {
	var out bytes.Buffer
	dropped := false
	cdata := -2 // offset in b of the next "<![CDATA[", -1 when none; -2: not searched yet
	for len(b) > 0 {
		amp := bytes.IndexByte(b, '&')
		if amp < 0 {
			break
		}
		if cdata == -2 {
			cdata = bytes.Index(b, []byte("<![CDATA["))
		}
		if cdata >= 0 && cdata < amp {
			end := bytes.Index(b[cdata:], []byte("]]>"))
			if end < 0 {
				break
			}
			out.Write(b[:cdata+end+3])
			b = b[cdata+end+3:]
			cdata = -2
			continue
		}
		out.Write(b[:amp])
		b = b[amp+1:]
		skip := 0
		switch ref := reference.Find(b); {
		case ref == nil:
			out.WriteString("&amp;")
		case forbiddenRef(ref): // "&#0;" in one title failed the whole feed
			skip, dropped = len(ref), true
		default:
			out.WriteByte('&')
		}
		b = b[skip:]
		if cdata >= 0 {
			cdata -= amp + 1 + skip
		}
	}
	out.Write(b)
	return out.Bytes(), dropped
}

// forbiddenRef reports a numeric reference ("#0;", "#x1F;", without its
// "&") to a character XML forbids: a control, a surrogate, U+FFFE or
// U+FFFF, or a number past Unicode.
func forbiddenRef(ref []byte) bool {
	if ref[0] != '#' {
		return false
	}
	num, base := ref[1:len(ref)-1], 10
	if num[0] == 'x' || num[0] == 'X' {
		num, base = num[1:], 16
	}
	r, err := strconv.ParseInt(string(num), base, 32)
	return err != nil || isForbiddenControl(rune(r)) || r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF || r > unicode.MaxRune
}

func dropControls(b []byte) []byte {
	if bytes.IndexFunc(b, isForbiddenControl) < 0 {
		return b
	}
	return bytes.Map(func(r rune) rune {
		if isForbiddenControl(r) {
			return -1
		}
		return r
	}, b)
}

func isForbiddenControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r'
}

// closeTruncated ends a feed that was cut off in transfer after its last
// complete item and closes the elements that hold the items, so that one
// item is lost and not all; the half item is left out rather than read
// half. It returns nil for a document that is not cut off after an item.
func closeTruncated(b []byte) []byte {
	for _, c := range []struct{ item, root, closers string }{
		{"</entry>", "</feed>", "</feed>\n"},
		{"</item>", "</rdf:RDF>", "</rdf:RDF>\n"},
		{"</item>", "</rss>", "</channel></rss>\n"},
	} {
		end := bytes.LastIndex(b, []byte(c.item))
		open := "<" + strings.TrimSuffix(strings.TrimPrefix(c.root, "</"), ">")
		if end < 0 || !bytes.Contains(b[:end], []byte(open)) || bytes.Contains(b[end:], []byte(c.root)) {
			continue
		}
		head := b[:end+len(c.item)]
		return append(head[:len(head):len(head)], c.closers...)
	}
	return nil
}
