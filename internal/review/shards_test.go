package review

import (
	"os"
	"reflect"
	"testing"

	"docket/internal/sources"
)

// TestMergeShards: each shard's queue starts from the project's and adds
// its own; the merge keeps every item once, never one an editor decided
// while the shards ran, and removes the shard files.
func TestMergeShards(t *testing.T) {
	p := project(t, item("a", "Queued before", 20))
	if _, err := p.Decide("a", Drop, nil); err != nil {
		t.Fatal(err)
	}
	shard := func(i int, items ...Item) string {
		q := &Queue{decided: map[string]bool{}}
		for _, it := range items {
			q.Add(it)
		}
		path := sources.Shard{I: i, N: 3}.Path(p.path(QueuePath))
		if err := q.Save(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	paths := []string{
		shard(1, item("a", "Queued before", 20), item("b", "From shard one", 21)),
		shard(3, item("c", "From shard three", 22), item("b", "From shard one", 21)),
	} // shard 2 queued nothing and wrote no file
	if err := p.MergeShards(3); err != nil {
		t.Fatal(err)
	}
	if got, want := queuedIDs(t, p), []string{"c", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("merged queue %v, want %v", got, want)
	}
	for _, path := range paths {
		if _, err := os.Lstat(path); !os.IsNotExist(err) {
			t.Errorf("%s: still there after the merge (%v)", path, err)
		}
	}
}

func TestMergeShardsBrokenQueue(t *testing.T) {
	p := project(t, item("a", "Queued", 20))
	path := sources.Shard{I: 1, N: 2}.Path(p.path(QueuePath))
	if err := os.WriteFile(path, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.MergeShards(2); err == nil {
		t.Fatal("a broken shard queue merged without an error")
	}
	if _, err := os.Lstat(path); err != nil {
		t.Errorf("the broken shard queue was removed: %v", err)
	}
	if got := queuedIDs(t, p); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("queue after a failed merge %v, want [a]", got)
	}
}
