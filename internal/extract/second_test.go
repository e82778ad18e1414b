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

// TestBrParagraphsKeepFirstOpinion: an article whose paragraphs are
// separated by <br> (old portals, many Chinese pages) has as many
// paragraphs as one in <p>s, so the density reading, which counts lines,
// does not replace it for seeming better structured and bring in the
// lines after it.
func TestBrParagraphsKeepFirstOpinion(t *testing.T) {
	lines := []string{
		"市场监管总局近日发布通知，要求各地加强对网络平台价格行为的监管，依法查处不明码标价、虚构原价等违法行为。",
		"通知指出，一些平台利用算法对不同消费者实行差别定价，损害了消费者的合法权益，也扰乱了公平竞争的市场秩序。",
		"通知要求，各地市场监管部门要畅通投诉举报渠道，及时回应消费者诉求，对典型案例要公开曝光，形成有效震慑。",
		"业内人士认为，随着监管持续加码，平台企业的合规成本将有所上升，但长远来看有利于行业健康发展。",
		"据了解，市场监管总局还将会同有关部门研究制定平台价格行为规则，进一步明确平台企业的责任和义务。",
	}
	page := `<html><head><meta charset="utf-8"><title>加强平台价格监管</title></head><body><table><tr><td><a href="/">首页</a></td><td><a href="/n">新闻</a></td></tr></table>` +
		`<table><tr><td>` + strings.Join(lines, "<br>") + `</td></tr><tr><td>本报记者 张三 李四 王五 赵六 钱七 孙八 周九 吴十 郑十一 报道<br>本文图片均由受访者提供 更多精彩内容请关注本报官方账号与客户端</td></tr></table></body></html>`
	a, err := Extract([]byte(page), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Method != "scorer" || strings.Contains(a.Text, "受访者") || !strings.Contains(a.Text, "据了解") {
		t.Errorf("method %q confidence %.2f text %q", a.Method, a.Confidence, a.Text)
	}
}

// TestPageText: the one-builder walk gives the page's text as the lines
// of the density reading do, joined.
func TestPageText(t *testing.T) {
	page := `<html><body><h1>Head  line</h1><ul><li><a href="/a">Home</a></li><li>World</li></ul>` +
		`<p>One <b>bold</b>word<br>after\u00a0break</p><div>  </div><table><tr><td>cell</td><td>中文 文本</td></tr></table>` +
		`<p>` + "\u3000" + `indented</p>tail</body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	body := findBody(doc)
	if got, want := pageText(body), linesText(densityLines(body)); got != want || want == "" {
		t.Errorf("pageText %q, lines %q", got, want)
	}
}

// TestJSONLDMarkupBody: an articleBody that a publisher filled with its
// HTML, or with HTML-escaped text, is read as the plain text schema.org
// says it is: no tags, no character references, no script text, one
// paragraph per block, and nothing of it in the Markdown but the words.
func TestJSONLDMarkupBody(t *testing.T) {
	p := []string{
		"The authority ordered the platforms to open their messaging services to rivals within a year, and said it would check compliance every quarter.",
		"Both companies said they would appeal the decision, which they called rushed, before the court in the capital in the autumn.",
		"Consumer groups welcomed the order and asked the authority to extend it to the app stores of the same companies soon.",
	}
	for _, tc := range []struct{ name, body string }{
		{"tags", `<p>` + p[0] + `</p><script>alert(1)<\/script><p>` + p[1] + ` <a href=\"javascript:alert(2)\">x</a></p>\n<style>p{}<\/style><div>` + p[2] + `<img src=x onerror=alert(3)></div>`},
		{"entities", p[0] + ` AT&amp;T&#8217;s\n` + p[1] + `\n` + p[2]},
		{"escaped tags", `&lt;p&gt;` + p[0] + ` AT&amp;amp;T&amp;#8217;s&lt;/p&gt;&lt;p&gt;` + p[1] + `&lt;/p&gt;&lt;p&gt;` + p[2] + `&lt;/p&gt;`},
		{"inline tags", p[0] + `\n<b>` + p[1] + `</b>\n` + p[2] + ` <a href=\"https://example.com/\">more</a>`},
		{"wrapped lines", `<p>` + strings.Replace(p[0], " rivals", `\n rivals`, 1) + `</p><p>` + p[1] + `</p><p>` + p[2] + `</p>`},
	} {
		page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Open up","articleBody":"` +
			tc.body + `"}</script></head><body><div id="app"><p>Loading…</p></div></body></html>`
		a, err := Extract([]byte(page), "", "https://example.com/a")
		if err != nil {
			t.Fatal(err)
		}
		if a.Method != "json-ld" {
			t.Errorf("%s: method %q confidence %.2f text %q", tc.name, a.Method, a.Confidence, a.Text)
			continue
		}
		if strings.ContainsAny(a.Text, "<>") || strings.Contains(a.Text, "&") && !strings.Contains(a.Text, "AT&T’s") ||
			strings.Contains(a.Text, "alert") || strings.Count(a.Text, "\n\n") != 2 || !strings.HasPrefix(a.Text, p[0][:40]) {
			t.Errorf("%s: text %q", tc.name, a.Text)
		}
		if strings.Contains(a.Markdown, "&lt;") || strings.Contains(a.Markdown, "&amp;") || strings.Contains(a.Markdown, "alert") {
			t.Errorf("%s: markdown %q", tc.name, a.Markdown)
		}
	}
}

// TestJSONLDTeaserKeepsFirstOpinion: an articleBody cut to the article's
// first paragraphs (as paywalled sites publish it) does not replace the
// whole article the scorer found, however plain its text; the scorer's
// text has links in it, which cost it confidence.
func TestJSONLDTeaserKeepsFirstOpinion(t *testing.T) {
	ps := []string{
		`The regulator said on Monday that the <a href="/p">two largest platforms</a> must open their messaging services to rivals within a year.`,
		`It said it would check <a href="/c">compliance every quarter</a> and could fine each company up to a tenth of its yearly turnover.`,
		`Both companies said they would <a href="/a">appeal the decision</a>, which they called rushed, before the court in the capital.`,
		`Consumer groups welcomed the order and asked the regulator to <a href="/s">extend it to the app stores</a> of the same companies.`,
		`A hearing on the appeal is expected in the autumn, a <a href="/h">spokesman for the court</a> said in a statement on Tuesday.`,
		`Analysts said the order could change how the services compete, though <a href="/d">the details of the interfaces</a> are not yet known.`,
	}
	var body strings.Builder
	var plain []string
	for _, p := range ps {
		body.WriteString("<p>" + p + "</p>")
		plain = append(plain, ldTag.ReplaceAllString(p, ""))
	}
	for _, n := range []int{2, 4, 5} {
		page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Open up","articleBody":"` +
			strings.Join(plain[:n], `\n`) + `"}</script></head><body><div class="main">` + body.String() + `</div></body></html>`
		a, err := Extract([]byte(page), "", "https://example.com/a")
		if err != nil {
			t.Fatal(err)
		}
		if a.Method != "scorer" || !strings.Contains(a.Text, "are not yet known.") {
			t.Errorf("teaser of %d paragraphs: method %q confidence %.2f text %q", n, a.Method, a.Confidence, a.Text)
		}
	}
}
