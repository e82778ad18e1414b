package extract

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

// quotedProse is a few paragraphs of article text for the cases below.
var quotedProse = strings.Repeat("<p>The authority said the platform had blocked rivals for years, and ordered it to open its links within a month of the decision.</p>", 4)

// TestHostileShapes: pages of a few kilobytes shaped to make the parser
// or the Markdown converter do quadratic work. A page of unclosed
// formatting tags is refused (two million elements from 22 KB took 15 s
// and 2 GB); deeply nested quotes and lists are written as plain blocks
// below a depth (the converter re-quoted or re-indented every line at each
// level: 900 KB of Markdown from 17 KB, minutes for 480 quotes).
func TestHostileShapes(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("<html><body><p>")
	for i := range 490 {
		fmt.Fprintf(&bomb, "<b class=c%d>", i)
	}
	bomb.WriteString(strings.Repeat("<p>x", 4000))
	words := strings.Repeat("Words, more words.<br>", 500)
	for _, tc := range []struct {
		name, page string
		refused    bool
	}{
		{"unclosed formatting", bomb.String(), true},
		{"quotes", "<html><body><article>" + strings.Repeat("<blockquote>", 480) + words, false},
		{"lists", "<html><body><article>" + strings.Repeat("<ul><li>item ", 240) + words, false},
		{"ordered lists", "<html><body><article>" + strings.Repeat("<ol><li><p>item</p>", 240) + words, false},
		{"quoted lists", "<html><body><article>" + strings.Repeat("<blockquote><ul><li>item ", 160) + words, false},
		{"closed formatting", "<html><body><article>" + strings.Repeat("<p><b class=x>Bold</b> and <i>italic</i>, and more words in a paragraph.</p>", 4000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract([]byte(tc.page), "text/html", "https://example.com/a")
			if tc.refused {
				if !errors.Is(err, ErrTooComplex) {
					t.Fatalf("err %v, want ErrTooComplex", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(a.Markdown) > 2*len(tc.page) {
				t.Errorf("%d bytes of Markdown from %d of HTML", len(a.Markdown), len(tc.page))
			}
			if !strings.Contains(a.Markdown, "more words") {
				t.Errorf("the text is gone:\n%.300s", a.Markdown)
			}
		})
	}
}

// TestPreInQuote: the lines of a <pre> in a quote stay text; the Markdown
// converter quoted only the first, so the others were read as Markdown (a
// live image and link, a fence that turned the rest into code).
func TestPreInQuote(t *testing.T) {
	for _, pre := range []string{
		"Clause 4.2\n![](https://tracker.example/p.gif)\n[Read it](https://phish.example/)\n```\n",
		"<code>line one\n  line two [x](https://phish.example/)\n```</code>",
	} {
		page := "<html><body><article>" + quotedProse + "<blockquote><pre>" + pre + "</pre></blockquote>" + quotedProse + "</article></body></html>"
		a, err := Extract([]byte(page), "text/html", "https://n.example/a")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(a.Markdown, "\n") {
			if strings.Contains(line, "phish") || strings.Contains(line, "tracker.example") || strings.Contains(line, "line two") {
				if !strings.HasPrefix(line, "> ") || strings.Contains(line, "](") && !strings.Contains(line, `\[`) {
					t.Errorf("a line of the quoted <pre> is live Markdown: %q\n%s", line, a.Markdown)
				}
			}
			if strings.HasPrefix(line, "```") {
				t.Errorf("a fence outside the quote:\n%s", a.Markdown)
			}
		}
		if !strings.HasSuffix(a.Markdown, "within a month of the decision.") {
			t.Errorf("the text after the quote is not a paragraph:\n%s", a.Markdown)
		}
	}
}

// TestBaseAndImageSchemes: a <base href> that is not http(s) is ignored
// (mailto: made every relative link and image mailto:), and an image is
// kept only from http(s).
func TestBaseAndImageSchemes(t *testing.T) {
	page := `<html><head><base href="mailto:e@example.com"></head><body><article>` + quotedProse +
		`<p>The <a href="/d.pdf">decision</a> and a chart: <img src="/c.png" alt="chart"> <img src="mailto:x@example.com" alt="no"></p>` + quotedProse + `</article></body></html>`
	a, err := Extract([]byte(page), "text/html", "https://n.example/news/a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Markdown, "(https://n.example/d.pdf)") || !strings.Contains(a.Markdown, "(https://n.example/c.png)") {
		t.Errorf("relative addresses not resolved against the page:\n%s", a.Markdown)
	}
	if strings.Contains(a.Markdown, "mailto:") {
		t.Errorf("a mailto: image or base:\n%s", a.Markdown)
	}
}

// TestUTF16Declared: UTF-16 without a BOM, declared by the header, is
// text (it was refused as binary for its NUL bytes).
func TestUTF16Declared(t *testing.T) {
	page := "<html><body><article>" + quotedProse + "</article></body></html>"
	for _, e := range []struct {
		charset string
		endian  unicode.Endianness
	}{{"utf-16le", unicode.LittleEndian}, {"UTF-16BE", unicode.BigEndian}} {
		b, err := unicode.UTF16(e.endian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(page))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Extract(b, "text/html; charset="+e.charset, "https://n.example/a")
		if err != nil || !strings.Contains(a.Text, "ordered it to open its links") {
			t.Errorf("%s: %v", e.charset, err)
		}
	}
}

// TestReopenedCorpus: no page of the corpora comes near maxReopened
// (DOCKET_CORPUS).
func TestReopenedCorpus(t *testing.T) {
	dir := corpus(t)
	most := 0
	for _, set := range []string{"aeb", "articles-zh"} {
		files, _ := filepath.Glob(filepath.Join(dir, set, "html", "*"))
		if len(files) == 0 {
			t.Fatalf("no pages in %s", set)
		}
		for _, f := range files {
			page, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if n := reopened(page, maxReopened); n > maxReopened/100 {
				t.Errorf("%s reopens %d elements", f, n)
			}
			most = max(most, reopened(page, maxReopened))
		}
	}
	t.Logf("at most %d elements reopened", most)
}
