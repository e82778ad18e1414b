package serve

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"docket/internal/site"
)

// TestRedirectStaysOnSite: a path without its trailing slash redirects to
// the page, on this server: "//topics" must not send the browser to the
// host "topics"; a query goes along ("/search?q=fine" still searches).
func TestRedirectStaysOnSite(t *testing.T) {
	st, err := site.Load(site.Options{Root: project(t), BaseURL: "http://127.0.0.1:1313/"})
	if err != nil {
		t.Fatal(err)
	}
	s := &server{site: st, log: slog.New(slog.NewTextHandler(io.Discard, nil)), clients: map[chan string]bool{}}
	for path, want := range map[string]string{"/topics": "/topics/", "//topics": "/topics/", "/news/../topics": "/topics/",
		"/search?q=fine": "/search/?q=fine", "//search?q=%2F%2Fevil": "/search/?q=%2F%2Fevil"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "http://127.0.0.1:1313/", nil)
		req.URL.Path, req.URL.RawQuery, _ = strings.Cut(path, "?")
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != want {
			t.Errorf("%s: %d to %q, want a redirect to %q", path, rec.Code, rec.Header().Get("Location"), want)
		}
	}
}

// TestMethodNotAllowed: a 405 names the methods the path takes, as HTTP
// requires, on the site and on the review queue alike.
func TestMethodNotAllowed(t *testing.T) {
	st, err := site.Load(site.Options{Root: project(t), BaseURL: "http://127.0.0.1:1313/"})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	s := &server{site: st, log: log, clients: map[chan string]bool{}, review: newReviewHandler(t.TempDir(), log)}
	for _, tt := range []struct{ method, path, allow string }{
		{"OPTIONS", "/", "GET, HEAD"},
		{"POST", "/topics/", "GET, HEAD"},
		{"DELETE", "/assets/style.css", "GET, HEAD"},
		{"OPTIONS", ReviewPath, "GET, HEAD"},
		{"GET", ReviewPath + "decide", "POST"},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(tt.method, "http://127.0.0.1:1313"+tt.path, nil)
		req.RemoteAddr = "127.0.0.1:50000" // the review queue answers loopback only
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d, Allow %q; want 405, Allow %q", tt.method, tt.path, rec.Code, rec.Header().Get("Allow"), tt.allow)
		}
	}
}

// TestOpenable: the URL logged for an address of every interface is one
// a browser here can open.
func TestOpenable(t *testing.T) {
	for _, tt := range []struct {
		ip   net.IP
		want string
	}{
		{net.IPv4zero, "127.0.0.1:1313"},
		{net.IPv6unspecified, "[::1]:1313"},
		{net.IPv4(127, 0, 0, 1), "127.0.0.1:1313"},
		{net.ParseIP("192.0.2.7"), "192.0.2.7:1313"},
		{net.ParseIP("2001:db8::1"), "[2001:db8::1]:1313"},
	} {
		if got := openable(&net.TCPAddr{IP: tt.ip, Port: 1313}); got != tt.want {
			t.Errorf("%v: got %s, want %s", tt.ip, got, tt.want)
		}
	}
}
