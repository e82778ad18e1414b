package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"docket/internal/content"
	"docket/internal/projfile"
	"docket/internal/sources"
	"docket/internal/topic"
)

var testNow = time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)

// fixtureServer serves testdata files by name, with an optional
// Content-Type per file, and honours If-None-Match with a fixed ETag.
func fixtureServer(t *testing.T, types map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		etag := `"` + name + `"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		if ct, ok := types[name]; ok {
			w.Header().Set("Content-Type", ct)
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func sourceList(srv *httptest.Server, names ...string) *sources.Sources {
	s := &sources.Sources{}
	for _, n := range names {
		s.Feeds = append(s.Feeds, sources.Source{
			ID: strings.TrimSuffix(n, filepath.Ext(n)), URL: srv.URL + "/" + n, Title: n,
			Kind: sources.KindPress, Select: sources.SelectAll, Extract: sources.ExtractSummary,
			MinInterval: time.Hour, BackfillDays: 30,
		})
	}
	return s
}

func runOnce(t *testing.T, o Options) *Summary {
	t.Helper()
	if o.Now == nil {
		o.Now = func() time.Time { return testNow }
	}
	if o.Client == nil {
		o.Client = testClient(ClientOptions{})
	}
	sum, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func newsFiles(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			files[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return files
}

func TestRunDedupeAndIdempotence(t *testing.T) {
	srv := fixtureServer(t, nil)
	dir := t.TempDir()
	state := &sources.State{Feeds: map[string]*sources.FeedState{}}
	o := Options{ContentDir: dir, Sources: sourceList(srv, "wire.xml", "press.xml"), State: state}

	sum := runOnce(t, o)
	written := 0
	for _, r := range sum.Feeds {
		if r.Status != StatusOK {
			t.Fatalf("%s: %+v", r.Feed, r)
		}
		written += r.Written
	}
	// wire has 2 items, press 2, one of them the same story: 3 files.
	files := newsFiles(t, dir)
	if written != 3 || len(files) != 3 {
		t.Fatalf("written %d, files %v", written, keys(files))
	}
	first := newsFiles(t, dir)

	// Second run, forced past next_fetch: every feed answers 304.
	o.Force = true
	sum = runOnce(t, o)
	for _, r := range sum.Feeds {
		if r.Status != StatusNotModified || r.Written != 0 {
			t.Errorf("second run %s: %+v", r.Feed, r)
		}
	}
	// Third run without validators: the items are parsed again and all seen.
	for _, fs := range state.Feeds {
		fs.ETag = ""
	}
	sum = runOnce(t, o)
	for _, r := range sum.Feeds {
		if r.Written != 0 || r.New != 0 || r.Seen != 2 {
			t.Errorf("third run %s: %+v", r.Feed, r)
		}
	}
	if after := newsFiles(t, dir); len(after) != len(first) {
		t.Errorf("files changed: %v", keys(after))
	}
}

func TestRunWritesFrontMatter(t *testing.T) {
	srv := fixtureServer(t, nil)
	dir := t.TempDir()
	state := &sources.State{Feeds: map[string]*sources.FeedState{"wire": {URL: srv.URL + "/wire.xml", LastSuccess: testNow.Add(-time.Hour)}}}
	runOnce(t, Options{ContentDir: dir, Sources: sourceList(srv, "wire.xml"), State: state})
	data, err := os.ReadFile(filepath.Join(dir, "news/2026/11/regulator-orders-two-messaging-apps-to-interoperate.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc, problems := content.Parse("x.md", "news/2026/11/regulator-orders-two-messaging-apps-to-interoperate", data, nil)
	if doc == nil || len(problems) > 0 {
		t.Fatalf("written file does not parse: %v\n%s", problems, data)
	}
	if doc.URL != "https://news.example/2026/11/messaging-interop" || doc.Backfilled || doc.Feed != "wire" {
		t.Errorf("entry %+v", doc.Entry)
	}
	if strings.Contains(string(data), "<script") || strings.Contains(string(data), "alert") {
		t.Errorf("feed HTML leaked into the file:\n%s", data)
	}
	if st := state.Feeds["wire"]; st.NextFetch.Sub(testNow) != time.Hour || st.ETag == "" {
		t.Errorf("state %+v", st)
	}
}

func TestRunBackfill(t *testing.T) {
	srv := fixtureServer(t, nil)
	dir := t.TempDir()
	state := &sources.State{Feeds: map[string]*sources.FeedState{"press": {URL: srv.URL + "/press.xml", LastSuccess: testNow.Add(-time.Hour)}}}
	runOnce(t, Options{ContentDir: dir, Sources: sourceList(srv, "press.xml"), State: state})
	for name, data := range newsFiles(t, dir) {
		old := strings.Contains(name, "/2019/")
		if strings.Contains(data, "backfilled: true") != old {
			t.Errorf("%s: backfilled should be %v:\n%s", name, old, data)
		}
	}
}

func TestRunBadFeeds(t *testing.T) {
	srv := fixtureServer(t, map[string]string{"gb2312.xml": "text/xml"})
	dir := t.TempDir()
	src := sourceList(srv, "page.html", "broken.xml", "garbage.xml", "missing.xml", "gb2312.xml")
	sum := runOnce(t, Options{ContentDir: dir, Sources: src, State: &sources.State{Feeds: map[string]*sources.FeedState{}}})
	want := map[string]struct {
		status, errPart string
		written         int
	}{
		"page":    {StatusFailed, "links a feed at https://page.example/rss.xml", 0},
		"broken":  {StatusOK, "", 1},
		"garbage": {StatusFailed, "feed: parse", 0},
		"missing": {StatusFailed, "http 404", 0},
		"gb2312":  {StatusOK, "", 1},
	}
	for _, r := range sum.Feeds {
		w := want[r.Feed]
		if r.Status != w.status || !strings.Contains(r.Error, w.errPart) || r.Written != w.written {
			t.Errorf("%s: %+v, want %+v", r.Feed, r, w)
		}
	}
	if sum.Succeeded() != 2 {
		t.Errorf("succeeded %d", sum.Succeeded())
	}
	files := newsFiles(t, dir)
	var zh string
	for name, data := range files {
		if strings.Contains(data, "监管部门要求平台互联互通") {
			zh = name
			if !strings.Contains(data, "2026-11-20T14:38:10+08:00") {
				t.Errorf("date not read in Asia/Shanghai:\n%s", data)
			}
		}
	}
	if zh == "" {
		t.Errorf("no correctly decoded Chinese item in %v", keys(files))
	}
}

func TestRunSkipsUntilDue(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	src := sourceList(srv, "x.xml")
	state := &sources.State{Feeds: map[string]*sources.FeedState{"x": {URL: srv.URL + "/x.xml", NextFetch: testNow.Add(time.Minute)}}}
	sum := runOnce(t, Options{ContentDir: t.TempDir(), Sources: src, State: state})
	if sum.Feeds[0].Status != StatusSkipped || hits != 0 {
		t.Errorf("not skipped: %+v, %d hits", sum.Feeds[0], hits)
	}
}

func TestRunSlugCollision(t *testing.T) {
	srv := fixtureServer(t, nil)
	dir := t.TempDir()
	// An editor's file already has the slug of the first wire item.
	rel := "news/2026/11/regulator-orders-two-messaging-apps-to-interoperate.md"
	editor := "---\ntitle: Regulator orders two messaging apps to interoperate\nurl: https://elsewhere.example/x\n---\nEditor's text.\n"
	os.MkdirAll(filepath.Join(dir, "news/2026/11"), 0o755)
	os.WriteFile(filepath.Join(dir, rel), []byte(editor), 0o644)
	runOnce(t, Options{ContentDir: dir, Sources: sourceList(srv, "wire.xml"), State: &sources.State{Feeds: map[string]*sources.FeedState{}}})
	files := newsFiles(t, dir)
	if files[rel] != editor {
		t.Errorf("editor's file changed:\n%s", files[rel])
	}
	if len(files) != 3 {
		t.Errorf("want the editor's file and two new ones: %v", keys(files))
	}
}

// rejectAll is a selection that keeps nothing.
type rejectAll struct{}

func (rejectAll) Classify(it topic.Item) topic.Result { return topic.Result{ID: it.ID} }

func TestRunRejectedItemLeftForOtherFeed(t *testing.T) {
	srv := fixtureServer(t, nil)
	src := sourceList(srv, "wire.xml", "press.xml")
	src.Feeds[0].Select = sources.SelectRules // wire: rules, which reject everything
	for range 3 {                             // feeds run concurrently: try a few orders
		dir := t.TempDir()
		runOnce(t, Options{ContentDir: dir, Sources: src, State: &sources.State{Feeds: map[string]*sources.FeedState{}}, Classify: rejectAll{}, Force: true})
		files := newsFiles(t, dir)
		found := false
		for _, data := range files {
			found = found || strings.Contains(data, "https://news.example/2026/11/messaging-interop")
		}
		if len(files) != 2 || !found {
			t.Fatalf("want press's 2 items, the shared story among them: %v", keys(files))
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestRunWriteFailureRefetches: when items of a copy could not be written,
// the copy's validators are not kept, so the next run gets a full answer
// (not a 304) and writes the items then.
func TestRunWriteFailureRefetches(t *testing.T) {
	srv := fixtureServer(t, nil)
	dir := t.TempDir()
	// A file where the news folder should be: every write fails.
	blocker := filepath.Join(dir, "news")
	if err := os.WriteFile(blocker, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	state := &sources.State{Feeds: map[string]*sources.FeedState{}}
	o := Options{ContentDir: dir, Sources: sourceList(srv, "wire.xml"), State: state, Force: true}
	sum := runOnce(t, o)
	if !sum.WriteFailure || sum.Feeds[0].Written != 0 {
		t.Fatalf("first run should fail to write: %+v", sum.Feeds[0])
	}
	if st := state.Feeds["wire"]; st.ETag != "" || st.LastModified != "" {
		t.Errorf("validators kept after a write failure: %+v", st)
	}
	os.Remove(blocker)
	sum = runOnce(t, o)
	if r := sum.Feeds[0]; r.Status != StatusOK || r.Written != 2 {
		t.Errorf("second run: %+v, want the 2 items written", r)
	}
}

// TestRunNewURLFailureDropsOldValidators: a feed whose URL changed and
// whose first fetch at the new URL failed must not later send the old
// URL's validators to the new one.
func TestRunNewURLFailureDropsOldValidators(t *testing.T) {
	wire, err := os.ReadFile(filepath.Join("testdata", "wire.xml"))
	if err != nil {
		t.Fatal(err)
	}
	failures := 1
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case failures > 0:
			failures--
			http.Error(w, "down", http.StatusInternalServerError)
		case r.Header.Get("If-None-Match") == `"old"` || r.Header.Get("If-Modified-Since") != "":
			w.WriteHeader(http.StatusNotModified) // a careless server
		default:
			w.Write(wire)
		}
	}))
	defer srv.Close()
	src := sourceList(srv, "wire.xml")
	state := &sources.State{Feeds: map[string]*sources.FeedState{"wire": {
		URL: srv.URL + "/old.xml", ETag: `"old"`, LastModified: "Mon, 23 Nov 2026 10:00:00 GMT",
		LastSuccess: testNow.Add(-time.Hour),
	}}}
	o := Options{ContentDir: t.TempDir(), Sources: src, State: state, Force: true,
		Client: testClient(ClientOptions{Retries: -1})}
	if sum := runOnce(t, o); sum.Feeds[0].Status != StatusFailed {
		t.Fatalf("first run: %+v", sum.Feeds[0])
	}
	if sum := runOnce(t, o); sum.Feeds[0].Status != StatusOK || sum.Feeds[0].Written != 2 {
		t.Errorf("second run: %+v, want the new feed's 2 items", sum.Feeds[0])
	}
}

// wireFirst rejects every item. When the wire feed (lang "en") classifies
// the shared story it lets the press feed's answer go out, then waits for
// press to classify the story too. The waits have a bound only so that a
// run that cannot interleave the two fails instead of hanging: a missed
// wait is a failure, never a pass that did not force the order.
type wireFirst struct {
	wireAt  chan struct{} // closed when wire classifies the story
	pressAt chan struct{} // closed when press classifies it
	once    [2]sync.Once
	missed  atomic.Bool // a wait hit its bound: the order was not forced
}

// hangGuard bounds a wait that the forced order always ends at once.
const hangGuard = 30 * time.Second

func (c *wireFirst) Classify(it topic.Item) topic.Result {
	if it.Title == "Regulator orders two messaging apps to interoperate" {
		c.once[0].Do(func() { close(c.wireAt) })
		select {
		case <-c.pressAt:
		case <-time.After(hangGuard):
			c.missed.Store(true)
		}
	}
	if it.Title == "Messaging apps told to interoperate" {
		c.once[1].Do(func() { close(c.pressAt) })
	}
	return topic.Result{ID: it.ID}
}

// TestRunRejectedItemNotHiddenFromConcurrentFeed forces the order that
// used to lose the shared story: wire (rules, rejecting) is selecting it
// while press (select: all) reaches it. Press must still write it.
func TestRunRejectedItemNotHiddenFromConcurrentFeed(t *testing.T) {
	c := &wireFirst{wireAt: make(chan struct{}), pressAt: make(chan struct{})}
	files := fixtureServer(t, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "press.xml") {
			select { // press's copy arrives while wire is selecting
			case <-c.wireAt:
			case <-time.After(hangGuard):
				c.missed.Store(true)
			}
		}
		http.Redirect(w, r, files.URL+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	src := sourceList(srv, "wire.xml", "press.xml")
	src.Feeds[0].Select = sources.SelectRules
	src.Feeds[0].URL = files.URL + "/wire.xml" // another host: the client's host gate must not order the two
	dir := t.TempDir()
	runOnce(t, Options{ContentDir: dir, Sources: src, State: &sources.State{Feeds: map[string]*sources.FeedState{}}, Classify: c, Force: true})
	if c.missed.Load() {
		t.Fatal("the run did not let wire and press select the story at once: the order under test was not forced")
	}
	found := false
	for _, data := range newsFiles(t, dir) {
		found = found || strings.Contains(data, "https://news.example/2026/11/messaging-interop")
	}
	if !found {
		t.Errorf("the shared story was written by neither feed: %v", keys(newsFiles(t, dir)))
	}
}

// TestRunInterruptedLeavesState: a run cancelled while a feed is still
// answering (Ctrl-C, a CI timeout) is no failure of that feed.
func TestRunInterruptedLeavesState(t *testing.T) {
	// The run is cancelled once the feed's request has reached the
	// server, never before: the case under test, forced, not timed.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	state := &sources.State{Feeds: map[string]*sources.FeedState{}}
	o := Options{ContentDir: t.TempDir(), Sources: sourceList(srv, "slow.xml"), State: state, Force: true,
		Client: testClient(ClientOptions{}), Now: func() time.Time { return testNow }}
	sum, err := Run(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r := sum.Feeds[0]; r.Status != StatusInterrupted {
		t.Fatalf("status %q, want %q", r.Status, StatusInterrupted)
	}
	if st := state.Feeds["slow"]; st != nil && (st.Failures != 0 || !st.FailingSince.IsZero() || !st.LastFetch.IsZero() || len(st.Days) != 0) {
		t.Errorf("an interrupted fetch changed the state: %+v", st)
	}
	if sum.Succeeded() != 0 {
		t.Errorf("an interrupted feed counted as a success")
	}
}

// articleSite serves a feed whose one item links to an article page on
// the same server.
func articleSite(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title><link>%[1]s/</link>
<item><title>Regulator opens the platform</title><link>%[1]s/story</link><guid>story-1</guid>
<description>A short summary.</description><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>`, srv.URL)
		case "/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<html><body><article><p>The full article text.</p></article></body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestRunExtractsArticles: an extract: full feed gets the article page
// through the client and writes its text.
func TestRunExtractsArticles(t *testing.T) {
	srv := articleSite(t)
	extractor := func(page []byte, contentType, pageURL string, _ FeedText) (Page, error) {
		if !strings.Contains(string(page), "full article text") || !strings.HasSuffix(pageURL, "/story") {
			return Page{}, nil
		}
		return Page{Markdown: "The full article text.", Usable: true}, nil
	}
	dir := t.TempDir()
	srcs := &sources.Sources{Feeds: []sources.Source{{ID: "wire", URL: srv.URL + "/feed.xml", Title: "Wire", Kind: sources.KindPress,
		Select: sources.SelectAll, Extract: sources.ExtractFull, MinInterval: time.Hour, BackfillDays: 30}}}
	o := Options{ContentDir: dir, Sources: srcs, Force: true, Extract: extractor}
	if sum := runOnce(t, o); sum.Feeds[0].Written != 1 {
		t.Fatalf("written %d, want 1: %+v", sum.Feeds[0].Written, sum.Feeds[0])
	}
	files := newsFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("files: %v", keys(files))
	}
	for _, data := range files {
		if !strings.Contains(data, "extracted: true") || !strings.Contains(data, "The full article text.") {
			t.Errorf("item lacks the article:\n%s", data)
		}
	}
}

// TestRunCountsUnextracted: an extract: full item whose page cannot be
// fetched is written with the feed's summary, and the feed's report
// counts it; one whose page was read is not counted.
func TestRunCountsUnextracted(t *testing.T) {
	pages := map[string]string{}
	srv := feedServer(t, pages)
	pages["a.xml"] = fmt.Sprintf(`<item><title>Read</title><link>%[1]s/a.xml?p=1</link><description>Summary one.</description><pubDate>20 Nov 2026 10:00:00 GMT</pubDate></item>`+
		`<item><title>Gone</title><link>%[1]s/missing</link><description>Summary two.</description><pubDate>21 Nov 2026 10:00:00 GMT</pubDate></item>`, srv.URL)
	srcs := sourceList(srv, "a.xml")
	srcs.Feeds[0].Extract = sources.ExtractFull
	dir := t.TempDir()
	o := Options{ContentDir: dir, Sources: srcs, Force: true, Now: func() time.Time { return testNow }, Client: testClient(ClientOptions{}),
		Extract: func([]byte, string, string, FeedText) (Page, error) {
			return Page{Markdown: "The article.", Usable: true}, nil
		}}
	sum, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r := sum.Feeds[0]; r.Written != 2 || r.Unextracted != 1 {
		t.Errorf("written %d, unextracted %d; want 2 and 1: %+v", r.Written, r.Unextracted, r)
	}
}

// TestRunRemovesLeftTempFiles: temporary files a killed run left in
// content/news are gone after the next run.
func TestRunRemovesLeftTempFiles(t *testing.T) {
	dir := t.TempDir()
	month := filepath.Join(dir, "news", "2026", "11")
	os.MkdirAll(month, 0o755)
	for _, n := range []string{".tmp-123", ".a.md.tmp-xyz"} {
		os.WriteFile(filepath.Join(month, n), []byte("---\n"), 0o600)
	}
	runOnce(t, Options{ContentDir: dir, Sources: &sources.Sources{}})
	if left, _ := os.ReadDir(month); len(left) != 0 {
		t.Errorf("left: %v", left)
	}
}

// feedServer serves each path of feeds as an RSS document with the items
// given (inner XML of <channel>).
func feedServer(t *testing.T, feeds map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		items, ok := feeds[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title>%s</channel></rss>`, items)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestRunGUIDIsPerFeed: a GUID is unique within its feed only; two feeds
// that both use "1" bring two stories. A URL still dedupes across feeds.
func TestRunGUIDIsPerFeed(t *testing.T) {
	item := func(title, link string) string {
		return fmt.Sprintf(`<item><title>%s</title>%s<guid isPermaLink="false">1</guid><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`, title, link)
	}
	for _, tt := range []struct {
		name string
		a, b string
		want int
	}{
		{"links differ", item("Story A", "<link>https://a.example/x</link>"), item("Story B", "<link>https://b.example/y</link>"), 2},
		{"no links", item("Story A", ""), item("Story B", ""), 2},
		{"same link", item("Story A", "<link>https://a.example/x</link>"), item("Story A again", "<link>https://a.example/x?utm_source=b</link>"), 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := feedServer(t, map[string]string{"a.xml": tt.a, "b.xml": tt.b})
			dir := t.TempDir()
			o := Options{ContentDir: dir, Sources: sourceList(srv, "a.xml", "b.xml"), Force: true}
			runOnce(t, o)
			if files := newsFiles(t, dir); len(files) != tt.want {
				t.Errorf("files %v, want %d", keys(files), tt.want)
			}
			if sum := runOnce(t, o); sum.Feeds[0].Written+sum.Feeds[1].Written != 0 {
				t.Errorf("second run wrote again: %+v %+v", sum.Feeds[0], sum.Feeds[1])
			}
		})
	}
}

// TestRunMaxItems: a feed writes at most max_items items a run, the
// newest, and the summary counts the ones left out.
func TestRunMaxItems(t *testing.T) {
	var items strings.Builder
	for day := 1; day <= 5; day++ {
		fmt.Fprintf(&items, `<item><title>Story %d</title><link>https://a.example/%d</link><pubDate>%02d Nov 2026 10:00:00 GMT</pubDate></item>`, day, day, day)
	}
	srv := feedServer(t, map[string]string{"a.xml": items.String()})
	for _, tt := range []struct {
		max, written, capped int
	}{{2, 2, 3}, {0, 5, 0}, {10, 5, 0}} {
		dir := t.TempDir()
		srcs := sourceList(srv, "a.xml")
		srcs.Feeds[0].MaxItems = tt.max
		sum := runOnce(t, Options{ContentDir: dir, Sources: srcs, Force: true})
		if r := sum.Feeds[0]; r.Written != tt.written || r.Capped != tt.capped {
			t.Errorf("max %d: written %d capped %d, want %d %d", tt.max, r.Written, r.Capped, tt.written, tt.capped)
		}
		files := newsFiles(t, dir)
		if tt.max == 2 && (files["news/2026/11/story-5.md"] == "" || files["news/2026/11/story-4.md"] == "") {
			t.Errorf("kept %v, want the newest two", keys(files))
		}
	}
}

// TestRunMaxItemsUndated: an undated item stands where its feed lists
// it, not first as if it were the newest: listed last, below four dated
// items, it is left out when max_items keeps two.
func TestRunMaxItemsUndated(t *testing.T) {
	var items strings.Builder
	for day := 4; day >= 1; day-- {
		fmt.Fprintf(&items, `<item><title>Story %d</title><link>https://a.example/%d</link><pubDate>%02d Nov 2026 10:00:00 GMT</pubDate></item>`, day, day, day)
	}
	items.WriteString(`<item><title>Old notice</title><link>https://a.example/old</link></item>`)
	srv := feedServer(t, map[string]string{"a.xml": items.String()})
	dir := t.TempDir()
	srcs := sourceList(srv, "a.xml")
	srcs.Feeds[0].MaxItems = 2
	runOnce(t, Options{ContentDir: dir, Sources: srcs, Force: true})
	files := newsFiles(t, dir)
	if len(files) != 2 || files["news/2026/11/story-4.md"] == "" || files["news/2026/11/story-3.md"] == "" {
		t.Errorf("kept %v, want stories 4 and 3", keys(files))
	}
}

// TestRunDeadline: items not done when the run's deadline passes are
// reported as left, not written with a cut-off body, and the feed's
// validators are dropped so that the next run fetches them.
func TestRunDeadline(t *testing.T) {
	pages := map[string]string{}
	srv := feedServer(t, pages)
	var items strings.Builder
	for day := 1; day <= 3; day++ {
		fmt.Fprintf(&items, `<item><title>Story %d</title><link>%s/a.xml?p=%d</link><pubDate>%02d Nov 2026 10:00:00 GMT</pubDate></item>`, day, srv.URL, day, day)
	}
	pages["a.xml"] = items.String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srcs := sourceList(srv, "a.xml")
	srcs.Feeds[0].Extract = sources.ExtractFull
	state := &sources.State{Feeds: map[string]*sources.FeedState{"a": {ETag: `"x"`}}}
	dir := t.TempDir()
	o := Options{ContentDir: dir, Sources: srcs, State: state, Force: true, Now: func() time.Time { return testNow },
		// The "article fetch" of the first item takes until the deadline.
		Extract: func([]byte, string, string, FeedText) (Page, error) {
			cancel()
			return Page{Markdown: "x", Usable: true}, nil
		},
	}
	o.Client = testClient(ClientOptions{})
	sum, err := Run(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r := sum.Feeds[0]; r.Written != 0 || r.Left != 3 || r.Status != StatusOK {
		t.Errorf("written %d left %d, want 0 and 3: %+v", r.Written, r.Left, r)
	}
	if files := newsFiles(t, dir); len(files) != 0 {
		t.Errorf("written: %v", keys(files))
	}
	if st := state.Feeds["a"]; st.ETag != "" {
		t.Errorf("validators kept: %+v", st)
	}
}

// TestRunBackfillAcrossRuns: the items a feed's first fetch left for the
// next run (its deadline passed) are written as backfill by that run, as
// they would have been by the first; that run need not wait for the
// feed's interval.
func TestRunBackfillAcrossRuns(t *testing.T) {
	pages := map[string]string{}
	srv := feedServer(t, pages)
	var items strings.Builder
	for day := 20; day <= 22; day++ { // recent: backfill only as the first fetch's
		fmt.Fprintf(&items, `<item><title>Story %d</title><link>%s/a.xml?p=%d</link><pubDate>%02d Nov 2026 10:00:00 GMT</pubDate></item>`, day, srv.URL, day, day)
	}
	pages["a.xml"] = items.String()
	srcs := sourceList(srv, "a.xml")
	srcs.Feeds[0].Extract = sources.ExtractFull
	state := &sources.State{Feeds: map[string]*sources.FeedState{}} // never fetched
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	extract := func([]byte, string, string, FeedText) (Page, error) { return Page{Markdown: "x", Usable: true}, nil }
	o := Options{ContentDir: dir, Sources: srcs, State: state, Force: true, Now: func() time.Time { return testNow },
		Client: testClient(ClientOptions{}),
		Extract: func(b []byte, ct, u string, s FeedText) (Page, error) { // the first run's deadline passes at once
			cancel()
			return extract(b, ct, u, s)
		},
	}
	if sum, err := Run(ctx, o); err != nil || sum.Feeds[0].Left != 3 {
		t.Fatalf("first run: %v, %+v", err, sum)
	}
	if !state.Feeds["a"].Backfilling {
		t.Errorf("a first fetch that left items is not marked unfinished: %+v", state.Feeds["a"])
	}
	// Due at once, not after the feed's interval: no --force needed.
	o.Extract, o.Force = extract, false
	if sum, err := Run(context.Background(), o); err != nil || sum.Feeds[0].Written != 3 {
		t.Fatalf("second run: %v, %+v", err, sum)
	}
	for name, data := range newsFiles(t, dir) {
		if !strings.Contains(data, "backfilled: true") {
			t.Errorf("%s, left by the first fetch, is not marked backfilled", name)
		}
	}
	if state.Feeds["a"].Backfilling {
		t.Error("still marked unfinished once every item is written")
	}
}

// TestRunTombstones: a tombstone by URL keeps the story out whichever
// feed brings it; one by GUID only within its feed. A file deleted since
// the last run is recorded even when no feed has items.
func TestRunTombstones(t *testing.T) {
	item := func(title, link, guid string) string {
		return fmt.Sprintf(`<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`, title, link, guid)
	}
	srv := feedServer(t, map[string]string{
		"a.xml": item("Story A", "https://a.example/x", "1") + item("Story C", "https://a.example/c", "3"),
		"b.xml": item("Story A again", "https://a.example/x?utm_source=b", "9") + item("Story B", "https://b.example/y", "3"),
	})
	dir := t.TempDir()
	rm := &sources.Removed{Items: []sources.Tombstone{
		{ItemRef: sources.ItemRef{URL: "https://a.example/x"}},
		{ItemRef: sources.ItemRef{Feed: "a", GUID: "3"}},
	}}
	o := Options{ContentDir: dir, Sources: sourceList(srv, "a.xml", "b.xml"), Removed: rm, Force: true}
	sum := runOnce(t, o)
	files := newsFiles(t, dir)
	if len(files) != 1 || sum.Feeds[0].Removed != 2 || sum.Feeds[1].Removed != 1 || sum.Feeds[1].Written != 1 {
		t.Fatalf("files %v, report %+v %+v", keys(files), sum.Feeds[0], sum.Feeds[1])
	}

	// Delete Story B's file; no feed has items, and still it is recorded.
	o.State = &sources.State{Feeds: map[string]*sources.FeedState{}}
	runOnce(t, o)
	if len(o.State.Written) != 1 {
		t.Fatalf("written %+v", o.State.Written)
	}
	os.Remove(filepath.Join(dir, filepath.FromSlash(o.State.Written[0].Path)))
	o.Client = testClient(ClientOptions{})
	o.Sources = sourceList(feedServer(t, map[string]string{}), "a.xml", "b.xml") // 404: nothing to write
	sum = runOnce(t, o)
	if len(sum.Tombstoned) != 1 || sum.Tombstoned[0].URL != "https://b.example/y" || sum.Tombstoned[0].Removed != "2026-11-24" || len(o.State.Written) != 0 {
		t.Errorf("tombstoned %+v, written %+v", sum.Tombstoned, o.State.Written)
	}
}

// TestRunCapsHugeFields: a feed with a page-long title and a summary
// bigger than the build accepts writes an entry that builds.
func TestRunCapsHugeFields(t *testing.T) {
	title := strings.Repeat("Regulator fines platform ", 4000)
	summary := strings.Repeat("<p>"+strings.Repeat("word ", 200)+"</p>", 3000) // ~3 MiB
	srv := feedServer(t, map[string]string{"a.xml": fmt.Sprintf(
		`<item><title>%s</title><link>https://a.example/1</link><description><![CDATA[%s]]></description><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`, title, summary)})
	dir := t.TempDir()
	runOnce(t, Options{ContentDir: dir, Sources: sourceList(srv, "a.xml"), Force: true})
	files := newsFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("wrote %v", keys(files))
	}
	for rel, data := range files {
		if len(data) > projfile.MaxEntry {
			t.Errorf("%s is %d bytes, more than the build reads", rel, len(data))
		}
		d, ps := content.Parse("content/"+rel, strings.TrimSuffix(rel, ".md"), []byte(data), nil)
		if d == nil || len(ps) > 0 {
			t.Errorf("%s does not parse back: %v", rel, ps)
		} else if n := utf8.RuneCountInString(d.Title); n > maxLine {
			t.Errorf("title of %d runes", n)
		}
	}
}

// TestRunSharedItemsGoToTheFirstFeed: items several feeds bring are
// written by the first of them in feeds.yaml, whichever answers first:
// the same inputs give the same content/ at every run. The first feed
// answers last here; the one that selects nothing is passed over.
func TestRunSharedItemsGoToTheFirstFeed(t *testing.T) {
	var items strings.Builder
	for day := 20; day <= 23; day++ {
		fmt.Fprintf(&items, `<item><title>Shared %d</title><link>https://shared.example/%d</link><pubDate>%02d Nov 2026 10:00:00 GMT</pubDate></item>`, day, day, day)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/first.xml" {
			time.Sleep(200 * time.Millisecond) // the later feeds answer first
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title>%s</channel></rss>`, items.String())
	}))
	t.Cleanup(srv.Close)
	srcs := sourceList(srv, "none.xml", "first.xml", "second.xml", "third.xml")
	srcs.Feeds[0].Select = sources.SelectRules // keeps nothing: no rules
	// A first feed that may write only the newest two leaves the others
	// to the next feed: they are written, by it.
	capped := sourceList(srv, "first.xml", "second.xml")
	capped.Feeds[0].MaxItems = 2
	dir := t.TempDir()
	runOnce(t, Options{ContentDir: dir, Sources: capped, Force: true})
	by := map[string]int{}
	for _, data := range newsFiles(t, dir) {
		by[strings.Split(strings.SplitAfter(data, "\nfeed: ")[1], "\n")[0]]++
	}
	if by["first"] != 2 || by["second"] != 2 {
		t.Errorf("with max_items 2 on the first feed, files by feed %v, want 2 and 2", by)
	}
	for run := range 3 {
		dir := t.TempDir()
		runOnce(t, Options{ContentDir: dir, Sources: srcs, Force: true, Classify: noneKept{}})
		files := newsFiles(t, dir)
		if len(files) != 4 {
			t.Fatalf("run %d: %d files, want 4", run, len(files))
		}
		for name, data := range files {
			if !strings.Contains(data, "feed: first\n") {
				t.Errorf("run %d: %s was written by another feed than the first that keeps it:\n%s", run, name, data)
			}
		}
	}
}

// TestRunHangingFeedHoldsNoOther: a feed listed first whose server
// answers nothing until the run's deadline held up the writes of every
// feed after it (they waited for it to be parsed, to know which feed
// writes a shared item), so that under a deadline they wrote nothing, run
// after run. The later feed waits precedenceWait at most.
func TestRunHangingFeedHoldsNoOther(t *testing.T) {
	defer func(d time.Duration) { precedenceWait = d }(precedenceWait)
	precedenceWait = 100 * time.Millisecond
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang.xml" {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>T</title>`)
		for day := 20; day <= 22; day++ {
			fmt.Fprintf(w, `<item><title>Good %d</title><link>https://good.example/%d</link><pubDate>%02d Nov 2026 10:00:00 GMT</pubDate></item>`, day, day, day)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	hang, good := httptest.NewServer(h), httptest.NewServer(h) // two hosts: politeness holds none
	t.Cleanup(hang.Close)
	t.Cleanup(good.Close)
	defer close(release)
	srcs := sourceList(hang, "hang.xml", "good.xml")
	srcs.Feeds[1].URL = good.URL + "/good.xml"
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	dir := t.TempDir()
	sum, err := Run(ctx, Options{ContentDir: dir, Sources: srcs, Force: true, Now: func() time.Time { return testNow }, Client: testClient(ClientOptions{})})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(sum.Feeds, func(r *FeedResult) bool { return r.Feed == "good" })
	if i < 0 {
		t.Fatalf("no result for the feed after the hanging one: %+v", sum)
	}
	if r := sum.Feeds[i]; r.Written != 3 || r.Left != 0 {
		t.Errorf("the feed after the hanging one: written %d, left %d; want 3 and 0 (%s)", r.Written, r.Left, r.Status)
	}
	if n := len(newsFiles(t, dir)); n != 3 {
		t.Errorf("%d files written, want 3", n)
	}
}

// TestRunQueuedFeedKeepsItsTurn: feeds queued behind others of their host
// (one request per host at a time) are not late: the clock of a feed's
// precedence starts when its own request does. The tenth feed of a host
// writes the story it shares with a feed of another host listed after it.
// The tenth feed waits 2.7 s in its host's queue, longer than the 2 s
// wait (a clock started with the run fails this), and has those 2 s for a
// 300 ms answer: beside CI's other test binaries, 450 ms of margin once
// was not enough.
func TestRunQueuedFeedKeepsItsTurn(t *testing.T) {
	defer func(d time.Duration) { precedenceWait = d }(precedenceWait)
	precedenceWait = 2 * time.Second
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		w.Header().Set("Content-Type", "application/rss+xml")
		story := `<item><title>Own story ` + r.URL.Path + `</title><link>https://own.example` + r.URL.Path + `</link><pubDate>23 Nov 2026 10:00:00 GMT</pubDate></item>`
		if r.URL.Path == "/f10.xml" || r.URL.Path == "/c.xml" {
			story = `<item><title>Shared story</title><link>https://shared.example/1</link><pubDate>23 Nov 2026 10:00:00 GMT</pubDate></item>`
		}
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title>%s</channel></rss>`, story)
	})
	a, c := httptest.NewServer(h), httptest.NewServer(h)
	t.Cleanup(a.Close)
	t.Cleanup(c.Close)
	var names []string
	for i := 1; i <= 10; i++ {
		names = append(names, fmt.Sprintf("f%d.xml", i))
	}
	srcs := sourceList(a, append(names, "c.xml")...)
	srcs.Feeds[10].URL = c.URL + "/c.xml"
	dir := t.TempDir()
	runOnce(t, Options{ContentDir: dir, Sources: srcs, Force: true})
	for name, data := range newsFiles(t, dir) {
		if strings.Contains(data, "Shared story") && !strings.Contains(data, "feed: f10\n") {
			t.Errorf("%s: the shared story was written by another feed than f10:\n%s", name, data)
		}
	}
}

// TestRunTruncatedForgetsValidators: a copy cut short is read as far as
// it goes, but its ETag is not kept: the server's 304s would otherwise
// hide the items after the cut for as long as the feed is unchanged.
func TestRunTruncatedForgetsValidators(t *testing.T) {
	var items strings.Builder
	for day := 20; day <= 23; day++ {
		fmt.Fprintf(&items, `<item><title>Story %d</title><link>https://cut.example/%d</link><pubDate>%02d Nov 2026 10:00:00 GMT</pubDate></item>`, day, day, day)
	}
	whole := `<rss version="2.0"><channel><title>T</title>` + items.String() + `</channel></rss>`
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"c1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"c1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		body := whole
		if served.Add(1) == 1 {
			body = whole[:len(whole)*55/100] // the connection dropped
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	state := &sources.State{Feeds: map[string]*sources.FeedState{}}
	o := Options{ContentDir: dir, Sources: sourceList(srv, "cut.xml"), State: state, Force: true}
	runOnce(t, o)
	if n := len(newsFiles(t, dir)); n != 2 {
		t.Fatalf("first run: %d files, want the 2 before the cut", n)
	}
	if st := state.Feeds["cut"]; st.ETag != "" {
		t.Errorf("a cut copy's ETag was kept: %+v", st)
	}
	runOnce(t, o)
	files := newsFiles(t, dir)
	if len(files) != 4 {
		t.Errorf("second run: %d files, want 4", len(files))
	}
	// The feed's first copy was cut: what came after the cut is its
	// backfill too, not news at the head of the timeline.
	for name, data := range files {
		if !strings.Contains(data, "backfilled: true") {
			t.Errorf("%s is not marked backfilled", name)
		}
	}
}

// noneKept is a classifier that keeps nothing: only feeds that select
// everything write.
type noneKept struct{}

func (noneKept) Classify(topic.Item) topic.Result { return topic.Result{} }

// TestRunSameNameGoesToTheFirstFeed: two stories of one title and month
// from two feeds; the first feed in feeds.yaml takes the plain file name
// whichever answers first (the permalinks changed from run to run).
func TestRunSameNameGoesToTheFirstFeed(t *testing.T) {
	for _, slow := range []string{"a", "b"} {
		t.Run("slow "+slow, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				feed := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".xml")
				if feed == slow {
					time.Sleep(100 * time.Millisecond)
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title><item><title>Weekly roundup</title><link>https://%s.example/roundup</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>`, feed)
			})
			srvA, srvB := httptest.NewServer(h), httptest.NewServer(h) // two hosts: neither waits on the other
			defer srvA.Close()
			defer srvB.Close()
			srcs := twoShardFeeds(t, srvA.URL)
			srcs.Feeds[1].URL = srvB.URL + "/b.xml"
			root := t.TempDir()
			runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, Force: true})
			got := newsOf(t, root)
			if len(got) != 2 || got[1] != "weekly-roundup.md a" || !strings.HasSuffix(got[0], ".md b") {
				t.Errorf("news %q, want a's story at weekly-roundup.md and b's at the name with its hash", got)
			}
		})
	}
}

// TestRunNotModifiedKeepsOtherValidator: a 304 that repeats one
// validator keeps the other one we sent (RFC 9111 4.3.4 updates only
// the fields a 304 has). Both were replaced, so a 304 with only an ETag
// dropped Last-Modified, and a server that checks If-Modified-Since sent
// the whole feed every other run.
func TestRunNotModifiedKeepsOtherValidator(t *testing.T) {
	const etag, lastMod = `"v1"`, "Tue, 24 Nov 2026 10:00:00 GMT"
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", lastMod)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>T</title></channel></rss>`)
	}))
	defer srv.Close()
	state := &sources.State{Feeds: map[string]*sources.FeedState{}}
	for range 3 {
		runOnce(t, Options{ContentDir: t.TempDir(), Sources: sourceList(srv, "x.xml"), State: state, Force: true})
	}
	want := []string{"|", etag + "|" + lastMod, etag + "|" + lastMod}
	if !slices.Equal(got, want) {
		t.Errorf("conditional headers %q, want %q", got, want)
	}
}

// A site that moves to https (or a second feed that links over http) gives
// the same article under the other scheme: it is the item already written.
func TestIndexURLIgnoresScheme(t *testing.T) {
	ix, err := loadIndex(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ix.add(sources.ItemRef{Feed: "reg", ID: "1111", URL: "http://reg.example/press/fine", GUID: "http://reg.example/press/fine"})
	if !ix.has(sources.ItemRef{Feed: "reg", ID: "2222", URL: "https://reg.example/press/fine", GUID: "https://reg.example/press/fine"}) {
		t.Error("the https copy of a written http item is new")
	}
	if ix.has(sources.ItemRef{Feed: "reg", ID: "3333", URL: "https://reg.example/press/other"}) {
		t.Error("another article is taken as written")
	}
}

// An item written in Han, kana or Hangul takes its script's language
// when its feed declares one of another script: a bilingual site's feed
// says "en" for every item.
func TestRunItemLanguageFromScript(t *testing.T) {
	feed := `<rss version="2.0"><channel><title>Bilingual</title><link>https://news.example/</link><language>en</language>
<item><title>Regulator fines platform for blocking links</title><link>https://news.example/en/1</link><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>监管部门就屏蔽外链对平台处以罚款</title><link>https://news.example/zh/1</link><pubDate>Mon, 23 Nov 2026 11:00:00 GMT</pubDate></item>
</channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, feed) }))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	srcs := &sources.Sources{Feeds: []sources.Source{{ID: "bi", URL: srv.URL + "/feed.xml", Title: "Bilingual",
		Kind: sources.KindPress, Select: sources.SelectAll, Extract: sources.ExtractSummary, MinInterval: time.Hour, BackfillDays: 30}}}
	runOnce(t, Options{ContentDir: dir, Sources: srcs, State: &sources.State{Feeds: map[string]*sources.FeedState{}}})
	langs := map[string]string{}
	for name, data := range newsFiles(t, dir) {
		doc, ps := content.Parse(name, strings.TrimSuffix(name, ".md"), []byte(data), nil)
		if doc == nil || len(ps) > 0 {
			t.Fatalf("%s: %v", name, ps)
		}
		langs[doc.URL] = doc.Lang
	}
	if langs["https://news.example/en/1"] != "en" || langs["https://news.example/zh/1"] != "zh" {
		t.Errorf("languages by URL: %v, want en and zh", langs)
	}
}

// TestRunReadsPageDatesInFeedZone: an undated item takes its page's date;
// one the page wrote without a zone ("2022-02-13 04:22:18" on a Beijing
// site) is read in the feed's zone, not as UTC, and one with a zone keeps
// it.
func TestRunReadsPageDatesInFeedZone(t *testing.T) {
	pages := map[string]string{}
	srv := feedServer(t, pages)
	pages["a.xml"] = fmt.Sprintf(`<item><title>Floating</title><link>%[1]s/a.xml?p=1</link><description>One.</description></item>`+
		`<item><title>Zoned</title><link>%[1]s/a.xml?p=2</link><description>Two.</description></item>`, srv.URL)
	srcs := sourceList(srv, "a.xml")
	srcs.Feeds[0].Extract, srcs.Feeds[0].Timezone = sources.ExtractFull, "Asia/Shanghai"
	dir := t.TempDir()
	clock := time.Date(2022, 2, 13, 4, 22, 18, 0, time.UTC)
	o := Options{ContentDir: dir, Sources: srcs, Force: true, Now: func() time.Time { return testNow }, Client: testClient(ClientOptions{}),
		Extract: func(_ []byte, _, pageURL string, _ FeedText) (Page, error) {
			return Page{Markdown: "The article.", Usable: true, Published: clock, Floating: strings.HasSuffix(pageURL, "p=1")}, nil
		}}
	if _, err := Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Floating": "2022-02-13T04:22:18+08:00", "Zoned": "2022-02-13T04:22:18Z"}
	files := newsFiles(t, dir)
	for _, data := range files {
		for title, date := range want {
			if strings.Contains(data, "title: "+title+"\n") {
				if !strings.Contains(data, "\ndate: "+date+"\n") {
					t.Errorf("%s: want date %s:\n%s", title, date, data)
				}
				delete(want, title)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("not written: %v (files %v)", want, keys(files))
	}
}
