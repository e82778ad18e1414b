package extract

import "strings"

// The Markdown converter decides whether each '[' of the text needs a
// backslash by reading on to the next ']' or line end, so a paragraph of
// unclosed brackets costs it time in the square of its length: 80,000
// "![" (160 KB, under a page's size cap by far) took 12 s, and 5 MB
// would take hours of a fetch. bracketScan counts that reading in one
// pass; past maxBracketScan the text is written as plain Markdown
// instead (a real page's brackets close within a few characters).
const maxBracketScan = 4 << 20

// bracketScan bounds the bytes the converter would read after the '['
// characters of text: up to the next ']', not the line end, as the
// converter's lines are not the text's (a heading's line breaks are one
// line to it).
func bracketScan(text string) int {
	n, stop := 0, len(text)
	for i := len(text) - 1; i >= 0; i-- {
		switch text[i] {
		case ']':
			stop = i
		case '[':
			n += stop - i
		}
	}
	return n
}

// plainMarkdown writes text (blocks apart by blank lines) as Markdown
// that renders as exactly that text: each character that could open
// markup inline is escaped, and so is one that would make its line a
// heading, list item, quote, rule or code block.
func plainMarkdown(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		line = strings.Trim(line, " \t") // leading: code block; trailing: hard break
		digits := len(line) - len(strings.TrimLeft(line, "0123456789"))
		for j := 0; j < len(line); j++ {
			c := line[j]
			if strings.IndexByte("\\`*_[]<>!|~&", c) >= 0 || j == 0 && strings.IndexByte("#+-=", c) >= 0 ||
				j == digits && digits > 0 && (c == '.' || c == ')') {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}
