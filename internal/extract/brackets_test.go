package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
)

// TestUnclosedBracketsLinear: a paragraph of unclosed brackets costs time
// in proportion to its length. The converter read from each '[' to the
// paragraph's end: 80,000 "![" took 12 s, against milliseconds for the
// same page with letters for its brackets; it may now take at most 5
// times as long as that page (the fastest of three runs of each).
func TestUnclosedBracketsLinear(t *testing.T) {
	page := func(unit string, n int) []byte {
		block := "p"
		if strings.HasSuffix(unit, "<br>") {
			block = "h2" // a heading is one line to the converter
		}
		return []byte("<html><body><article>" + quotedProse + "<" + block + ">" + strings.Repeat(unit, n) + "</" + block + "></article></body></html>")
	}
	for _, unit := range []string{"[", "![", "a [", "[\n", "[[[[[<br>"} {
		// Against the same page with letters for brackets, timed at the
		// same moment: a busy machine slows both.
		const large = 80000
		tl, a := fastest(t, page(unit, large))
		tc, _ := fastest(t, page(strings.ReplaceAll(unit, "[", "x"), large))
		if tl > 5*tc+5*time.Millisecond {
			t.Errorf("%q: %d took %v, the same page of letters %v", unit, large, tl, tc)
		}
		if n := strings.Count(unit, "[") * large; !strings.Contains(a.Markdown, "open its links") || strings.Count(a.Markdown, `\[`) != n {
			t.Errorf("%q: the text is not all there, %d brackets escaped:\n%.300s", unit, n, a.Markdown)
		}
	}
}

// TestBracketScan: the count is what the converter reads, and a real
// page's brackets (links, citations, editors' notes) stay far under the
// limit, so its Markdown keeps its links.
func TestBracketScan(t *testing.T) {
	for text, want := range map[string]int{
		"":              0,
		"no brackets":   0,
		"[1] and [23]":  2 + 3,
		"a [b\nc] d":    4,
		"[[x]":          3 + 2,
		"open [ at end": 8,
	} {
		if got := bracketScan(text); got != want {
			t.Errorf("bracketScan(%q) = %d, want %d", text, got, want)
		}
	}
	a, err := Extract([]byte("<html><body><article>"+quotedProse+strings.Repeat(`<p>As reported [1], the <a href="https://n.example/d">decision</a> [sic] stands.</p>`, 2000)+"</article></body></html>"), "text/html", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(a.Markdown, "](https://n.example/d)") != 2000 {
		t.Errorf("a long page of closed brackets lost its links:\n%.300s", a.Markdown)
	}
}

// TestPlainMarkdown: the plain Markdown renders as its text, with no
// markup of its own (the site's linkify, left out here, still links bare
// URLs, as in any entry).
func TestPlainMarkdown(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote))
	tags := regexp.MustCompile(`<(/?p|br ?/?)>`)
	for _, line := range []string{
		"# not a heading", "## nor this", "- not a list", "+ nor this", "* nor this", "1. not ordered", "10) nor this",
		"> not a quote", "---", "===", "***", "*em* and **strong** and _under_", "[a](https://x.example/) ![i](https://x.example/i.png)",
		"<b>raw</b> &amp; &#65; <!-- c -->", "`code` and ``more``", "a | b | c", "--|--", "~~struck~~", "    indented four",
		`back\slash \* and \\`, "[^1] and [x]: https://x.example/", "<https://x.example/>", "Plain words, 3.5% and (parentheses).",
	} {
		var out bytes.Buffer
		src := plainMarkdown("Before.\n\n" + line + "\n\nAfter.")
		if err := md.Convert([]byte(src), &out); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if rest := tags.ReplaceAllString(got, ""); strings.Contains(rest, "<") {
			t.Errorf("%q: markup in %q (from %q)", line, got, src)
			continue
		}
		want := fmt.Sprintf("<p>Before.</p>\n<p>%s</p>\n<p>After.</p>\n", html.EscapeString(strings.TrimSpace(line)))
		if got != strings.ReplaceAll(want, "&#39;", "'") && html.UnescapeString(got) != html.UnescapeString(want) {
			t.Errorf("%q: rendered %q, want %q (from %q)", line, got, want, src)
		}
	}
}
