package sources

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
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

// ShardFiles is the shard copies of the file at path (Shard.Path) in its
// folder. Only the file name is a pattern: a folder named "news [old]"
// would read as one and match nothing.
func ShardFiles(path string) ([]string, error) {
	dir, base := filepath.Split(path)
	ext := filepath.Ext(base)
	entries, err := os.ReadDir(cmp.Or(dir, "."))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	var out []string
	for _, e := range entries {
		if ok, _ := filepath.Match(strings.TrimSuffix(base, ext)+".shard-*-of-*"+ext, e.Name()); ok {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// ErrShards is returned by MergeShards for an incomplete or mixed set.
var ErrShards = errors.New("state shards")

var shardName = regexp.MustCompile(`\.shard-(\d+)-of-(\d+)\.json$`)

// Merged is the shards of one set of `fetch --shard` runs read together
// (ReadShards), for the caller to settle their news before Save.
type Merged struct {
	N       int
	State   *State   // every shard's feeds and written items
	Removed *Removed // the project's tombstones and every shard's new ones
	Last    *State   // the project's state before the merge
	files   []string // the shard files, deleted by Save
}

// ReadShards reads the shards of statePath (feeds/state.json) that
// `fetch --shard` runs left beside it, and their new tombstones beside
// removedPath (feeds/removed.yaml). Every shard of one N must be there;
// the result depends only on the shards' contents, not on their order.
// Of a feed's records, the shard's and statePath's, the later fetch's
// is kept.
// It returns nil when there is no shard.
func ReadShards(statePath, removedPath string) (*Merged, error) {
	paths, err := ShardFiles(statePath)
	if err != nil || len(paths) == 0 {
		return nil, err
	}
	n := 0
	seen := map[int]bool{}
	for _, p := range paths {
		m := shardName.FindStringSubmatch(p)
		if m == nil {
			return nil, fmt.Errorf("%w: %s: not a shard name", ErrShards, p)
		}
		i, _ := strconv.Atoi(m[1])
		k, _ := strconv.Atoi(m[2])
		if i < 1 || i > k || (Shard{I: i, N: k}).Path(statePath) != p {
			// Counted as shard i, it would not be read (shard-01-of-2) or
			// would be deleted unread (shard-3-of-2).
			return nil, fmt.Errorf("%w: %s: not a shard name (want .shard-I-of-N with 1 ≤ I ≤ N, no leading zeros)", ErrShards, p)
		}
		if n != 0 && k != n {
			return nil, fmt.Errorf("%w: shards of %d and of %d runs: delete the stale ones", ErrShards, n, k)
		}
		n, seen[i] = k, true
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			// Either a job's files did not arrive, or a merge stopped while
			// deleting the shards it had saved (Save). A new round of every
			// shard mends both: each rewrites its file.
			return nil, fmt.Errorf("%w: shard %d of %d is missing (a job's upload was lost, or a merge stopped part way and the others are merged already): fetch every shard again", ErrShards, i, n)
		}
	}
	last, err := LoadState(statePath)
	if err != nil {
		return nil, err
	}
	base, err := LoadRemoved(removedPath)
	if err != nil {
		return nil, err
	}
	m := &Merged{N: n, State: &State{Feeds: map[string]*FeedState{}}, Removed: base, Last: last, files: paths}
	have := map[string]bool{}
	for _, t := range base.Items {
		have[t.sortKey()] = true
	}
	for i := 1; i <= n; i++ {
		sh := Shard{I: i, N: n}
		part, err := LoadState(sh.Path(statePath))
		if err != nil {
			return nil, err
		}
		for id, fs := range part.Feeds {
			if !sh.Has(id) || m.State.Feeds[id] != nil {
				return nil, fmt.Errorf("%w: feed %s in shard %d of %d does not belong there", ErrShards, id, i, n)
			}
			if old := last.Feeds[id]; old != nil && old.LastFetch.After(fs.LastFetch) {
				// feeds/state.json changed after the shard ran (a pull):
				// the shard's record is of an older fetch.
				fs = old
			}
			m.State.Feeds[id] = fs
		}
		m.State.Written = append(m.State.Written, part.Written...)
		rp := sh.Path(removedPath)
		rm, err := LoadRemoved(rp)
		if err != nil {
			return nil, err
		}
		if _, err := os.Lstat(rp); err == nil {
			m.files = append(m.files, rp)
		}
		for _, t := range rm.Items {
			if !have[t.sortKey()] {
				have[t.sortKey()] = true
				t.Title = rm.title(t)
				base.Add(t)
			}
		}
	}
	return m, nil
}

// Save writes the merged state and tombstones, then deletes the shard
// files.
func (m *Merged) Save(statePath, removedPath string) error {
	if err := m.Removed.Save(removedPath); err != nil {
		return err
	}
	if err := m.State.Save(statePath); err != nil {
		return err
	}
	for _, p := range m.files {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
	}
	return nil
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
