package fetch

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/internal/feed"
	"docket/internal/sources"
)

// The cases below came from a review of the merge; each failed before.

// uploadJobs fetches the project at base as n shards on copies, and lays
// what each job uploads over merged without merging (shardRun, less the
// merge); skip leaves out a job's news, as a lost upload would.
func uploadJobs(t *testing.T, base, merged string, srcs *sources.Sources, n int, skip map[int]bool) {
	t.Helper()
	for i := 1; i <= n; i++ {
		runner := copyTree(t, base)
		fetchInto(t, runner, srcs, sources.Shard{I: i, N: n})
		for rel, data := range newsFiles(t, runner) {
			to := rel
			switch {
			case strings.HasPrefix(rel, "content/news/") && !skip[i]:
				to = path.Join(JobsDir, strconv.Itoa(i), strings.TrimPrefix(rel, "content/"))
			case !strings.Contains(rel, ".shard-"):
				continue
			}
			p := filepath.Join(merged, filepath.FromSlash(to))
			if err := errors.Join(os.MkdirAll(filepath.Dir(p), 0o755), os.WriteFile(p, []byte(data), 0o644)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func merge(root string, srcs *sources.Sources) (int, error) {
	return MergeShards(filepath.Join(root, "content"), filepath.Join(root, JobsDir),
		filepath.Join(root, "feeds", "state.json"), filepath.Join(root, "feeds", "removed.yaml"), srcs)
}

// TestMergeInOneCheckoutBuries: shards run one after another in one
// checkout; the story an editor deleted was feed b's (shard 2), and feed a
// (shard 1) brings it now. Shard 1 does not bury b's item, and writes the
// story; shard 2 then finds it in content/. A whole run tombstones it and
// writes nothing, and so must the merge.
func TestMergeInOneCheckoutBuries(t *testing.T) {
	const shared = `<item><title>Shared story</title><link>https://news.example/shared</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	feeds := map[string]string{"a.xml": "", "b.xml": shared}
	srv := feedServer(t, feeds)
	srcs := twoShardFeeds(t, srv.URL)
	root := t.TempDir()
	fetchInto(t, root, srcs, sources.Shard{}) // b writes the story
	if err := os.Remove(filepath.Join(root, "content/news/2026/11/shared-story.md")); err != nil {
		t.Fatal(err)
	}
	feeds["a.xml"] = shared // between runs: no request reads the map now
	for i := 1; i <= 2; i++ {
		fetchIntoAt(t, root, srcs, sources.Shard{I: i, N: 2}, testNow.Add(3*time.Hour))
	}
	mergeInto(t, root, srcs, 2)
	rm, _ := os.ReadFile(filepath.Join(root, "feeds", "removed.yaml"))
	if got := newsOf(t, root); len(got) != 0 || strings.Count(string(rm), "news.example/shared") != 1 {
		t.Errorf("news %q (want none), removed.yaml (want one tombstone):\n%s", got, rm)
	}
}

// TestMergeMissingJobFile: a job's news did not arrive. The merge fails,
// naming the file, and changes nothing (it listed the item as written,
// and the next run tombstoned a story never published).
func TestMergeMissingJobFile(t *testing.T) {
	const item = `<item><title>Story of %s</title><link>https://%s.example/x</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": strings.ReplaceAll(item, "%s", "a"), "b.xml": strings.ReplaceAll(item, "%s", "b")})
	srcs := twoShardFeeds(t, srv.URL)
	base := t.TempDir()
	os.MkdirAll(filepath.Join(base, "content"), 0o755)
	merged := copyTree(t, base)
	uploadJobs(t, base, merged, srcs, 2, map[int]bool{2: true})
	before := newsFiles(t, merged)
	if _, err := merge(merged, srcs); err == nil || !strings.Contains(err.Error(), "content/news/2026/11/story-of-b.md") {
		t.Fatalf("merge: %v, want an error naming b's file", err)
	}
	unchanged(t, before, newsFiles(t, merged))
}

// TestMergeRunAgain: a merge that stops part way (here at a link in
// content/ it will not write through) runs again once the cause is gone,
// and places every item once (it wrote a's story a second time, or
// failed on b's every time).
func TestMergeRunAgain(t *testing.T) {
	const roundup = `<item><title>Weekly roundup</title><link>https://%s.example/roundup</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{
		"a.xml": strings.ReplaceAll(roundup, "%s", "a"),
		"b.xml": strings.ReplaceAll(roundup, "%s", "b"),
		"c.xml": `<item><title>Old story</title><link>https://c.example/old</link><pubDate>Mon, 24 Nov 2025 10:00:00 GMT</pubDate></item>`,
	})
	srcs := twoShardFeeds(t, srv.URL)
	c := srcs.Feeds[1]
	c.ID, c.URL, c.BackfillDays = "c1", srv.URL+"/c.xml", 3650 // after b in feeds.yaml
	if !(sources.Shard{I: 2, N: 2}).Has(c.ID) {
		t.Fatal("feed c1 is not in shard 2 of 2")
	}
	srcs.Feeds = append(srcs.Feeds, c)
	base := t.TempDir()
	os.MkdirAll(filepath.Join(base, "content"), 0o755)
	merged := copyTree(t, base)
	uploadJobs(t, base, merged, srcs, 2, nil)
	link := filepath.Join(merged, "content", "news", "2025", "11")
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	if _, err := merge(merged, srcs); err == nil {
		t.Fatal("the merge wrote through a link")
	}
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if n, err := merge(merged, srcs); n != 2 || err != nil {
		t.Fatalf("the merge run again: %d, %v", n, err)
	}
	got := newsOf(t, merged)
	if len(got) != 3 || got[0] != "content/news/2025/11/old-story.md c1" || !strings.HasSuffix(got[1], ".md b") || got[2] != "weekly-roundup.md a" {
		t.Errorf("news %q: want c's story, and a's and b's roundups, once each", got)
	}
	st, _ := sources.LoadState(filepath.Join(merged, "feeds", "state.json"))
	if len(st.Written) != 3 {
		t.Errorf("the state lists %d written items, want 3: %v", len(st.Written), st.Written)
	}
}

// TestMergeEveryFeedFailed: the merge's exit status is one run's. A feed
// that was not due counts as working, so a failed feed beside it is not
// every feed failing; with both due and failing, it is.
func TestMergeEveryFeedFailed(t *testing.T) {
	feeds := map[string]string{"a.xml": "", "b.xml": ""}
	srv := feedServer(t, feeds)
	srcs := twoShardFeeds(t, srv.URL)
	root := t.TempDir()
	fetchInto(t, root, srcs, sources.Shard{}) // both work; next fetch in an hour
	delete(feeds, "a.xml")                    // a answers 404 from now on
	delete(feeds, "b.xml")
	later := testNow.Add(10 * time.Minute)
	for _, bDue := range []bool{false, true} {
		project := copyTree(t, root)
		var whole bool
		for _, sh := range []sources.Shard{{}, {I: 1, N: 2}, {I: 2, N: 2}} {
			dir := project
			if sh.Whole() {
				dir = copyTree(t, root)
			}
			statePath, removedPath := filepath.Join(dir, "feeds", "state.json"), filepath.Join(dir, "feeds", "removed.yaml")
			st, _ := sources.LoadState(statePath)
			rm, _ := sources.LoadRemoved(removedPath)
			st.Feed("a").NextFetch = time.Time{}
			if bDue {
				st.Feed("b").NextFetch = time.Time{}
			}
			sum, err := Run(context.Background(), Options{ContentDir: filepath.Join(dir, "content"), Sources: srcs, State: st, Removed: rm, Shard: sh,
				Now: func() time.Time { return later }, Client: testClient(ClientOptions{})})
			if err != nil {
				t.Fatal(err)
			}
			if err := errors.Join(rm.Save(sh.Path(removedPath)), st.Save(sh.Path(statePath))); err != nil {
				t.Fatal(err)
			}
			if sh.Whole() {
				whole = sum.Enabled() > 0 && sum.Succeeded() == 0
			}
		}
		if whole != bDue {
			t.Fatalf("b due %v: one run exits 1: %v", bDue, whole)
		}
		if _, err := merge(project, srcs); errors.Is(err, ErrEveryFeedFailed) != whole {
			t.Errorf("b due %v: merge %v, one run exits 1: %v", bDue, err, whole)
		}
	}
}

// TestMergeKeepsEditedItems: an editor who gives a fetched item another
// feed: (a desk of their own, or another feed) has not deleted it. One run
// finds it in content/ by its URL and buries nothing; the merge buried it
// and then deleted the file, taking it for a shard's new copy.
func TestMergeKeepsEditedItems(t *testing.T) {
	const item = `<item><title>Story</title><link>https://news.example/story</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": "", "b.xml": item})
	srcs := twoShardFeeds(t, srv.URL)
	for _, feed := range []string{"desk", "a"} {
		root := t.TempDir()
		fetchInto(t, root, srcs, sources.Shard{})
		file := filepath.Join(root, "content/news/2026/11/story.md")
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// The tests' runs share one clock: the file was fetched a run before.
		edited := strings.Replace(string(data), "\nfeed: b\n", "\nfeed: "+feed+"\n", 1)
		edited = strings.Replace(edited, "\nfetched: "+testNow.Format(time.RFC3339)+"\n", "\nfetched: "+testNow.Add(-3*time.Hour).Format(time.RFC3339)+"\n", 1)
		if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		whole := copyTree(t, root)
		fetchInto(t, whole, srcs, sources.Shard{})
		inPlace := oneCheckoutRun(t, root, srcs, 2, func(dir string, sh sources.Shard) { fetchInto(t, dir, srcs, sh) })
		for name, dir := range map[string]string{"one run": whole, "shards": shardRun(t, root, srcs, 2), "shards in one checkout": inPlace} {
			if rm, _ := os.ReadFile(filepath.Join(dir, "feeds", "removed.yaml")); strings.Contains(string(rm), "news.example") {
				t.Errorf("feed: %s, %s: the edited item is tombstoned:\n%s", feed, name, rm)
			}
			if got := newsOf(t, dir); len(got) != 1 || got[0] != "story.md "+feed {
				t.Errorf("feed: %s, %s: news %q, want the edited file", feed, name, got)
			}
		}
	}
}

// TestMergeKeepsRestoredFile: removed.yaml says to keep an item but not
// publish it, restore its file with hidden: true. One run keeps the file;
// the merge deleted it, taking it for a shard's new copy of a buried item.
func TestMergeKeepsRestoredFile(t *testing.T) {
	const it = `<item><title>Story B</title><link>https://news.example/b</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": "", "b.xml": it})
	srcs := twoShardFeeds(t, srv.URL)
	base := t.TempDir()
	fetchInto(t, base, srcs, sources.Shard{})
	p := filepath.Join(base, "content/news/2026/11/story-b.md")
	data, _ := os.ReadFile(p)
	os.Remove(p)
	fetchInto(t, base, srcs, sources.Shard{}) // tombstones it
	// The editor restores the file, hidden, as removed.yaml advises.
	restored := strings.Replace(string(data), "\n---\n", "\nhidden: true\n---\n", 1)
	restored = strings.Replace(restored, "\nfetched: "+testNow.Format(time.RFC3339)+"\n", "\nfetched: "+testNow.Add(-3*time.Hour).Format(time.RFC3339)+"\n", 1)
	os.WriteFile(p, []byte(restored), 0o644)

	whole := copyTree(t, base)
	fetchInto(t, whole, srcs, sources.Shard{})
	if _, err := os.Stat(filepath.Join(whole, "content/news/2026/11/story-b.md")); err != nil {
		t.Fatalf("whole run: %v", err)
	}
	merged := shardRun(t, base, srcs, 2)
	if _, err := os.Stat(filepath.Join(merged, "content/news/2026/11/story-b.md")); err != nil {
		t.Errorf("CI merge: the editor's restored file: %v", err)
	}
	seq := oneCheckoutRun(t, base, srcs, 2, func(dir string, sh sources.Shard) { fetchInto(t, dir, srcs, sh) })
	if _, err := os.Stat(filepath.Join(seq, "content/news/2026/11/story-b.md")); err != nil {
		t.Errorf("one-checkout merge: the editor's restored file: %v", err)
	}
}

// TestMergeRunAgainAfterBurial: a merge that stopped after removing a
// buried item's copy from content/ runs again (it failed on the copy it
// had removed, every time).
func TestMergeRunAgainAfterBurial(t *testing.T) {
	const shared = `<item><title>Shared story</title><link>https://news.example/shared</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	feeds := map[string]string{"a.xml": "", "b.xml": shared}
	srv := feedServer(t, feeds)
	srcs := twoShardFeeds(t, srv.URL)
	root := t.TempDir()
	fetchInto(t, root, srcs, sources.Shard{})
	if err := os.Remove(filepath.Join(root, "content/news/2026/11/shared-story.md")); err != nil {
		t.Fatal(err)
	}
	feeds["a.xml"] = shared
	for i := 1; i <= 2; i++ {
		fetchInto(t, root, srcs, sources.Shard{I: i, N: 2})
	}
	// The first merge stops after placing the news, before Save.
	m, err := sources.ReadShards(filepath.Join(root, "feeds", "state.json"), filepath.Join(root, "feeds", "removed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := placeNews(filepath.Join(root, "content"), filepath.Join(root, JobsDir), m, srcs, time.Now().UTC().Format(time.DateOnly)); err != nil {
		t.Fatal(err)
	}
	// Run again.
	if n, err := merge(root, srcs); err != nil || n != 2 {
		t.Fatalf("merge run again: %d, %v", n, err)
	}
}

// TestMergeEditorsEntry: an editor replaces a fetched file by an entry of
// their own for the same story (same url:, no feed:). One run records no
// deletion, and neither may the merge.
func TestMergeEditorsEntry(t *testing.T) {
	const it = `<item><title>Story B</title><link>https://news.example/b</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": "", "b.xml": it})
	srcs := twoShardFeeds(t, srv.URL)
	base := t.TempDir()
	fetchInto(t, base, srcs, sources.Shard{})
	p := filepath.Join(base, "content/news/2026/11/story-b.md")
	os.Remove(p)
	os.WriteFile(filepath.Join(base, "content/news/2026/11/our-take.md"), []byte("---\ntitle: Our take\ndate: 2026-11-24\nurl: https://news.example/b\n---\nText.\n"), 0o644)
	whole := copyTree(t, base)
	fetchInto(t, whole, srcs, sources.Shard{})
	rmWhole, _ := os.ReadFile(filepath.Join(whole, "feeds", "removed.yaml"))
	merged := shardRun(t, base, srcs, 2)
	rmMerged, _ := os.ReadFile(filepath.Join(merged, "feeds", "removed.yaml"))
	if string(rmWhole) != string(rmMerged) {
		t.Errorf("whole run removed.yaml %q, merge %q", rmWhole, rmMerged)
	}
}

// TestMergeStoppedDeletingShards: a merge saved the state and stopped
// after deleting shard 1's file, not shard 2's. The next merge fails,
// saying what to do, and changes nothing; a new round of both shards
// then merges.
func TestMergeStoppedDeletingShards(t *testing.T) {
	const item = `<item><title>Story of %s</title><link>https://%s.example/x</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": strings.ReplaceAll(item, "%s", "a"), "b.xml": strings.ReplaceAll(item, "%s", "b")})
	srcs := twoShardFeeds(t, srv.URL)
	root := t.TempDir()
	for i := 1; i <= 2; i++ {
		fetchInto(t, root, srcs, sources.Shard{I: i, N: 2})
	}
	shard2 := (sources.Shard{I: 2, N: 2}).Path(filepath.Join(root, "feeds", "state.json"))
	left, err := os.ReadFile(shard2)
	if err != nil {
		t.Fatal(err)
	}
	mergeInto(t, root, srcs, 2)
	if err := os.WriteFile(shard2, left, 0o644); err != nil {
		t.Fatal(err)
	}
	before := newsFiles(t, root)
	_, err = merge(root, srcs)
	if !errors.Is(err, sources.ErrShards) || !strings.Contains(err.Error(), "shard 1 of 2 is missing") || !strings.Contains(err.Error(), "fetch every shard again") {
		t.Fatalf("merge with shard 1 deleted: %v, want it named missing and what to do", err)
	}
	unchanged(t, before, newsFiles(t, root))
	for i := 1; i <= 2; i++ {
		fetchIntoAt(t, root, srcs, sources.Shard{I: i, N: 2}, testNow.Add(3*time.Hour))
	}
	mergeInto(t, root, srcs, 2)
	if got := newsOf(t, root); len(got) != 2 {
		t.Errorf("news %q, want a's and b's stories once each", got)
	}
	if left, _ := filepath.Glob(filepath.Join(root, "feeds", "state.shard-*")); len(left) > 0 {
		t.Errorf("shard files left: %q", left)
	}
}

// unchanged fails t where a failed merge changed the project's files.
func unchanged(t *testing.T, before, after map[string]string) {
	t.Helper()
	if len(after) != len(before) {
		t.Errorf("a failed merge changed the project: %d files before, %d after", len(before), len(after))
	}
	for rel, data := range before {
		if after[rel] != data {
			t.Errorf("a failed merge changed %s", rel)
		}
	}
}

// TestMergeNameTaken: items of two shards whose titles take each other's
// file names leave one item unwritten and the merge succeeds, as a whole
// fetch skips such an item (name_taken): a failed merge stops the
// scheduled workflow.
func TestMergeNameTaken(t *testing.T) {
	item := func(title, link string) string {
		return `<item><title>` + title + `</title><link>` + link + `</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	}
	id := feed.ItemID("https://b.example/y", "", "", "")
	srv := feedServer(t, map[string]string{
		"a.xml": item("Dup antitrust story", "https://a.example/z"),
		"b.xml": item("Dup antitrust story "+id[:6], "https://b.example/x") + item("Dup antitrust story", "https://b.example/y"),
	})
	srcs := twoShardFeeds(t, srv.URL)
	base := t.TempDir()
	os.MkdirAll(filepath.Join(base, "content"), 0o755)
	merged := copyTree(t, base)
	uploadJobs(t, base, merged, srcs, 2, nil)
	if _, err := merge(merged, srcs); err != nil {
		t.Fatalf("merge: %v", err)
	}
	if news := newsOf(t, merged); len(news) != 2 {
		t.Errorf("news %q, want two of the three", news)
	}
}
