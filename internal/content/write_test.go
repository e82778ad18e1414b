package content

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzRenderRoundTrip: every string fetch writes into front matter reads
// back, through Parse, as itself. Seeds are values a YAML fuzzer found
// written unquoted (issue #12).
func FuzzRenderRoundTrip(f *testing.F) {
	for _, s := range []string{
		"? question", ".inf", "-.inf", ".nan", ".NaN", "~", "null", "yes", "no", "on", "0x1f", "1e3", "0o17",
		"- item", "key: value", "a #b", "&anchor", "*alias", "!tag", "%dir", "@x", "`x", "|", ">", "---", "...",
		"  lead", "trail ", "line\nbreak", "\ttab", "2021-09-28", "12:30", "'q'", "\"q\"", "[x]", "{x}", "x\r\ny",
		"\u0085", "\u2028", "\ufeffbom", "\x7f", "a\x00b", "\n\nx\n\n", "plain title",
	} {
		f.Add(s, "Summary.", "Reuters", "guid-1", "Ann Author")
		f.Add("Title", s, s, s, s)
	}
	f.Fuzz(func(t *testing.T, title, summary, source, guid, author string) {
		for _, s := range []string{title, summary, source, guid, author} {
			if !utf8.ValidString(s) {
				t.Skip("fetch writes valid UTF-8 only")
			}
		}
		if strings.TrimSpace(title) == "" {
			title = "t" // an empty title is refused; fetch always gives one
		}
		e := &Entry{Title: title, Date: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), Summary: summary,
			Source: source, GUID: guid, Author: author, URL: "https://example.com/a"}
		data, err := Render(e, "Body.")
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		d, ps := Parse("p", "news/2026/11/x", data, nil)
		if d == nil || len(ps) > 0 {
			t.Fatalf("does not parse back: %v\n%s", ps, data)
		}
		got := [5]string{d.Title, d.Summary, d.Source, d.GUID, d.Author}
		want := [5]string{title, summary, source, guid, author}
		if got != want {
			t.Fatalf("round trip changed values:\n got %q\nwant %q\n%s", got, want, data)
		}
	})
}
