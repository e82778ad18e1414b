package review

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"docket/internal/sources"
)

// MergeShards adds the queues that n `fetch --shard I/n` runs wrote
// beside the project's (feeds/review.shard-I-of-n.jsonl) to the project's
// queue, skipping items queued or decided already, and removes them. A
// missing shard queue is an empty one: a shard that queued nothing may
// have written none.
func (p Project) MergeShards(n int) error {
	q, err := p.Load()
	if q == nil {
		return err
	}
	var parts []string
	for i := 1; i <= n; i++ {
		path := sources.Shard{I: i, N: n}.Path(p.path(QueuePath))
		part, err := LoadQueue(path, "")
		if err != nil {
			return fmt.Errorf("review: %w", err)
		}
		for _, it := range part.items {
			q.Add(it)
		}
		if _, err := os.Lstat(path); err == nil {
			parts = append(parts, path)
		}
	}
	if err := q.Save(p.path(QueuePath)); err != nil {
		return err
	}
	for _, path := range parts {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("review: %w", err)
		}
	}
	return nil
}
