package site

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"docket/internal/cputime"
)

func TestCapNesting(t *testing.T) {
	deep := func(unit string, n int) string { return strings.Repeat(unit, n) + "x" }
	tests := []struct{ name, in, want string }{
		{"plain", "a\n\n- b\n  - c\n> d\n", "a\n\n- b\n  - c\n> d\n"},
		{"at the cap", deep("- ", maxNesting), deep("- ", maxNesting)},
		{"bullets", deep("- ", maxNesting+3), strings.Repeat("- ", maxNesting) + `\- - - x`},
		{"quotes", deep(">", maxNesting+1), strings.Repeat(">", maxNesting) + `\>x`},
		{"ordered", deep("1. ", maxNesting+1), strings.Repeat("1. ", maxNesting) + `1\. x`},
		{"mixed, second line", "ok\n" + deep("> * ", 9), "ok\n" + strings.Repeat("> * ", 8) + `\> * x`},
		{"not markers", strings.Repeat("-- ", 40), strings.Repeat("-- ", 40)},
		{"digits to the end", "123", "123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(capNesting([]byte(tt.in))); got != tt.want {
				t.Errorf("capNesting(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestMarkdownLinear: a pathological body renders in time about linear
// in its size. 80 KB of "- - - …" took 27 s before nesting was capped.
func TestMarkdownLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	for _, unit := range []string{"- ", "> ", "1. ", "* - > "} {
		small, big := renderTime(pathological(unit, 10<<10)), renderTime(pathological(unit, 80<<10))
		// 8 times the input; allow 4 times more for noise, where n² would be 64.
		if big > 32*small+50*time.Millisecond {
			t.Errorf("%q: 10 KB in %v, 80 KB in %v: not linear", unit, small, big)
		}
	}
}

func pathological(unit string, size int) []byte {
	return []byte(strings.Repeat(unit, size/len(unit)) + "x\n")
}

// renderTime is the least CPU time of three renders of src: one render
// on a busy machine (CI runs the packages' tests side by side) can take
// many times its due on the wall clock, and fail a test of growth, not
// of speed.
func renderTime(src []byte) time.Duration {
	best := time.Duration(math.MaxInt64)
	for range 3 {
		best = min(best, cputime.Of(func() { renderBody(src) }))
	}
	return best
}

func renderBody(src []byte) string {
	md := newMarkdown()
	doc, s := parseMarkdown(md, src, "/x/")
	html, _, _ := renderMarkdown(md, s, doc, 0)
	return html
}

// BenchmarkPathologicalMarkdown shows the cost per byte staying flat as a
// "- - - …" body grows (go test -bench Pathological -run ^$).
func BenchmarkPathologicalMarkdown(b *testing.B) {
	for _, size := range []int{10 << 10, 80 << 10} {
		src := pathological("- ", size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				renderBody(src)
			}
		})
	}
}

// FuzzCapNesting: capping never changes a document that does not nest
// too deep, only ever adds backslashes, and keeps UTF-8 valid.
func FuzzCapNesting(f *testing.F) {
	f.Add([]byte("- a\n  - b\n> c\n1. d\n"))
	f.Add(pathological("- ", 100))
	f.Add(pathological("> 1) ", 200))
	f.Fuzz(func(t *testing.T, src []byte) {
		got := capNesting(src)
		if n := len(got) - len(src); n < 0 || n > strings.Count(string(src), "\n")+1 {
			t.Fatalf("capNesting added %d bytes", n)
		}
		if strings.ReplaceAll(string(got), `\`, "") != strings.ReplaceAll(string(src), `\`, "") {
			t.Fatalf("capNesting changed more than backslashes: %q -> %q", src, got)
		}
		if utf8.Valid(src) && !utf8.Valid(got) {
			t.Fatalf("capNesting broke UTF-8")
		}
	})
}

// TestTablePaddingLinear: GFM pads a table's short rows to the header's
// width, so a header of n columns over n one-character rows made n²
// cells; a fetched article could stall the build with it. Such a
// paragraph stays text, at the top level and in a quote or a list; a
// table of ordinary shape, short rows too, is still a table.
func TestTablePaddingLinear(t *testing.T) {
	const n = 1000
	for _, prefix := range []string{"", "> ", "- "} {
		src := prefix + strings.Repeat("|a", n) + "|\n" + prefix + strings.Repeat("|-", n) + "|\n" + strings.Repeat(prefix+"x\n", n)
		if html := renderBody([]byte(src)); len(html) > 16*len(src) {
			t.Errorf("%q: %d bytes of Markdown made %d of HTML", prefix, len(src), len(html))
		}
	}
	if html := renderBody([]byte("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 |\n")); strings.Count(html, "<td") != 6 {
		t.Errorf("an ordinary table with a short row:\n%s", html)
	}
}
