package topic

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainText returns the text of an HTML fragment (a feed summary): tags
// dropped, entities decoded, script and style skipped, a line break where
// a block ends so that words in neighbouring paragraphs stay apart. Text
// without markup is returned as it is.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // depth inside script or style
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String() // io.EOF: a summary is a string, it cannot fail otherwise
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style {
				skip = max(0, skip+depthChange(tt))
			}
			if block(a) {
				b.WriteByte('\n')
			}
		}
	}
}

func depthChange(t html.TokenType) int {
	switch t {
	case html.StartTagToken:
		return 1
	case html.EndTagToken:
		return -1
	}
	return 0
}

// block reports elements that separate the words on either side.
func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Br, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Td, atom.Th,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Figcaption, atom.Hr:
		return true
	}
	return false
}
