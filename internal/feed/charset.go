package feed

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"docket/internal/text"
)

var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*\?>`)
var declEncoding = regexp.MustCompile(`encoding\s*=\s*["']([^"']*)["']`)

// ToUTF8 converts a feed's bytes to UTF-8 by the one charset decision
// (text.Decode: byte order mark, HTTP charset, XML declaration, valid
// UTF-8, detection ordered by lang, the source's BCP 47 language tag) and
// reports the charset's WHATWG name. The XML declaration of the result
// says utf-8, so parsers do not convert twice.
func ToUTF8(body []byte, contentType, lang string) ([]byte, string, error) {
	out, label, err := text.Decode(body, contentType, lang)
	if err != nil {
		return nil, label, fmt.Errorf("feed: %w", err)
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	return rewriteDecl(out), label, nil
}

// rewriteDecl makes the XML declaration agree with the UTF-8 bytes.
func rewriteDecl(b []byte) []byte {
	loc := xmlDecl.FindIndex(b)
	if loc == nil {
		return b
	}
	decl := b[loc[0]:loc[1]]
	if !declEncoding.Match(decl) {
		return b
	}
	fixed := declEncoding.ReplaceAll(decl, []byte(`encoding="utf-8"`))
	out := make([]byte, 0, len(b)+len(fixed)-len(decl))
	out = append(out, b[:loc[0]]...)
	out = append(out, fixed...)
	return append(out, b[loc[1]:]...)
}

func primaryTag(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		return lang[:i]
	}
	return lang
}
