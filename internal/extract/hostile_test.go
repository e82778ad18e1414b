package extract

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	stdunicode "unicode"

	"docket/internal/cputime"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/unicode"
)

// quotedProse is a few paragraphs of article text for the cases below.
var quotedProse = strings.Repeat("<p>The authority said the platform had blocked rivals for years, and ordered it to open its links within a month of the decision.</p>", 4)

// TestHostileShapes: pages of a few kilobytes shaped to make the parser
// or the Markdown converter do quadratic work. Pages of unclosed
// formatting tags are refused (two million elements from 22 KB took 9-15
// s and over 1 GB), whatever trick hides the tags from a reading of the
// bytes: each case below got past a model of the parser that three
// reviews found wanting. Deeply nested quotes and lists are written as
// plain blocks below a depth (the converter re-quoted or re-indented
// every line at each level: 900 KB of Markdown from 17 KB, minutes for 480
// quotes). Pages like real ones with unclosed tags are read.
func TestHostileShapes(t *testing.T) {
	var open strings.Builder
	for i := range 490 {
		fmt.Fprintf(&open, "<b class=c%d>", i)
	}
	bomb := func(before, after, block string) string {
		return "<html><body><p>" + before + open.String() + after + strings.Repeat(block, 4000)
	}
	closes := strings.Repeat("</b>", 490)
	words := strings.Repeat("Words, more words.<br>", 500)
	para := "<p>The committee heard evidence from the regulator and from three of the companies concerned, and will report in the spring.</p>\n"
	var liveblog, faq, cells, portal strings.Builder
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
	portal.WriteString("<html><body><form><select name=q><option>All<input type=submit></form>") // a <select> never closed
	for i := range 40 {
		fmt.Fprintf(&portal, "<ul class=list%d>", i)
		for j := range 40 {
			fmt.Fprintf(&portal, "<li><a href=/n/%d/%d>News item %d of list %d</a> <font color=#999><b>11-%02d</b></font> <i>new</i></li>", i, j, j, i, j%30)
		}
		portal.WriteString("</ul>")
	}
	portal.WriteString(strings.Repeat(para, 20) + "</body></html>")
	for _, tc := range []struct {
		name, page string
		refused    bool
	}{
		{"unclosed formatting", bomb("", "", "<p>x"), true},
		{"closed in a comment", bomb("", "<!--"+closes+"-->", "<p>x"), true},
		{"closed in a script", bomb("", "<script>'"+closes+"'</script>", "<p>x"), true},
		{"closed in an attribute", bomb("", `<p title="`+closes+`">`, "<p>x"), true},
		{"closed in a select", bomb("", "<select>"+closes+"</select>", "<p>x"), true},
		{"closed in a table", bomb("", "<table>"+closes+"</table>", "<p>x"), true},
		{"closed in an object", bomb("", "<object>"+closes+"</object>", "<p>x"), true},
		{"closed in svg", bomb("", "<svg><desc>"+closes+"</desc></svg>", "<p>x"), true},
		{"after a comment ending --!>", bomb("<!-- a --!>", "", "<p>x"), true},
		{"after an attribute named =\"", bomb(`<b ="x>`, "", "<p>x"), true},
		{"after an empty comment", bomb("<!-->", "<!-- -->", "<p>x"), true},
		{"in a table", bomb("<table>", "</table>", "<p>x"), true},
		{"menu blocks", bomb("", "", "<menu>x</menu>"), true},
		{"behind 2 MB of text", "<html><body><div>" + strings.Repeat("word ", 400_000) + bomb("", "", "<p>x")[12:], true},
		// Shapes a model of the parser took for bombs, which the parser
		// builds cheaply: read.
		{"in a cell", "<html><body><table><tr><td>" + open.String() + strings.Repeat("<p>x", 4000), false},
		{"spans", bomb("", "", "</p><span>x</span>"), false},
		{"quotes", "<html><body><article>" + strings.Repeat("<blockquote>", 480) + words, false},
		{"lists", "<html><body><article>" + strings.Repeat("<ul><li>item ", 240) + words, false},
		{"ordered lists", "<html><body><article>" + strings.Repeat("<ol><li><p>item</p>", 240) + words, false},
		{"quoted lists", "<html><body><article>" + strings.Repeat("<blockquote><ul><li>item ", 160) + words, false},
		{"closed formatting", "<html><body><article>" + strings.Repeat("<p><b class=x>Bold</b> and <i>italic</i>, and more words in a paragraph.</p>", 4000), false},
		{"live blog", liveblog.String(), false},
		{"anchors left open", faq.String(), false},
		{"fonts left open in cells", cells.String(), false},
		{"a portal with an unclosed select", portal.String(), false},
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
			if !strings.Contains(a.Text, "ords") && !strings.Contains(a.Text, "committee") && !strings.Contains(a.Text, "x") {
				t.Errorf("the text is gone:\n%.300s", a.Text)
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

// TestQuotedPreLines: the lines of a quoted <pre> get at most
// maxQuotedLines breaks, each an element for the converter (two million
// lines took 6 s and 2.7 GB), and blank ones none.
func TestQuotedPreLines(t *testing.T) {
	for _, lines := range []string{strings.Repeat("l\n", 200_000), "x" + strings.Repeat("\n", 400_000) + "x"} {
		a, err := Extract([]byte("<html><body><article>"+quotedProse+"<blockquote><pre>"+lines+"</pre></blockquote>"+quotedProse+"</article></body></html>"), "text/html", "https://n.example/a")
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(a.HTML, "<br"); n > maxQuotedLines {
			t.Errorf("%d line breaks for a quoted <pre>", n)
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

// TestTablePaddingLinear: the converter pads every row of a table to the
// widest, so a row of n cells over n rows of one made n² cells (60 KB of
// HTML, 36 MB of Markdown). Such a table is written as plain blocks, its
// text kept; a table of ordinary shape, a short row too, stays a table.
func TestTablePaddingLinear(t *testing.T) {
	const n = 3000
	page := "<table><tr>" + strings.Repeat("<th>head</th>", n) + "</tr>" + strings.Repeat("<tr><td>cell</td></tr>", n) + "</table>"
	a, err := Extract([]byte("<html><body><article>"+quotedProse+page+quotedProse+"</article></body></html>"), "text/html", "https://n.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Markdown) > 2*len(page) || strings.Count(a.Markdown, "cell") != n {
		t.Errorf("%d bytes of table made %d of Markdown, with %d of its %d cells", len(page), len(a.Markdown), strings.Count(a.Markdown, "cell"), n)
	}
	for table, want := range map[string]bool{
		"<table><tr><th>Party</th><th>Fine</th></tr><tr><td>Alpha</td><td>EUR 5m</td></tr><tr><td>Beta</td></tr></table>": false,
		page: true,
	} {
		doc, err := html.Parse(strings.NewReader(table))
		if err != nil {
			t.Fatal(err)
		}
		if got := padded(find(doc, atom.Table)); got != want {
			t.Errorf("padded = %v, want %v: %.80s", got, want, table)
		}
	}
}

// TestLinkParagraphLinear: one paragraph of many links (a hostile page,
// or a link farm) costs time in proportion to its links. Its head line
// was built by concatenating each link's text to the line so far: 200,000
// links took 39 s. The fastest of three runs is compared with the same
// paragraph of spans, timed together (a busy machine slows both): it may
// take at most 5 times as long (40,000 links, quadratic: about 25 times).
func TestLinkParagraphLinear(t *testing.T) {
	page := func(tag, attr string, n int) []byte {
		var b strings.Builder
		b.WriteString("<html><body><p>")
		for i := range n {
			fmt.Fprintf(&b, `<%s %s="/l%d">link %d</%s> `, tag, attr, i, i, tag)
		}
		b.WriteString("</p></body></html>")
		return []byte(b.String())
	}
	const n = 40000
	links, _ := fastest(t, page("a", "href", n))
	spans, _ := fastest(t, page("span", "title", n))
	if links > 5*spans+5*time.Millisecond {
		t.Errorf("%d links took %v, as many spans %v: more than linear", n, links, spans)
	}
}

// fastest extracts body three times and returns the least CPU time and
// the article.
func fastest(t *testing.T, body []byte) (time.Duration, *Article) {
	t.Helper()
	best, a := time.Duration(math.MaxInt64), (*Article)(nil)
	for range 3 {
		var err error
		// CPU time: on the wall clock of a busy machine a long run is
		// interrupted where a short one is not.
		best = min(best, cputime.Of(func() { a, err = Extract(body, "text/html", "") }))
		if err != nil {
			t.Fatal(err)
		}
	}
	return best, a
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

// TestControlCharacters: control characters in a page's text (a
// terminal's escape sequences, backspaces, C1 controls), which browsers
// do not show, are not written to the Markdown or the text, whichever
// opinion found it: the Markdown lands in content/ and `docket extract`
// prints it to a terminal.
func TestControlCharacters(t *testing.T) {
	dirty := "The authority ordered \x1b]0;title\x07the \x1b[2Jplatforms\x08\x08 to open\x7f their \u009b31mmessaging services to rivals within a year, and said it would check compliance every quarter."
	ldBody := `The authority ordered \u001b[2Jthe platforms to open their messaging services to rivals within a year, and said it would check compliance every quarter.`
	for name, page := range map[string]string{
		"scorer": "<html><body><article><p>" + dirty + "</p><p>" + dirty + "</p></article></body></html>",
		"json-ld": `<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"` + ldBody + `\n` + ldBody + `\n` + ldBody +
			`"}</script></head><body><div id="app"><p>Loading…</p></div></body></html>`,
	} {
		a, err := Extract([]byte(page), "", "https://example.com/a")
		if err != nil {
			t.Fatal(err)
		}
		for field, s := range map[string]string{"markdown": a.Markdown, "text": a.Text, "html": a.HTML} {
			if strings.ContainsFunc(s, func(r rune) bool { return stdunicode.IsControl(r) && r != '\n' && r != '\t' }) || !strings.Contains(s, "ordered") {
				t.Errorf("%s (%s): %s %q", name, a.Method, field, s)
			}
		}
	}
}

// TestJSONLDBodyBomb: an articleBody holding HTML is parsed as the page
// is, on the same budget: one of unclosed formatting tags (22 KB, two
// million elements and 1.3 GB unbounded, whose 4,000 paragraphs then
// made the opinion) is read as none, as quickly as such a page is
// refused.
func TestJSONLDBodyBomb(t *testing.T) {
	var open strings.Builder
	for i := range 490 {
		fmt.Fprintf(&open, "<b class=c%d>", i)
	}
	body := "<p>" + open.String() + strings.Repeat("<p>x", 4000)
	page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"` + body +
		`"}</script></head><body><div id="app"><p>Loading…</p></div></body></html>`
	start := cputime.Used()
	a, err := Extract([]byte(page), "text/html", "https://example.com/a")
	if err != nil {
		t.Fatal(err)
	}
	if used := cputime.Used() - start; used > 5*time.Second || a.Method == "json-ld" {
		t.Errorf("%v of CPU time, method %q", used, a.Method)
	}
}

// largestRead records the largest Read asked of it.
type largestRead struct {
	r   io.Reader
	max int
}

func (l *largestRead) Read(p []byte) (int, error) {
	l.max = max(l.max, len(p))
	return l.r.Read(p)
}

// TestBudgetReadInPieces: the parse budget is checked between reads, so
// the parser gets a page a small piece at a time; given the 4 KB and more
// its tokenizer asks for, a bomb of unclosed tags ran seconds past it.
func TestBudgetReadInPieces(t *testing.T) {
	src := &largestRead{r: strings.NewReader(strings.Repeat("<p>text ", 4000))}
	if _, err := html.Parse(newBudgetReader(src)); err != nil {
		t.Fatal(err)
	}
	if src.max == 0 || src.max > budgetChunk {
		t.Errorf("largest read %d bytes, want at most %d", src.max, budgetChunk)
	}
}
