package pipeline

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/golden"
	"docket/internal/site"
)

// TestFetchUsesThePage drives the command's wiring (NewFetch, the
// extractor behind fetch's seam) against a server on 127.0.0.1: a page
// gives the date and author its feed item lacks; a PDF behind a press
// item's link keeps the link and the feed's summary; a regulator's PDF is
// the primary document and becomes the item's url (after its redirect).
func TestFetchUsesThePage(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n\x00\x01\x02\xff\xfe binary stream\n%%EOF\n")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		item := func(id, title, link, extra string) string {
			return fmt.Sprintf("<item><guid>%s</guid><title>%s</title><link>%s%s</link><description>%s</description>%s</item>",
				id, title, srv.URL, link, summaryOf(id), extra)
		}
		feed := func(items ...string) {
			rw.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(rw, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>`+srv.URL+`/</link>`+strings.Join(items, "")+`</channel></rss>`)
		}
		switch r.URL.Path {
		case "/press.xml":
			feed(item("undated", "Authority fines platform over app store rules", "/article/undated", ""),
				item("paper", "Study of interoperability remedies", "/paper.pdf", "<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate>"),
				item("impostor", "FAKE: Brussels fines Apple one hundred billion euros", "/article/other", "<pubDate>Mon, 02 Mar 2026 11:00:00 GMT</pubDate>"))
		case "/regulator.xml":
			feed(item("decision", "Decision on messaging interoperability", "/decision", "<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>"))
		case "/article/undated":
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(rw, `<!doctype html><html><head><title>Authority fines platform</title>
<meta property="article:published_time" content="2026-03-01T08:30:00Z"><meta name="author" content="Jane Roe"></head>
<body><article><h1>Authority fines platform over app store rules</h1><p>%s</p><p>%s</p></article></body></html>`,
				summaryOf("undated"), strings.Repeat("The competition authority explained its decision in detail. ", 12))
		case "/article/other": // not what the feed's title says
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(rw, `<!doctype html><html><head><title>Court upholds telecom licence fees</title></head>
<body><article><h1>Court upholds telecom licence fees</h1><p>%s</p></article></body></html>`,
				strings.Repeat("The court upheld the licence fees that operators pay for spectrum, and dismissed the appeal. ", 8))
		case "/decision":
			http.Redirect(rw, r, "/files/decision.pdf", http.StatusFound)
		case "/paper.pdf", "/files/decision.pdf":
			rw.Header().Set("Content-Type", "application/pdf")
			rw.Write(pdf)
		default:
			http.NotFound(rw, r)
		}
	}))
	t.Cleanup(srv.Close)

	p := feedsProject(t, fmt.Sprintf(`
  - {id: press, url: %[1]s/press.xml, title: Press, kind: press, select: all, extract: full}
  - {id: regulator, url: %[1]s/regulator.xml, title: Regulator, kind: regulator, select: all, extract: full}
`, srv.URL))
	p.fetch(t, time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC))

	byID := map[string]string{}
	for _, f := range p.news(t) {
		for _, id := range []string{"undated", "paper", "decision", "impostor"} {
			if strings.Contains(f, "guid: "+id) {
				byID[id] = f
			}
		}
	}
	if len(byID) != 4 {
		t.Fatalf("items written: %v", keysOf(byID))
	}
	// A feed's title that names something else than the page it links
	// to gives way to the page's own.
	if f := byID["impostor"]; !strings.Contains(f, "title: Court upholds telecom licence fees") || strings.Contains(f, "FAKE") {
		t.Errorf("the impostor keeps the feed's title:\n%s", f)
	}
	if !strings.Contains(byID["undated"], "title: Authority fines platform over app store rules") {
		t.Errorf("the undated item lost its feed's title:\n%s", byID["undated"])
	}
	undated := byID["undated"]
	for _, s := range []string{"date: 2026-03-01T08:30:00Z", "author: Jane Roe", "extracted: true", "explained its decision in detail"} {
		if !strings.Contains(undated, s) {
			t.Errorf("the undated item lacks %q:\n%s", s, undated)
		}
	}
	for id, url := range map[string]string{"paper": srv.URL + "/paper.pdf", "decision": srv.URL + "/files/decision.pdf"} {
		f := byID[id]
		for _, s := range []string{"url: " + url, "extracted: false", summaryOf(id)} {
			if !strings.Contains(f, s) {
				t.Errorf("%s lacks %q:\n%s", id, s, f)
			}
		}
		if strings.Contains(f, "PDF-1.4") || strings.Contains(f, "binary stream") {
			t.Errorf("%s holds the PDF's bytes:\n%s", id, f)
		}
	}
	// The rules' matches and tags are those of the title and text the
	// file keeps, as select finds them: the impostor's matched its feed's
	// title, which the file no longer has.
	p.selectClean(t)
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestDocumentURLBounded: a regulator's link that redirects to a PDF at
// a URL of megabytes does not put that URL in the item's file, which
// would then be over what the build reads (projfile.MaxEntry) or fill the
// state; the item keeps its feed's link, as a feed's own long URL is
// dropped.
func TestDocumentURLBounded(t *testing.T) {
	long := "/files/decision.pdf?x=" + strings.Repeat("a", 3<<20)
	var srv *httptest.Server
	srv = httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/regulator.xml":
			rw.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(rw, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>%[1]s/</link>`+
				`<item><guid>decision</guid><title>Decision on messaging interoperability</title><link>%[1]s/decision</link>`+
				`<description>%[2]s</description><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>`, srv.URL, summaryOf("decision"))
		case "/article/other": // not what the feed's title says
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(rw, `<!doctype html><html><head><title>Court upholds telecom licence fees</title></head>
<body><article><h1>Court upholds telecom licence fees</h1><p>%s</p></article></body></html>`,
				strings.Repeat("The court upheld the licence fees that operators pay for spectrum, and dismissed the appeal. ", 8))
		case "/decision":
			http.Redirect(rw, r, long, http.StatusFound)
		case "/files/decision.pdf":
			rw.Header().Set("Content-Type", "application/pdf")
			rw.Write([]byte("%PDF-1.4\n%%EOF\n"))
		default:
			http.NotFound(rw, r)
		}
	}))
	srv.Config.MaxHeaderBytes = 8 << 20 // the hostile server takes the long URL back
	srv.Start()
	t.Cleanup(srv.Close)

	p := feedsProject(t, fmt.Sprintf(`
  - {id: regulator, url: %s/regulator.xml, title: Regulator, kind: regulator, select: all, extract: full}
`, srv.URL))
	p.fetch(t, time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC))
	news := p.news(t)
	if len(news) != 1 {
		t.Fatalf("%d items written, want 1", len(news))
	}
	if f := news[0]; len(f) > 64<<10 || !strings.Contains(f, "url: "+srv.URL+"/decision\n") {
		t.Errorf("the item's file is %d bytes and does not keep the feed's link; it starts:\n%.400s", len(f), f)
	}
}

// TestFeedLanguageChecked: a feed's <language> that is not a BCP 47 tag
// ("English", a megabyte of junk) is not written as its items' lang:
// the loader refuses such a lang, and the build with it. A sloppy or
// hostile feed must not break the site.
func TestFeedLanguageChecked(t *testing.T) {
	for name, lang := range map[string]string{"word": "English", "junk": strings.Repeat("x", 3<<20), "underscore": "en_GB"} {
		t.Run(name, func(t *testing.T) {
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/press.xml" {
					http.NotFound(rw, r)
					return
				}
				rw.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprintf(rw, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>%[1]s/</link><language>%[2]s</language>`+
					`<item><guid>fine</guid><title>Authority fines platform over app store rules</title><link>%[1]s/a</link>`+
					`<description>%[3]s</description><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>`, srv.URL, lang, summaryOf("fine"))
			}))
			t.Cleanup(srv.Close)

			p := feedsProject(t, fmt.Sprintf(`
  - {id: press, url: %s/press.xml, title: Press, kind: press, select: all}
`, srv.URL))
			golden.CopyTree(t, "../../templates", p.path("templates"))
			p.fetch(t, time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC))
			if n := len(p.news(t)); n != 1 {
				t.Fatalf("%d items written, want 1", n)
			}
			p.build(t, site.Options{})
		})
	}
}

// feedsProject is a project with the shipped rules, the test site's
// settings and the feeds listed (YAML list items, each on its own line).
func feedsProject(t *testing.T, feeds string) *project {
	t.Helper()
	p := &project{dir: t.TempDir()}
	for _, name := range []string{"topics.yaml", "entities.yaml"} {
		copyFile(t, filepath.Join("../../feeds", name), p.path("feeds", name))
	}
	write(t, p.path("content", "site.yaml"), siteYAML)
	write(t, p.path("feeds", "feeds.yaml"), "min_interval: 1h\nfeeds:"+feeds)
	return p
}
