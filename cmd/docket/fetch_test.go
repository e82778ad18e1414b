package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"docket/internal/feed"
	"docket/internal/lock"
	"docket/internal/projfile"
)

const fetchTestFeed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Regulator</title><link>https://reg.example/</link>
<item><title>Authority fines platform for blocking rivals</title><link>https://reg.example/press/1</link>
<pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate><description>The competition authority imposed a fine.</description></item>
</channel></rss>`

// fetchWorkspace makes a project folder with feeds.yaml pointing at srv
// and the shipped topic files, and makes it the working directory.
func fetchWorkspace(t *testing.T, feedsYAML string) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"topics.yaml", "entities.yaml"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "feeds", name))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, "feeds"), 0o755)
		os.WriteFile(filepath.Join(dir, "feeds", name), data, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "feeds", "feeds.yaml"), []byte(feedsYAML), 0o644)
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content", "site.yaml"), []byte("title: test\n"), 0o644)
	t.Chdir(dir)
}

func feedsYAML(urls ...string) string {
	var b strings.Builder
	b.WriteString("feeds:\n")
	for i, u := range urls {
		fmt.Fprintf(&b, "  - id: f%d\n    url: %s\n    title: F%d\n    kind: regulator\n    select: all\n    extract: summary\n", i, u, i)
	}
	return b.String()
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(stdio{strings.NewReader(""), &out, &errb}, args)
	return code, out.String(), errb.String()
}

func TestFetchCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.Error(w, "gone", http.StatusGone)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed", srv.URL+"/gone"))

	code, out, errs := runCmd("fetch", "--json", "--allow-private")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	var sum struct {
		Feeds []struct {
			Feed, Status, Error string
			Written             int
		}
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(sum.Feeds) != 2 || sum.Feeds[0].Written != 1 || sum.Feeds[1].Status != "failed" || !strings.Contains(sum.Feeds[1].Error, "410") {
		t.Errorf("report %+v", sum)
	}
	if _, err := os.Stat("content/news/2026/11/authority-fines-platform-for-blocking-rivals.md"); err != nil {
		t.Error(err)
	}
	state, err := os.ReadFile("feeds/state.json")
	if err != nil || !bytes.Contains(state, []byte(`"failures": 1`)) {
		t.Errorf("state: %v\n%s", err, state)
	}

	// Again, forced: nothing new is written.
	code, out, _ = runCmd("fetch", "--force", "--feed", "f0", "--json", "--allow-private")
	if code != 0 || !strings.Contains(out, `"seen": 1,`) || !strings.Contains(out, `"written": 0,`) {
		t.Errorf("second run, exit %d:\n%s", code, out)
	}
}

func TestFetchExitCodes(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	tests := []struct {
		name, yaml string
		args       []string
		want       int
	}{
		{"every feed failed", feedsYAML(srv.URL + "/a"), nil, 1},
		{"every enabled feed failed", feedsYAML(srv.URL+"/a", srv.URL+"/b") + "    disabled: true\n", nil, 1},
		{"bad config", "feeds:\n  - id: Bad\n", nil, 2},
		{"unknown feed", feedsYAML(srv.URL + "/a"), []string{"--feed", "nope"}, 2},
		{"bad since", feedsYAML(srv.URL + "/a"), []string{"--since", "soon"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetchWorkspace(t, tt.yaml)
			code, out, errs := runCmd(append([]string{"fetch", "--allow-private"}, tt.args...)...)
			if code != tt.want {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.want, out, errs)
			}
		})
	}
}

func TestFeedsImportExport(t *testing.T) {
	fetchWorkspace(t, feedsYAML("https://a.example/feed"))
	code, opml, errs := runCmd("feeds", "export")
	if code != 0 || !strings.Contains(opml, `xmlUrl="https://a.example/feed"`) {
		t.Fatalf("export exit %d: %s %s", code, opml, errs)
	}
	in := `<opml version="2.0"><body><outline text="New One" xmlUrl="https://b.example/rss"/><outline text="F0" xmlUrl="https://a.example/feed"/></body></opml>`
	os.WriteFile("in.opml", []byte(in), 0o644)
	before, _ := os.ReadFile("feeds/feeds.yaml")
	for _, args := range [][]string{{"feeds", "-n", "import", "in.opml"}, {"feeds", "import", "-n", "in.opml"}, {"feeds", "import", "in.opml", "-n"}} {
		code, out, errs := runCmd(args...)
		if after, _ := os.ReadFile("feeds/feeds.yaml"); code != 0 || !strings.Contains(out, "id: new-one") || !bytes.Equal(after, before) {
			t.Errorf("%v: exit %d, feeds.yaml changed %v:\n%s%s", args, code, !bytes.Equal(after, before), out, errs)
		}
	}
	if code, _, errs := runCmd("feeds", "import", "in.opml"); code != 0 {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	data, _ := os.ReadFile("feeds/feeds.yaml")
	if !strings.Contains(string(data), "id: new-one") || strings.Count(string(data), "a.example") != 1 {
		t.Errorf("feeds.yaml after import:\n%s", data)
	}
}

// TestFetchLocked: a second fetch in a project where one is running stops
// at once and says why, writing nothing.
func TestFetchLocked(t *testing.T) {
	fetchWorkspace(t, feedsYAML("https://a.example/feed"))
	release, err := lock.Acquire(".", "fetch")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	code, _, errs := runCmd("fetch")
	if code != 1 || !strings.Contains(errs, "another docket fetch is running in this project (pid") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat("feeds/state.json"); err == nil {
		t.Error("the locked-out run wrote the state")
	}
}

// TestFetchTwiceFromProjectFolder runs docket fetch as a user does: from
// the project folder, relative paths, no --root. The second run adds
// nothing and leaves feeds/state.json as it was.
func TestFetchTwiceFromProjectFolder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed"))
	snapshot := func() (string, []string) {
		state, _ := os.ReadFile(filepath.Join("feeds", "state.json"))
		var files []string
		filepath.WalkDir(filepath.Join("content", "news"), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		return string(state), files
	}
	if code, out, errs := runCmd("fetch", "--allow-private"); code != 0 {
		t.Fatalf("first run, exit %d: %s%s", code, out, errs)
	}
	state1, files1 := snapshot()
	if len(files1) != 1 || state1 == "" {
		t.Fatalf("after the first run: %v, state %q", files1, state1)
	}
	for _, args := range [][]string{{"fetch", "--allow-private"}, {"fetch", "--allow-private", "--force"}} {
		if code, out, errs := runCmd(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s%s", args, code, out, errs)
		}
		state2, files2 := snapshot()
		if strings.Join(files2, " ") != strings.Join(files1, " ") {
			t.Errorf("%v added files: %v", args, files2)
		}
		if len(args) == 2 && state2 != state1 {
			t.Errorf("%v changed the state:\n%s\n%s", args, state1, state2)
		}
	}
}

// TestFetchAllowPrivateAfterRefusal: a first run without --allow-private
// is refused for a feed on this machine and says which flag allows it;
// the refusal is the run's, not the host's, so the next run with the
// flag fetches the feed at once instead of skipping it for an hour as
// "ok". A feed that is backing off says until when, and that --force
// fetches it now.
func TestFetchAllowPrivateAfterRefusal(t *testing.T) {
	failing := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/flaky" && failing {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed", srv.URL+"/flaky"))
	code, out, errs := runCmd("fetch")
	if code != 1 || !strings.Contains(out, "--allow-private") {
		t.Errorf("refused run: exit %d, want 1 and the flag named:\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd("fetch", "--allow-private")
	if code != 0 || !fileExists("content/news/2026/11/authority-fines-platform-for-blocking-rivals.md") {
		t.Errorf("run with --allow-private: exit %d, the item not written:\n%s%s", code, out, errs)
	}
	failing = false
	code, out, _ = runCmd("fetch", "--allow-private")
	var flaky string
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "f1 ") {
			flaky = line
		}
	}
	if code != 0 || !strings.Contains(flaky, "skipped") || !strings.Contains(flaky, "--force fetches it now") || !strings.Contains(flaky, "503") {
		t.Errorf("a feed backing off: exit %d, want its due time, --force and its last error:\n%s", code, out)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestFetchDeletedItemStaysDeleted: an editor deletes a fetched item's
// file; the next fetch records it in feeds/removed.yaml and does not write
// it again. Deleting that line lets it come back. An item kept with
// hidden: true stays as the editor left it.
func TestFetchDeletedItemStaysDeleted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>Regulator</title>
<item><title>Authority fines platform for blocking rivals</title><link>https://reg.example/press/1</link><guid>p1</guid>
<pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate><description>A fine.</description></item>
<item><title>Authority opens probe into app store</title><link>https://reg.example/press/2</link><guid>p2</guid>
<pubDate>Mon, 23 Nov 2026 11:00:00 +0000</pubDate><description>A probe.</description></item>
</channel></rss>`)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed"))
	deleted := filepath.Join("content", "news", "2026", "11", "authority-fines-platform-for-blocking-rivals.md")
	hidden := filepath.Join("content", "news", "2026", "11", "authority-opens-probe-into-app-store.md")
	removed := filepath.Join("feeds", "removed.yaml")
	fetch := func(what string) string {
		t.Helper()
		code, out, errs := runCmd("fetch", "--allow-private", "--force")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s%s", what, code, out, errs)
		}
		return out
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }

	fetch("first fetch")
	if !exists(deleted) || !exists(hidden) {
		t.Fatalf("the first fetch did not write both items")
	}
	if err := os.Remove(deleted); err != nil {
		t.Fatal(err)
	}
	kept, _ := os.ReadFile(hidden)
	kept = bytes.Replace(kept, []byte("---\n"), []byte("---\nhidden: true\n"), 1)
	os.WriteFile(hidden, kept, 0o644)

	out := fetch("after the deletion")
	if exists(deleted) {
		t.Errorf("the deleted item came back:\n%s", out)
	}
	if !strings.Contains(out, "1 deleted item recorded in feeds/removed.yaml") ||
		!strings.Contains(out, "Authority fines platform for blocking rivals") ||
		!strings.Contains(out, "1 deleted items not written again") {
		t.Errorf("the report does not say what was removed:\n%s", out)
	}
	tomb, _ := os.ReadFile(removed)
	line := `- {removed: ` // the date is today's
	if !bytes.Contains(tomb, []byte(line)) ||
		!bytes.Contains(tomb, []byte(`feed: "f0", url: "https://reg.example/press/1", guid: "p1"}  # Authority fines platform for blocking rivals`+"\n")) {
		t.Errorf("feeds/removed.yaml:\n%s", tomb)
	}
	if got, _ := os.ReadFile(hidden); !bytes.Equal(got, kept) {
		t.Errorf("the hidden item was changed:\n%s", got)
	}

	// Once recorded, it stays so: no second line, still not written.
	fetch("a later fetch")
	if again, _ := os.ReadFile(removed); !bytes.Equal(again, tomb) || exists(deleted) {
		t.Errorf("a later fetch: removed.yaml\n%s\nfile back: %v", again, exists(deleted))
	}

	// The editor changes their mind: delete the line, and it comes back.
	var keep []string
	for l := range strings.Lines(string(tomb)) {
		if !strings.HasPrefix(l, "- ") {
			keep = append(keep, l)
		}
	}
	os.WriteFile(removed, []byte(strings.Join(keep, "")), 0o644)
	fetch("after undoing")
	if !exists(deleted) {
		t.Error("the item did not come back after its line was deleted")
	}
	if again, _ := os.ReadFile(removed); strings.Contains(string(again), "press/1") {
		t.Errorf("undone, yet recorded again:\n%s", again)
	}
}

// TestFetchBadRemovedFile: a broken feeds/removed.yaml stops fetch as a
// configuration error naming the file and line, before anything is
// fetched or written; docket check reports it too.
func TestFetchBadRemovedFile(t *testing.T) {
	for _, tt := range []struct{ name, line, want string }{
		{"guid without feed", `- {guid: "p1"}`, "feeds/removed.yaml:3:3: a guid or id names an item only with its feed"},
		{"unknown key", `- {url: "https://reg.example/1", note: x}`, "feeds/removed.yaml:3:"},
		{"bad date", `- {removed: yesterday, url: "https://reg.example/1"}`, "feeds/removed.yaml:3:3: removed \"yesterday\""},
		{"empty", `- {removed: 2026-11-24}`, "feeds/removed.yaml:3:3: no url, guid or id"},
		{"not a mapping", `- https://reg.example/1`, "feeds/removed.yaml:3:3: want {url: …}"},
		{"unclosed", `- {url: "https://reg.example/1"`, "feeds/removed.yaml:3:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fetchWorkspace(t, feedsYAML("http://127.0.0.1:1/feed"))
			os.WriteFile(filepath.Join("feeds", "removed.yaml"), []byte("# removed\n- {url: \"https://ok.example/\"}\n"+tt.line+"\n"), 0o644)
			code, out, errs := runCmd("fetch", "--allow-private")
			if code != 2 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, want 2 and %q:\n%s%s", code, tt.want, out, errs)
			}
			if _, err := os.Stat(filepath.Join("feeds", "state.json")); err == nil {
				t.Error("the run went ahead")
			}
			if _, out, _ := runCmd("check"); !strings.Contains(out, tt.want) {
				t.Errorf("docket check does not report it:\n%s", out)
			}
		})
	}
}

// TestFetchShardFailures: a shard whose feeds all fail exits 0 (a whole
// run with a live feed beside them does), so that the other shards' news
// is merged; the merge exits 1 when every shard's feeds failed.
func TestFetchShardFailures(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/dead") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	// Feed a is in shard 1 of 2, b in shard 2.
	yaml := "feeds:\n  - {id: a, url: %s/%s, title: A, kind: regulator, select: all, extract: summary}\n  - {id: b, url: %s/dead-b, title: B, kind: regulator, select: all, extract: summary}\n"
	for _, tc := range []struct {
		a         string
		mergeCode int
	}{{"live", 0}, {"dead-a", 1}} {
		t.Run(tc.a, func(t *testing.T) {
			fetchWorkspace(t, fmt.Sprintf(yaml, srv.URL, tc.a, srv.URL))
			for _, sh := range []string{"1/2", "2/2"} {
				if code, out, errs := runCmd("fetch", "--allow-private", "--shard", sh); code != 0 {
					t.Fatalf("fetch --shard %s: exit %d\n%s%s", sh, code, out, errs)
				}
			}
			code, out, errs := runCmd("fetch", "--merge")
			if code != tc.mergeCode || !strings.Contains(out, "merged 2 shards") {
				t.Errorf("fetch --merge: exit %d, want %d\n%s%s", code, tc.mergeCode, out, errs)
			}
			if _, err := os.Stat(filepath.Join("feeds", "state.json")); err != nil {
				t.Errorf("the merge saved no state: %v", err)
			}
		})
	}
}

// TestFetchRefusesUnmergedShards: a whole fetch beside the shard files of
// an unmerged run would have its state put back by the merge after it.
func TestFetchRefusesUnmergedShards(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/a", srv.URL+"/b"))
	for _, sh := range []string{"1/2", "2/2"} {
		if code, out, errs := runCmd("fetch", "--allow-private", "--shard", sh); code != 0 {
			t.Fatalf("fetch --shard %s: exit %d\n%s%s", sh, code, out, errs)
		}
	}
	code, out, errs := runCmd("fetch", "--allow-private")
	if code == 0 || !strings.Contains(errs, "docket fetch --merge first") {
		t.Fatalf("a whole fetch beside unmerged shards: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCmd("fetch", "--merge"); code != 0 {
		t.Fatalf("fetch --merge: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCmd("fetch", "--allow-private"); code != 0 {
		t.Errorf("fetch after the merge: exit %d\n%s%s", code, out, errs)
	}
}

// TestFeedsImportHugeFile: an OPML file past the cap on configuration
// files is refused, naming it, before it is decoded (the decoder holds
// the whole list: /dev/zero took memory until the machine ran out), and
// feeds.yaml is left as it was.
func TestFeedsImportHugeFile(t *testing.T) {
	const yaml = "feeds:\n  - id: a\n    url: https://a.example/feed\n    title: A\n    kind: press\n"
	fetchWorkspace(t, yaml)
	outline := `<outline text="x"/>`
	in := `<opml version="2.0"><body>` + strings.Repeat(outline, projfile.MaxConfig/len(outline)+1) + `</body></opml>`
	os.WriteFile("huge.opml", []byte(in), 0o644)
	code, _, errs := runCmd("feeds", "import", "huge.opml")
	if code == 0 || !strings.Contains(errs, "huge.opml") || !strings.Contains(errs, "too large") {
		t.Errorf("import of a %d-byte file: exit %d: %s", len(in), code, errs)
	}
	if data, _ := os.ReadFile("feeds/feeds.yaml"); string(data) != yaml {
		t.Errorf("feeds.yaml changed:\n%s", data)
	}
}

// TestFeedsImportLayout: a feeds.yaml whose feeds: list the new entries
// cannot be appended to as text is left as it was, with an error that
// says so, not one about a line the file does not have.
func TestFeedsImportLayout(t *testing.T) {
	const feed = "id: x\n    url: https://x.example/\n    title: X\n    kind: press\n"
	tests := []struct {
		name, yaml string
		ok         bool
	}{
		{"two-space items", "feeds:\n  - " + feed, true},
		{"flow list", "feeds: []\n", false},
		{"items at the margin", "feeds:\n- id: x\n  url: https://x.example/\n  title: X\n  kind: press\n", false},
		{"feeds not last", "feeds:\n  - " + feed + "outlets:\n  - {name: A, type: wire}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetchWorkspace(t, tt.yaml)
			os.WriteFile("in.opml", []byte(`<opml version="2.0"><body><outline text="New" xmlUrl="https://b.example/rss"/></body></opml>`), 0o644)
			code, _, errs := runCmd("feeds", "import", "in.opml")
			if tt.ok {
				if code != 0 {
					t.Errorf("exit %d: %s", code, errs)
				}
				return
			}
			if code == 0 || !strings.Contains(errs, "feeds/feeds.yaml: the new feeds cannot be appended to it") {
				t.Errorf("exit %d: %s", code, errs)
			}
			if data, _ := os.ReadFile("feeds/feeds.yaml"); string(data) != tt.yaml {
				t.Errorf("feeds.yaml changed:\n%s", data)
			}
		})
	}
}

// TestFetchMergeTakesNoFetchFlags: --merge fetches nothing, so a flag
// that chooses what to fetch beside it is a mistake (`--shard 2/2
// --merge` merged every shard), not something to ignore.
func TestFetchMergeTakesNoFetchFlags(t *testing.T) {
	fetchWorkspace(t, feedsYAML("https://a.example/feed", "https://b.example/feed"))
	for _, args := range [][]string{{"--shard", "1/2"}, {"--feed", "a"}, {"--force"}, {"--since", "3d"}} {
		code, out, errs := runCmd(append([]string{"fetch", "--merge"}, args...)...)
		if code != 2 || !strings.Contains(errs, "--merge") {
			t.Errorf("fetch --merge %v: exit %d, want 2\n%s%s", args, code, out, errs)
		}
	}
}

// TestFetchUndatedItemWholeSeconds: an item with no date is dated when
// it was first seen, written in whole seconds as every other date.
func TestFetchUndatedItemWholeSeconds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, strings.Replace(fetchTestFeed, "<pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate>", "", 1))
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed"))
	if code, out, errs := runCmd("fetch", "--allow-private"); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errs)
	}
	files, _ := filepath.Glob(filepath.Join("content", "news", "*", "*", "*.md"))
	if len(files) != 1 {
		t.Fatalf("written: %v", files)
	}
	data := string(mustRead(t, files[0]))
	date := regexp.MustCompile(`(?m)^date: (.*)$`).FindStringSubmatch(data)
	if date == nil || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`).MatchString(date[1]) {
		t.Errorf("date %q, want whole seconds:\n%s", date, data)
	}
}

// TestFetchNameTakenIsNoFailure: items whose titles take each other's
// file names (a title ending in another item's short hash takes its
// second name) leave one item unwritten, said in its feed's row, and
// the run still succeeds, so one feed cannot stop every scheduled fetch.
func TestFetchNameTakenIsNoFailure(t *testing.T) {
	var rss string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed"))
	item := func(title, link string) string {
		return "<item><title>" + title + "</title><link>" + srv.URL + link + "</link><pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate><description>A fine.</description></item>"
	}
	id := feed.ItemID(srv.URL+"/y", "", "", "")
	rss = `<rss version="2.0"><channel><title>R</title>` + item("Dup antitrust story", "/z") + item("Dup antitrust story "+id[:6], "/x") + item("Dup antitrust story", "/y") + `</channel></rss>`
	for run := range 2 {
		code, out, errs := runCmd("fetch", "--allow-private", "--force")
		if code != 0 || !strings.Contains(out, "1 item not written: other files have their names") {
			t.Errorf("run %d: exit %d, want 0 and the item said:\n%s%s", run+1, code, out, errs)
		}
	}
	if files, _ := filepath.Glob(filepath.Join("content", "news", "2026", "11", "*.md")); len(files) != 2 {
		t.Errorf("written: %v", files)
	}
}
