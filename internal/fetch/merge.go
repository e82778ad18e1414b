package fetch

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"docket/internal/content"
	"docket/internal/projfile"
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
//   - an item the last run wrote that no shard lists, and no file in
//     contentDir holds but this round's copies, was deleted, even where
//     another shard's feed wrote it again;
//   - a file that was in contentDir before the round is never removed;
//   - two items that took one file name on different runners: the one
//     whose feed comes later in feeds.yaml takes the name with the short
//     hash that a run gives the second.
//
// The news comes from jobs/I/ when the shards ran on separate copies of
// the project (a CI matrix), and is already in contentDir when they ran
// one after another in it (there the first shard run keeps an item that
// feeds of two shards bring). A new item in neither fails the merge
// before anything is changed. A merge that stops part way can run again:
// the shard files stay until the end, and the news it placed is found in
// contentDir. It returns N, 0 when there was no shard, and
// ErrEveryFeedFailed, after saving, when every enabled feed fetched failed
// and none was left for later.
func MergeShards(contentDir, jobs, statePath, removedPath string, srcs *sources.Sources) (int, error) {
	m, err := sources.ReadShards(statePath, removedPath)
	if err != nil || m == nil {
		return 0, err
	}
	if err := placeNews(contentDir, jobs, m, srcs, time.Now().UTC().Format(time.DateOnly)); err != nil {
		return 0, err
	}
	if err := m.Save(statePath, removedPath); err != nil {
		return 0, err
	}
	if err := os.RemoveAll(jobs); err != nil {
		return 0, fmt.Errorf("fetch: %w", err)
	}
	if everyFeedFailed(m, srcs) {
		return m.N, ErrEveryFeedFailed
	}
	return m.N, nil
}

// everyFeedFailed is fetch's exit status 1 for the shards together: every
// enabled feed was fetched this time and failed. A feed that was not due
// counts as working, as in one run's summary.
func everyFeedFailed(m *sources.Merged, srcs *sources.Sources) bool {
	enabled := 0
	for _, src := range srcs.Feeds {
		if src.Disabled {
			continue
		}
		enabled++
		fs, old := m.State.Feeds[src.ID], m.Last.Feeds[src.ID]
		if fs == nil || old != nil && !fs.LastFetch.After(old.LastFetch) || fs.Error == "" {
			return false
		}
	}
	return enabled > 0
}

// placeNews settles the items the shards wrote in this round (those the
// last state does not list) and leaves in m.State.Written those kept,
// where they are.
func placeNews(contentDir, jobs string, m *sources.Merged, srcs *sources.Sources, today string) error {
	ranked := srcs.Rank()
	ref := func(r sources.ItemRef) string { return r.Feed + "\x00" + r.ID }
	last, listed := map[string]bool{}, map[string]bool{}
	for _, r := range m.Last.Written {
		last[ref(r)] = true
	}
	for _, r := range m.State.Written {
		listed[ref(r)] = true
	}
	blocked := map[string]bool{}
	block := func(r sources.ItemRef) {
		for _, k := range r.Keys() {
			blocked[k] = true
		}
	}
	for _, t := range m.Removed.Items {
		block(t.ItemRef)
	}
	// A shard buries only its own feeds' deleted items, and not one
	// whose story a feed of a shard run before it in the same checkout
	// wrote again: an item the last run wrote that no shard lists, and
	// that content/ does not hold (an editor may have edited its feed:
	// or id:) but for this round's copies, is gone.
	var gone []sources.ItemRef
	for _, r := range m.Last.Written {
		if !listed[ref(r)] && !anyIn(blocked, r.Keys()) {
			gone = append(gone, r)
		}
	}
	// A copy a shard run wrote into content/ this round, not an older
	// file an editor gave another feed: or id: (which also reads as new).
	thisRound := func(path string, r sources.ItemRef) bool {
		now, before := m.State.Feeds[r.Feed], m.Last.Feeds[r.Feed]
		fetched := now != nil && (before == nil || now.LastFetch.After(before.LastFetch))
		return !last[ref(r)] && fetched && writtenSince(path, now)
	}
	if len(gone) > 0 {
		here, err := contentKeys(contentDir, thisRound)
		if err != nil {
			return err
		}
		for _, r := range gone {
			if !anyIn(here, r.Keys()) {
				m.Removed.Add(sources.Tombstone{Removed: today, ItemRef: r})
				block(r)
			}
		}
	}
	taken := map[string]bool{}
	var kept, fresh []sources.ItemRef
	for _, r := range m.State.Written {
		if last[ref(r)] {
			kept = append(kept, r)
			for _, k := range r.Keys() {
				taken[k] = true
			}
		} else {
			fresh = append(fresh, r)
		}
	}
	slices.SortFunc(fresh, func(a, b sources.ItemRef) int {
		return cmp.Or(cmp.Compare(ranked(a.Feed), ranked(b.Feed)), strings.Compare(a.Path, b.Path), strings.Compare(a.ID, b.ID))
	})
	// Where each new item's file is, all found before anything moves. A
	// buried item's copy may be gone already: a merge that stopped after
	// removing it is running again.
	from := make([]string, len(fresh))
	for i := range fresh {
		p, err := newsFile(contentDir, jobs, m.N, &fresh[i])
		switch {
		case errors.Is(err, errNoFile) && anyIn(blocked, fresh[i].Keys()):
			from[i] = removed
		case err != nil:
			return err
		default:
			from[i] = p
		}
	}
	for i, r := range fresh {
		keys := r.Keys()
		if anyIn(taken, keys) || anyIn(blocked, keys) {
			path := filepath.Join(contentDir, filepath.FromSlash(r.Path))
			switch {
			case from[i] == removed:
			case from[i] != "": // a job's copy, left out
			case thisRound(path, r): // written in place by a shard run
				if err := os.Remove(path); err != nil {
					return fmt.Errorf("fetch: merge: %w", err)
				}
			default: // a file that was there: the merge removes none
				kept = append(kept, r)
				continue
			}
			uncount(m.State.Feeds[r.Feed])
			continue
		}
		for _, k := range keys {
			taken[k] = true
		}
		if from[i] != "" {
			rel, err := moveNews(contentDir, from[i], r)
			if errors.Is(err, fs.ErrExist) {
				// Both its names are other files' (titles can be chosen
				// to take them): left out, as a whole fetch skips it,
				// not a failed merge that stops the workflow.
				if err := os.Remove(from[i]); err != nil {
					return fmt.Errorf("fetch: merge: %w", err)
				}
				uncount(m.State.Feeds[r.Feed])
				continue
			}
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

// writtenSince reports whether the news file at path was written by its
// feed's fetch this round (fs, the merged state): its fetched: time is
// not before the fetch's.
func writtenSince(path string, fs *sources.FeedState) bool {
	data, err := projfile.ReadFile(path, projfile.MaxEntry)
	if err != nil || fs == nil {
		return false
	}
	_, rest, ok := bytes.Cut(data, []byte("\nfetched: ")) // as content.Render writes it
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	fetched, err := time.Parse(time.RFC3339, strings.Trim(string(line), `"' `))
	return ok && err == nil && !fetched.Before(fs.LastFetch)
}

// contentKeys is the index keys of the news items in contentDir, but
// those skip reports.
func contentKeys(contentDir string, skip func(string, sources.ItemRef) bool) (map[string]bool, error) {
	keys := map[string]bool{}
	err := content.EachNewsFile(contentDir, func(p string, n content.NewsRef) {
		if r := sources.ItemRef(n); !skip(p, r) {
			for _, k := range r.Keys() {
				keys[k] = true
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("fetch: merge: %w", err)
	}
	return keys, nil
}

// uncount takes an item the merge dropped off the written count of its
// feed's last day, the shard run's.
func uncount(fs *sources.FeedState) {
	if fs != nil && len(fs.Days) > 0 && fs.Days[len(fs.Days)-1].Written > 0 {
		fs.Days[len(fs.Days)-1].Written--
	}
}

// errNoFile is newsFile's error for an item whose file is nowhere.
var errNoFile = errors.New("no file")

// removed marks, in placeNews, a copy that is gone already.
const removed = "\x00removed"

// newsFile finds the file of an item a shard wrote: its job's copy under
// jobs (returned), or else the item's own file in contentDir, at its path
// or at the name with its short hash that an earlier merge gave it (""
// returned, r.Path set to it).
func newsFile(contentDir, jobs string, n int, r *sources.ItemRef) (string, error) {
	for i := 1; i <= n; i++ {
		if !(sources.Shard{I: i, N: n}).Has(r.Feed) {
			continue
		}
		// In contentDir first: a merge that stopped between writing a
		// job's copy there and removing it is running again.
		job := filepath.Join(jobs, strconv.Itoa(i), filepath.FromSlash(r.Path))
		for _, rel := range []string{r.Path, secondName(r.Path, r.ID)} {
			if rel != "" && ownFile(filepath.Join(contentDir, filepath.FromSlash(rel)), *r) {
				r.Path = rel
				if err := os.Remove(job); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return "", fmt.Errorf("fetch: merge: %w", err)
				}
				return "", nil
			}
		}
		if _, err := os.Lstat(job); err == nil {
			return job, nil
		}
		return "", fmt.Errorf("fetch: merge: content/%s: written by shard %d of %d (feed %s), but neither %s nor content/ has it: %w", r.Path, i, n, r.Feed, job, errNoFile)
	}
	return "", fmt.Errorf("fetch: merge: feed %s is in no shard of %d", r.Feed, n)
}

// secondName is the name with the item's short hash (content.NewsNames)
// for the file at rel; "" for an ID without one.
func secondName(rel, id string) string {
	if len(id) < 6 {
		return ""
	}
	return strings.TrimSuffix(rel, ".md") + "-" + id[:6] + ".md"
}

// ownFile reports whether the file at p is r's, not an item that took
// its name since.
func ownFile(p string, r sources.ItemRef) bool {
	data, err := projfile.ReadFile(p, projfile.MaxEntry)
	if err != nil {
		return false
	}
	f := content.FileRef(p, "", data)
	return f.Feed == r.Feed && f.ID == r.ID
}

// moveNews moves a job's file into contentDir at its own path or, when
// an item placed before it has that name, at its second name, and returns
// the path it took. content.Create writes nothing over a file, nor
// through a link; the job's copy is removed once written, so that a merge
// run again finds the file in contentDir.
func moveNews(contentDir, src string, r sources.ItemRef) (string, error) {
	data, err := projfile.ReadFile(src, projfile.MaxEntry)
	if err != nil {
		return "", fmt.Errorf("fetch: merge: %w", err)
	}
	rel := r.Path
	err = content.Create(contentDir, rel, data)
	if second := secondName(rel, r.ID); errors.Is(err, fs.ErrExist) && second != "" {
		rel = second
		err = content.Create(contentDir, rel, data)
	}
	if err == nil {
		err = os.Remove(src)
	}
	if err != nil {
		return "", fmt.Errorf("fetch: merge: %w", err)
	}
	return rel, nil
}
