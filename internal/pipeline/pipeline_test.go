package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"docket/internal/fetch"
	"docket/internal/golden"
	"docket/internal/publish"
	"docket/internal/site"
	"docket/internal/sources"
)

// day1 is the first simulated run; the others follow a day apart.
var day1 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day1.AddDate(0, 0, n-1) }

// web plays four sources whose answers depend on the simulated day:
//
//	steady   two items; unchanged (304) on day 2; a third item on day 3
//	flaky    one item; a 500 on day 2; recovers with a new item on day 3
//	limited  one item; a 429 with Retry-After on day 2; a new item on day 3
//	dead     always 404 (the state says it has been failing for 10 days)
type web struct {
	day atomic.Int32
	srv *httptest.Server
}

type rssItem struct {
	id, title string
	date      time.Time
}

func newWeb(t *testing.T) *web {
	w := &web{}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *web) serve(rw http.ResponseWriter, r *http.Request) {
	d := int(w.day.Load())
	switch r.URL.Path {
	case "/steady.xml":
		items := []rssItem{
			{"s1", "Commission opens antitrust investigation into app store rules", day(1).Add(-3 * time.Hour)},
			{"s2", "Regulator orders messaging interoperability for gatekeepers", day(1).Add(-2 * time.Hour)},
		}
		etag := `"steady-1"`
		if d >= 3 {
			items = append(items, rssItem{"s3", "Court upholds fine for blocking rival payment links", day(3).Add(-time.Hour)})
			etag = `"steady-3"`
		}
		w.feed(rw, r, etag, items)
	case "/flaky.xml":
		if d == 2 {
			http.Error(rw, "oops", http.StatusInternalServerError)
			return
		}
		items := []rssItem{{"f1", "Competition authority fines platform over self-preferencing", day(1).Add(-5 * time.Hour)}}
		if d >= 3 {
			items = append(items, rssItem{"f2", "Platform agrees to open its messaging service to rivals", day(2).Add(6 * time.Hour)})
		}
		w.feed(rw, r, "", items)
	case "/limited.xml":
		if d == 2 {
			rw.Header().Set("Retry-After", "3600")
			http.Error(rw, "slow down", http.StatusTooManyRequests)
			return
		}
		items := []rssItem{{"l1", "Parliament passes digital markets competition bill", day(1).Add(-4 * time.Hour)}}
		if d >= 3 {
			items = append(items, rssItem{"l2", "Gatekeeper must allow alternative app stores, regulator says", day(3).Add(-2 * time.Hour)})
		}
		w.feed(rw, r, "", items)
	case "/dead.xml":
		http.NotFound(rw, r)
	default:
		if id, ok := strings.CutPrefix(r.URL.Path, "/article/"); ok {
			fmt.Fprintf(rw, "<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p><p>%s</p></article></body></html>",
				id, id, summaryOf(id), strings.Repeat("The competition authority explained its decision in detail. ", 12))
			return
		}
		http.NotFound(rw, r)
	}
}

func summaryOf(id string) string { return "Summary of " + id + ": the competition authority acted." }

// feed writes an RSS feed, answering 304 when the client has etag.
func (w *web) feed(rw http.ResponseWriter, r *http.Request, etag string, items []rssItem) {
	if etag != "" {
		if r.Header.Get("If-None-Match") == etag {
			rw.WriteHeader(http.StatusNotModified)
			return
		}
		rw.Header().Set("ETag", etag)
	}
	rw.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(rw, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title><link>`+w.srv.URL+`/</link>`)
	for _, it := range items {
		fmt.Fprintf(rw, "<item><guid>%s</guid><title>%s</title><link>%s/article/%s</link><pubDate>%s</pubDate><description>%s</description></item>",
			it.id, it.title, w.srv.URL, it.id, it.date.Format(time.RFC1123Z), summaryOf(it.id))
	}
	fmt.Fprint(rw, "</channel></rss>")
}

// project is a docket project folder whose feeds point at a web.
type project struct {
	dir string
	web *web
}

const siteYAML = `title: Dry run
description: The pipeline over three simulated days.
base_url: https://example.org/docket/
language: en
author: Tests
page_size: 10
feed_size: 10
excerpt: lead
excerpt_words: 20
`

func newProject(t *testing.T, w *web) *project {
	t.Helper()
	p := &project{dir: t.TempDir(), web: w}
	golden.CopyTree(t, "../../templates", p.path("templates"))
	for _, name := range []string{"topics.yaml", "entities.yaml"} {
		copyFile(t, filepath.Join("../../feeds", name), p.path("feeds", name))
	}
	var feeds strings.Builder
	feeds.WriteString("min_interval: 1h\nfeeds:\n")
	for _, id := range []string{"steady", "flaky", "limited", "dead"} {
		extractPolicy := "summary"
		if id == "steady" {
			extractPolicy = "full"
		}
		fmt.Fprintf(&feeds, "  - id: %s\n    url: %s/%s.xml\n    title: %s news\n    kind: regulator\n    select: all\n    extract: %s\n",
			id, w.srv.URL, id, strings.ToUpper(id[:1])+id[1:], extractPolicy)
	}
	write(t, p.path("feeds", "feeds.yaml"), feeds.String())
	write(t, p.path("content", "site.yaml"), siteYAML)

	// The dead feed has been failing for ten days already.
	st := &sources.State{Feeds: map[string]*sources.FeedState{}}
	dead := st.Feed("dead")
	dead.URL, dead.Status, dead.Error = w.srv.URL+"/dead.xml", 404, "http 404: not found"
	dead.Failures, dead.FailingSince, dead.LastFetch = 4, day(1).AddDate(0, 0, -10), day(1).AddDate(0, 0, -1)
	if err := st.Save(p.path("feeds", "state.json")); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *project) path(elem ...string) string {
	return filepath.Join(append([]string{p.dir}, elem...)...)
}

// fetch runs docket fetch as of now, through the command's own wiring
// (NewFetch, Run), with a clock and a client that may reach the test
// servers on 127.0.0.1.
func (p *project) fetch(t *testing.T, now time.Time) map[string]*fetch.FeedResult {
	t.Helper()
	clock := func() time.Time { return now }
	run, err := NewFetch(p.dir, fetch.ClientOptions{Now: clock, Retries: -1, AllowPrivate: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	run.Opts.Now = clock
	sum, saveErr, err := run.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if saveErr != nil {
		t.Fatal(saveErr)
	}
	byFeed := map[string]*fetch.FeedResult{}
	for _, r := range sum.Feeds {
		byFeed[r.Feed] = r
	}
	return byFeed
}

func (p *project) build(t *testing.T, opts site.Options) {
	t.Helper()
	opts.Root = p.dir
	if opts.Version == "" {
		opts.Version = "test"
	}
	if _, err := site.Build(opts); err != nil {
		t.Fatal(err)
	}
}

func (p *project) state(t *testing.T) *sources.State {
	t.Helper()
	st, err := sources.LoadState(p.path("feeds", "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func (p *project) health(t *testing.T) map[string]sources.SourceStatus {
	t.Helper()
	var h sources.Health
	if err := json.Unmarshal([]byte(read(t, p.path("public", "status.json"))), &h); err != nil {
		t.Fatal(err)
	}
	out := map[string]sources.SourceStatus{"": {LastFetch: h.Reference}} // "" holds the reference
	for _, s := range h.Sources {
		out[s.ID] = s
	}
	return out
}

func (p *project) news(t *testing.T) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(p.path("content", "news"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, read(t, path))
		}
		return nil
	})
	return files
}

// want reports a mismatch of one named figure.
func want[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestDryRunThreeDays(t *testing.T) {
	w := newWeb(t)
	p := newProject(t, w)

	// Day 1: first fetch of three feeds; what they bring is a backfill.
	w.day.Store(1)
	res := p.fetch(t, day(1))
	for id, status := range map[string]string{"steady": "ok", "flaky": "ok", "limited": "ok", "dead": "failed"} {
		want(t, "day 1 "+id+" status", res[id].Status, status)
	}
	want(t, "day 1 written", res["steady"].Written+res["flaky"].Written+res["limited"].Written, 4)
	p.build(t, site.Options{})
	news := p.news(t)
	want(t, "day 1 news files", len(news), 4)
	for _, f := range news {
		if !strings.Contains(f, "backfilled: true") {
			t.Errorf("a first fetch is a backfill:\n%s", f)
		}
	}
	h := p.health(t)
	want(t, "day 1 reference", h[""].LastFetch, day(1))
	want(t, "day 1 dead failures", h["dead"].Failures, 5)
	want(t, "day 1 dead stale", h["dead"].Stale, true)
	want(t, "day 1 steady", fmt.Sprint(h["steady"].Checks, h["steady"].NotModified, h["steady"].Written), "1 0 2")
	page := read(t, p.path("public", "status", "index.html"))
	if !strings.Contains(page, "Failing sources") || !strings.Contains(page, `href="#source-dead"`) {
		t.Errorf("day 1 status page does not flag the dead feed:\n%s", page)
	}
	if feedXML := read(t, p.path("public", "feed.xml")); strings.Contains(feedXML, "<entry") {
		t.Errorf("day 1 feed has backfilled entries:\n%s", feedXML)
	}

	// Day 2: nothing new, one 500, one 429.
	w.day.Store(2)
	before := p.state(t)
	res = p.fetch(t, day(2))
	for id, status := range map[string]string{"steady": "not_modified", "flaky": "failed", "limited": "failed", "dead": "failed"} {
		want(t, "day 2 "+id+" status", res[id].Status, status)
	}
	st := p.state(t)
	want(t, "day 2 steady etag", st.Feeds["steady"].ETag, before.Feeds["steady"].ETag)
	want(t, "day 2 limited next fetch (Retry-After)", st.Feeds["limited"].NextFetch, day(2).Add(time.Hour))
	want(t, "day 2 flaky failing since", st.Feeds["flaky"].FailingSince, day(2))
	want(t, "day 2 news files", len(p.news(t)), 4)
	p.build(t, site.Options{})
	h = p.health(t)
	want(t, "day 2 steady 304s", fmt.Sprint(h["steady"].NotModified, "/", h["steady"].Checks, " ", h["steady"].NotModRate), "1/2 0.5")
	want(t, "day 2 flaky", fmt.Sprint(h["flaky"].Failures, h["flaky"].HTTPStatus, h["flaky"].Stale), "1 500 false")
	want(t, "day 2 limited", fmt.Sprint(h["limited"].HTTPStatus, h["limited"].NextFetch.Equal(day(2).Add(time.Hour))), "429 true")

	// Day 3: news everywhere but the dead feed; flaky recovers.
	w.day.Store(3)
	res = p.fetch(t, day(3))
	for id, written := range map[string]int{"steady": 1, "flaky": 1, "limited": 1, "dead": 0} {
		want(t, "day 3 "+id+" written", res[id].Written, written)
	}
	st = p.state(t)
	want(t, "day 3 flaky failures", st.Feeds["flaky"].Failures, 0)
	want(t, "day 3 flaky failing since", st.Feeds["flaky"].FailingSince.IsZero(), true)
	want(t, "day 3 news files", len(p.news(t)), 7)
	p.build(t, site.Options{})
	h = p.health(t)
	want(t, "day 3 flaky", fmt.Sprint(h["flaky"].Failures, h["flaky"].Stale, h["flaky"].Written), "0 false 2")
	want(t, "day 3 steady written", h["steady"].Written, 3)
	want(t, "day 3 dead stale", h["dead"].Stale, true)
	feedXML := read(t, p.path("public", "feed.xml"))
	for _, title := range []string{"Court upholds fine", "Platform agrees to open", "Gatekeeper must allow"} {
		if !strings.Contains(feedXML, title) {
			t.Errorf("day 3 feed lacks %q", title)
		}
	}
	if strings.Contains(feedXML, "Commission opens antitrust") {
		t.Error("day 3 feed has a backfilled item")
	}

	checkReproducible(t, p)
}

// TestAllNotModifiedRun checks what a run in which every source answers
// 304 changes in feeds/state.json: only the polling fields that the
// workflow neither commits nor needs committed.
func TestAllNotModifiedRun(t *testing.T) {
	w := newWeb(t)
	p := newProject(t, w)
	os.Remove(p.path("feeds", "state.json"))
	write(t, p.path("feeds", "feeds.yaml"), fmt.Sprintf("feeds:\n  - id: steady\n    url: %s/steady.xml\n    title: Steady\n    kind: press\n    select: all\n    extract: summary\n", w.srv.URL))
	w.day.Store(1)
	p.fetch(t, day(1))
	before := read(t, p.path("feeds", "state.json"))
	news := len(p.news(t))
	res := p.fetch(t, day(1).Add(3*time.Hour))
	want(t, "status", res["steady"].Status, "not_modified")
	want(t, "news files", len(p.news(t)), news)

	var a, b map[string]map[string]map[string]any
	json.Unmarshal([]byte(before), &a)
	json.Unmarshal([]byte(read(t, p.path("feeds", "state.json"))), &b)
	polling := map[string]bool{"last_fetch": true, "last_success": true, "next_fetch": true, "status": true, "days": true}
	for k, v := range b["feeds"]["steady"] {
		if !polling[k] && fmt.Sprint(v) != fmt.Sprint(a["feeds"]["steady"][k]) {
			t.Errorf("an all-304 run changed %s: %v -> %v", k, a["feeds"]["steady"][k], v)
		}
	}
	want(t, "status after 304", fmt.Sprint(b["feeds"]["steady"]["status"]), "304")
	want(t, "days", fmt.Sprint(b["feeds"]["steady"]["days"]), "[map[checks:2 date:2026-11-20 not_modified:1 written:2]]")
}

// checkReproducible builds the project in two more folders at different
// paths, with SOURCE_DATE_EPOCH, and compares the sites byte for byte.
func checkReproducible(t *testing.T, p *project) {
	t.Helper()
	epoch := time.Unix(1795000000, 0).UTC()
	var (
		trees   []map[string]string
		publics []string
	)
	for _, parent := range []string{t.TempDir(), filepath.Join(t.TempDir(), "a", "much", "deeper", "folder")} {
		q := &project{dir: parent}
		for _, d := range []string{"content", "feeds", "templates"} {
			golden.CopyTree(t, p.path(d), q.path(d))
		}
		q.build(t, site.Options{SourceDate: epoch})
		trees = append(trees, readTree(t, q.path("public")))
		publics = append(publics, q.path("public"))
	}
	a, b := trees[0], trees[1]
	if len(a) != len(b) {
		t.Fatalf("builds differ in size: %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if b[name] != data {
			t.Errorf("%s differs between two builds of the same inputs", name)
		}
	}
	var m publish.Manifest
	if err := json.Unmarshal([]byte(a["build.json"]), &m); err != nil {
		t.Fatal(err)
	}
	want(t, "build time", m.BuildTime, epoch)
	want(t, "files", m.Files, len(a)-1)
	hash, _, err := publish.TreeHash(p.dir, "content", "feeds", "templates")
	if err != nil {
		t.Fatal(err)
	}
	want(t, "input hash", m.Inputs, hash)
	// The writer lists what it writes; the listing must be the tree's.
	if hash, _, err = publish.TreeHash(publics[0], "."); err != nil {
		t.Fatal(err)
	}
	want(t, "output hash", m.Outputs, hash)
	if strings.Contains(a["build.json"], p.dir) || strings.Contains(a["status.json"], p.dir) {
		t.Error("the output names the folder it was built in")
	}
}

// TestManifestWithoutSourceDate checks that without SOURCE_DATE_EPOCH the
// manifest carries no time at all.
func TestManifestWithoutSourceDate(t *testing.T) {
	p := newProject(t, newWeb(t))
	p.build(t, site.Options{})
	var m map[string]any
	if err := json.Unmarshal([]byte(read(t, p.path("public", "build.json"))), &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["build_time"]; ok {
		t.Errorf("build.json has a build time without SOURCE_DATE_EPOCH: %v", m)
	}
	for _, k := range []string{"docket", "inputs", "outputs", "files"} {
		if m[k] == nil || m[k] == "" {
			t.Errorf("build.json lacks %s: %v", k, m)
		}
	}
}

// TestBuildNeedsNoNetwork checks that nothing docket's build or preview
// runs can open a connection or parse a feed: the transitive closure of
// what internal/site links (go list -deps) holds no networking package,
// no feed parser or sanitizer, and none of the fetching stages; the
// closure of internal/serve holds the same, except net and net/http,
// which serve needs for its own local HTTP server and which no other
// package of that closure imports.
func TestBuildNeedsNoNetwork(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	stages := []string{"docket/internal/fetch", "docket/internal/feed", "docket/internal/extract"}
	parsers := []string{"github.com/mmcdole/gofeed", "github.com/microcosm-cc/bluemonday", "github.com/PuerkitoBio/goquery"}
	network := []string{"net", "net/http", "crypto/tls"}
	for _, tc := range []struct {
		pkg       string
		forbidden []string
	}{
		{"docket/internal/site", slices.Concat(stages, parsers, network)},
		{"docket/internal/serve", slices.Concat(stages, parsers)},
	} {
		deps := goList(t, goTool, "-deps", "-f", "{{.ImportPath}}", tc.pkg)
		if len(deps) < 5 {
			t.Fatalf("go list -deps %s found only %v", tc.pkg, deps)
		}
		for _, dep := range deps {
			for _, bad := range tc.forbidden {
				if dep == bad || strings.Contains(bad, ".") && strings.HasPrefix(dep, bad+"/") { // a module and its packages
					t.Errorf("%s links %s: the build path could reach the network or parse feeds", tc.pkg, dep)
				}
			}
		}
	}
	// Within serve's closure only serve itself may import net or net/http.
	for _, line := range goList(t, goTool, "-deps", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", "docket/internal/serve") {
		pkg, imports, _ := strings.Cut(line, ":")
		if !strings.HasPrefix(pkg, "docket/") || pkg == "docket/internal/serve" {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if slices.Contains(network, imp) {
				t.Errorf("%s imports %s: only serve's own server may", pkg, imp)
			}
		}
	}
}

func goList(t *testing.T, goTool string, args ...string) []string {
	t.Helper()
	out, err := exec.Command(goTool, append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	write(t, dst, read(t, src))
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = read(t, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestLayers keeps README.md's package map true: a package imports only
// from layers below its own.
func TestLayers(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	layer := map[string]int{
		"text": 0, "projfile": 0, "lock": 0, "yamlerr": 0, "money": 0, "golden": 0, "cputime": 0, "hugepages": 0,
		"story": 1, "feed": 1, "extract": 1, "sources": 1, "topic": 1, "content": 1, "config": 1, "search": 1, "publish": 1,
		"fetch": 2, "review": 2, "reselect": 2, "synth": 2, "casesuggest": 2,
		"site": 3, "pipeline": 3,
		"serve": 4,
	}
	for _, line := range goList(t, goTool, "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", "docket/internal/...") {
		pkg, imports, _ := strings.Cut(line, ":")
		name := strings.TrimPrefix(pkg, "docket/internal/")
		l, ok := layer[name]
		if !ok {
			t.Errorf("%s is not in README.md's package map (add it there and here)", pkg)
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if dep, ok := strings.CutPrefix(imp, "docket/internal/"); ok && layer[dep] >= l {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports point down only", pkg, l, imp, layer[dep])
			}
		}
	}
}
