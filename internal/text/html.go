package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// blockTags end a paragraph when feed HTML is reduced to text.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "td": true, "th": true, "section": true,
	"article": true, "figure": true, "figcaption": true, "hr": true,
}

// skipTags hold no readable text.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "iframe": true, "object": true, "template": true}

// HTMLToText reduces untrusted feed HTML to plain text: tags dropped,
// entities decoded, script and style contents removed, whitespace collapsed,
// paragraphs separated by a blank line. An inline tag separates nothing, as
// in a browser: "<b>anti</b>trust" is one word. The result is inert in any
// context that escapes text.
func HTMLToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		// One text token, which the tokenizer would only hand over:
		// skipping it saves its 4 KB buffer, most of the garbage of
		// reading a large archive's summaries.
		return CleanText(s)
	}
	return tokensToText(s)
}

// tokensToText is HTMLToText through the tokenizer.
func tokensToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var paras []string
	var cur strings.Builder
	skip := 0
	flush := func() {
		if t := CleanText(cur.String()); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if skipTags[string(name)] { // looked up without a copy of the name
				skip += tagDepth(tt)
				if skip < 0 {
					skip = 0
				}
			}
			if blockTags[string(name)] {
				flush()
			}
		}
	}
}

func tagDepth(t html.TokenType) int {
	switch t {
	case html.StartTagToken:
		return 1
	case html.EndTagToken:
		return -1
	}
	return 0
}

// CleanText collapses runs of white space (including no-break and
// zero-width spaces) into one space and trims the ends. Control
// characters other than tab and line breaks, and the bidirectional
// overrides, are dropped, and bytes that are not UTF-8 become U+FFFD.
// Text that is already clean, as most titles and summaries are, comes
// back without a copy.
func CleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	gap := false // white space seen since the last written rune
	for _, r := range s {
		switch {
		case dropped(r):
			continue
		case unicode.IsSpace(r): // no-break and ideographic spaces too
			gap = b.Len() > 0
			continue
		}
		if gap {
			b.WriteByte(' ')
			gap = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dropped reports the runes CleanText removes without a trace: among
// them the bidirectional overrides, which make "‮gnp.exe" read as
// "exe.png" (text in either direction shows right without them), and the
// control characters, C1's too (U+009B starts a terminal's escape
// sequence); NEL, U+0085, is a space.
func dropped(r rune) bool {
	switch {
	case r < ' ':
		return r != '\t' && r != '\n' && r != '\r'
	case r >= 0x7f && r <= 0x9f:
		return r != 0x85
	}
	return r == '\u200b' || r == '\ufeff' || r == '\u202d' || r == '\u202e'
}

// isClean reports whether CleanText would return s unchanged: printable
// ASCII with single inner spaces, or runes that are neither spaces nor
// dropped.
func isClean(s string) bool {
	prev := byte(' ') // a leading space is not clean
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if prev == ' ' {
				return false
			}
		case c < ' ' || c == 0x7f:
			return false
		case c >= utf8.RuneSelf:
			return isCleanRunes(s[i:], prev == ' ')
		}
		prev = c
	}
	return prev != ' ' || len(s) == 0
}

// isCleanRunes is isClean past the first non-ASCII byte.
func isCleanRunes(s string, afterSpace bool) bool {
	for _, r := range s {
		switch {
		case r == utf8.RuneError, dropped(r), r != ' ' && unicode.IsSpace(r):
			return false
		case r == ' ':
			if afterSpace {
				return false
			}
			afterSpace = true
			continue
		}
		afterSpace = false
	}
	return !afterSpace
}
