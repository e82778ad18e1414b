package feed

import (
	"bytes"
	"regexp"
)

// reference matches what may follow "&" in well-formed XML.
var reference = regexp.MustCompile(`^(?:[a-zA-Z_][a-zA-Z0-9._-]{0,31}|#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8});`)

// Repair fixes the mistakes that make real feeds ill-formed XML, for a
// second parse attempt: bare ampersands are escaped, control characters
// that XML forbids are dropped, an unterminated CDATA section is closed at
// the end of the document, and so is a last end tag that lost its ">".
// Well-formed input comes back unchanged.
func Repair(b []byte) []byte {
	b = dropControls(b)
	b = escapeBareAmps(b)
	if i := bytes.LastIndex(b, []byte("<![CDATA[")); i >= 0 && !bytes.Contains(b[i:], []byte("]]>")) {
		b = append(b[:len(b):len(b)], "]]>"...)
	}
	if unclosedEnd.Match(b) { // a truncated last line: "</rss"
		b = append(bytes.TrimRight(b[:len(b):len(b)], " \t\r\n"), ">\n"...)
	}
	return b
}

var unclosedEnd = regexp.MustCompile(`</[A-Za-z_][\w:.-]*\s*$`)

// escapeBareAmps escapes each "&" that starts no reference ("AT&T",
// "?a=1&b=2"), leaving CDATA sections, where "&" is plain text, alone.
// It runs in linear time: the next CDATA start is searched for only once
// the previous one has been passed, not again for every "&", which made a
// hostile feed of a few MiB of ampersands take minutes.
func escapeBareAmps(b []byte) []byte {
	var out bytes.Buffer
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
		out.Write(b[:amp+1])
		b = b[amp+1:]
		if cdata >= 0 {
			cdata -= amp + 1
		}
		if !reference.Match(b) {
			out.WriteString("amp;")
		}
	}
	out.Write(b)
	return out.Bytes()
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
