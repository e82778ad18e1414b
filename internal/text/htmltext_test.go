package text

import (
	"strings"
	"testing"
)

// htmlTextSeeds are texts without markup where the tokenizer might still
// do more than hand the text over (line ends, NULs and other controls,
// odd spaces), and some with markup.
var htmlTextSeeds = []string{
	"", " ", "plain words", "two\r\nlines\rand\nmore", "nul\x00in it", "\x00", "tab\there",
	"nbsp\u00a0and\u3000ideographic", "zero\u200bwidth\ufeff", "反垄断 调查", "a > b", "a \"quoted\" 'word'",
	"<p>one</p><p>two</p>", "AT&amp;T", "a & b", "<script>x</script>y", "bad \xff utf-8", "=?utf-8?", "]]> -->",
}

// TestHTMLToTextShortcut: text without '<' or '&' skips the tokenizer
// and comes out as the tokenizer would give it.
func TestHTMLToTextShortcut(t *testing.T) {
	for _, s := range htmlTextSeeds {
		if got, want := HTMLToText(s), tokensToText(s); got != want {
			t.Errorf("HTMLToText(%q) = %q, the tokenizer gives %q", s, got, want)
		}
	}
}

func FuzzHTMLToTextShortcut(f *testing.F) {
	for _, s := range htmlTextSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := HTMLToText(s), tokensToText(s); got != want {
			t.Errorf("HTMLToText(%q) = %q, the tokenizer gives %q", s, got, want)
		}
	})
}

// cleanTextModel is CleanText as it was first written, by the standard
// library's pieces; the one-pass CleanText must agree with it.
func cleanTextModel(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\u3000':
			return ' '
		case '\u200b', '\ufeff', '\u202d', '\u202e':
			return -1
		}
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f && r != 0x85 {
			return -1 // control characters, C1's too, but NEL is a space
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

var cleanTextSeeds = append([]string{
	"a  b", " lead", "trail ", "a\tb", "a\vb", "\u2028line\u2029sep", "em\u2003space", "nel\u0085x",
	"ok \ufffd", "é ", " é", "é  é", "ogham\u1680space", "\x7fdel", "c1\u009b2J\u0081x", "a \u200b b", "\ufeff", "\u202egnp.exe", "a\u202d b",
}, htmlTextSeeds...)

func TestCleanTextModel(t *testing.T) {
	for _, s := range cleanTextSeeds {
		if got, want := CleanText(s), cleanTextModel(s); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range cleanTextSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CleanText(s), cleanTextModel(s); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", s, got, want)
		}
	})
}
