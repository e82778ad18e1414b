package site

import (
	"html/template"
	"strings"
	"unicode/utf8"

	"docket/internal/content"
)

// maxFeedText caps how much of a feed's summary, kept as a body when
// extraction failed, is shown or indexed: such text comes from the feed
// as it is, and a feed may send megabytes.
const maxFeedText = 64 << 10

// Quoted reports whether the item's body is its outlet's words, which
// fetch wrote (extracted: true or false), not an editor's.
func (it *Item) Quoted() bool {
	return it.Kind == content.News && it.Extracted != nil
}

// feedText reports whether the item's body is a feed's summary rather
// than an extracted article (extracted: false). Such a body is text from
// the feed, not Markdown an editor or the extractor wrote: rendered as
// Markdown, "![x](https://tracker…)" in it would become a live image.
func (it *Item) feedText() bool {
	return it.Quoted() && !*it.Extracted
}

// bodyText is the item's body as plain text, for search and feeds: a
// feed's summary as it is (capped), or the text of the Markdown.
func (b *builder) bodyText(it *Item, src []byte) string {
	if it.feedText() {
		return clipBytes(string(src), maxFeedText)
	}
	doc, src := parseMarkdown(b.md, src, it.URL)
	return textOf(doc, src)
}

// textHTML renders text as escaped paragraphs, one a blank line, keeping
// when words > 0 the paragraphs within that many words, as truncate does
// blocks (the first cut inside when past it); it reports whether it cut
// anything.
func textHTML(text string, words int) (template.HTML, bool) {
	clipped := clipBytes(text, maxFeedText)
	cut := len(clipped) < len(text)
	text = clipped
	var sb strings.Builder
	n := 0
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		fields := strings.Fields(para)
		if len(fields) == 0 {
			continue
		}
		para = strings.Join(fields, " ")
		if words > 0 {
			at, w, han, end, past := cutText([]byte(para), n, 0, words)
			if past {
				switch {
				case n > 0: // as truncate: the paragraph that passes goes
				case end >= 0:
					writePara(&sb, para[:end])
				default:
					writePara(&sb, para[:at]+"…")
				}
				return template.HTML(sb.String()), true
			}
			n += w + han/2
		}
		writePara(&sb, para)
	}
	return template.HTML(sb.String()), cut
}

func writePara(sb *strings.Builder, para string) {
	sb.WriteString("<p>")
	sb.WriteString(template.HTMLEscapeString(para))
	sb.WriteString("</p>\n")
}

// clipBytes cuts s to at most n bytes, at a rune boundary.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
