package pipeline

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestWallPageKeepsFeedTitle: an item whose link answers 200 with a
// consent wall or a soft 404 (no article: the body stays the feed's
// summary) keeps the feed's title; the wall's <title> is not a headline.
func TestWallPageKeepsFeedTitle(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/press.xml":
			rw.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(rw, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>%[1]s/</link>`+
				`<item><guid>wall</guid><title>FTC sues Widgetco to block merger with Gadgetcorp</title><link>%[1]s/consent</link>`+
				`<description>The Federal Trade Commission sued to block the merger of Widgetco and Gadgetcorp.</description>`+
				`<pubDate>Mon, 02 Mar 2026 11:00:00 GMT</pubDate></item></channel></rss>`, srv.URL)
		case "/consent":
			rw.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(rw, `<!doctype html><html><head><title>Before you continue to Example News</title></head>`+
				`<body><h1>Before you continue</h1><p>We use cookies and data to deliver and maintain services.</p>`+
				`<a href="/accept">Accept all</a> <a href="/reject">Reject all</a></body></html>`)
		default:
			http.NotFound(rw, r)
		}
	}))
	t.Cleanup(srv.Close)
	p := feedsProject(t, fmt.Sprintf(`
  - {id: press, url: %s/press.xml, title: Press, kind: press, select: all, extract: full}
`, srv.URL))
	p.fetch(t, time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC))
	files := p.news(t)
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	if f := files[0]; !strings.Contains(f, "title: FTC sues Widgetco to block merger with Gadgetcorp") {
		t.Errorf("the consent wall's title replaced the feed's:\n%s", f)
	}
}
