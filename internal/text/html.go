package text

import (
	"strings"

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
			tag := string(name)
			if skipTags[tag] {
				skip += tagDepth(tt)
				if skip < 0 {
					skip = 0
				}
			}
			if blockTags[tag] {
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
// zero-width spaces) into one space and trims the ends.
func CleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\u3000':
			return ' '
		case '\u200b', '\ufeff':
			return -1
		}
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
