package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The one rule for shortening text that a reader sees: at most n runes,
// the last of them an ellipsis when anything was cut, no space before the
// ellipsis.

// Clip shortens s to at most n runes (n > 0), ending with "…" if it cut.
// It cuts at the byte where rune n-1 starts rather than converting all
// of s to runes: summaries are clipped for every card and search row.
func Clip(s string, n int) string {
	cut, i := 0, 0
	for k := range n {
		if i >= len(s) {
			return s
		}
		if k == n-1 {
			cut = i
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	if i >= len(s) {
		return s
	}
	kept := s[:cut]
	if !utf8.ValidString(kept) { // as []rune would: each bad byte a U+FFFD
		kept = string([]rune(kept))
	}
	return strings.TrimRightFunc(kept, unicode.IsSpace) + "…"
}

// OneLine is s on one line: runs of white space and control characters
// become one space, the ends are trimmed, and the result is clipped to n
// runes.
func OneLine(s string, n int) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	return Clip(s, n)
}

// ClipBody cuts a body longer than n bytes at the last paragraph break
// before it (or at n, on a rune's edge) and marks the cut.
func ClipBody(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.ToValidUTF8(s[:n], "")
	if i := strings.LastIndex(cut, "\n\n"); i > 0 {
		cut = cut[:i]
	}
	return cut + "\n\n…\n"
}
