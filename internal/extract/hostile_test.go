package extract

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/unicode"
)

// quotedProse is a few paragraphs of article text for the cases below.
var quotedProse = strings.Repeat("<p>The authority said the platform had blocked rivals for years, and ordered it to open its links within a month of the decision.</p>", 4)

// TestHostileShapes: pages of a few kilobytes shaped to make the parser
// or the Markdown converter do quadratic work. Pages of unclosed
// formatting tags are refused (two million elements from 22 KB took 15 s
// and 2 GB), however the tags are hidden or the blocks named; deeply
// nested quotes and lists are written as plain blocks below a depth (the
// converter re-quoted or re-indented every line at each level: 900 KB of
// Markdown from 17 KB, minutes for 480 quotes). Pages like real ones with
// unclosed tags are read.
func TestHostileShapes(t *testing.T) {
	var open strings.Builder
	for i := range 490 {
		fmt.Fprintf(&open, "<b class=c%d>", i)
	}
	bomb := func(hide, block string) string {
		return "<html><body><p>" + open.String() + hide + strings.Repeat(block, 4000)
	}
	closes := strings.Repeat("</b>", 490)
	words := strings.Repeat("Words, more words.<br>", 500)
	para := "<p>The committee heard evidence from the regulator and from three of the companies concerned, and will report in the spring.</p>\n"
	var liveblog, faq, cells strings.Builder
	liveblog.WriteString("<html><head><script>window.live={\"entries\":[")
	for i := range 150 {
		fmt.Fprintf(&liveblog, `{"content":"<p>Update %d: <a href=\"https:\/\/n.example\/%d\">said<\/a><\/p>"},`, i, i)
	}
	liveblog.WriteString("]};</script></head><body><article>" + strings.Repeat(para, 300) + "</article></body></html>")
	faq.WriteString("<HTML><BODY><H1>Questions</H1>\n")
	for i := range 250 {
		fmt.Fprintf(&faq, "<A NAME=\"q%d\"><H3>%d. Why?</H3>\n%s%s", i, i, para, para) // anchors never closed
	}
	cells.WriteString("<html><body><table>\n")
	for r := range 2000 {
		fmt.Fprintf(&cells, "<tr><td><font color=c%d>%d<td><font size=%d>%d</tr>\n", r, r, r%7, r) // each cell leaves a <font> open
	}
	cells.WriteString("</table>" + strings.Repeat(para, 10))
	for _, tc := range []struct {
		name, page string
		refused    bool
	}{
		{"unclosed formatting", bomb("", "<p>x"), true},
		{"closed in a comment", bomb("<!--"+closes+"-->", "<p>x"), true},
		{"closed in a script", bomb("<script>'"+closes+"'</script>", "<p>x"), true},
		{"closed in an attribute", bomb(`<p title="`+closes+`">`, "<p>x"), true},
		{"menu blocks", bomb("", "<menu>x</menu>"), true},
		{"listing blocks", bomb("", "<listing>x</listing>"), true},
		{"spans", bomb("", "</p><span>x</span>"), true},
		{"in a cell", "<html><body><table><tr><td>" + open.String() + strings.Repeat("<p>x", 4000), true},
		{"quotes", "<html><body><article>" + strings.Repeat("<blockquote>", 480) + words, false},
		{"lists", "<html><body><article>" + strings.Repeat("<ul><li>item ", 240) + words, false},
		{"ordered lists", "<html><body><article>" + strings.Repeat("<ol><li><p>item</p>", 240) + words, false},
		{"quoted lists", "<html><body><article>" + strings.Repeat("<blockquote><ul><li>item ", 160) + words, false},
		{"closed formatting", "<html><body><article>" + strings.Repeat("<p><b class=x>Bold</b> and <i>italic</i>, and more words in a paragraph.</p>", 4000), false},
		{"live blog", liveblog.String(), false},
		{"anchors left open", faq.String(), false},
		{"fonts left open in cells", cells.String(), false},
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
			if !strings.Contains(a.Text, "ords") && !strings.Contains(a.Text, "committee") {
				t.Errorf("the text is gone:\n%.300s", a.Text)
			}
		})
	}
}

// TestReopenedBounds: on random pages of formatting tags left open, closed,
// hidden in comments, scripts and attributes, blocks, tables and text,
// reopened is never below the elements the parser makes beyond two per
// piece of the page.
func TestReopenedBounds(t *testing.T) {
	pieces := []string{"</b>", "<i>", "</i>", "</font>", "</a>", "<nobr>", "<p>", "</p>", "x", "<div>", "</div>",
		"<span>", "</span>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<!-- </b> -->", "<script>'</b>'</script>", "<li>", "<ul>", "</ul>",
		"<h2>", "</h2>", "<menu>", "<dir>", "<blockquote>", "</blockquote>", "<br>", "<img src=x>", "<pre>", "</pre>", "<em>", "</em>",
		`<p title="</b>">`, "<caption>", "<button>", "<xmp>x</xmp>", "<textarea>a</b></textarea>", "<select><option>", "</select>"}
	opens := []string{"<b class=%d>", "<i id=%d>", "<font size=%d>", "<a name=%d>", "<em title=%d>"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		var b strings.Builder
		b.WriteString("<html><body>")
		n := 50 + r.IntN(1500)
		for range n {
			if p := pieces[r.IntN(len(pieces))]; r.IntN(4) > 0 {
				b.WriteString(p)
			} else {
				fmt.Fprintf(&b, opens[r.IntN(len(opens))], r.IntN(200))
			}
		}
		page := []byte(b.String())
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			continue // past the parser's depth
		}
		nodes := 0
		for range doc.Descendants() {
			nodes++
		}
		if est := reopened(page, 1<<30); nodes-2*n-10 > est {
			t.Fatalf("estimate %d, parser %d elements for %d pieces:\n%s", est, nodes, n, page)
		}
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

// TestQuoteEscapes: quoted text that looks like Markdown blocks stays
// text (the converter dropped its escapes inside a quote: "# Install"
// became a heading, "- then" a list), and a quoted list stays a list.
func TestQuoteEscapes(t *testing.T) {
	quote := "<blockquote><p># Install the tools</p><p>- then run make</p><p>Title<br>===</p>" +
		"<pre># Install\n- then</pre><ul><li>a real item in the quote, which is long enough to be kept</li><li>and a second item of the same list</li></ul></blockquote>"
	a, err := Extract([]byte("<html><body><article>"+quotedProse+quote+quotedProse+"</article></body></html>"), "text/html", "https://n.example/a")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"> \\# Install the tools", "> \\- then run make", "> \\===", "> \\# Install  \n> \\- then", "> - a real item in the quote"} {
		if !strings.Contains(a.Markdown, want) {
			t.Errorf("no %q in:\n%s", want, a.Markdown)
		}
	}
}

// TestBaseAndImageSchemes: a <base href> that is not http(s) with a host
// is ignored (mailto: made every relative link and image mailto:; "https:"
// dropped them), and an image is kept only from http(s).
func TestBaseAndImageSchemes(t *testing.T) {
	for _, base := range []string{"mailto:e@example.com", "https:"} {
		testBase(t, base)
	}
}

func testBase(t *testing.T, base string) {
	page := `<html><head><base href="` + base + `"></head><body><article>` + quotedProse +
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
	zh := strings.Repeat("<p>国务院办公厅关于进一步优化营商环境、降低市场主体制度性交易成本的意见，各省、自治区、直辖市人民政府。</p>", 20)
	for _, e := range []struct {
		charset, head, want string
		endian              unicode.Endianness
	}{
		{"utf-16le", "", "ordered it to open its links", unicode.LittleEndian},
		{"UTF-16BE", "", "ordered it to open its links", unicode.BigEndian},
		// Chinese after a long Chinese <title>: few NUL bytes to go by.
		{"utf-16", "<head><title>" + strings.Repeat("国务院办公厅关于优化营商环境的意见", 20) + "</title></head>", "直辖市人民政府", unicode.LittleEndian},
	} {
		page := "<html>" + e.head + "<body><article>" + quotedProse + zh + "</article></body></html>"
		b, err := unicode.UTF16(e.endian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(page))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Extract(b, "text/html; charset="+e.charset, "https://n.example/a")
		if err != nil || !strings.Contains(a.Text, e.want) {
			t.Errorf("%s: %v", e.charset, err)
		}
	}
	// Bytes that are not UTF-16 markup stay binary whatever the header
	// says (a TIFF or an archive mislabelled).
	noise := rand.New(rand.NewPCG(3, 4))
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(noise.Uint32())
	}
	copy(junk, "II*\x00") // a TIFF's signature, which the sniffer does not know
	for _, ct := range []string{"text/html; charset=utf-16le", "image/tiff; charset=utf-16"} {
		if _, err := Extract(junk, ct, "https://n.example/a"); !errors.Is(err, ErrNotHTML) {
			t.Errorf("%s: %v, want binary", ct, err)
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

// TestDeepNestingApart: lists and quotes past maxNest, written as plain
// blocks, keep their text apart (it ran together: "marketClause seven").
func TestDeepNestingApart(t *testing.T) {
	words := []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	var list, mail strings.Builder
	for _, w := range words {
		list.WriteString("<ul><li>Clause " + w + " of the order applies to every platform operator in the market")
		mail.WriteString("On Monday " + w + " wrote:<blockquote>")
	}
	list.WriteString(strings.Repeat("</li></ul>", len(words)))
	mail.WriteString("The first message." + strings.Repeat("</blockquote>", len(words)))
	for _, body := range []string{list.String(), mail.String()} {
		a, err := Extract([]byte("<html><body><article>"+quotedProse+body+quotedProse+"</article></body></html>"), "text/html", "https://n.example/a")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(a.Markdown, "marketClause") || strings.Contains(a.Markdown, "wrote:On") || strings.Contains(a.Markdown, "wrote:The") {
			t.Errorf("blocks run together:\n%s", a.Markdown)
		}
	}
}

// TestReopenedShapes: the estimate is not fooled where the parser and a
// byte scan read a page differently (each of these let a 22-85 KB page
// of 10 s and 1 GB through): closing tags the parser ignores (in a
// <select>, in a table for a tag opened outside it, in <?…>), comments
// the tokenizer ends early (<!-->), raw text it ends late (</scripts) or
// does not have (<style> in <svg>), and cells it does not have (a stray
// <td>) or keeps (an empty table inside a cell, Noah's Ark per cell).
func TestReopenedShapes(t *testing.T) {
	var b strings.Builder
	for i := range 100 {
		fmt.Fprintf(&b, "<b class=c%d>", i)
	}
	open, closes, blocks := b.String(), strings.Repeat("</b>", 100), strings.Repeat("<p>x", 200)
	for name, page := range map[string]string{
		"open":                "<html><body><p>" + open + blocks,
		"closed in a table":   "<html><body><p>" + open + "<table>" + closes + "</table>" + blocks,
		"opened after <!-->":  "<html><body><p><!-->" + open + "<!-- -->" + blocks,
		"a stray <td>":        "<html><body><p>" + open + "<td>" + blocks,
		"a table in a cell":   "<html><body><table><tr><td><p>" + open + "<table></table>" + blocks,
		"closed in <select>":  "<html><body><p>" + open + "<select>" + closes + "</select>" + blocks,
		"closed in <?…>":      "<html><body><p>" + open + strings.Repeat("<?</b>", 100) + blocks,
		"after </scripts":     "<html><body><p>" + open + "<script></scripts" + closes + "</script>" + blocks,
		"opened in svg style": "<html><body><p><svg><style>" + open + "</style></svg>" + blocks,
		"three before a cell": "<html><body>" + strings.Repeat(open, 3) + "<table><tr><td><p>" + open + blocks,
	} {
		doc, err := html.ParseWithOptions(strings.NewReader(page), html.ParseOptionEnableScripting(false))
		if err != nil {
			t.Fatal(err)
		}
		elements := 0
		for n := range doc.Descendants() {
			if n.Type == html.ElementNode {
				elements++
			}
		}
		tags := strings.Count(page, "<")
		if est := reopened([]byte(page), 1<<30); est < elements-3*tags {
			t.Errorf("%s: estimate %d, the parser makes %d elements for %d tags", name, est, elements, tags)
		}
	}
}
