package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"docket/internal/golden"
)

// urlComment is the first line of a golden page: <!-- url: ADDRESS -->.
var urlComment = regexp.MustCompile(`^<!-- url: (\S+) -->`)

// TestGolden extracts each testdata/golden/NAME.html (pages we wrote) and
// compares the Markdown with NAME.md. Run with -update to rewrite.
func TestGolden(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("testdata", "golden", "*.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no golden pages: %v", err)
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			pageURL := ""
			if m := urlComment.FindSubmatch(src); m != nil {
				pageURL = string(m[1])
			}
			a, err := Extract(src, "", pageURL)
			if err != nil {
				t.Fatal(err)
			}
			got := []byte(a.Markdown + "\n")
			mdPath := strings.TrimSuffix(page, ".html") + ".md"
			golden.Write(t, mdPath, got)
			want, err := os.ReadFile(mdPath)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("markdown differs from %s:\n--- got\n%s\n--- want\n%s", mdPath, got, want)
			}
			assertSafe(t, a)
			// Extract ends its attempts on a.measured, standing for this.
			if l, _ := measure(a.Text); l != a.measured && (a.Method == "scorer" || a.Method == "rule") {
				t.Errorf("measured %d, the text measures %d", a.measured, l)
			}
		})
	}
}

// forbiddenTags must never appear in the output HTML.
var forbiddenTags = map[string]bool{"script": true, "style": true, "iframe": true,
	"frame": true, "object": true, "embed": true, "svg": true, "math": true,
	"form": true, "input": true, "button": true, "link": true, "meta": true, "base": true}

// unsafeMarkdown matches link or image targets with a dangerous scheme.
var unsafeMarkdown = regexp.MustCompile(`(?i)\]\(\s*<?\s*(javascript|data|vbscript):`)

// assertSafe tokenizes the output HTML: no forbidden element, no event
// handler or style attribute, no URL outside http(s) and mailto.
func assertSafe(t testing.TB, a *Article) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(a.HTML))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		tok := z.Token()
		if forbiddenTags[tok.Data] {
			t.Errorf("forbidden <%s> in %q", tok.Data, a.HTML)
		}
		for _, at := range tok.Attr {
			v := strings.ToLower(strings.TrimSpace(at.Val))
			switch {
			case strings.HasPrefix(at.Key, "on") || at.Key == "style":
				t.Errorf("attribute %s in %q", at.Key, a.HTML)
			case (at.Key == "href" || at.Key == "src") && !strings.HasPrefix(v, "http://") &&
				!strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "mailto:"):
				t.Errorf("unsafe %s=%q in %q", at.Key, at.Val, a.HTML)
			}
		}
	}
	if m := unsafeMarkdown.FindString(a.Markdown); m != "" {
		t.Errorf("unsafe Markdown %q in %q", m, a.Markdown)
	}
}

func TestMetadata(t *testing.T) {
	page := `<html lang="en_US"><head>
<title>Fallback title - Site</title>
<meta property="og:title" content="The headline">
<meta property="og:site_name" content="Site">
<meta name="author" content="https://example.com/people/x">
<meta property="og:image" content="/img/lead.jpg">
<link rel="canonical" href="/story/1?utm_source=feed&amp;id=3&amp;fbclid=abc#top">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
{"@type":["NewsArticle"],"headline":"LD headline","datePublished":"2024-05-03T10:00:00+02:00",
"dateModified":"2024-05-04","author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chan"}],
"publisher":{"@type":"Organization","name":"Site Ltd"}}]}</script>
</head><body><p>Body.</p></body></html>`
	a, err := Extract([]byte(page), "text/html; charset=utf-8", "https://example.com/feed/item")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ field, got, want string }{
		{"title", a.Title, "The headline"},
		{"url", a.URL, "https://example.com/story/1?id=3"},
		{"author", a.Author, "Ann Lee, Bo Chan"},
		{"site", a.SiteName, "Site"},
		{"lang", a.Lang, "en-US"},
		{"image", a.Image, "https://example.com/img/lead.jpg"},
		{"published", a.Published.UTC().Format(time.RFC3339), "2024-05-03T08:00:00Z"},
		{"modified", a.Modified.Format("2006-01-02"), "2024-05-04"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"Apps must interconnect | Example News", "Example News", "Apps must interconnect"},
		{"Tech - Apps must interconnect now, says regulator", "", "Apps must interconnect now, says regulator"},
		{"监管部门要求平台停止屏蔽外链_示例新闻", "", "监管部门要求平台停止屏蔽外链"},
		{"监管部门要求平台停止屏蔽外链｜示例", "", "监管部门要求平台停止屏蔽外链"},
		{"监管部门要求平台停止屏蔽外链(图)--示例新闻", "", "监管部门要求平台停止屏蔽外链(图)"},
		{"Plain title", "", "Plain title"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.title, tt.site); got != tt.want {
			t.Errorf("cleanTitle(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, want string
		floating bool
	}{
		{"2021-09-28T09:08:00+05:30", "2021-09-28T03:38:00Z", false},
		{"2021-09-28T09:08:00.123Z", "2021-09-28T09:08:00Z", false},
		{"2021-09-28 09:08:00", "2021-09-28T09:08:00Z", true},
		{"2021-09-28", "2021-09-28T00:00:00Z", true},
		{"2021年09月28日 09:08", "2021-09-28T09:08:00Z", true},
		{"Tue, 28 Sep 2021 09:08:00 +0000", "2021-09-28T09:08:00Z", false},
		{"not a date", "0001-01-01T00:00:00Z", false},
	}
	for _, tt := range tests {
		p, floating := parseTime(tt.in)
		if got := p.UTC().Truncate(time.Second).Format(time.RFC3339); got != tt.want || floating != tt.floating {
			t.Errorf("parseTime(%q) = %s, %v, want %s, %v", tt.in, got, floating, tt.want, tt.floating)
		}
	}
}

// TestPageMetadata reads metadata that only the page body carries: a
// byline class and a <time> element.
func TestPageMetadata(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "golden", "split-blocks.html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(src, "", "https://zeitung.example.de/wirtschaft/plattformen-100.html?utm_medium=rss")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ field, got, want string }{
		{"title", a.Title, "Kartellamt prüft Vorinstallation von Apps"},
		{"author", a.Author, "Erika Muster"},
		{"lang", a.Lang, "de"},
		{"published", a.Published.UTC().Format(time.RFC3339), "2024-03-12T07:15:00Z"},
		{"url", a.URL, "https://zeitung.example.de/wirtschaft/plattformen-100.html"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}

// TestMetadataNames: the author and title a page's metadata gives are
// names and lines: a "By" prefix goes, a profile link in a Person's name
// is no name, and line breaks (which a front matter field would carry
// on) are spaces.
func TestMetadataNames(t *testing.T) {
	ld := func(author string) string {
		return `<script type="application/ld+json">{"@type":"NewsArticle","author":` + author + `}</script>`
	}
	tests := []struct{ name, head, author, title string }{
		{"meta by", `<meta name="author" content="By Jane Doe">`, "Jane Doe", ""},
		{"meta written by", `<meta name="author" content="Written by: Jane Doe">`, "Jane Doe", ""},
		{"person by", ld(`{"@type":"Person","name":"BY JANE DOE"}`), "JANE DOE", ""},
		{"person url", ld(`{"@type":"Person","name":"https://example.com/people/jane"}`) + `<meta name="author" content="Jane Doe">`, "Jane Doe", ""},
		{"people", ld(`[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chan"},{"@type":"Person","name":"Cy Dorr"}]`), "Ann Lee, Bo Chan, Cy Dorr", ""},
		{"references", ld(`{"@type":"Person","name":"Jos&eacute; Garc&#237;a"},"headline":"AT&amp;T&#8217;s deal"`), "José García", "AT&T’s deal"},
		{"line breaks", ld(`{"@type":"Person","name":"Jane\n---\nDoe"}`) + `<meta property="og:title" content="Line one&#10;---&#10;draft: true">`, "Jane --- Doe", "Line one --- draft: true"},
	}
	for _, tt := range tests {
		page := `<html><head>` + tt.head + `</head><body><article><p>The authority ordered the platforms to open up.</p></article></body></html>`
		a, err := Extract([]byte(page), "", "https://example.com/a")
		if err != nil {
			t.Fatal(err)
		}
		if a.Author != tt.author || a.Title != tt.title {
			t.Errorf("%s: author %q title %q, want %q %q", tt.name, a.Author, a.Title, tt.author, tt.title)
		}
	}
}

// TestParseTimeVariants: dates as pages write them in their metadata:
// without leading zeros (common on Chinese pages), with an offset of
// hours alone, with a zone's abbreviation (whose offset counts: 23:30
// in New York is the next day in UTC), with a weekday or a 12-hour
// clock. An abbreviation that names two zones (CST: China's, or the US
// Central) keeps the wall-clock time.
func TestParseTimeVariants(t *testing.T) {
	tests := []struct {
		in, want string
		floating bool
	}{
		{"2021年4月10日 10:30:00", "2021-04-10T10:30:00Z", true},
		{"2021-4-10", "2021-04-10T00:00:00Z", true},
		{"2021/4/10 10:30", "2021-04-10T10:30:00Z", true},
		{"2021.04.10", "2021-04-10T00:00:00Z", true},
		{"2021-04-10T10:30:00+08", "2021-04-10T02:30:00Z", false},
		{"Sat, 10 Apr 2021 23:30:00 EST", "2021-04-11T04:30:00Z", false},
		{"Sat, 10 Apr 2021 23:30:00 PDT", "2021-04-11T06:30:00Z", false},
		{"Sat, 10 Apr 2021 10:30:00 CEST", "2021-04-10T08:30:00Z", false},
		{"Sat, 10 Apr 2021 10:30:00 GMT", "2021-04-10T10:30:00Z", false},
		{"Sat, 10 Apr 2021 10:30:00 CST", "2021-04-10T10:30:00Z", true},
		{"Sat, 10 Apr 2021 10:30:00 GMT+8", "2021-04-10T10:30:00Z", false}, // as Go reads it: an instant, not floating
		{"Saturday, April 10, 2021", "2021-04-10T00:00:00Z", true},
		{"April 10, 2021 10:30 PM", "2021-04-10T22:30:00Z", true},
		{"10 Apr 2021", "2021-04-10T00:00:00Z", true},
		{"2021-04-10 garbage 2022", "0001-01-01T00:00:00Z", false},
		{"12021-04-10", "0001-01-01T00:00:00Z", false},
	}
	for _, tt := range tests {
		p, floating := parseTime(tt.in)
		if got := p.UTC().Format(time.RFC3339); got != tt.want || floating != tt.floating {
			t.Errorf("parseTime(%q) = %s, %v, want %s, %v", tt.in, got, floating, tt.want, tt.floating)
		}
	}
}

// TestBylineNames: a byline element's text is a name: a "By:" prefix
// goes, and a profile link is none.
func TestBylineNames(t *testing.T) {
	tests := []struct{ byline, want string }{
		{`<span class="author">By: Jane Doe</span>`, "Jane Doe"},
		{`<span class="author">https://example.com/people/jane</span>`, ""},
		{`<a rel="author" href="/jane">www.example.com/jane</a>`, ""},
		{`<span class="byline">By Jane Doe</span>`, "Jane Doe"},
	}
	for _, tt := range tests {
		page := `<html><body>` + tt.byline + `<article><p>The authority ordered the platforms to open up.</p></article></body></html>`
		a, err := Extract([]byte(page), "", "https://example.com/a")
		if err != nil {
			t.Fatal(err)
		}
		if a.Author != tt.want {
			t.Errorf("%s: author %q, want %q", tt.byline, a.Author, tt.want)
		}
	}
}

// TestBareBylineNames: a page that prints no byline word credits its
// author by a name alone under the headline or in brackets at the foot,
// and neither outranks a byline word.
func TestBareBylineNames(t *testing.T) {
	prose := `<p>春天来了，城里的柳树发了新芽。河边散步的人一天比一天多，老人们说今年的春天来得比往年都早一些。</p>` +
		`<p>公园里的花也开了，孩子们在草地上放风筝。卖冰糖葫芦的小贩在门口吆喝，一派热闹的景象。</p>`
	tests := []struct{ name, body, want string }{
		{"name under the headline", `<h2>春夜</h2><p>李明</p>` + prose, "李明"},
		{"name at the foot", `<h2>春夜</h2>` + prose + `<div align="right">（王小明）</div>`, "王小明"},
		{"byline word first", `<h2>春夜</h2><p>李明</p>` + prose + `<p>作者：张三</p>`, "张三"},
		{"no name", `<h2>春夜</h2>` + prose, ""},
	}
	for _, tt := range tests {
		page := `<html><head><meta charset="utf-8"><title>春夜</title></head><body><div>` + tt.body + `</div></body></html>`
		a, err := Extract([]byte(page), "", "https://example.com/a")
		if err != nil {
			t.Fatal(err)
		}
		if a.Author != tt.want {
			t.Errorf("%s: author %q, want %q (text %q)", tt.name, a.Author, tt.want, a.Text)
		}
	}
}

// TestPlaceholderDates: a content system's date for "unset" (the Unix
// epoch, year 1 or 0) is no date, and the date the page prints is read
// instead.
func TestPlaceholderDates(t *testing.T) {
	for _, d := range []string{"1970-01-01T00:00:00Z", "0001-01-01T00:00:00", "0000-00-00 00:00:00", "0000-01-01", "1970-1-1"} {
		page := `<html><head><meta property="article:published_time" content="` + d + `"><title>Open up</title></head><body><h1>Open up</h1><div class="meta">2021-04-10 10:30</div>` +
			`<article><p>The authority ordered the platforms to open their messaging services to rivals within a year, and said it would check compliance every quarter.</p></article></body></html>`
		a, err := Extract([]byte(page), "", "https://example.com/a")
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Published.Format(time.RFC3339); got != "2021-04-10T10:30:00Z" {
			t.Errorf("%s: published %s", d, got)
		}
	}
}

// TestRelatedHeadingTakesTeasers: a heading whose class or text names
// related articles goes with the run of teasers after it (lists of
// links, cards with images), however much text they hold; a heading
// followed by prose, cited or not, or one of another name, is the
// article's.
func TestRelatedHeadingTakesTeasers(t *testing.T) {
	para := "<p>The competition authority fined the platform on Tuesday for tying its payment service to its app store, and ordered it to let developers link to other ways to pay within ninety days.</p>"
	more := `<p>The company said it would appeal the order, which <a href="/order">the authority</a> described as the largest of its kind in the sector this year.</p>`
	teaser := `<article class="post"><img src="t.jpg"><p>Another regulator opened a case into a marketplace that ranks its own products first, in a long teaser that runs on for many words and ends with a cut …</p><a href="/other">Read</a></article>`
	teasers := strings.Repeat(teaser, 6)
	links := `<ul><li><a href="/a">Another regulator opened a case into a marketplace</a></li><li><a href="/b">A court heard the appeal of a search engine</a></li></ul>`
	for name, c := range map[string]struct {
		body     string
		teasers  bool // whether the teasers (or the heading over prose) stay
		lastPara bool // whether the article's last paragraph must stay
	}{
		"sibling box":        {`<article class="post entry">` + para + para + `</article><article class="post entry"><h3 class="relatedpoststitle">You may like</h3>` + teasers + `</article>`, false, false},
		"same box":           {`<article class="post entry">` + para + para + `<h2 id="related-heading">More</h2>` + teasers + `</article>`, false, false},
		"separated":          {`<article class="post entry">` + para + para + `<h2 id="related-heading">More</h2>` + links + " | " + links + `</article>`, false, false},
		"pinyin":             {`<div class="content">` + para + para + `<h3 class="xiangguan">相关</h3>` + teasers + `</div>`, false, false},
		"other class":        {`<div class="content">` + para + para + `<h2 class="section-headline">Background</h2>` + teasers + `</div>`, true, false},
		"unrelated":          {`<div class="content">` + para + para + `<h2 class="unrelated-matters">Other matters</h2>` + teasers + `</div>`, true, false},
		"by its text":        {`<div class="q7">` + para + para + `<h3 class="q8">You may also like …</h3>` + teasers + `</div>`, false, false},
		"in Chinese":         {`<div class="q7">` + para + para + `<h4>【相关阅读】</h4>` + teasers + `</div>`, false, false},
		"other text":         {`<div class="q7">` + para + para + `<h3 class="q8">What the ruling says</h3>` + teasers + `</div>`, true, false},
		"inline box":         {`<article>` + para + `<h3>Related</h3>` + links + para + more + `</article>`, false, true},
		"heading over prose": {`<article>` + para + `<h2 id="related-work">Related work</h2>` + more + para + more + `</article>`, true, true},
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Extract([]byte(`<html><body>`+c.body+`</body></html>`), "", "")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, "tying its payment service") {
				t.Fatalf("the article is lost: %q", a.Text)
			}
			if c.lastPara && !strings.Contains(a.Text, "largest of its kind") {
				t.Errorf("the article's last paragraph is lost: %q", a.Text)
			}
			kept := strings.Contains(a.Text, "Another regulator")
			if name == "heading over prose" {
				kept = strings.Contains(a.Text, "Related work")
			}
			if kept != c.teasers {
				t.Errorf("teasers kept %v, want %v: %q", kept, c.teasers, a.Text)
			}
		})
	}
}

// TestTagLinksDropped: a list of links to the page's tags (rel=tag) is
// dropped, however long; a tag link inside a sentence, or a link with
// another rel, is text.
func TestTagLinksDropped(t *testing.T) {
	para := "<p>The competition authority fined the platform on Tuesday for tying its payment service to its app store, and ordered it to let developers link to other ways to pay within ninety days.</p>"
	var tags strings.Builder
	for i := range 12 {
		fmt.Fprintf(&tags, `<a href="/tag/t%d" rel="tag">platform regulation topic %d</a>, `, i, i)
	}
	page := `<html><body><article>` + para + para +
		`<p>The order cites <a href="/ruling" rel="noopener">the ruling</a> against <a href="/tag/google" rel="tag">Google</a>, <a href="/tag/apple" rel="tag">Apple</a> and Meta.</p>` +
		`<p><strong>Tags<br>` + tags.String() + `</strong></p></article></body></html>`
	a, err := Extract([]byte(page), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "topic 3") || !strings.Contains(a.Text, "the ruling against Google, Apple and Meta.") {
		t.Errorf("text (%s) %q", a.Method, a.Text)
	}
}

// TestLazyImages: an image whose src is a stand-in (a blank, a spinner)
// gets the address its data-src holds; a real src is left alone.
func TestLazyImages(t *testing.T) {
	para := "<p>The competition authority fined the platform on Tuesday for tying its payment service to its app store, and ordered it to let developers link to other ways to pay within ninety days.</p>"
	for src, want := range map[string]string{
		"/img/preloaderbig.gif":   "/photo.jpg",
		"/img/loading.gif":        "/photo.jpg",
		"data:image/gif;base64,":  "/photo.jpg",
		"/img/court.jpg":          "/img/court.jpg",
		"/img/fidget-spinner.jpg": "/img/fidget-spinner.jpg",
	} {
		page := `<html><body><article>` + para + `<figure><img src="` + src + `" data-src="/photo.jpg" alt="The court"></figure>` + para + `</article></body></html>`
		a, err := Extract([]byte(page), "", "https://news.example/a")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Markdown, "(https://news.example"+want+")") {
			t.Errorf("src %s: want %s in %q", src, want, a.Markdown)
		}
	}
}

// TestHeadline: a page's own title replaces the feed's only when the
// feed's names something else and the page's is a headline.
func TestHeadline(t *testing.T) {
	body := strings.Repeat("<p>The court upheld the licence fees that operators pay for spectrum, and dismissed the appeal.</p>", 4)
	for _, tt := range []struct{ pageTitle, feedTitle, want string }{
		{"Court upholds telecom licence fees", "Court upholds licence fees for telecom operators", ""},
		{"Court upholds telecom licence fees", "Brussels fines Apple one hundred billion euros", "Court upholds telecom licence fees"},
		{"Home", "Brussels fines Apple one hundred billion euros", ""},
		{"Court upholds telecom licence fees", "Apple fined", ""}, // too few words to judge
	} {
		a, err := Extract([]byte("<html><head><title>"+tt.pageTitle+"</title></head><body><article>"+body+"</article></body></html>"), "", "")
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Headline(tt.feedTitle); got != tt.want {
			t.Errorf("page %q, feed %q: Headline %q, want %q", tt.pageTitle, tt.feedTitle, got, tt.want)
		}
	}
}

// TestNewsletterPromotion: a short block that names the outlet's
// newsletter and links to its sign-up is the outlet's; a sentence quoting
// a sign-up line, cited or not, is the story's.
func TestNewsletterPromotion(t *testing.T) {
	para := "<p>The competition authority fined the platform on Tuesday for tying its payment service to its app store, and ordered it to let developers link to other ways to pay within ninety days.</p>"
	quoted := `<p>The FTC said a pop-up reading "sign up for our free trial" hid a monthly charge, <a href="/complaint">according to its complaint</a>.</p>`
	quotedNews := `<div><p>The regulator said "subscribe to our newsletter" boxes hid the charge.</p><p>Read <a href="/c">the complaint</a>.</p></div>`
	promo := `<p><strong>Start your day with our briefing. <a href="https://list.example/join">Sign up</a> for the free daily newsletter.</strong></p>`
	a, err := Extract([]byte("<html><body><article>"+para+quoted+quotedNews+para+promo+"</article></body></html>"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "pop-up reading") || !strings.Contains(a.Text, "boxes hid the charge") || strings.Contains(a.Text, "Start your day") {
		t.Errorf("text %q", a.Text)
	}
}
