package site

import (
	"testing"

	"docket/internal/text"
)

// summaryTextSeeds are summaries where the tokenizer might do more than
// split text: line ends, NULs and other controls, odd spaces, markup.
var summaryTextSeeds = []string{
	"", " ", "plain words", "two\r\nlines\rand\nmore", "nul\x00in it", "\x00", "tab\there",
	"nbsp\u00a0and\u3000ideographic", "zero\u200bwidth\ufeff", "反垄断 调查", "a > b", "a \"quoted\" 'word'",
	"<p>one</p><p>two</p>", "AT&amp;T", "a & b", "<script>x</script>y", "bad \xff utf-8", "=?utf-8?", "]]> -->",
}

// TestSummaryText: the shortcut for summaries without markup gives what
// text.HTMLToText gives.
func TestSummaryText(t *testing.T) {
	for _, s := range summaryTextSeeds {
		if got, want := summaryText(s), text.HTMLToText(s); got != want {
			t.Errorf("summaryText(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzSummaryText(f *testing.F) {
	for _, s := range summaryTextSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := summaryText(s), text.HTMLToText(s); got != want {
			t.Errorf("summaryText(%q) = %q, want %q", s, got, want)
		}
	})
}
