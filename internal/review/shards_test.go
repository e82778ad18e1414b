package review

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func shardQueue(t *testing.T, p Project, i, n int, items ...Item) string {
	t.Helper()
	q := &Queue{decided: map[string]bool{}}
	for _, it := range items {
		q.Add(it)
	}
	path := p.path(filepath.Join("feeds", fmt.Sprintf("review.shard-%d-of-%d.jsonl", i, n)))
	if err := q.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMergeQueues: each shard's queue starts from the project's and adds
// its own; the merge keeps every item once, never one an editor decided
// while the shards ran, and removes the shard files.
func TestMergeQueues(t *testing.T) {
	p := project(t, item("a", "Queued before", 20))
	if _, err := p.Decide("a", Drop, nil); err != nil {
		t.Fatal(err)
	}
	shardQueue(t, p, 1, 3, item("a", "Queued before", 20), item("b", "From shard one", 21))
	shardQueue(t, p, 3, 3, item("c", "From shard three", 22), item("b", "From shard one", 21))
	// shard 2 queued nothing and wrote no file
	paths, err := p.ShardQueues()
	if err != nil || len(paths) != 2 {
		t.Fatalf("ShardQueues: %v, %v", paths, err)
	}
	if err := p.MergeQueues(paths, noRank); err != nil {
		t.Fatal(err)
	}
	if got, want := queuedIDs(t, p), []string{"c", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("merged queue %v, want %v", got, want)
	}
	if left, _ := p.ShardQueues(); len(left) != 0 {
		t.Errorf("still there after the merge: %v", left)
	}
}

func noRank(string) int { return 0 }

// TestMergeQueuesFirstFeed: an item two shards queued is kept as the feed
// ranked first brought it, whichever shard that was.
func TestMergeQueuesFirstFeed(t *testing.T) {
	for _, first := range []string{"one", "two"} {
		p := project(t)
		one, two := item("b", "Shared", 21), item("b", "Shared", 21)
		one.Feed, two.Feed = "one", "two"
		paths := []string{shardQueue(t, p, 1, 2, one), shardQueue(t, p, 2, 2, two)}
		rank := func(feed string) int {
			if feed == first {
				return 0
			}
			return 1
		}
		if err := p.MergeQueues(paths, rank); err != nil {
			t.Fatal(err)
		}
		q, err := p.Load()
		if err != nil || len(q.Items()) != 1 || q.Items()[0].Feed != first {
			t.Errorf("feed %s first: queue %+v, %v", first, q.Items(), err)
		}
	}
}

// TestMergeQueuesBroken: a broken shard queue fails the merge and nothing
// is removed or written; once it is mended, the merge runs again.
func TestMergeQueuesBroken(t *testing.T) {
	p := project(t, item("a", "Queued", 20))
	good := shardQueue(t, p, 1, 2, item("b", "From shard one", 21))
	bad := p.path(filepath.Join("feeds", "review.shard-2-of-2.jsonl"))
	if err := os.WriteFile(bad, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths, _ := p.ShardQueues()
	if err := p.MergeQueues(paths, noRank); err == nil {
		t.Fatal("a broken shard queue merged without an error")
	}
	for _, path := range []string{good, bad} {
		if _, err := os.Lstat(path); err != nil {
			t.Errorf("a failed merge removed %s: %v", path, err)
		}
	}
	if got := queuedIDs(t, p); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("queue after a failed merge %v, want [a]", got)
	}
	shardQueue(t, p, 2, 2, item("c", "From shard two", 22))
	if err := p.MergeQueues(paths, noRank); err != nil {
		t.Fatal(err)
	}
	if got, want := queuedIDs(t, p), []string{"c", "b", "a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("queue after the second merge %v, want %v", got, want)
	}
}
