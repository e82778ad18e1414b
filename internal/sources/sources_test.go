package sources

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
		{"feeds:\n  - id: a\n    url: https://x.example/f\n    title: A\n    kind: press\n    type: tabloid\n", "f.yaml:6:11: feed a: type \"tabloid\" is not one of"},
		{"outlets:\n  - name: Reuters\n    type: newswire\nfeeds: []\n", "f.yaml:3:11: outlet \"Reuters\": type \"newswire\""},
		{"outlets:\n  - name: Reuters\n    type: wire\n  - name: Reuters\n    type: wire\nfeeds: []\n", "outlet \"Reuters\" listed twice (first at f.yaml:2:"},
		{"outlets:\n  - type: wire\nfeeds: []\n", "f.yaml:2:"},
		{"outlets:\n  - name: X\n    type: wire\n    url: 1\nfeeds: []\n", "unknown key \"url\""},
		// go-yaml panics on a tag with no value where a list goes.
		{"feeds: !x\n", "f.yaml:1:8: the tag !x has no value"},
		// Latin-1 "Café", which go-yaml would read as "Caf\ufffd" for the pages.
		{"feeds:\n  - id: a\n    url: https://x.example/f\n    title: Caf\xe9 news\n    kind: press\n", "f.yaml:4:15: invalid UTF-8 (byte 0xe9): save the file as UTF-8"},
	}
	for _, tt := range tests {
		_, err := ParseSources("f.yaml", []byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err %v, want %q", err, tt.want)
		}
	}
}

func TestTypeOf(t *testing.T) {
	s, err := ParseSources("f.yaml", []byte("outlets:\n  - name: Global Times\n    type: state-media\nfeeds:\n  - id: a\n    url: https://x.example/f\n    title: A\n    kind: press\n    type: blog\n  - id: b\n    url: https://y.example/f\n    title: B\n    kind: press\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ feed, outlet, want string }{
		{"a", "Global Times", "state-media"}, // the outlet's type before its feed's
		{"a", "Other", "blog"},
		{"b", "Other", ""}, // untyped feed
		{"gone", "Other", ""},
		{"gone", "Global Times", "state-media"},
	} {
		if got := s.TypeOf(c.feed, c.outlet); got != c.want {
			t.Errorf("TypeOf(%q, %q) = %q, want %q", c.feed, c.outlet, got, c.want)
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
	// Every feed and every outlet of the sample has a type for readers.
	for _, f := range s.Feeds {
		if f.Type == "" {
			t.Errorf("%s: feed %s has no type", f.Pos, f.ID)
		}
	}
	if len(s.Outlets) == 0 {
		t.Error("no outlets: the sample's sources are untyped")
	}
	if got := s.TypeOf("sample", "Reuters"); got != "wire" {
		t.Errorf("type of Reuters through the sample feed: %q, want wire", got)
	}
	if got := s.TypeOf("samr", "unlisted"); got != "regulator" {
		t.Errorf("type of an unlisted outlet of a regulator's feed: %q, want the feed's", got)
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
	// Every option set somewhere, max_items too (the sample sets none).
	s.Feeds[0].MaxItems = 7
	var buf bytes.Buffer
	if err := ExportOPML(&buf, "docket", s); err != nil {
		t.Fatal(err)
	}
	// A feed that takes the file's defaults does not carry them: imported
	// into a file with others, it takes that file's.
	if n := strings.Count(buf.String(), "<outline"); n != len(s.Feeds) || strings.Count(buf.String(), "minInterval=") == n {
		t.Errorf("%d of %d outlines carry the file's default min_interval:\n%s", strings.Count(buf.String(), "minInterval="), n, buf.String())
	}
	back, err := ImportOPML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := range back { // imported into a file with the same defaults
		s.applyDefaults(&back[i])
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
	head := fmt.Sprintf("min_interval: %s\nbackfill_days: %d\nfeeds:\n", s.MinInterval, s.BackfillDays)
	again, err := ParseSources("appended.yaml", append([]byte(head), text...))
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
	s := &Sources{Feeds: []Source{{ID: "cn-example", URL: "https://other.example/"}}}
	added := s.Merge(srcs)
	if len(added) != 2 || added[0].ID != "heise-co" || added[1].ID != "cn-example-2" || added[0].Kind != KindPress {
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

func TestHealthStale(t *testing.T) {
	ref := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	tests := []struct {
		name     string
		failures int
		since    time.Duration // before ref; 0: not failing
		disabled bool
		stale    bool
		ahead    time.Duration // another feed's last fetch after ref: a clock ahead
	}{
		{"healthy", 0, 0, false, false, 0},
		{"many failures, recent", 9, 2 * 24 * time.Hour, false, false, 0},
		{"old, few failures", 4, 10 * 24 * time.Hour, false, false, 0},
		{"old and many", 5, week, false, true, 0},
		{"just short of a week", 5, week - time.Second, false, false, 0},
		{"disabled", 12, 30 * 24 * time.Hour, true, false, 0},
		{"recent, another feed's clock a year ahead", 5, 2 * 24 * time.Hour, false, false, 365 * 24 * time.Hour},
		{"old and many, another feed's clock ahead", 5, week, false, true, 365 * 24 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &State{Feeds: map[string]*FeedState{}}
			fs := st.Feed("x")
			fs.LastFetch, fs.Failures = ref, tc.failures
			if tc.since > 0 {
				fs.FailingSince = ref.Add(-tc.since)
			}
			if tc.ahead > 0 {
				st.Feed("y").LastSuccess = ref.Add(tc.ahead)
			}
			srcs := &Sources{Feeds: []Source{{ID: "x", Title: "X", Disabled: tc.disabled}}}
			h := NewHealth(srcs, st, time.Time{})
			if got := h.Sources[0].Stale; got != tc.stale {
				t.Errorf("stale = %v, want %v", got, tc.stale)
			}
			if got := len(h.Stale()); got != map[bool]int{true: 1}[tc.stale] {
				t.Errorf("Stale() lists %d", got)
			}
		})
	}
}

func TestHealthReferenceAndCounts(t *testing.T) {
	last := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	st := &State{Feeds: map[string]*FeedState{}}
	a := st.Feed("a")
	a.LastFetch, a.LastSuccess = last, last
	d := a.Today(last.AddDate(0, 0, -40)) // out of the window by the reference
	d.Checks, d.Written = 5, 5
	d = a.Today(last.AddDate(0, 0, -2))
	d.Checks, d.NotModified, d.Written = 2, 1, 1
	d = a.Today(last)
	d.Checks, d.NotModified = 1, 1
	st.Feed("gone").LastFetch = last.Add(-time.Hour) // no longer in feeds.yaml

	srcs := &Sources{Feeds: []Source{{ID: "b", Title: "B"}, {ID: "a", Title: "A"}}}
	h := NewHealth(srcs, st, time.Time{})
	if !h.Reference.Equal(last) {
		t.Errorf("reference %v, want the newest time in the state", h.Reference)
	}
	if len(h.Sources) != 2 || h.Sources[0].ID != "a" || h.Sources[1].ID != "b" {
		t.Fatalf("sources %+v, want a and b in order", h.Sources)
	}
	if s := h.Sources[0]; s.Checks != 3 || s.NotModified != 2 || s.NotModRate != 0.67 || s.Written != 1 {
		t.Errorf("a: %+v", s)
	}
	if s := h.Sources[1]; s.Checks != 0 || !s.LastFetch.IsZero() {
		t.Errorf("b, never fetched: %+v", s)
	}

	later := last.AddDate(0, 0, 29)
	if h := NewHealth(srcs, st, later); !h.Reference.Equal(later) || h.Sources[0].Checks != 1 {
		t.Errorf("with a later SOURCE_DATE_EPOCH: reference %v, %+v", h.Reference, h.Sources[0])
	}
	if h := NewHealth(srcs, st, last.AddDate(-1, 0, 0)); !h.Reference.Equal(last) {
		t.Errorf("an earlier SOURCE_DATE_EPOCH moved the reference to %v", h.Reference)
	}
	if h := NewHealth(nil, st, time.Time{}); len(h.Sources) != 2 || h.Sources[1].ID != "gone" {
		t.Errorf("without feeds.yaml: %+v", h.Sources)
	}
}

func TestLoadHealthMissingFiles(t *testing.T) {
	h, err := LoadHealth(t.TempDir(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Reference.IsZero() || len(h.Sources) != 0 {
		t.Errorf("no files, yet %+v", h)
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "feeds"), 0o755)
	os.WriteFile(filepath.Join(root, "feeds", "state.json"), []byte("{"), 0o644)
	if _, err := LoadHealth(root, time.Time{}); err == nil {
		t.Error("a broken state.json is not an error")
	}
}

// TestLoadStateNullFeed: a feed's record written as null (a hand edit
// to reset it) is no record, not a nil one that every reader of the
// state would trip over.
func TestLoadStateNullFeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	os.WriteFile(path, []byte(`{"feeds": {"a": null, "b": {"url": "https://b.example/", "last_fetch": "2026-11-24T09:00:00Z"}}}`), 0o644)
	st, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.Feeds["a"]; ok || st.Feeds["b"] == nil {
		t.Errorf("feeds %v, want b only", st.Feeds)
	}
	h := NewHealth(nil, st, time.Time{})
	if len(h.Sources) != 1 || !h.Reference.Equal(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("health %+v", h)
	}
}

// TestLoadStateErrorLine: a broken feeds/state.json (cut short, a merge
// left its conflict markers, a hand edit) is an error naming the file
// and the line of the fault.
func TestLoadStateErrorLine(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"empty", "", "state.json:1:1: "},
		{"cut short", "{\n  \"feeds\": {\n", "state.json:2:13: unexpected end"},
		{"conflict marker", "{\n  \"feeds\": {\n<<<<<<< HEAD\n", "state.json:3:1: invalid character '<'"},
		{"wrong type", "{\n  \"feeds\": {\n    \"a\": {\n      \"url\": 5\n    }\n  }\n}\n", "state.json:4:14: json: cannot unmarshal number"},
		{"after a title", "{\"written\": [{\"title\": \"Café\"}], \"feeds\": [\n]}", "state.json:1:43: json: cannot unmarshal array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			os.WriteFile(path, []byte(tc.json), 0o644)
			_, err := LoadState(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestHealthAgo(t *testing.T) {
	ref := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	h := &Health{Reference: ref}
	for d, want := range map[time.Duration]string{
		0: "now", -30 * time.Minute: "now", -5 * time.Hour: "5h ago", -50 * time.Hour: "2d ago",
		3 * time.Hour: "in 3h", 72 * time.Hour: "in 3d",
	} {
		if got := h.Ago(ref.Add(d)); got != want {
			t.Errorf("Ago(%v) = %q, want %q", d, got, want)
		}
	}
	if h.Ago(time.Time{}) != "" {
		t.Error("a zero time has an age")
	}
}

func TestStateDays(t *testing.T) {
	day0 := time.Date(2026, 11, 1, 23, 30, 0, 0, time.UTC)
	fs := &FeedState{}
	fs.Today(day0).Checks++
	fs.Today(day0.Add(time.Hour)).Checks++ // Nov 2 in UTC
	d := fs.Today(day0.Add(2 * time.Hour))
	d.Checks++
	d.NotModified++
	d.Written += 3
	// A clock that goes back (a test, a machine with a bad clock) still
	// files the day in order.
	fs.Today(day0.Add(-48*time.Hour)).Checks++

	var dates []string
	for _, d := range fs.Days {
		dates = append(dates, d.Date)
	}
	if got := strings.Join(dates, " "); got != "2026-10-30 2026-11-01 2026-11-02" {
		t.Fatalf("days %s", got)
	}
	if w := fs.Window(day0.Add(2 * time.Hour)); w != (Day{Checks: 4, NotModified: 1, Written: 3}) {
		t.Errorf("window %+v", w)
	}
	// The window ends at the reference: later days do not count.
	if w := fs.Window(day0); w.Checks != 2 {
		t.Errorf("window up to Nov 1: %+v", w)
	}
	// 30 days on, Oct 30 and Nov 1 have left the window.
	later := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if w := fs.Window(later); w != (Day{Checks: 2, NotModified: 1, Written: 3}) {
		t.Errorf("window on Dec 1: %+v", w)
	}
	fs.Today(later)
	if len(fs.Days) != 2 || fs.Days[0].Date != "2026-11-02" {
		t.Errorf("after pruning: %+v", fs.Days)
	}
}

func TestStateNewestAndRoundTrip(t *testing.T) {
	s := &State{Feeds: map[string]*FeedState{}}
	if !s.Newest().IsZero() {
		t.Fatal("empty state has a newest time")
	}
	t1 := time.Date(2026, 11, 2, 10, 0, 0, 500, time.UTC)
	s.Feed("b").LastFetch = t1
	s.Feed("b").NextFetch = t1.Add(48 * time.Hour) // a plan, not an event
	s.Feed("a").FailingSince = t1.Add(time.Minute)
	if got := s.Newest(); !got.Equal(t1.Add(time.Minute)) {
		t.Errorf("newest %v", got)
	}
	s.Feed("a").Today(t1).Checks = 2

	path := filepath.Join(t.TempDir(), "state.json")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	a, b := mustMarshal(t, s), mustMarshal(t, back)
	if a != b {
		t.Errorf("state changed on a round trip:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, `"failing_since": "2026-11-02T10:01:00Z"`) || !strings.Contains(a, `"date": "2026-11-02"`) {
		t.Errorf("state:\n%s", a)
	}
}

func mustMarshal(t *testing.T, s *State) string {
	t.Helper()
	data, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestRemovedRoundTrip: what Save appends reads back the same, whatever
// the URL, GUID and title hold, and lines come sorted after the header.
func TestRemovedRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "removed.yaml")
	r, err := LoadRemoved(path)
	if err != nil || len(r.Items) != 0 {
		t.Fatalf("missing file: %v %v", r, err)
	}
	odd := Tombstone{Removed: "2026-11-24", ItemRef: ItemRef{Feed: "wire", URL: "https://a.example/x?q=1#frag", GUID: `tag: "odd" # guid, {with} [marks]`, Title: "Line\none  #  \"quoted\"\t"}}
	r.Add(odd)
	r.Add(Tombstone{Removed: "2026-11-24", ItemRef: ItemRef{Feed: "alpha", ID: "abc123"}})
	if err := r.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), RemovedHeader) || !strings.Contains(string(data), `# Line one # "quoted"`+"\n") {
		t.Errorf("file:\n%s", data)
	}
	back, err := ParseRemoved(path, data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(back.Items) != 2 || back.Items[0].Feed != "alpha" || back.Items[1].GUID != odd.GUID || back.Items[1].URL != odd.URL {
		t.Errorf("read back %+v", back.Items)
	}
	// Appending keeps what is there, an editor's comments included.
	edited := string(data) + "# kept by hand\n"
	back, _ = ParseRemoved(path, []byte(edited))
	back.Add(Tombstone{Removed: "2026-11-25", ItemRef: ItemRef{URL: "https://b.example/"}})
	os.WriteFile(path, []byte(edited), 0o644)
	if err := back.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(path)
	if !strings.HasPrefix(string(data), edited) || !strings.HasSuffix(string(data), `- {removed: 2026-11-25, url: "https://b.example/"}`+"\n") {
		t.Errorf("after appending:\n%s", data)
	}
}

// TestImportOPMLErrors: an outline that would not load from feeds.yaml is
// refused with its line in the OPML file, not found later at a line of
// feeds.yaml that the import had not written yet.
func TestImportOPMLErrors(t *testing.T) {
	const head = "<opml version=\"2.0\"><body>\n<outline text=\"ok\" xmlUrl=\"https://ok.example/\"/>\n<outline text=\"folder\">\n"
	tests := []struct{ name, outline, want string }{
		{"ftp url", `<outline text="A" xmlUrl="ftp://a.example/feed"/>`, `line 4: feed a: url "ftp://a.example/feed" is not an absolute http(s) URL`},
		{"file url", `<outline text="A" xmlUrl="file:///etc/passwd"/>`, `line 4: feed a: url "file:///etc/passwd" is not`},
		{"relative url", `<outline text="A" xmlUrl="feed.xml"/>`, `line 4: feed a: url "feed.xml" is not`},
		{"bad id", `<outline text="A" id="../x" xmlUrl="https://a.example/"/>`, `line 4: feed id "../x": want lower-case`},
		{"bad kind", `<outline text="A" kind="spam" xmlUrl="https://a.example/"/>`, `line 4: feed a: kind "spam" is not one of`},
		{"bad timezone", `<outline text="A" timezone="Mars/Olympus" xmlUrl="https://a.example/"/>`, `line 4: feed a: timezone:`},
		{"bad interval", `<outline text="A" minInterval="soon" xmlUrl="https://a.example/"/>`, `line 4: https://a.example/: minInterval:`},
		{"start tag over lines", "<outline text=\"A\"\n  xmlUrl=\"gopher://a.example/\"/>", `line 5: feed a: url "gopher://a.example/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImportOPML(strings.NewReader(head + tt.outline + "\n</outline></body></opml>"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

// TestImportedIDs: an imported feed without an ID takes one from its
// title, letters losing their marks, or from its host when the title
// has no Latin letter or digit.
func TestImportedIDs(t *testing.T) {
	for _, tt := range []struct{ title, url, want string }{
		{"Über Café Ñews", "https://a.example/rss", "uber-cafe-news"},
		{"Łódź Daily", "https://b.example/rss", "lodz-daily"},
		{"腾讯新闻", "https://www.news.qq.example/rss", "news-qq-example"},
		{"", "https://c.example/feed", "c-example"},
	} {
		in := `<opml version="2.0"><body><outline text="` + tt.title + `" xmlUrl="` + tt.url + `"/></body></opml>`
		srcs, err := ImportOPML(strings.NewReader(in))
		if err != nil {
			t.Fatalf("%q: %v", tt.title, err)
		}
		if len(srcs) != 1 || srcs[0].ID != tt.want {
			t.Errorf("%q %s: %+v, want ID %q", tt.title, tt.url, srcs, tt.want)
		}
	}
}

// TestStateOverSettingsCap: a state whose ledger of written items is
// past a settings file's 16 MiB (a busy tracker's after a few months)
// still loads, every item in it.
func TestStateOverSettingsCap(t *testing.T) {
	s := ledgerState(45000)
	p := filepath.Join(t.TempDir(), "state.json")
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	if fi.Size() <= 16<<20 {
		t.Fatalf("the state is %d bytes, not past 16 MiB: the test checks nothing", fi.Size())
	}
	t.Logf("%d bytes, %d an item", fi.Size(), fi.Size()/int64(len(s.Written)))
	got, err := LoadState(p)
	if err != nil || len(got.Written) != len(s.Written) {
		t.Fatalf("load: %v", err)
	}
}

// TestLoadFeedStates: the feeds' records alone are those LoadState reads,
// in the order Marshal writes and in another; a file that is not a state
// gets LoadState's error, with its line and column.
func TestLoadFeedStates(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "saved.json")
	if err := ledgerState(3).Save(saved); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, data, err string }{
		{"saved", "", ""},
		{"written first", `{"written": [{"feed": "a", "id": "1"}], "feeds": {"a": {"url": "https://a.example/"}, "gone": null}}`, ""},
		{"no feeds", `{"written": []}`, ""},
		{"broken feeds", "{\n \"feeds\": {\"a\": {\"url\": 1}}}", "broken feeds.json:2:"},
		{"not an object", `[1]`, "not an object.json:1:"},
		{"cut short", `{`, "cut short.json:1:"},
	} {
		p := saved
		if tt.data != "" {
			p = filepath.Join(dir, tt.name+".json")
			os.WriteFile(p, []byte(tt.data), 0o644)
		}
		got, err := LoadFeedStates(p)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: %v, want an error with %q", tt.name, err, tt.err)
			}
			continue
		}
		want, werr := LoadState(p)
		if err != nil || werr != nil || !reflect.DeepEqual(got.Feeds, want.Feeds) || got.Written != nil {
			t.Errorf("%s: %+v, %v; want the feeds of %+v, %v, and no ledger", tt.name, got, err, want, werr)
		}
	}
}

// TestImportOPMLNames: HTML entities in a reader's titles are read, and a
// title whose only Latin characters are digits gives the host's ID, not
// a number.
func TestImportOPMLNames(t *testing.T) {
	in := `<opml version="2.0"><body>
<outline text="Caf&eacute;&nbsp;Tech" xmlUrl="https://cafe.example/rss"/>
<outline text="腾讯新闻 2" xmlUrl="https://news.qq.com/rss"/></body></opml>`
	srcs, err := ImportOPML(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ id, title string }{{"cafe-tech", "Café Tech"}, {"news-qq-com", "腾讯新闻 2"}} {
		if i >= len(srcs) || srcs[i].ID != want.id || srcs[i].Title != want.title {
			t.Errorf("feed %d: got %+v, want id %q title %q", i, srcs, want.id, want.title)
		}
	}
}

// TestHealthOrder: the status page lists sources by the name it shows
// (the title, else the ID), whatever case, then by ID.
func TestHealthOrder(t *testing.T) {
	srcs := &Sources{Feeds: []Source{
		{ID: "doj", Title: "U.S. Department of Justice"},
		{ID: "a-sample", Title: "docket sample items"},
		{ID: "zz"},
		{ID: "dd", Title: "Devdiscourse"},
		{ID: "ab"},
		{ID: "r2", Title: "Reuters"},
		{ID: "r1", Title: "reuters"},
	}}
	var got []string
	for _, s := range NewHealth(srcs, &State{}, time.Time{}).Sources {
		got = append(got, s.ID)
	}
	if want := []string{"ab", "dd", "a-sample", "r1", "r2", "doj", "zz"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
