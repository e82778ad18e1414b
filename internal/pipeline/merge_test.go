package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"docket/internal/fetch"
	"docket/internal/review"
	"docket/internal/sources"
)

// TestMergeUnqueuesWritten: a story a feed of shard 1 doubted and a feed
// of shard 2 wrote leaves the merged queue (keeping it in review would
// write it twice).
func TestMergeUnqueuesWritten(t *testing.T) {
	root := t.TempDir()
	feeds := filepath.Join(root, "feeds")
	os.MkdirAll(feeds, 0o755)
	os.WriteFile(filepath.Join(feeds, "feeds.yaml"), []byte("feeds:\n  - {id: a, url: https://a.example/feed, title: A, kind: press}\n  - {id: b, url: https://b.example/feed, title: B, kind: press}\n"), 0o644)
	const id, rel = "b7ef69fecbfdd359", "news/2026/11/shared-story.md"
	story := sources.ItemRef{Feed: "b", ID: id, URL: "https://news.example/shared", Path: rel}
	for i, written := range [][]sources.ItemRef{nil, {story}} {
		sh := sources.Shard{I: i + 1, N: 2}
		st := &sources.State{Feeds: map[string]*sources.FeedState{}, Written: written}
		if err := st.Save(sh.Path(filepath.Join(root, statePath))); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(root, "content", "news", "2026", "11"), 0o755)
	os.WriteFile(filepath.Join(root, "content", filepath.FromSlash(rel)), []byte("---\ntitle: Shared story\nfeed: b\nid: "+id+"\nurl: https://news.example/shared\n---\n"), 0o644)
	qpath := (sources.Shard{I: 1, N: 2}).Path(filepath.Join(root, review.QueuePath))
	q, err := review.LoadQueue(qpath, "")
	if err != nil {
		t.Fatal(err)
	}
	q.Add(review.Item{ID: id, Title: "Shared story", Feed: "a", URL: story.URL, Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
	if err := q.Save(qpath); err != nil {
		t.Fatal(err)
	}

	if n, err := MergeShards(root); n != 2 || err != nil {
		t.Fatalf("merge: %d, %v", n, err)
	}
	merged, err := review.Project{Root: root}.Load()
	if err != nil || len(merged.Items()) != 0 {
		t.Errorf("merged queue %+v, %v: want the written story out of it", merged.Items(), err)
	}
}

// TestMergeMissingNewsChangesNothing: a merge that stops because a job's
// news is missing from the download leaves the review queue as it was
// too; it merged the queues first, then found the news missing.
func TestMergeMissingNewsChangesNothing(t *testing.T) {
	root := t.TempDir()
	feeds := filepath.Join(root, "feeds")
	os.MkdirAll(feeds, 0o755)
	os.WriteFile(filepath.Join(feeds, "feeds.yaml"), []byte("feeds:\n  - {id: a, url: https://a.example/feed, title: A, kind: press}\n  - {id: b, url: https://b.example/feed, title: B, kind: press}\n"), 0o644)
	lost := sources.ItemRef{Feed: "b", ID: "b7ef69fecbfdd359", URL: "https://news.example/lost", Path: "news/2026/11/lost.md"}
	for i, written := range [][]sources.ItemRef{nil, {lost}} {
		st := &sources.State{Feeds: map[string]*sources.FeedState{}, Written: written}
		if err := st.Save((sources.Shard{I: i + 1, N: 2}).Path(filepath.Join(root, statePath))); err != nil {
			t.Fatal(err)
		}
	}
	qpath := (sources.Shard{I: 1, N: 2}).Path(filepath.Join(root, review.QueuePath))
	q, err := review.LoadQueue(qpath, "")
	if err != nil {
		t.Fatal(err)
	}
	q.Add(review.Item{ID: "0123456789abcdef", Title: "Doubted story", Feed: "a", URL: "https://news.example/doubted", Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
	if err := q.Save(qpath); err != nil {
		t.Fatal(err)
	}

	if _, err := MergeShards(root); err == nil {
		t.Fatal("merge with a job's news missing: no error")
	}
	if _, err := os.Stat(filepath.Join(root, review.QueuePath)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the project's queue after the failed merge: %v, want none written", err)
	}
	if _, err := os.Stat(qpath); err != nil {
		t.Errorf("the shard's queue after the failed merge: %v", err)
	}
}

// TestShardRunAgainKeepsItsState: a shard run twice before the merge
// goes on from its own files. It started again from feeds/state.json,
// so a feed that answered 429 with Retry-After was asked again at once
// and its failure count started over.
func TestShardRunAgainKeepsItsState(t *testing.T) {
	w := newWeb(t)
	p := newProject(t, w)
	w.day.Store(1)
	p.fetch(t, day(1))
	w.day.Store(2)
	sh := sources.Shard{N: 4}
	for sh.I = 1; !sh.Has("limited"); sh.I++ {
	}
	run := func(now time.Time) *fetch.FeedResult {
		t.Helper()
		clock := func() time.Time { return now }
		f, err := NewFetch(p.dir, fetch.ClientOptions{Now: clock, Retries: -1, AllowPrivate: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		f.Opts.Now, f.Opts.Shard = clock, sh
		sum, saveErr, err := f.Run(context.Background())
		if err != nil || saveErr != nil {
			t.Fatal(err, saveErr)
		}
		for _, r := range sum.Feeds {
			if r.Feed == "limited" {
				return r
			}
		}
		t.Fatal("limited not fetched")
		return nil
	}
	if r := run(day(2)); r.HTTP != 429 {
		t.Fatalf("first shard run: %+v, want the 429", r)
	}
	if r := run(day(2).Add(10 * time.Minute)); r.Status != fetch.StatusSkipped {
		t.Errorf("shard run again: limited %s (http %d), want skipped until its Retry-After", r.Status, r.HTTP)
	}
	st, err := sources.LoadState(sh.Path(p.path("feeds", "state.json")))
	if err != nil {
		t.Fatal(err)
	}
	if fs := st.Feeds["limited"]; fs == nil || fs.Failures != 1 || fs.Status != 429 {
		t.Errorf("limited in the shard's state: %+v", fs)
	}
}

// TestFetchSweepsKilledSaves: a fetch killed while saving its state or
// queue left a whole copy beside it (.state.json.tmp-…), which git would
// commit; the next fetch removes those, and no other file's.
func TestFetchSweepsKilledSaves(t *testing.T) {
	p := newProject(t, newWeb(t))
	left := []string{".state.json.tmp-abc", ".review.jsonl.tmp-def"}
	others := []string{".rates.csv.tmp-ghi", "notes.txt"}
	for _, name := range append(left, others...) {
		write(t, p.path("feeds", name), "x")
	}
	if _, err := NewFetch(p.dir, fetch.ClientOptions{Retries: -1, AllowPrivate: true}, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range left {
		if _, err := os.Stat(p.path("feeds", name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there: %v", name, err)
		}
	}
	for _, name := range others {
		if _, err := os.Stat(p.path("feeds", name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
}
