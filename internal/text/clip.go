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
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
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
