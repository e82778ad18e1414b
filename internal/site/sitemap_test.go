package site

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
)

// Each part of the sitemap, written a URL at a time, is what
// xml.MarshalIndent makes of that slice of the whole list: the streamed
// files are the ones a build rendered whole before.
func TestSitemapPartsStream(t *testing.T) {
	b := mustLoad(t, project(t)).b
	var all []sitemapURL
	if err := b.sitemapURLs(0, 1<<30, func(u sitemapURL) error { all = append(all, u); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) < 10 {
		t.Fatalf("the fixture's sitemap has %d URLs, too few to cut into parts", len(all))
	}
	n := len(all)
	for _, r := range [][2]int{{0, n}, {0, 1}, {1, 4}, {3, n}, {n - 1, n}, {2, 2 + n/2}} {
		var got bytes.Buffer
		if err := b.sitemapPart(&got, r[0], r[1]); err != nil {
			t.Fatal(err)
		}
		want, err := xml.MarshalIndent(struct {
			XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
			URLs    []sitemapURL `xml:"url"`
		}{URLs: all[r[0]:r[1]]}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if w := xml.Header + string(want) + "\n"; got.String() != w {
			t.Errorf("URLs %d to %d: streamed\n%s\nwant\n%s", r[0], r[1], got.String(), w)
		}
	}
}

// TestSitemapListsCases: the case index, every case page and the fines
// page are HTML pages a search engine should find, so sitemap.xml lists
// them, a case with its last change.
func TestSitemapListsCases(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(build(t, project(t)), "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		URLs []sitemapURL `xml:"url"`
	}
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range set.URLs {
		got[u.Loc] = u.LastMod
	}
	for _, tc := range []struct{ loc, lastMod string }{
		{"https://example.org/tracker/cases/", ""},
		{"https://example.org/tracker/cases/marketplace-exclusivity/", "2021-04-10"},
		{"https://example.org/tracker/fines/", ""},
	} {
		if lm, ok := got[tc.loc]; !ok || lm != tc.lastMod {
			t.Errorf("sitemap.xml: %s listed %v, lastmod %q; want it listed, lastmod %q", tc.loc, ok, lm, tc.lastMod)
		}
	}
	if len(got) != len(set.URLs) {
		t.Errorf("sitemap.xml lists %d URLs, %d of them apart", len(set.URLs), len(got))
	}
}
