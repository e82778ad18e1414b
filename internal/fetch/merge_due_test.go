// Cases of the merge where rounds are hours apart and feeds are not all
// due, as on a schedule (the other tests force every feed on one clock).
// Each came from a review and failed before the fix it names.
package fetch

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/internal/sources"
)

// fetchRound fetches the project at root at now, forced or not (CI runs
// are not forced: a feed that is not due is skipped), and saves its state
// and tombstones as a run does.
func fetchRound(t *testing.T, root string, srcs *sources.Sources, sh sources.Shard, now time.Time, force bool) *Summary {
	t.Helper()
	statePath, removedPath := filepath.Join(root, "feeds", "state.json"), filepath.Join(root, "feeds", "removed.yaml")
	if err := os.MkdirAll(filepath.Dir(statePath), 0o755); err != nil {
		t.Fatal(err)
	}
	st, err := sources.LoadState(statePath)
	if err != nil {
		t.Fatal(err)
	}
	rm, err := sources.LoadRemoved(removedPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, State: st, Removed: rm, Shard: sh,
		Force: force, Now: func() time.Time { return now }})
	if err := errors.Join(rm.Save(sh.Path(removedPath)), st.Save(sh.Path(statePath))); err != nil {
		t.Fatal(err)
	}
	return sum
}

// shardRound is shardRun with fetchRound (CI: each shard on its own copy).
func shardRound(t *testing.T, base string, srcs *sources.Sources, n int, now time.Time) string {
	t.Helper()
	return shardRunWith(t, base, srcs, n, func(root string, sh sources.Shard) { fetchRound(t, root, srcs, sh, now, false) })
}

func feedIn(t *testing.T, shard, of int, not ...string) string {
	for k := range 1000 {
		id := "feed" + strconv.Itoa(k)
		if (sources.Shard{I: shard, N: of}).Has(id) {
			return id
		}
	}
	t.Fatal("no id")
	return ""
}

func removedOf(root string) string {
	b, _ := os.ReadFile(filepath.Join(root, "feeds", "removed.yaml"))
	return string(b)
}

// TestMergeEditedFeedNotDue: an editor gives b's story to feed a (a desk feed
// fetched once a day). In the next round a is not due; another feed of a's
// shard is. One run keeps the file and buries nothing; the merge
// tombstoned the story and deleted the editor's file, taking it for a
// copy written this round: its fetched: time was not before a's last
// fetch, which was older. A copy is this round's only if its feed was
// fetched this round.
func TestMergeEditedFeedNotDue(t *testing.T) {
	const story = `<item><title>Story</title><link>https://news.example/story</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	c := feedIn(t, 1, 2)
	srv := feedServer(t, map[string]string{"a.xml": "", "b.xml": story,
		"c.xml": `<item><title>Other</title><link>https://c.example/other</link><pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item>`})
	srcs := twoShardFeeds(t, srv.URL)
	srcs.Feeds[0].MinInterval = 24 * time.Hour // a: daily
	addFeed(srcs, 1, c, srv.URL+"/c.xml")
	t0 := testNow.Add(-3 * time.Hour)
	base := t.TempDir()
	fetchRound(t, base, srcs, sources.Shard{}, t0, true) // last round: everything fetched at t0
	file := filepath.Join(base, "content/news/2026/11/story.md")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The editor moves the story to feed a; its fetched: stays t0.
	os.WriteFile(file, []byte(strings.Replace(string(data), "\nfeed: b\n", "\nfeed: a\n", 1)), 0o644)

	whole := copyTree(t, base)
	fetchRound(t, whole, srcs, sources.Shard{}, testNow, false)
	merged := shardRound(t, base, srcs, 2, testNow)
	inPlace := oneCheckoutRun(t, base, srcs, 2, func(root string, sh sources.Shard) { fetchRound(t, root, srcs, sh, testNow, false) })
	for name, dir := range map[string]string{"one run": whole, "CI merge": merged, "one-checkout merge": inPlace} {
		if _, err := os.Stat(filepath.Join(dir, "content/news/2026/11/story.md")); err != nil {
			t.Errorf("%s deleted the editor's file: %v", name, err)
		}
		if strings.Contains(removedOf(dir), "news.example") {
			t.Errorf("%s tombstoned the edited story: news %q", name, newsOf(t, dir))
		}
	}
}

// TestMergeRestoredNotDue: as removed.yaml advises, the editor restores a
// deleted file with hidden: true. Its feed b is fetched daily and was not
// due since; another feed of b's shard is. One run keeps the restored
// file; the merge deleted it (its fetched: was not before b's last fetch).
func TestMergeRestoredNotDue(t *testing.T) {
	const story = `<item><title>Story B</title><link>https://news.example/b</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	d := feedIn(t, 2, 2)
	srv := feedServer(t, map[string]string{"a.xml": "", "b.xml": story,
		"d.xml": `<item><title>Other</title><link>https://d.example/other</link><pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item>`})
	srcs := twoShardFeeds(t, srv.URL)
	srcs.Feeds[1].MinInterval = 24 * time.Hour // b: daily
	addFeed(srcs, 0, d, srv.URL+"/d.xml")
	base := t.TempDir()
	fetchRound(t, base, srcs, sources.Shard{}, testNow.Add(-5*time.Hour), true)
	p := filepath.Join(base, "content/news/2026/11/story-b.md")
	data, _ := os.ReadFile(p)
	os.Remove(p)
	fetchRound(t, base, srcs, sources.Shard{}, testNow.Add(-3*time.Hour), false) // tombstones it; b not due
	if !strings.Contains(removedOf(base), "news.example/b") {
		t.Fatal("not tombstoned")
	}
	os.WriteFile(p, []byte(strings.Replace(string(data), "\n---\n", "\nhidden: true\n---\n", 1)), 0o644)

	whole := copyTree(t, base)
	fetchRound(t, whole, srcs, sources.Shard{}, testNow, false)
	merged := shardRound(t, base, srcs, 2, testNow)
	for name, dir := range map[string]string{"whole": whole, "CI merge": merged} {
		_, err := os.Stat(filepath.Join(dir, "content/news/2026/11/story-b.md"))
		t.Logf("%s: news %q, restored file: %v", name, newsOf(t, dir), err)
	}
	if _, err := os.Stat(filepath.Join(merged, "content/news/2026/11/story-b.md")); err != nil {
		t.Errorf("CI merge deleted the restored file: %v", err)
	}
}

// TestMergeStopAfterCreate: the merge stops inside moveNews, after
// content.Create wrote the item and before the job's copy was removed (a
// killed job; os.Remove failing). newsFile looked at the job's copy first,
// so the run again wrote the item a second time at its second name, or,
// when the second name was the one it had taken, failed every time.
func TestMergeStopAfterCreate(t *testing.T) {
	const roundup = `<item><title>Weekly roundup</title><link>https://%s.example/roundup</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	srv := feedServer(t, map[string]string{"a.xml": strings.ReplaceAll(roundup, "%s", "a"), "b.xml": strings.ReplaceAll(roundup, "%s", "b")})
	srcs := twoShardFeeds(t, srv.URL)
	base := t.TempDir()
	os.MkdirAll(filepath.Join(base, "content"), 0o755)
	clean := copyTree(t, base)
	uploadJobs(t, base, clean, srcs, 2, nil)
	cp := func(from, to string) {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(to), 0o755)
		os.WriteFile(to, data, 0o644)
	}
	month := "news/2026/11/"
	// 1: stopped after writing a's item at its name.
	one := copyTree(t, clean)
	cp(filepath.Join(one, JobsDir, "1", month+"weekly-roundup.md"), filepath.Join(one, "content", month+"weekly-roundup.md"))
	n, err := merge(one, srcs)
	t.Logf("stopped after a's Create: merge again: %d, %v; news %q", n, err, newsOf(t, one))
	if got := newsOf(t, one); len(got) != 2 {
		t.Errorf("want a's and b's roundups once each, got %q", got)
	}
	// 2: a's item placed; stopped after writing b's at its second name.
	two := copyTree(t, clean)
	cp(filepath.Join(two, JobsDir, "1", month+"weekly-roundup.md"), filepath.Join(two, "content", month+"weekly-roundup.md"))
	os.Remove(filepath.Join(two, JobsDir, "1", month+"weekly-roundup.md"))
	jobB := filepath.Join(two, JobsDir, "2", month+"weekly-roundup.md")
	st, _ := sources.LoadState(filepath.Join(two, "feeds", "state.shard-2-of-2.json"))
	cp(jobB, filepath.Join(two, "content", secondName(month+"weekly-roundup.md", st.Written[0].ID)))
	for range 2 {
		n, err := merge(two, srcs)
		t.Logf("stopped after b's Create at its second name: merge again: %d, %v", n, err)
		if err != nil {
			t.Errorf("the merge cannot run again: %v", err)
		}
	}
}
