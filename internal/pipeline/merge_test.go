package pipeline

import (
	"os"
	"path/filepath"
	"testing"
	"time"

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
