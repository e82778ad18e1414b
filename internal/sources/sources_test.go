package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSourcesErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"feeds:\n  - id: a\n    url: https://x.example/f\n    title: A\n    kind: press\n    bogus: 1\n", "f.yaml:6:5: unknown key \"bogus\""},
		{"feeds:\n  - id: A B\n    url: https://x.example/f\n    title: A\n    kind: press\n", "f.yaml:2:9: feed id \"A B\""},
		{"feeds:\n  - id: a\n    url: ftp://x.example/f\n    title: A\n    kind: press\n", "f.yaml:3:10: feed a: url"},
		{"feeds:\n  - id: a\n    url: https://x.example/f\n    title: A\n    kind: tabloid\n", "f.yaml:5:11: feed a: kind \"tabloid\""},
		{"feeds:\n  - id: a\n    url: https://x.example/f\n    title: A\n    kind: press\n  - id: a\n    url: https://y.example/f\n    title: B\n    kind: press\n", "f.yaml:6:9: duplicate feed id \"a\" (first at f.yaml:2:9)"},
		{"feeds:\n  - id: a\n    url: https://x.example/f\n    title: A\n    kind: press\n    min_interval: soon\n", "f.yaml:6:19: min_interval \"soon\""},
		{"feeds:\n  - id: a\n    url: https://x.example/f\n    title: A\n    kind: press\n    max_items: -1\n", "f.yaml:6:16: feed a: max_items -1"},
	}
	for _, tt := range tests {
		_, err := ParseSources("f.yaml", []byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err %v, want %q", err, tt.want)
		}
	}
}

func TestShippedSources(t *testing.T) {
	s, err := LoadSources("../../feeds/feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Feeds) < 10 {
		t.Errorf("only %d feeds", len(s.Feeds))
	}
	if s.Feeds[0].ItemCap() != DefaultMaxItems {
		t.Errorf("max_items %d, want the default %d", s.Feeds[0].ItemCap(), DefaultMaxItems)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	s, err := LoadSources("../../feeds/feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ExportOPML(&buf, "docket", s.Feeds); err != nil {
		t.Fatal(err)
	}
	back, err := ImportOPML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]Source(nil), s.Feeds...)
	for i := range want {
		want[i].Pos = ""
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back, want)
	}
	// And the YAML we would append parses back to the same sources.
	text, err := AppendYAML(back)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseSources("appended.yaml", append([]byte("feeds:\n"), text...))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for i := range again.Feeds {
		again.Feeds[i].Pos = ""
	}
	if !reflect.DeepEqual(again.Feeds, want) {
		t.Errorf("YAML round trip differs:\n%s", text)
	}
}

func TestImportForeignOPML(t *testing.T) {
	in := `<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
<outline text="Tech"><outline text="Heise &amp; Co" type="rss" xmlUrl="https://h.example/atom" htmlUrl="https://h.example/"/></outline>
<outline text="科技" type="rss" xmlUrl="https://cn.example/rss"/></body></opml>`
	srcs, err := ImportOPML(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	s := &Sources{Feeds: []Source{{ID: "feed", URL: "https://other.example/"}}}
	added := s.Merge(srcs)
	if len(added) != 2 || added[0].ID != "heise-co" || added[1].ID != "feed-2" || added[0].Kind != KindPress {
		t.Errorf("added %+v", added)
	}
	if again := s.Merge(srcs); len(again) != 0 {
		t.Errorf("merged twice: %+v", again)
	}
	// Appended to the shipped file, the new entries load after the others.
	file, err := os.ReadFile("../../feeds/feeds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text, err := AppendYAML(added)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := ParseSources("feeds.yaml", file)
	after, err := ParseSources("feeds.yaml", append(file, text...))
	if err != nil || len(after.Feeds) != len(before.Feeds)+2 || after.Find("heise-co") == nil {
		t.Errorf("appended file: %v\n%s", err, text)
	}
}

func TestStateDeterministic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	s := &State{Feeds: map[string]*FeedState{}}
	for _, id := range []string{"zeta", "alpha", "mid"} {
		fs := s.Feed(id)
		fs.URL = "https://" + id + ".example/"
		fs.LastFetch = time.Date(2026, 11, 24, 12, 0, 0, 123456789, time.FixedZone("X", 3600))
	}
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	loaded, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := loaded.Save(path); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Errorf("not stable:\n%s\n%s", first, second)
	}
	if !bytes.Contains(first, []byte(`"last_fetch": "2026-11-24T11:00:00Z"`)) ||
		bytes.Index(first, []byte("alpha")) > bytes.Index(first, []byte("zeta")) {
		t.Errorf("not UTC seconds or not sorted:\n%s", first)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestUntitledItemsGetATitle: an item with a link but no title gets one
// from its summary or its URL; a news file without one fails the build.
