package text

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// clipRunes is Clip as it was, through a []rune of the whole string: the
// reference the byte-cutting Clip must agree with.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"a  bcd", 3, "a…"}, // no space before the ellipsis
		{"反垄断法", 3, "反垄…"},
		{"反垄断", 3, "反垄断"},
		{"a\xffbc", 3, "a\uFFFD…"}, // a bad byte counts as one rune
		{"abcd", 1, "…"},
	} {
		if got := Clip(tc.s, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// Clip agrees with the []rune version on random strings of ASCII, spaces,
// Chinese, combining marks and bad bytes.
func TestClipSameAsRunes(t *testing.T) {
	pieces := []string{"a", "Z", " ", "\t", "\u00a0", "é", "e\u0301", "反", "垄", "😀", "\xff", "\xe5\x8f", "…"}
	r := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		var sb strings.Builder
		for range r.IntN(30) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		s, n := sb.String(), 1+r.IntN(25)
		if got, want := Clip(s, n), clipRunes(s, n); got != want {
			t.Fatalf("Clip(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}

func BenchmarkClip(b *testing.B) {
	s := strings.Repeat("Regulators fined the platform for blocking links. 反垄断 ", 20)
	for b.Loop() {
		Clip(s, 160)
	}
}
