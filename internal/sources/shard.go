package sources

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Shard is one of N stable shares of the sources, for fetching across
// machines (docket fetch --shard I/N): a feed belongs to the shard its
// ID hashes to, so adding or removing one feed moves no other. The zero
// Shard is the whole.
type Shard struct{ I, N int } // 1 ≤ I ≤ N

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("shard %q: want I/N with 1 ≤ I ≤ N, such as 2/4", s)
	}
	return Shard{I: i, N: n}, nil
}

// Whole reports whether the shard is every source.
func (s Shard) Whole() bool { return s.N <= 1 }

// Has reports whether the feed with this ID belongs to the shard.
func (s Shard) Has(feedID string) bool {
	if s.Whole() {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(feedID))
	return int(h.Sum64()%uint64(s.N)) == s.I-1
}

// Path is where the shard keeps its copy of the file at path:
// feeds/state.json becomes feeds/state.shard-2-of-4.json.
func (s Shard) Path(path string) string {
	if s.Whole() {
		return path
	}
	ext := filepath.Ext(path)
	return fmt.Sprintf("%s.shard-%d-of-%d%s", strings.TrimSuffix(path, ext), s.I, s.N, ext)
}

// Keep drops from the state the feeds and written items of other shards.
func (s *State) Keep(sh Shard) {
	for id := range s.Feeds {
		if !sh.Has(id) {
			delete(s.Feeds, id)
		}
	}
	s.Written = slices.DeleteFunc(s.Written, func(r ItemRef) bool { return !sh.Has(r.Feed) })
}

// ErrShards is returned by MergeShards for an incomplete or mixed set.
var ErrShards = errors.New("state shards")

var shardName = regexp.MustCompile(`\.shard-(\d+)-of-(\d+)\.json$`)

// MergeShards combines the shards of statePath (feeds/state.json) that
// `fetch --shard` runs left beside it into statePath, and their new
// tombstones into removedPath (feeds/removed.yaml), then deletes the
// shard files. Every shard of one N must be there; the result depends
// only on the shards' contents, not on their order. It returns N, 0 when
// there was no shard.
func MergeShards(statePath, removedPath string) (int, error) {
	ext := filepath.Ext(statePath)
	paths, err := filepath.Glob(strings.TrimSuffix(statePath, ext) + ".shard-*-of-*" + ext)
	if err != nil || len(paths) == 0 {
		return 0, err
	}
	n := 0
	seen := map[int]bool{}
	for _, p := range paths {
		m := shardName.FindStringSubmatch(p)
		if m == nil {
			return 0, fmt.Errorf("%w: %s: not a shard name", ErrShards, p)
		}
		i, _ := strconv.Atoi(m[1])
		k, _ := strconv.Atoi(m[2])
		if n != 0 && k != n {
			return 0, fmt.Errorf("%w: shards of %d and of %d runs: delete the stale ones", ErrShards, n, k)
		}
		n, seen[i] = k, true
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			return 0, fmt.Errorf("%w: shard %d of %d is missing", ErrShards, i, n)
		}
	}
	merged := &State{Feeds: map[string]*FeedState{}}
	base, err := LoadRemoved(removedPath)
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, t := range base.Items {
		have[t.sortKey()] = true
	}
	var rmPaths []string
	for i := 1; i <= n; i++ {
		sh := Shard{I: i, N: n}
		part, err := LoadState(sh.Path(statePath))
		if err != nil {
			return 0, err
		}
		for id, fs := range part.Feeds {
			if !sh.Has(id) || merged.Feeds[id] != nil {
				return 0, fmt.Errorf("%w: feed %s in shard %d of %d does not belong there", ErrShards, id, i, n)
			}
			merged.Feeds[id] = fs
		}
		merged.Written = append(merged.Written, part.Written...)
		rp := sh.Path(removedPath)
		rm, err := LoadRemoved(rp)
		if err != nil {
			return 0, err
		}
		if _, err := os.Lstat(rp); err == nil {
			rmPaths = append(rmPaths, rp)
		}
		for _, t := range rm.Items {
			if !have[t.sortKey()] {
				have[t.sortKey()] = true
				t.Title = rm.title(t)
				base.Add(t)
			}
		}
	}
	if err := base.Save(removedPath); err != nil {
		return 0, err
	}
	if err := merged.Save(statePath); err != nil {
		return 0, err
	}
	for _, p := range append(paths, rmPaths...) {
		if err := os.Remove(p); err != nil {
			return 0, fmt.Errorf("sources: %w", err)
		}
	}
	return n, nil
}

// title recovers a tombstone's title from the comment of its line.
func (r *Removed) title(t Tombstone) string {
	bare := strings.TrimSuffix(t.line(), "\n") + "  # "
	for _, l := range strings.Split(string(r.data), "\n") {
		if title, ok := strings.CutPrefix(l, bare); ok {
			return title
		}
	}
	return ""
}
