package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

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
	f.Add([]byte("<rss><channel><item><title><![CDATA[a\u0092b</title><link>/1</link></item><item><title>c</title></item><item><title>d"), "")
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="x"><entry><link href="/"/><feedburner:origLink>https://o.example/</feedburner:origLink><published>1 Jan 2026 10:00 GMT+8</published></entry></feed>`), "")
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
			if strings.ContainsFunc(it.Title+it.Summary, isC1) {
				t.Fatalf("C1 control in %+v", it)
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
	for _, s := range []string{"Tue, 24 Nov 2026 09:30:00 +0000", "2018-09-18 14:38:10", "2018年9月8日", "Tue, 24 Nov 2026 09:30:00 +0100 (CET)", "2026-11-24T09:30:00.123+02:00", "Mon, 2 Jan 2006 15:04:05 XYZ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s, time.UTC)
		if !ok {
			return
		}
		if d.IsZero() && !strings.Contains(s, "0001") {
			t.Fatalf("ParseDate(%q) = zero time", s)
		}
		rfc := d.Format(time.RFC3339Nano)
		if back, ok := ParseDate(rfc, time.UTC); !ok || !back.Equal(d) {
			t.Fatalf("ParseDate(%q) = %s, which reads back as %s (%v)", s, rfc, back, ok)
		}
	})
}

// FuzzRepair: the repair pass never panics, does not change what a
// well-formed document says (its elements, attributes and text; comments
// and processing instructions may change), and a second pass changes
// nothing more.
func FuzzRepair(f *testing.F) {
	for _, s := range []string{`<a>Q&A &amp; &#38;</a>`, "<a>\x07</a>", `<a>&#&#0;0;</a>`, `<a><![CDATA[&#0;]]></a>`, `<a><![CDA&#0;TA[x</a>`, `<a>&#x0000000041;</a>`, `<a><![CDATA[a & b]]> & c</a>`, `<a><![CDATA[open`, "<rss></rss", `<a b="x&amp;y">&lt;</a>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out := Repair(in)
		if want, ok := xmlMeaning(in); ok {
			if got, ok := xmlMeaning(out); !ok || got != want {
				t.Fatalf("Repair changed well-formed %q into %q", in, out)
			}
		}
		if again := Repair(out); !bytes.Equal(again, out) {
			t.Fatalf("Repair(%q) = %q, and again %q", in, out, again)
		}
	})
}

// xmlMeaning is b's elements, attributes and text when encoding/xml reads
// all of b in strict mode (it lets control characters pass in directives,
// which XML forbids everywhere).
func xmlMeaning(b []byte) (string, bool) {
	if bytes.IndexFunc(b, isForbiddenControl) >= 0 {
		return "", false
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	var sb strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sb.String(), true
		}
		if err != nil {
			return "", false
		}
		switch tok := tok.(type) {
		case xml.StartElement, xml.EndElement:
			fmt.Fprintf(&sb, "%#v", tok)
		case xml.CharData:
			fmt.Fprintf(&sb, "%q", tok)
		}
	}
}
