package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestSecondOpinion: a page whose markup hides the text (a script-built
// body) but whose JSON-LD carries it gets the JSON-LD copy.
func TestSecondOpinion(t *testing.T) {
	body := strings.Repeat("The authority ordered the platforms to open their messaging services to rivals within a year, and said it would check compliance every quarter. ", 3)
	page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Open up","articleBody":"` +
		body + `\n` + body + `\n` + body + `"}</script></head><body><div id="app"><p>Loading…</p></div></body></html>`
	a, err := Extract([]byte(page), "", "https://example.com/a")
	if err != nil {
		t.Fatal(err)
	}
	if a.Method != "json-ld" || !strings.HasPrefix(a.Text, "The authority ordered") || strings.Count(a.Text, "\n\n") != 2 {
		t.Errorf("method %q confidence %.2f text %q", a.Method, a.Confidence, a.Text)
	}
	if !strings.Contains(a.Markdown, "The authority ordered") {
		t.Errorf("markdown %q", a.Markdown)
	}
}

// TestDensityOpinion: the density reading keeps the run of prose lines and
// leaves out the menu above it, the headline and the footer's furniture.
func TestDensityOpinion(t *testing.T) {
	para := "The regulator said on Monday that the platforms must open their messaging services to rivals within a year, and that it would check compliance every quarter."
	page := `<html><body><h1>Open up</h1><ul><li><a href="/a">Home</a></li><li><a href="/b">World</a></li><li><a href="/c">Business</a></li></ul>` +
		`<table><tr><td>` + para + `<br><br>` + para + `<br><br>` + para + `</td></tr></table>` +
		`<div>All rights reserved.</div><div><a href="/x">More</a> <a href="/y">Stories</a></div></body></html>`
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var m meta
	prepare(doc, &m)
	_, text, paras, _, ld := densityArticle(densityLines(findBody(doc)), x.rules, "Open up")
	if paras != 3 || ld != 0 || text != para+"\n\n"+para+"\n\n"+para {
		t.Errorf("paras %d link density %.2f text %q", paras, ld, text)
	}
}

// TestAppendCollapsed: the density lines join text nodes as textOf does.
func TestAppendCollapsed(t *testing.T) {
	nodes := []string{"  a  b\t", "\u3000", "", "c\u00a0\u0085d ", "\x01e", " 中文  文本 ", "\n"}
	var b strings.Builder
	for _, n := range nodes {
		appendCollapsed(&b, n)
	}
	if want := collapseSpace(strings.Join(nodes, " ")); b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
