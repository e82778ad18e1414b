package site

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// TestXMLWriterAsMarshalIndent: elements marshalled one after another by
// one xmlWriter are each what xml.MarshalIndent makes of them.
func TestXMLWriterAsMarshalIndent(t *testing.T) {
	vs := []any{
		atomEntry{Lang: "en", Title: `A & B <"c">`, ID: "https://x/a/", Links: []atomLink{{Rel: "alternate", Href: "https://x/a/?q=1&r=2"}},
			Author: &atomPerson{Name: "Src\tname"}, Summary: "line\nbreak \x01 ü", Categories: []atomCategory{{Term: "/topics/a/", Label: "A"}}},
		atomEntry{Title: "second", ID: "https://x/b/"},
		sitemapURL{Loc: "https://x/", LastMod: "2021-01-02"},
		atomEntry{Title: "", Categories: []atomCategory{{Term: "t"}, {Term: "u", Label: "'quoted'"}}},
	}
	for _, prefix := range []string{"", " "} {
		x := newXMLWriter(prefix, " ")
		for i, v := range vs {
			want, err := xml.MarshalIndent(v, prefix, " ")
			if err != nil {
				t.Fatal(err)
			}
			got, err := x.marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("prefix %q, element %d:\n got %q\nwant %q", prefix, i, got, want)
			}
		}
	}
}

// sitemapURLCases are URLs as a sitemap may hold them, and some no URL
// should have but an editor's slug or base_url might give.
var sitemapURLCases = []sitemapURL{
	{Loc: "https://x/", LastMod: "2021-01-02"},
	{Loc: "https://x/news/2021/09/a/"},
	{Loc: `https://x/?q=1&r=<2>"'`, LastMod: "\t\n\r"},
	{Loc: "https://x/\x00\x01\ufffd/\xff/中文/", LastMod: "ü"},
	{Loc: "https://x/\x7f~%20", LastMod: "2021-01-02T03:04:05Z"},
	{},
}

// TestSitemapURLEncoded: appendSitemapURL writes what the XML encoder
// indented by one space writes of a <url>, on a new line.
func TestSitemapURLEncoded(t *testing.T) {
	for _, u := range sitemapURLCases {
		checkSitemapURL(t, u)
	}
}

func FuzzSitemapURL(f *testing.F) {
	for _, u := range sitemapURLCases {
		f.Add(u.Loc, u.LastMod)
	}
	f.Fuzz(func(t *testing.T, loc, lastMod string) {
		checkSitemapURL(t, sitemapURL{Loc: loc, LastMod: lastMod})
	})
}

func checkSitemapURL(t *testing.T, u sitemapURL) {
	t.Helper()
	want, err := encodeSitemapURL(newXMLWriter(" ", " "), u)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	appendSitemapURL(&got, u)
	if got.String() != string(want) {
		t.Errorf("%q:\n got %q\nwant %q", u, got.String(), want)
	}
}

// encodeSitemapURL is a sitemap's <url> as the encoder writes it.
func encodeSitemapURL(x *xmlWriter, u sitemapURL) ([]byte, error) {
	data, err := x.marshal(struct {
		XMLName xml.Name `xml:"url"`
		sitemapURL
	}{sitemapURL: u})
	return append([]byte("\n"), data...), err
}

func BenchmarkSitemapURL(b *testing.B) {
	u := sitemapURL{Loc: "https://docket.example.org/news/2021/09/links-unblocked-between-platforms/", LastMod: "2021-09-17"}
	b.Run("encoder", func(b *testing.B) {
		x := newXMLWriter(" ", " ")
		for b.Loop() {
			if _, err := encodeSitemapURL(x, u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("by-hand", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			appendSitemapURL(&buf, u)
		}
	})
}
