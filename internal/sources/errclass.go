package sources

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// errorClasses maps the text of a fetch error, as feeds/state.json keeps
// it, to a short class the status page and /status.json can show. The
// raw text names resolvers, addresses and ports of the machine that
// fetched; the class names none of them. First match wins, so the more
// specific come first (a TLS handshake timeout is a timeout, a resolver
// that times out a DNS failure).
var errorClasses = []struct {
	class string
	any   []string // substrings, any of which matches (lower case; ^ anchors at the start)
}{
	{"private address refused", []string{"refusing a private or loopback address", "refusing a host written as a non-canonical number"}},
	{"too large", []string{"response body too large"}},
	{"too many redirects", []string{"too many redirects", "stopped after 10 redirects"}},
	{"DNS failure", []string{"no such host", "dial tcp: lookup", "dial tcp4: lookup", "dial tcp6: lookup", "server misbehaving", "temporary failure in name resolution"}},
	{"timeout", []string{"timeout", "deadline exceeded", "timed out", "host skipped for the rest of the run"}},
	{"connection refused", []string{"connection refused"}},
	{"parse error", []string{"^feed:", "not a feed", "xml syntax error"}},
	{"connection reset", []string{"connection reset", "broken pipe", "unexpected eof", ": eof", "server closed idle connection"}},
	{"network unreachable", []string{"network is unreachable", "no route to host", "host is unreachable"}},
	{"TLS error", []string{"tls:", "x509:", "certificate", "handshake failure"}},
	{"parse error", []string{"invalid character", "parse", "charset"}},
}

var httpStatusRE = regexp.MustCompile(`(?i)\bhttp (\d{3})\b`)

// ErrorClass is the safe, short class of a fetch error's text: "DNS
// failure", "timeout", "HTTP 404", "parse error"…; "" for no error and
// "fetch error" for one it does not know. It never repeats any of the
// text, which may hold machine details.
func ErrorClass(msg string, httpStatus int) string {
	if msg == "" {
		return ""
	}
	if httpStatus >= 300 || httpStatus == 204 {
		return "HTTP " + strconv.Itoa(httpStatus)
	}
	if m := httpStatusRE.FindStringSubmatch(msg); m != nil {
		return "HTTP " + m[1]
	}
	low := strings.ToLower(msg)
	for _, c := range errorClasses {
		for _, s := range c.any {
			if p, ok := strings.CutPrefix(s, "^"); ok && strings.HasPrefix(low, p) || !ok && strings.Contains(low, s) {
				return c.class
			}
		}
	}
	return "fetch error"
}

// urlHost is the host name of a feed's URL, without port or user, or "".
func urlHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
