package fetch

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"docket/internal/sources"
)

// TestShardsMergeLikeOneRun fetches a project once whole and once as four
// shards, each on its own copy as on four CI runners, merged after: the
// content and feeds/state.json and feeds/removed.yaml must be the same.
// The second round has new items and a deleted file to tombstone.
func TestShardsMergeLikeOneRun(t *testing.T) {
	var round atomic.Int32
	srcs := &sources.Sources{}
	for h := range 3 {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			items := 2 + 2*int(round.Load())
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>S</title><link>https://s.example/</link>`)
			for j := range items {
				fmt.Fprintf(w, `<item><title>Story %d of %s on host %d</title><link>https://s%d.example%s/%d</link><pubDate>Tue, 24 Nov 2026 %02d:00:00 +0000</pubDate><description>Summary %d.</description></item>`,
					j, r.URL.Path, h, h, r.URL.Path, j, j, j)
			}
			fmt.Fprint(w, `</channel></rss>`)
		}))
		t.Cleanup(srv.Close)
		for k := range 4 {
			srcs.Feeds = append(srcs.Feeds, sources.Source{
				ID: fmt.Sprintf("feed-%d-%d", h, k), URL: fmt.Sprintf("%s/f%d", srv.URL, k), Title: "F",
				Kind: sources.KindPress, Select: sources.SelectAll, Extract: sources.ExtractSummary,
				MinInterval: time.Hour, BackfillDays: 30,
			})
		}
	}
	for i := 1; i <= 4; i++ {
		if !slices.ContainsFunc(srcs.Feeds, func(s sources.Source) bool { return (sources.Shard{I: i, N: 4}).Has(s.ID) }) {
			t.Fatalf("shard %d of 4 has no feed: pick other IDs", i)
		}
	}

	// Round 0, whole: the project as the last run left it, one file deleted since.
	base := t.TempDir()
	fetchInto(t, base, srcs, sources.Shard{})
	news := newsFiles(t, filepath.Join(base, "content", "news"))
	if len(news) != 24 {
		t.Fatalf("%d files after the first run, want 24", len(news))
	}
	if err := os.Remove(filepath.Join(base, "content", "news", filepath.FromSlash(slices.Sorted(maps.Keys(news))[5]))); err != nil {
		t.Fatal(err)
	}
	round.Store(1)

	whole := copyTree(t, base)
	fetchInto(t, whole, srcs, sources.Shard{})

	merged := shardRun(t, base, srcs, 4)
	got, want := newsFiles(t, merged), newsFiles(t, whole)
	if !strings.Contains(want["feeds/removed.yaml"], "Story") {
		t.Fatalf("the deleted file was not tombstoned:\n%s", want["feeds/removed.yaml"])
	}
	for _, rel := range slices.Sorted(maps.Keys(want)) {
		if got[rel] != want[rel] {
			t.Errorf("%s differs from one run's:\n%s\nwant:\n%s", rel, got[rel], want[rel])
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s: not in one run's tree", rel)
		}
	}
}

// fetchInto runs fetch on the project at root as the pipeline does: state
// and tombstones read from feeds/, saved to the shard's files.
func fetchInto(t *testing.T, root string, srcs *sources.Sources, sh sources.Shard) {
	t.Helper()
	fetchIntoAt(t, root, srcs, sh, testNow)
}

// fetchIntoAt is fetchInto at another time: a later round.
func fetchIntoAt(t *testing.T, root string, srcs *sources.Sources, sh sources.Shard, now time.Time) {
	t.Helper()
	fetchRound(t, root, srcs, sh, now, true)
}

// shardRun fetches the project at base as n shards, each on its own copy
// as on n CI runners, and merges them on another copy as the workflow's
// update job does: each job's new news under JobsDir/I/, its shard files
// in feeds/. It returns the merged project.
func shardRun(t *testing.T, base string, srcs *sources.Sources, n int) string {
	t.Helper()
	return shardRunWith(t, base, srcs, n, func(root string, sh sources.Shard) { fetchInto(t, root, srcs, sh) })
}

// shardRunWith is shardRun with its own fetch of each shard.
func shardRunWith(t *testing.T, base string, srcs *sources.Sources, n int, fetch func(root string, sh sources.Shard)) string {
	t.Helper()
	merged := copyTree(t, base)
	had := newsFiles(t, base)
	for i := 1; i <= n; i++ {
		runner := copyTree(t, base)
		fetch(runner, sources.Shard{I: i, N: n})
		for rel, data := range newsFiles(t, runner) {
			var to string
			switch {
			case strings.Contains(rel, ".shard-"):
				to = rel
			case strings.HasPrefix(rel, "content/news/") && had[rel] == "":
				to = path.Join(JobsDir, strconv.Itoa(i), strings.TrimPrefix(rel, "content/"))
			default:
				continue
			}
			p := filepath.Join(merged, filepath.FromSlash(to))
			if err := errors.Join(os.MkdirAll(filepath.Dir(p), 0o755), os.WriteFile(p, []byte(data), 0o644)); err != nil {
				t.Fatal(err)
			}
		}
	}
	mergeInto(t, merged, srcs, n)
	return merged
}

// mergeInto merges the n shards of the project at root.
// oneCheckoutRun fetches the project at base as n shards one after the
// other in one copy of it (fetch each), then merges them there, as on one
// machine. It returns that copy.
func oneCheckoutRun(t *testing.T, base string, srcs *sources.Sources, n int, fetch func(root string, sh sources.Shard)) string {
	t.Helper()
	root := copyTree(t, base)
	for i := 1; i <= n; i++ {
		fetch(root, sources.Shard{I: i, N: n})
	}
	mergeInto(t, root, srcs, n)
	return root
}

// addFeed adds a copy of srcs' feed at index like, as id at url.
func addFeed(srcs *sources.Sources, like int, id, url string) {
	f := srcs.Feeds[like]
	f.ID, f.URL = id, url
	srcs.Feeds = append(srcs.Feeds, f)
}

func mergeInto(t *testing.T, root string, srcs *sources.Sources, n int) {
	t.Helper()
	got, err := MergeShards(filepath.Join(root, "content"), filepath.Join(root, JobsDir),
		filepath.Join(root, "feeds", "state.json"), filepath.Join(root, "feeds", "removed.yaml"), srcs)
	if err != nil || got != n {
		t.Fatalf("merge: %d shards, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(root, JobsDir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the merge left %s: %v", JobsDir, err)
	}
}

// copyTree copies the project at root to a new folder, as a checkout.
func copyTree(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "project")
	if err := os.CopyFS(dir, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// twoShardFeeds is feeds a and b, which fall in shards 1 and 2 of 2, a
// first in feeds.yaml.
func twoShardFeeds(t *testing.T, url string) *sources.Sources {
	t.Helper()
	s := &sources.Sources{}
	for i, id := range []string{"a", "b"} {
		if !(sources.Shard{I: i + 1, N: 2}).Has(id) {
			t.Fatalf("feed %s is not in shard %d of 2: pick other IDs", id, i+1)
		}
		s.Feeds = append(s.Feeds, sources.Source{ID: id, URL: url + "/" + id + ".xml", Title: id, Kind: sources.KindPress,
			Select: sources.SelectAll, Extract: sources.ExtractSummary, MinInterval: time.Hour, BackfillDays: 30})
	}
	return s
}

func newsOf(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	for rel, data := range newsFiles(t, root) {
		if strings.HasPrefix(rel, "content/news/") {
			feed, _, _ := strings.Cut(strings.SplitAfter(data, "\nfeed: ")[1], "\n")
			out = append(out, strings.TrimPrefix(rel, "content/news/2026/11/")+" "+feed)
		}
	}
	slices.Sort(out)
	return out
}

// TestShardsSettleTheNews covers what two runners cannot see of each
// other: items of one title, one item in both shards, and an item one
// shard finds deleted that the other's feed brings again.
func TestShardsSettleTheNews(t *testing.T) {
	const sameTitle = `<item><title>Weekly roundup</title><link>https://%s.example/roundup</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	const shared = `<item><title>Shared story</title><link>https://news.example/shared</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": fmt.Sprintf(sameTitle, "a") + shared, "b.xml": fmt.Sprintf(sameTitle, "b") + shared})
	srcs := twoShardFeeds(t, srv.URL)
	base := t.TempDir()
	os.MkdirAll(filepath.Join(base, "content"), 0o755)

	merged := shardRun(t, base, srcs, 2)
	got := newsOf(t, merged)
	// b's roundup takes the name with its ID's short hash, as the second
	// of one run; the shared story is a's, the first feed's.
	if len(got) != 3 || got[0] != "shared-story.md a" || !strings.HasPrefix(got[1], "weekly-roundup-") || !strings.HasSuffix(got[1], ".md b") || got[2] != "weekly-roundup.md a" {
		t.Fatalf("merged news: %q", got)
	}
	st, err := sources.LoadState(filepath.Join(merged, "feeds", "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]bool{}
	for _, r := range st.Written {
		paths[r.Path] = true
	}
	for _, f := range got {
		if p := "news/2026/11/" + strings.Fields(f)[0]; !paths[p] {
			t.Errorf("the state does not list %s: %v", p, st.Written)
		}
	}
	if len(st.Written) != 3 {
		t.Errorf("the state lists %d written items, want 3: %v", len(st.Written), st.Written)
	}
	// The status page's counts: b wrote its roundup only, as in one run.
	for feed, want := range map[string]int{"a": 2, "b": 1} {
		if got := st.Feeds[feed].Window(testNow).Written; got != want {
			t.Errorf("feed %s: %d written in the state's days, want %d", feed, got, want)
		}
	}

	// The next round notices no deletion; then an editor deletes the
	// shared story, and neither shard writes it again.
	again := shardRun(t, merged, srcs, 2)
	if rm, _ := os.ReadFile(filepath.Join(again, "feeds", "removed.yaml")); len(rm) > 0 {
		t.Errorf("a round with nothing deleted made tombstones:\n%s", rm)
	}
	if err := os.Remove(filepath.Join(again, "content/news/2026/11/shared-story.md")); err != nil {
		t.Fatal(err)
	}
	after := shardRun(t, again, srcs, 2)
	if got := newsOf(t, after); slices.ContainsFunc(got, func(f string) bool { return strings.HasPrefix(f, "shared-story") }) {
		t.Errorf("the deleted story is back: %q", got)
	}
	if rm, _ := os.ReadFile(filepath.Join(after, "feeds", "removed.yaml")); strings.Count(string(rm), "news.example/shared") != 1 {
		t.Errorf("want one tombstone for the deleted story:\n%s", rm)
	}
}

// TestShardsInOneCheckout runs the shards one after another in one
// project, then merges: a story one shard found deleted, which the other
// shard's feed wrote again, is taken out.
func TestShardsInOneCheckout(t *testing.T) {
	const shared = `<item><title>Shared story</title><link>https://news.example/shared</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": shared, "b.xml": shared})
	srcs := twoShardFeeds(t, srv.URL)
	root := t.TempDir()
	fetchInto(t, root, srcs, sources.Shard{})
	if err := os.Remove(filepath.Join(root, "content/news/2026/11/shared-story.md")); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		fetchIntoAt(t, root, srcs, sources.Shard{I: i, N: 2}, testNow.Add(3*time.Hour))
	}
	if got := newsOf(t, root); len(got) != 1 {
		t.Fatalf("before the merge, want the story written again by b: %q", got)
	}
	mergeInto(t, root, srcs, 2)
	if got := newsOf(t, root); len(got) != 0 {
		t.Errorf("the deleted story is back: %q", got)
	}
	st, _ := sources.LoadState(filepath.Join(root, "feeds", "state.json"))
	if len(st.Written) != 0 {
		t.Errorf("the state lists %v", st.Written)
	}
}

// TestShardOnlyOtherShardsFeed: --feed naming a feed of another shard
// says so; "no such feed" sent the user looking for a typo.
func TestShardOnlyOtherShardsFeed(t *testing.T) {
	id := feedIn(t, 2, 2)
	srcs := &sources.Sources{Feeds: []sources.Source{{ID: id, URL: "https://a.example/feed", Title: "A"}}}
	_, err := Run(t.Context(), Options{ContentDir: t.TempDir(), Sources: srcs, Only: id, Shard: sources.Shard{I: 1, N: 2}})
	if !errors.Is(err, ErrUnknownFeed) || !strings.Contains(err.Error(), "shard 2 of 2") {
		t.Errorf("err %v: want ErrUnknownFeed naming shard 2 of 2", err)
	}
}
