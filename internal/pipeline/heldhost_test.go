package pipeline

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestHostAskingToSlowDownHoldsItems: a 429 on one article makes the
// host's articles wait for the next run, not be written for good with the
// feed's summary; a host that keeps refusing for a day gets them written
// with the summary before they leave the feed.
func TestHostAskingToSlowDownHoldsItems(t *testing.T) {
	var limited atomic.Bool
	limited.Store(true)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/press.xml" {
			rw.Header().Set("Content-Type", "application/rss+xml")
			var items strings.Builder
			for i := range 3 {
				fmt.Fprintf(&items, "<item><guid>a%d</guid><title>Authority fines platform over app store rules, part %d</title><link>%s/article/%d</link><description>%s</description><pubDate>Mon, 02 Mar 2026 1%d:00:00 GMT</pubDate></item>",
					i, i, srv.URL, i, summaryOf("undated"), i)
			}
			fmt.Fprint(rw, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>`+srv.URL+`/</link>`+items.String()+`</channel></rss>`)
			return
		}
		if limited.Load() {
			rw.Header().Set("Retry-After", "120")
			http.Error(rw, "slow down", http.StatusTooManyRequests)
			return
		}
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(rw, `<!doctype html><html><head><title>Authority fines platform</title></head>
<body><article><h1>Authority fines platform over app store rules</h1><p>%s</p><p>%s</p></article></body></html>`,
			summaryOf("undated"), strings.Repeat("The competition authority explained its decision in detail. ", 12))
	}))
	t.Cleanup(srv.Close)
	feeds := fmt.Sprintf("\n  - {id: press, url: %s/press.xml, title: Press, kind: press, select: all, extract: full}\n", srv.URL)
	day := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)

	p := feedsProject(t, feeds)
	r := p.fetch(t, day)["press"]
	want(t, "held", r.Held, 3)
	want(t, "written while held", len(p.news(t)), 0)
	limited.Store(false)
	r = p.fetch(t, day.Add(10*time.Minute))["press"] // due at once, not after min_interval
	want(t, "written", r.Written, 3)
	for _, f := range p.news(t) {
		if !strings.Contains(f, "extracted: true") {
			t.Errorf("an item held for its host was not extracted the next run:\n%s", f)
		}
	}

	// A host that refuses for longer than MaxHold.
	limited.Store(true)
	p = feedsProject(t, feeds)
	want(t, "held, first run", p.fetch(t, day)["press"].Held, 3)
	want(t, "held, an hour later", p.fetch(t, day.Add(time.Hour))["press"].Held, 3)
	r = p.fetch(t, day.Add(25*time.Hour))["press"]
	want(t, "held after a day", r.Held, 0)
	want(t, "written after a day", r.Unextracted, 3)
}
