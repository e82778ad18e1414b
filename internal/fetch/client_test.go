package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testClient is a client for httptest servers on 127.0.0.1: private
// addresses are allowed (TestAddressGuard tests the guard).
func testClient(o ClientOptions) *Client {
	o.AllowPrivate = true
	if o.Backoff == 0 {
		o.Backoff = time.Millisecond
	}
	return NewClient(o)
}

func TestConditionalGet(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT")
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	c := testClient(ClientOptions{Contact: "https://example.org/contact", Version: "1.2"})

	r1, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if r1.ETag != `"v1"` || r1.LastModified == "" || string(r1.Body) != "<rss/>" {
		t.Fatalf("first response %+v", r1)
	}
	if ua := got.Get("User-Agent"); ua != "docket/1.2 (feed fetcher; +https://example.org/contact)" {
		t.Errorf("User-Agent %q", ua)
	}
	r2, err := c.Get(context.Background(), Request{URL: srv.URL, ETag: r1.ETag, LastModified: r1.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !r2.NotModified || r2.Body != nil {
		t.Errorf("want 304 with no body, got %+v", r2)
	}
	if got.Get("If-None-Match") != `"v1"` || got.Get("If-Modified-Since") != "Tue, 24 Nov 2026 10:00:00 GMT" {
		t.Errorf("conditional headers not sent: %v", got)
	}
}

// TestLongValidatorsDropped: an ETag or Last-Modified far longer than
// any real one (a server filling feeds/state.json) is not kept, so it is
// neither stored nor sent back; an ordinary one is.
func TestLongValidatorsDropped(t *testing.T) {
	huge := `"` + strings.Repeat("B", 64<<10) + `"`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", huge)
		w.Header().Set("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT"+strings.Repeat("x", 1000))
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	r, err := testClient(ClientOptions{}).Get(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if r.ETag != "" || r.LastModified != "" {
		t.Errorf("kept validators of %d and %d bytes", len(r.ETag), len(r.LastModified))
	}
}

func TestStatuses(t *testing.T) {
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		wantCode  int
		transient bool
		retryAt   bool
		attempts  int32
	}{
		{"404", status(404, nil), 404, false, false, 1},
		{"410", status(410, nil), 410, false, false, 1},
		{"403", status(403, nil), 403, false, false, 1},
		{"500 thrice", status(500, nil), 500, true, false, 3},
		{"429 retry-after", status(429, map[string]string{"Retry-After": "120"}), 429, false, true, 1},
		{"503 retry-after date", status(503, map[string]string{"Retry-After": time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}), 503, false, true, 1},
		{"503 bare", status(503, nil), 503, true, false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				tt.handler(w, r)
			}))
			defer srv.Close()
			_, err := testClient(ClientOptions{}).Get(context.Background(), Request{URL: srv.URL})
			var se *StatusError
			if !errors.As(err, &se) || se.Code != tt.wantCode {
				t.Fatalf("err %v, want status %d", err, tt.wantCode)
			}
			if Transient(err) != tt.transient || se.RetryAfter.IsZero() == tt.retryAt {
				t.Errorf("transient %v retryAfter %v", Transient(err), se.RetryAfter)
			}
			if n.Load() != tt.attempts {
				t.Errorf("%d attempts, want %d", n.Load(), tt.attempts)
			}
		})
	}
}

func status(code int, h map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range h {
			w.Header().Set(k, v)
		}
		w.WriteHeader(code)
	}
}

func TestRetryThenSuccess(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(500)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	r, err := testClient(ClientOptions{}).Get(context.Background(), Request{URL: srv.URL})
	if err != nil || string(r.Body) != "ok" || r.Attempts != 2 {
		t.Fatalf("got %+v, %v", r, err)
	}
}

func TestRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "feed") })
	mux.Handle("/perm", http.RedirectHandler("/perm2", http.StatusMovedPermanently))
	mux.Handle("/perm2", http.RedirectHandler("/feed", http.StatusPermanentRedirect))
	mux.Handle("/temp", http.RedirectHandler("/perm2", http.StatusFound))
	mux.HandleFunc("/loop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/five/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 5 {
			fmt.Fprint(w, "feed")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/five/%d", n+1), http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := testClient(ClientOptions{})

	tests := []struct {
		path, movedTo string
		err           error
	}{
		{"/perm", srv.URL + "/feed", nil},
		{"/temp", "", nil},
		{"/five/0", "", nil},
		{"/loop/0", "", ErrRedirects},
	}
	for _, tt := range tests {
		r, err := c.Get(context.Background(), Request{URL: srv.URL + tt.path})
		if !errors.Is(err, tt.err) {
			t.Errorf("%s: err %v, want %v", tt.path, err, tt.err)
			continue
		}
		if err == nil && r.MovedTo != tt.movedTo {
			t.Errorf("%s: moved to %q, want %q", tt.path, r.MovedTo, tt.movedTo)
		}
	}
}

// TestLongMoveNotKept: a permanent redirect to a URL of megabytes is
// followed but not reported as the feed's new address, which the state
// and the public status page would carry.
func TestLongMoveNotKept(t *testing.T) {
	long := "/feed?x=" + strings.Repeat("a", 2<<20)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, long, http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, "feed")
	}))
	srv.Config.MaxHeaderBytes = 8 << 20 // a hostile server takes the long URL back
	srv.Start()
	defer srv.Close()
	r, err := testClient(ClientOptions{}).Get(context.Background(), Request{URL: srv.URL + "/old"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.MovedTo) > 0 {
		t.Errorf("moved to a URL of %d bytes", len(r.MovedTo))
	}
}

func TestStalledServerTimesOut(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<rss>"))
		w.(http.Flusher).Flush()
		select { // headers sent, body stalls
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	c := testClient(ClientOptions{RequestTimeout: 200 * time.Millisecond, Retries: -1})
	start := time.Now()
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err == nil || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
	if !Transient(err) {
		t.Errorf("a timeout should be transient: %v", err)
	}
}

func TestEndlessBodyIsCapped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<item>endless</item>"), 4096)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := testClient(ClientOptions{MaxBody: 1 << 20}).Get(context.Background(), Request{URL: srv.URL})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err %v, want ErrTooLarge", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("allocated %d bytes for a 1 MiB cap", grew)
	}
}

func TestGzipBombIsCapped(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zeros := make([]byte, 1<<20)
	for range 64 { // 64 MiB of zeros, about 64 KiB compressed
		zw.Write(zeros)
	}
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Error("gzip not offered")
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	}))
	defer srv.Close()
	_, err := testClient(ClientOptions{MaxBody: 1 << 20}).Get(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err %v, want ErrTooLarge", err)
	}
}

func TestFreshness(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		header http.Header
		want   time.Time
	}{
		{http.Header{"Cache-Control": {"public, max-age=600"}}, now.Add(10 * time.Minute)},
		{http.Header{"Cache-Control": {"no-cache"}, "Expires": {"Tue, 24 Nov 2026 13:00:00 GMT"}}, now.Add(time.Hour)},
		{http.Header{"Cache-Control": {"max-age=0"}, "Expires": {"Tue, 24 Nov 2026 13:00:00 GMT"}}, time.Time{}},
		{http.Header{"Expires": {"0"}}, time.Time{}},
		{http.Header{}, time.Time{}},
	}
	for _, tt := range tests {
		if got := freshUntil(tt.header, now); !got.Equal(tt.want) {
			t.Errorf("%v: got %v, want %v", tt.header, got, tt.want)
		}
	}
}

// TestOneRequestPerHost: the first request is held until a second one
// reaches the host, or for half a second, which is ample time for the
// other four to arrive if nothing queued them.
func TestOneRequestPerHost(t *testing.T) {
	var inFlight, peak, hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if hits.Add(1) == 1 {
			for end := time.Now().Add(500 * time.Millisecond); time.Now().Before(end) && peak.Load() == 1; {
				time.Sleep(time.Millisecond)
			}
		}
	}))
	defer srv.Close()
	c := testClient(ClientOptions{})
	done := make(chan struct{})
	for range 5 {
		go func() {
			c.Get(context.Background(), Request{URL: srv.URL})
			done <- struct{}{}
		}()
	}
	for range 5 {
		<-done
	}
	if peak.Load() != 1 {
		t.Errorf("peak %d requests at once to one host", peak.Load())
	}
}

// TestStalledHostSkipped: a host that timed out twice costs the run no
// more time: later requests to it fail at once, without a request.
func TestStalledHostSkipped(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := testClient(ClientOptions{RequestTimeout: 50 * time.Millisecond, Retries: 5})
	// The feed whose own tries timed out is told so, not only that its
	// host is skipped.
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/a"}); !errors.Is(err, ErrHostStalled) || !strings.Contains(err.Error(), "(after ") {
		t.Errorf("first: %v, want ErrHostStalled after two timeouts, and the timeout", err)
	}
	if _, err := c.Get(context.Background(), Request{URL: srv.URL + "/b"}); !errors.Is(err, ErrHostStalled) {
		t.Errorf("second: %v", err)
	}
	if n := hits.Load(); n != maxStalls {
		t.Errorf("%d requests reached the stalling host, want %d", n, maxStalls)
	}
}

// TestRedirectKeepsOneRequestPerHost: a redirect to another host waits
// for that host like a first request does; it once went out under the
// first host's turn, beside a request the second host was answering.
func TestRedirectKeepsOneRequestPerHost(t *testing.T) {
	var inFlight, peak atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		if n > peak.Load() {
			peak.Store(n)
		}
		time.Sleep(100 * time.Millisecond)
	}))
	defer target.Close()
	var hosts []*httptest.Server
	for range 3 {
		s := httptest.NewServer(http.RedirectHandler(target.URL+"/feed", http.StatusFound))
		defer s.Close()
		hosts = append(hosts, s)
	}
	c := testClient(ClientOptions{})
	getAtOnce(t, c, hosts)
	if peak.Load() != 1 {
		t.Errorf("peak %d requests at once to the redirect's host", peak.Load())
	}
}

// TestGateHost: the gate's host is the site, whatever the scheme or a
// default port say, so that a feed on http:// and its articles on
// https:// do not reach one site twice at once.
func TestGateHost(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"http://Example.com/feed", "https://example.com/article"},
		{"https://example.com:443/a", "https://example.com/b"},
		{"http://example.com:80/a", "https://example.com/b"},
	} {
		a, err1 := hostOf(tt.a)
		b, err2 := hostOf(tt.b)
		if err1 != nil || err2 != nil || a != b {
			t.Errorf("%s is host %q, %s is %q: want one host", tt.a, a, tt.b, b)
		}
	}
	a, _ := hostOf("http://127.0.0.1:8080/")
	b, _ := hostOf("http://127.0.0.1:8081/")
	if a == b {
		t.Errorf("two ports are one host %q: want two (a test server each)", a)
	}
}

// TestStallCountsTheRedirectsHost: a timeout after a redirect is the
// redirect's host's. It was counted against the first host, so a link
// shortener whose links led to two stalling sites had every other link
// refused for the rest of the run; the stalling host was still asked.
func TestStallCountsTheRedirectsHost(t *testing.T) {
	var stalledHits atomic.Int32
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stalledHits.Add(1)
		<-r.Context().Done()
	}))
	defer stalled.Close()
	fine := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "page") }))
	defer fine.Close()
	short := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to := fine.URL
		if strings.HasPrefix(r.URL.Path, "/slow") {
			to = stalled.URL
		}
		http.Redirect(w, r, to+r.URL.Path, http.StatusFound)
	}))
	defer short.Close()
	// Long enough for two hops to a local server on a busy machine: the
	// stalling host is only ever waited for this long, maxStalls times.
	c := testClient(ClientOptions{RequestTimeout: 500 * time.Millisecond, Retries: -1})
	for _, p := range []string{"/slow1", "/slow2", "/slow3"} {
		if _, err := c.Get(context.Background(), Request{URL: short.URL + p}); err == nil {
			t.Errorf("%s: no error", p)
		}
	}
	if n := stalledHits.Load(); n != maxStalls {
		t.Errorf("%d requests reached the stalling host, want %d", n, maxStalls)
	}
	if _, err := c.Get(context.Background(), Request{URL: short.URL + "/fine"}); err != nil {
		t.Errorf("a link to a fine site through the same redirector: %v", err)
	}
}

// TestRedirectWaitIsNotTimedOut: the wait for a redirect's host's turn
// is not part of the request's timeout, as the wait for the first host's
// is not: many feeds redirecting to one busy host timed out in the queue
// and had that host skipped as stalled.
func TestRedirectWaitIsNotTimedOut(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
	}))
	defer target.Close()
	var hosts []*httptest.Server
	for range 5 {
		s := httptest.NewServer(http.RedirectHandler(target.URL+"/feed", http.StatusFound))
		defer s.Close()
		hosts = append(hosts, s)
	}
	// Each request takes 300 ms of its 1 s, the last one waits 1.2 s for
	// its turn at the target: a wait counted against the timeout fails.
	c := testClient(ClientOptions{RequestTimeout: time.Second, Retries: -1})
	getAtOnce(t, c, hosts)
}

// TestRedirectLoopAcrossHosts: the redirect limit holds across hosts,
// whose hops once sends one by one.
func TestRedirectLoopAcrossHosts(t *testing.T) {
	var a, b *httptest.Server
	var hits atomic.Int32
	a = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, b.URL, http.StatusMovedPermanently)
	}))
	defer a.Close()
	b = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, a.URL, http.StatusMovedPermanently)
	}))
	defer b.Close()
	c := testClient(ClientOptions{MaxRedirects: 3})
	if _, err := c.Get(context.Background(), Request{URL: a.URL}); !errors.Is(err, ErrRedirects) {
		t.Errorf("err %v, want ErrRedirects", err)
	}
	if n := hits.Load(); n != 4 {
		t.Errorf("%d requests, want 4 (3 redirects followed)", n)
	}
}

// TestMoveAcrossHosts: a permanent move to another host, whose hop once
// sends itself, is reported, with the conditional headers sent there too.
func TestMoveAcrossHosts(t *testing.T) {
	var inm string
	to := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inm = r.Header.Get("If-None-Match")
		fmt.Fprint(w, "feed")
	}))
	defer to.Close()
	from := httptest.NewServer(http.RedirectHandler(to.URL+"/feed", http.StatusMovedPermanently))
	defer from.Close()
	r, err := testClient(ClientOptions{}).Get(context.Background(), Request{URL: from.URL + "/old", ETag: `"e"`})
	if err != nil {
		t.Fatal(err)
	}
	if r.MovedTo != to.URL+"/feed" || r.URL != to.URL+"/feed" || string(r.Body) != "feed" || inm != `"e"` {
		t.Errorf("moved to %q, url %q, body %q, If-None-Match %q", r.MovedTo, r.URL, r.Body, inm)
	}
}

// TestRateLimitedHostLeftAlone: a host that answered 429 gets no more
// requests in the run until its Retry-After: the articles of a feed
// went on to it one after another, each refused.
func TestRateLimitedHostLeftAlone(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := testClient(ClientOptions{})
	for _, p := range []string{"/a", "/b", "/c"} {
		_, err := c.Get(context.Background(), Request{URL: srv.URL + p})
		var se *StatusError
		if !errors.As(err, &se) || se.Code != http.StatusTooManyRequests || se.RetryAfter.IsZero() {
			t.Errorf("%s: %v, want the 429 with its Retry-After", p, err)
		}
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests reached the rate-limited host, want 1", n)
	}
}

// TestRefusedRedirectLimitsItsOwnHost: a redirect to a host left alone
// for a 429 is refused, and the refusal stays that host's: the host that
// redirected was marked too, and its next request refused.
func TestRefusedRedirectLimitsItsOwnHost(t *testing.T) {
	limited := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer limited.Close()
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, limited.URL+"/feed", http.StatusFound)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer origin.Close()
	c := testClient(ClientOptions{})
	if _, err := c.Get(context.Background(), Request{URL: limited.URL + "/a"}); err == nil {
		t.Fatal("the limited host answered")
	}
	if _, err := c.Get(context.Background(), Request{URL: origin.URL + "/moved"}); err == nil {
		t.Fatal("a redirect to the limited host was followed")
	}
	if _, err := c.Get(context.Background(), Request{URL: origin.URL + "/page"}); err != nil {
		t.Errorf("the host that redirected: %v, want it asked", err)
	}
}

// getAtOnce gets each server's root with c, all at once, and reports
// the errors.
func getAtOnce(t *testing.T, c *Client, servers []*httptest.Server) {
	t.Helper()
	done := make(chan error)
	for _, s := range servers {
		go func() {
			_, err := c.Get(context.Background(), Request{URL: s.URL})
			done <- err
		}()
	}
	for range servers {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
