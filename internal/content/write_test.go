package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"docket/internal/projfile"
)

// FuzzRenderRoundTrip: every string fetch writes into front matter reads
// back, through Parse, as itself. Seeds are values a YAML fuzzer found
// written unquoted (issue #12).
//
// Once the fuzzer holds values of a few kilobytes, the progress line can
// show "0/sec" for up to a minute at a time: the fuzzing engine is then
// minimizing a new interesting input, trying O(n²) cuts of it without
// counting them (golang/go#48820, #51484), for up to -fuzzminimizetime
// (60s by default). Render and Parse are not stuck (TestRenderLargeValues,
// seed minimize-stall-3757b). To keep the engine fuzzing, bound it:
//
//	go test ./internal/content -run '^$' -fuzz FuzzRenderRoundTrip -fuzzminimizetime 1000x
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
		roundTrip(t, title, summary, source, guid, author)
	})
}

// roundTrip renders a news item with these values and checks that Parse
// reads back the same.
func roundTrip(t *testing.T, title, summary, source, guid, author string) {
	t.Helper()
	e := &Entry{Title: title, Date: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), Summary: summary,
		Source: source, GUID: guid, Author: author, URL: "https://example.com/a"}
	data, err := Render(e, "Body.")
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	d, ps := Parse("p", "news/2026/11/x", data, nil)
	if d == nil || len(ps) > 0 {
		t.Fatalf("does not parse back: %v\n%.2000s", ps, data)
	}
	got := [5]string{d.Title, d.Summary, d.Source, d.GUID, d.Author}
	want := [5]string{title, summary, source, guid, author}
	if got != want {
		t.Fatalf("round trip changed values:\n got %.500q\nwant %.500q\n%.2000s", got, want, data)
	}
}

// TestRenderLargeValues: long values of the kinds the fuzzer grows (runs of
// control characters, line breaks, indicators, quotes) round-trip in every
// field. These are the inputs that seemed to hang FuzzRenderRoundTrip; a
// hang or a quadratic blow-up here shows as the go test timeout.
func TestRenderLargeValues(t *testing.T) {
	tests := []struct {
		name, head, unit, tail string // unit is repeated to about n bytes
		n                      int
	}{
		{"fuzz guid: DC1 run then line break", "", "\x11", "\n0", 919},
		{"fuzz summary: vertical tabs", "Cu", "\v", "mmary.", 2140},
		{"control characters", "", "\x01\x1f\x7f", "", 4000},
		{"line breaks", "x", "\n", "x", 4000},
		{"CRLF lines", "", "a\r\n", "", 4000},
		{"trailing-space lines", "", "a \n", "", 4000},
		{"Unicode line separators", "", "\u0085\u2028", "", 4000},
		{"mapping indicators", "", ": ", "", 4000},
		{"sequence indicators", "", "- ", "", 4000},
		{"flow indicators", "", "[{,}]", "", 4000},
		{"quotes", "", "'\"", "", 4000},
		{"comments", "", " #", "", 4000},
		{"anchors and aliases", "", "&a *a ", "", 4000},
		{"tags", "", "!!str ", "", 4000},
		{"backslashes", "", "\\", "", 4000},
		{"tabs", "", "\t", "", 4000},
		{"plain words", "", "word ", "", 64 << 10},
		{"long lines", "", strings.Repeat("x", 200) + "\n", "", 64 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.head + strings.Repeat(tt.unit, tt.n/len(tt.unit)) + tt.tail
			sum := v // longer ones are refused; fetch writes 300 runes at most
			for len(sum) > MaxSummary || !utf8.ValidString(sum) {
				sum = sum[:min(len(sum), MaxSummary)-1]
			}
			roundTrip(t, "t"+v, sum, v, v, v)
		})
	}
}

// TestCreateTempFiles: Create's temporary files are dot files that do not
// end in .md, RemoveTemp deletes those a killed run left (older ".tmp-*"
// ones too) and nothing else.
func TestCreateTempFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "news", "2026", "11")
	if _, err := projfile.CreateTemp(filepath.Join(dir, "a.md")); err == nil {
		t.Fatal("CreateTemp in a missing folder succeeded")
	}
	if err := Create(root, "news/2026/11/a.md", []byte("x")); err != nil {
		t.Fatal(err)
	}
	f, err := projfile.CreateTemp(filepath.Join(dir, "b.md"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	name := filepath.Base(f.Name())
	if !strings.HasPrefix(name, ".b.md.tmp-") || strings.HasSuffix(name, ".md") || !IsTemp(name) {
		t.Errorf("temporary name %q", name)
	}
	os.WriteFile(filepath.Join(dir, ".tmp-123"), nil, 0o600)
	if err := RemoveTemp(filepath.Join(root, "news")); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 || left[0].Name() != "a.md" {
		t.Errorf("left after RemoveTemp: %v", left)
	}
	if err := RemoveTemp(filepath.Join(root, "missing")); err != nil {
		t.Errorf("missing folder: %v", err)
	}
}
