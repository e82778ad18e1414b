package text

import "testing"

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
