package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"docket/internal/sources"
)

const (
	benchFeeds   = 500
	benchHosts   = 50 // local servers on distinct ports: distinct hosts to the gate
	benchItems   = 10
	benchLatency = 50 * time.Millisecond
)

// BenchmarkRun500 fetches 500 feeds from 50 local hosts that answer after
// 50 ms: the first run parses and writes every item, the second gets a
// 304 for every feed. Targets: first <= 5 s, second <= 1 s a run. The
// second run is bound by hosts at once: 3.3 s at 8 (the old default),
// 0.97 s at 32, 0.57 s at 64 (DefaultHosts) on a 2-core machine.
//
//	go test -run '^$' -bench Run500 -benchtime 3x ./internal/fetch/
func BenchmarkRun500(b *testing.B) {
	srcs := benchServers(b)
	for _, hosts := range []int{8, 32, DefaultHosts} {
		b.Run(fmt.Sprintf("hosts=%d/first", hosts), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				o := benchOptions(b, srcs, hosts)
				b.StartTimer()
				benchRun(b, o, StatusOK)
			}
		})
		b.Run(fmt.Sprintf("hosts=%d/second-304", hosts), func(b *testing.B) {
			o := benchOptions(b, srcs, hosts)
			benchRun(b, o, StatusOK)
			o.Force = true
			for b.Loop() {
				benchRun(b, o, StatusNotModified)
			}
		})
	}
}

func benchOptions(b *testing.B, srcs *sources.Sources, hosts int) Options {
	return Options{
		ContentDir: b.TempDir(), Sources: srcs,
		State:  &sources.State{Feeds: map[string]*sources.FeedState{}},
		Client: NewClient(ClientOptions{Hosts: hosts, Backoff: time.Millisecond, AllowPrivate: true}),
	}
}

func benchRun(b *testing.B, o Options, want string) {
	sum, err := Run(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range sum.Feeds {
		if r.Status != want {
			b.Fatalf("%s: %+v, want %s", r.Feed, r, want)
		}
	}
}

func benchServers(b *testing.B) *sources.Sources {
	srcs := &sources.Sources{}
	var servers []*httptest.Server
	for range benchHosts {
		srv := httptest.NewServer(http.HandlerFunc(slowFeed))
		b.Cleanup(srv.Close)
		servers = append(servers, srv)
	}
	for i := range benchFeeds {
		srcs.Feeds = append(srcs.Feeds, sources.Source{
			ID: fmt.Sprintf("f%03d", i), URL: fmt.Sprintf("%s/feed/%d", servers[i%benchHosts].URL, i),
			Title: "Feed", Kind: sources.KindPress, Select: sources.SelectAll, Extract: sources.ExtractSummary,
			MinInterval: time.Hour, BackfillDays: 30,
		})
	}
	return srcs
}

// slowFeed answers after benchLatency with a feed of distinct items, or
// 304 when the client has it.
func slowFeed(w http.ResponseWriter, r *http.Request) {
	time.Sleep(benchLatency)
	etag := `"` + r.URL.Path + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link>`)
	for j := range benchItems {
		fmt.Fprintf(&sb, `<item><title>Story %d of %s about competition</title><link>https://bench.example%s/%d?utm_source=rss</link>`+
			`<pubDate>Tue, 24 Nov 2026 %02d:00:00 +0000</pubDate><description>&lt;p&gt;Summary of story %d.&lt;/p&gt;</description></item>`,
			j, r.URL.Path, r.URL.Path, j, j, j)
	}
	sb.WriteString(`</channel></rss>`)
	w.Write([]byte(sb.String()))
}
