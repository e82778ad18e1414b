package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"docket/internal/golden"
)

// fullGFM is newMarkdown as it was before lazyLinkify: GFM's own linkify
// runs on every source.
func fullGFM() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.NewCJK()),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkRewriter{}, 100)),
		),
	)
}

// parsedViews is what a build takes from a parsed body: its HTML, its
// text for search, the words of each top-level block and its HTML cut to
// a lead.
func parsedViews(t *testing.T, md goldmark.Markdown, src string) []string {
	t.Helper()
	doc, b := parseMarkdown(md, []byte(src), "/news/2021/09/x/")
	html, _, err := renderMarkdown(md, b, doc, 0)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		words = append(words, strings.Repeat("w", countWords(c, b)))
	}
	doc, b = parseMarkdown(md, []byte(src), "/news/2021/09/x/")
	lead, cut, err := renderMarkdown(md, b, doc, 7)
	if err != nil {
		t.Fatal(err)
	}
	return []string{html, textOf(doc, b), strings.Join(words, " "), lead, map[bool]string{true: "cut"}[cut]}
}

// sameAsFullGFM fails unless newMarkdown gives what fullGFM does.
func sameAsFullGFM(t *testing.T, name, src string) {
	t.Helper()
	got, want := parsedViews(t, newMarkdown(), src), parsedViews(t, fullGFM(), src)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: view %d differs:\n got %q\nwant %q", name, i, got[i], want[i])
		}
	}
}

func TestLazyLinkifySame(t *testing.T) {
	tests := []struct{ name, src string }{
		{"plain", "The commission fined the company.\nA second line  \nand a hard break.\n\nAnother paragraph."},
		{"parentheses inside words", "Fines(EUR) rose (sharply) to 5(b)(ii); see art.102(1)."},
		{"escaped", `\(not\) \*emph\* and a\\(b) back\slash`},
		{"emphasis", "*one* _two_ ~~three~~ **four** ~x~ (*five*) a_b_c"},
		{"cjk", "国家市场监督管理总局（市场监管总局）对阿里巴巴处以罚款(182.28亿元)。\n第二行"},
		{"list and quote", "- item (a)\n- item(b)\n\n> quoted (text)\n\n1. first\n2. second"},
		{"table", "| a(b) | c |\n|---|---|\n| (1) | x(2) |"},
		{"url", "see https://example.org/a(b) and www.example.com."},
		{"email", "write to press@example.org (desk)."},
		{"near misses", "HTTP: WWW.EXAMPLE.COM ftp and mailto without an address"},
		{"long", strings.Repeat("word(x) another (y) ", 3000)},
		{"links in marks", "(https://a.example/x) *www.b.example* ~ftp://e.example/f~ **http://g.example**"},
		{"address in marks", "a long way before it: _c@d.example_"},
		{"at line heads", "www.a.example starts\nhttps://b.example too\ndesk@c.example also"},
		{"labels and links", "[www.a.example](http://b.example) [desk@c.example](/x/) <https://d.example>"},
		{"local parts", strings.Repeat("a", 63) + "@x.example " + strings.Repeat("b", 64) + "@y.example " +
			strings.Repeat("c", 65) + "@z.example (" + strings.Repeat("d", 64) + "@w.example"},
		{"near misses", "x@y no dot, @lone, a@b.c-, HTTP://UP.EXAMPLE, http:/one.slash, wwwx.example, ftp:x"},
		{"padded lines", "-\twww.a.example in a list\n\n1.\tdesk@b.example\n\n>\thttps://c.example"},
		{"table cells", "| www.a.example | b@c.example |\n|---|---|\n| (https://d.example) | x |"},
		// Footnote definitions are parsed where the first one stands, so
		// linkify is tried at the second before the address between them.
		{"footnotes out of order", "The fine was confirmed.[^1]\n\n[^1]: Commission decision.\n\nQuestions go to press@example.org.\n\n[^2]: The appeal is pending before the General Court, which has not set a date."},
	}
	for _, tt := range tests {
		sameAsFullGFM(t, tt.name, tt.src)
	}
}

func TestLazyLinkifyLinks(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"at https://example.org/x now", `<a href="https://example.org/x">`},
		{"at www.example.org now", `<a href="http://www.example.org">`},
		{"mail desk@example.org now", `<a href="mailto:desk@example.org">`},
		{"get ftp://example.org/f now", `<a href="ftp://example.org/f">`},
		{"no link (here)", "<p>no link (here)</p>"},
	}
	md := newMarkdown()
	for _, tt := range tests {
		doc, b := parseMarkdown(md, []byte(tt.src), "/x/")
		html, _, err := renderMarkdown(md, b, doc, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(html, tt.want) {
			t.Errorf("%q rendered %q, want %q in it", tt.src, html, tt.want)
		}
	}
}

// TestLazyLinkifyCorpus compares the two on real article text: the
// extraction benchmark's bodies (as paragraphs) and feed summaries.
func TestLazyLinkifyCorpus(t *testing.T) {
	dir := os.Getenv("DOCKET_CORPUS")
	if dir == "" {
		t.Skip("set DOCKET_CORPUS to the corpora folder")
	}
	var texts []string
	for _, gt := range []string{"aeb/ground-truth.json", "articles-zh/ground-truth.json"} {
		b, err := os.ReadFile(filepath.Join(dir, gt))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]struct{ ArticleBody string }
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for _, a := range m {
			texts = append(texts, strings.ReplaceAll(a.ArticleBody, "\n", "\n\n"))
		}
	}
	raw := golden.ReadGzip(t, filepath.Join(dir, "topics/stream-2022-11a.jsonl.gz"))
	for i, line := range strings.Split(string(raw), "\n") {
		var it struct{ Title, Summary string }
		if i%10 != 0 || json.Unmarshal([]byte(line), &it) != nil {
			continue
		}
		texts = append(texts, it.Title+"\n\n"+it.Summary)
	}
	// The same texts with a URL and an address inside, so that linkify is
	// tried along real text, not skipped for the whole body.
	for _, src := range texts[:len(texts)/2] {
		mid := strings.IndexByte(src[len(src)/2:], ' ')
		if mid < 0 {
			continue
		}
		mid += len(src) / 2
		texts = append(texts, src[:mid]+" see www.example.org/a(b) or desk@example.org."+src[mid:])
	}
	skipped := 0
	for i, src := range texts {
		if !mayLink([]byte(src)) {
			skipped++
		}
		sameAsFullGFM(t, "text "+strconv.Itoa(i), src)
	}
	t.Logf("%d texts, %d without anything to link", len(texts), skipped)
	if skipped == 0 {
		t.Error("no text took the path without linkify")
	}
}

// TestLinkScanOrder asks linkScan out of the source's order: an address
// before the last try must still count.
func TestLinkScanOrder(t *testing.T) {
	src := []byte("one desk@a.example two " + strings.Repeat("x", 200) + " end")
	s := newLinkScan(src)
	tests := []struct {
		start int
		want  bool
	}{
		{150, false}, // far past the address
		{3, true},    // back before it
		{150, false},
		{220, false},
		{0, true},
	}
	for _, tt := range tests {
		if got := s.mayLinkAt(tt.start); got != tt.want {
			t.Errorf("mayLinkAt(%d) = %v, want %v", tt.start, got, tt.want)
		}
	}
}
