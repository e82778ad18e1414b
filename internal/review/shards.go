package review

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"docket/internal/sources"
)

// ShardQueues are the queues `fetch --shard` runs wrote beside the
// project's (feeds/review.shard-I-of-N.jsonl), named as sources.Shard.Path
// names a shard's copy of a file.
func (p Project) ShardQueues() ([]string, error) {
	return sources.ShardFiles(p.path(QueuePath))
}

// MergeQueues adds the queues at paths to the project's, skipping items
// queued or decided already, and removes them. Of an item several shards
// queued, the copy of the feed that rank puts first (its place in
// feeds.yaml) is kept, as one run keeps it. Merging a queue twice adds
// nothing, so a merge that failed halfway can simply run again.
func (p Project) MergeQueues(paths []string, rank func(feed string) int) error {
	if len(paths) == 0 {
		return nil
	}
	q, err := p.Load()
	if q == nil {
		return err
	}
	var items []Item
	for _, path := range paths {
		part, err := LoadQueue(path, "")
		if err != nil {
			return fmt.Errorf("review: %w", err)
		}
		items = append(items, part.items...)
	}
	slices.SortStableFunc(items, func(a, b Item) int { return cmp.Compare(rank(a.Feed), rank(b.Feed)) })
	for _, it := range items {
		q.Add(it)
	}
	if err := q.Save(p.path(QueuePath)); err != nil {
		return err
	}
	for _, path := range paths {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("review: %w", err)
		}
	}
	return nil
}
