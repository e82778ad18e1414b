package fetch

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"docket/internal/content"
	"docket/internal/sources"
)

// JobsDir is where the update job finds what each fetch job of a CI
// matrix wrote to content/news: JobsDir/I/news/… for shard I (the
// workflow's collect step puts it there, so that no job's file lands on
// another's).
const JobsDir = ".docket-shards"

// ErrEveryFeedFailed is MergeShards's error when every feed the shards
// fetched failed: one run over them all would have exited 1.
var ErrEveryFeedFailed = errors.New("every enabled feed failed")

// MergeShards combines the files that `fetch --shard I/N` runs left
// (their state, tombstones and news) into the project's, and settles the
// news as one run over every feed would have:
//   - an item several shards wrote is kept as the first of its feeds in
//     feeds.yaml wrote it, as within one run;
//   - an item another shard found deleted by an editor is not written;
//   - two items that took one file name on different runners: the one
//     whose feed comes later in feeds.yaml takes the name with the short
//     hash that a run gives the second.
//
// The news comes from jobs/I/ when the shards ran on separate copies of
// the project (a CI matrix), and is already in contentDir when they ran
// one after another in it. It returns N, 0 when there was no shard, and
// ErrEveryFeedFailed, after saving, when every feed fetched failed.
func MergeShards(contentDir, jobs, statePath, removedPath string, srcs *sources.Sources) (int, error) {
	m, err := sources.ReadShards(statePath, removedPath)
	if err != nil || m == nil {
		return 0, err
	}
	if err := placeNews(contentDir, jobs, m, srcs); err != nil {
		return 0, err
	}
	if err := m.Save(statePath, removedPath); err != nil {
		return 0, err
	}
	if err := os.RemoveAll(jobs); err != nil {
		return 0, fmt.Errorf("fetch: %w", err)
	}
	if m.Failed() {
		return m.N, ErrEveryFeedFailed
	}
	return m.N, nil
}

// placeNews settles the items the shards wrote in this round (those the
// last state does not list) and leaves in m.State.Written those kept,
// where they are.
func placeNews(contentDir, jobs string, m *sources.Merged, srcs *sources.Sources) error {
	last := map[string]bool{}
	for _, r := range m.Last.Written {
		last[r.Feed+"\x00"+r.ID] = true
	}
	rank := map[string]int{}
	for i, s := range srcs.Feeds {
		rank[s.ID] = i
	}
	ranked := func(feed string) int {
		if i, ok := rank[feed]; ok {
			return i
		}
		return len(rank)
	}
	taken, blocked := map[string]bool{}, map[string]bool{}
	for _, t := range m.Removed.Items {
		for _, k := range keysOf(t.ItemRef) {
			blocked[k] = true
		}
	}
	var kept, fresh []sources.ItemRef
	for _, r := range m.State.Written {
		if last[r.Feed+"\x00"+r.ID] {
			kept = append(kept, r)
			for _, k := range keysOf(r) {
				taken[k] = true
			}
		} else {
			fresh = append(fresh, r)
		}
	}
	slices.SortFunc(fresh, func(a, b sources.ItemRef) int {
		return cmp.Or(cmp.Compare(ranked(a.Feed), ranked(b.Feed)), strings.Compare(a.Path, b.Path), strings.Compare(a.ID, b.ID))
	})
	for _, r := range fresh {
		src, inPlace := jobFile(jobs, m.N, r), false
		if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
			src, inPlace = filepath.Join(contentDir, filepath.FromSlash(r.Path)), true
		}
		keys := keysOf(r)
		if anyIn(taken, keys) || anyIn(blocked, keys) {
			if inPlace && ownFile(src, r) {
				if err := os.Remove(src); err != nil {
					return fmt.Errorf("fetch: merge: %w", err)
				}
			}
			continue
		}
		for _, k := range keys {
			taken[k] = true
		}
		if !inPlace {
			rel, err := moveNews(contentDir, src, r)
			if err != nil {
				return err
			}
			r.Path = rel
		}
		kept = append(kept, r)
	}
	m.State.Written = kept
	return nil
}

// jobFile is where the job of r's shard left r's file.
func jobFile(jobs string, n int, r sources.ItemRef) string {
	for i := 1; i <= n; i++ {
		if (sources.Shard{I: i, N: n}).Has(r.Feed) {
			return filepath.Join(jobs, strconv.Itoa(i), filepath.FromSlash(r.Path))
		}
	}
	return ""
}

// ownFile reports whether the file at p is r's, not an item that took
// its name since.
func ownFile(p string, r sources.ItemRef) bool {
	data, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	f := fileRef(p, "", data)
	return f.Feed == r.Feed && f.ID == r.ID
}

// moveNews writes a job's file into contentDir at its own path or, when
// an item placed before it has that name, at the name with the item's
// short hash (content.CreateNews's second try), and returns the path it
// took. content.Create writes nothing over a file, nor through a link.
func moveNews(contentDir, src string, r sources.ItemRef) (string, error) {
	data, err := os.ReadFile(src)
	if err != nil {
		return "", fmt.Errorf("fetch: merge: %w", err)
	}
	rel := r.Path
	err = content.Create(contentDir, rel, data)
	if errors.Is(err, fs.ErrExist) && len(r.ID) >= 6 {
		rel = strings.TrimSuffix(rel, ".md") + "-" + r.ID[:6] + ".md"
		err = content.Create(contentDir, rel, data)
	}
	if err != nil {
		return "", fmt.Errorf("fetch: merge: %w", err)
	}
	return rel, nil
}
