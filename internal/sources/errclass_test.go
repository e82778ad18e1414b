package sources

import (
	"strings"
	"testing"
	"time"
)

func TestErrorClass(t *testing.T) {
	for _, tt := range []struct {
		msg  string
		http int
		want string
	}{
		{"", 0, ""},
		{`fetch https://feeds.example.org/rss: Get "https://feeds.example.org/rss": dial tcp: lookup feeds.example.org on 10.0.0.53:53: no such host`, 0, "DNS failure"},
		{"dial tcp: lookup x on 10.0.0.53:53: no such host", 0, "DNS failure"},
		{`fetch https://x.cn/feed: Get "https://x.cn/feed": dial tcp: lookup x.cn on 127.0.0.53:53: read udp 127.0.0.1:41234->127.0.0.53:53: i/o timeout`, 0, "DNS failure"},
		{`fetch https://x.cn/feed: Get "https://x.cn/feed": dial tcp: lookup x.cn: Temporary failure in name resolution`, 0, "DNS failure"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": context deadline exceeded (Client.Timeout exceeded while awaiting headers) (after 2s)`, 0, "timeout"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": dial tcp 203.0.113.9:443: i/o timeout`, 0, "timeout"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": net/http: TLS handshake timeout`, 0, "timeout"},
		{"fetch https://a.example/feed: host skipped for the rest of the run: it timed out twice", 0, "timeout"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": dial tcp 192.0.2.7:443: connect: connection refused`, 0, "connection refused"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": read tcp 10.1.2.3:51234->192.0.2.7:443: read: connection reset by peer`, 0, "connection reset"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": dial tcp [2001:db8::1]:443: connect: network is unreachable`, 0, "network unreachable"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": tls: failed to verify certificate: x509: certificate has expired or is not yet valid`, 0, "TLS error"},
		{`fetch https://a.example/feed: Get "https://a.example/feed": remote error: tls: handshake failure`, 0, "TLS error"},
		{"http 404: not found", 404, "HTTP 404"},
		{"http 503: service unavailable (retry after 2026-11-29T22:00:00Z)", 503, "HTTP 503"},
		{"http 500: server error", 0, "HTTP 500"}, // a state from before the status was kept
		{"feed: parse: XML syntax error on line 12: unexpected EOF", 0, "parse error"},
		{"feed: not a feed: got an HTML page, which links a feed at https://a.example/rss", 0, "parse error"},
		{"feed: not a feed: empty document", 0, "parse error"},
		{"response body too large: more than 8388608 bytes", 0, "too large"},
		{`fetch http://intranet.local/feed: Get "http://intranet.local/feed": refusing a private or loopback address: intranet.local is 192.168.1.20`, 0, "private address refused"},
		{`fetch http://0x7f000001/feed: refusing a host written as a non-canonical number: "0x7f000001"`, 0, "private address refused"},
		{`fetch https://a.example/feed: Get "https://b.example/": too many redirects`, 0, "too many redirects"},
		{"something new at /home/builder/go/pkg on host ci-runner-7", 0, "fetch error"},
	} {
		got := ErrorClass(tt.msg, tt.http)
		if got != tt.want {
			t.Errorf("ErrorClass(%q, %d) = %q, want %q", tt.msg, tt.http, got, tt.want)
		}
	}
}

// The status data carries the class and the host, never the error's text.
func TestHealthErrorIsSafe(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	srcs := &Sources{Feeds: []Source{{ID: "a", URL: "https://feeds.example.org:8443/rss"}}}
	st := &State{Feeds: map[string]*FeedState{"a": {
		URL: "https://feeds.example.org:8443/rss", LastFetch: now, Failures: 1, FailingSince: now,
		Error: `fetch https://feeds.example.org:8443/rss: Get "https://feeds.example.org:8443/rss": dial tcp: lookup feeds.example.org on 10.0.0.53:53: no such host`,
	}}}
	s := NewHealth(srcs, st, time.Time{}).Sources[0]
	if s.Error != "DNS failure" || s.ErrorHost != "feeds.example.org" {
		t.Errorf("error %q on %q, want DNS failure on feeds.example.org", s.Error, s.ErrorHost)
	}
	if strings.Contains(s.Error+s.ErrorHost, "10.0.0.53") || !strings.Contains(s.RawError, "10.0.0.53") {
		t.Errorf("error %q, raw %q", s.Error, s.RawError)
	}
}
