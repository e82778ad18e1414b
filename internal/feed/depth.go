package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
)

// maxDepth is the deepest nesting of elements a feed may have. Real feeds
// nest a dozen deep; gofeed reads an element of a foreign namespace by
// recursing once a level, and a stack overflow is fatal, past recover: a
// 6 MB feed of two million unclosed elements ended the whole fetch.
const maxDepth = 4096

// checkDepth refuses an XML document nested deeper than maxDepth. It
// counts tags, not a parse: comments, CDATA, declarations and processing
// instructions are skipped, and a tag ends at the first '>' outside
// quotes; what it cannot read it leaves to the parser.
func checkDepth(doc []byte) error {
	if t := bytes.TrimLeft(doc, " \t\r\n\ufeff"); len(t) == 0 || t[0] != '<' {
		return nil // JSON Feed, whose nesting its decoder limits
	}
	depth := 0
	for i := 0; i < len(doc); {
		j := bytes.IndexByte(doc[i:], '<')
		if j < 0 {
			return nil
		}
		i += j
		rest := doc[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(doc, i, "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast(doc, i, "]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast(doc, i, "?>")
		case bytes.HasPrefix(rest, []byte("</")):
			depth = max(depth-1, 0)
			i = skipPast(doc, i, ">")
		case bytes.HasPrefix(rest, []byte("<!")):
			i = skipPast(doc, i, ">")
		default:
			end := tagEnd(doc, i)
			if end < 0 {
				return nil
			}
			if doc[end-1] != '/' && !void(doc[i+1:end]) {
				if depth++; depth > maxDepth {
					return fmt.Errorf("feed: elements nested more than %d deep", maxDepth)
				}
			}
			i = end + 1
		}
	}
	return nil
}

// void reports whether a tag (its text after "<") is an HTML element
// that has no end tag (<br>, <img>): raw HTML in a description leaves
// them open, and gofeed's lenient parser closes them itself.
func void(tag []byte) bool {
	end := bytes.IndexAny(tag, " \t\r\n/")
	if end < 0 {
		end = len(tag)
	}
	return slices.Contains(xml.HTMLAutoClose, strings.ToLower(string(tag[:end])))
}

// skipPast is the index after the first sep at or after i, or len(doc).
func skipPast(doc []byte, i int, sep string) int {
	k := bytes.Index(doc[i:], []byte(sep))
	if k < 0 {
		return len(doc)
	}
	return i + k + len(sep)
}

// tagEnd is the index of the '>' that ends the tag at i, outside quoted
// attribute values; -1 when there is none.
func tagEnd(doc []byte, i int) int {
	var quote byte
	for k := i + 1; k < len(doc); k++ {
		switch c := doc[k]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k
		}
	}
	return -1
}
