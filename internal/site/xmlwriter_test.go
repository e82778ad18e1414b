package site

import (
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
