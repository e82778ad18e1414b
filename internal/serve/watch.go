package serve

import (
	"context"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"docket/internal/projfile"
)

// Batching: a save is a burst of events (vim alone makes five), so a batch
// closes after quiet of this long, or at most maxWait after its first event.
const (
	quiet   = 10 * time.Millisecond
	maxWait = 100 * time.Millisecond
)

// watcher reports batches of changed paths under a project's watched
// folders, relative to the root and slash-separated. A path that was a
// folder is reported with a trailing slash.
type watcher struct {
	root    string
	folders []string // relative to root: content, templates, feeds
	log     *slog.Logger
}

// ignored reports whether a file name is an editor's or a system's
// scratch file, never an entry, or fetch's state, which it rewrites.
func ignored(name string) bool {
	return name == "state.json" || projfile.Scratch(name)
}

// watchNotify starts watching with fsnotify and returns a function that
// sends each batch until ctx ends. Watches are in place when it returns,
// so no change made after it is missed.
func (w *watcher) watchNotify(ctx context.Context, batches chan<- []string) (func(), error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	dirs := map[string]bool{} // watched folders, absolute
	add := func(dir string, batch map[string]bool) {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if dirs[p] {
					return nil
				}
				if err := fw.Add(p); err != nil {
					w.log.Warn("cannot watch folder", "path", p, "err", err)
				}
				dirs[p] = true
			} else if batch != nil && !ignored(d.Name()) {
				// Files made before the watch began would go unseen.
				batch[w.rel(p)] = true
			}
			return nil
		})
	}
	for _, f := range w.folders {
		add(filepath.Join(w.root, f), nil)
	}
	// The root too, alone: a watched folder removed and made again (moved
	// away and back, restored from a backup) is seen only from its parent,
	// and unseen it would leave the site broken until a restart.
	if err := fw.Add(w.root); err != nil {
		w.log.Warn("cannot watch folder", "path", w.root, "err", err)
	}
	return func() {
		defer fw.Close()
		w.notifyLoop(ctx, fw, dirs, add, batches)
	}, nil
}

func (w *watcher) notifyLoop(ctx context.Context, fw *fsnotify.Watcher, dirs map[string]bool, add func(string, map[string]bool), batches chan<- []string) {
	batch := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-fw.Errors:
			w.log.Warn("watcher", "err", err)
		case ev := <-fw.Events:
			if ignored(filepath.Base(ev.Name)) || ev.Op == fsnotify.Chmod || !w.watched(ev.Name) {
				continue
			}
			isDir := false
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					add(ev.Name, batch)
					isDir = true
				}
			}
			switch {
			case isDir:
			case (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && dirs[ev.Name]:
				for d := range dirs {
					if d == ev.Name || strings.HasPrefix(d, ev.Name+string(filepath.Separator)) {
						_ = fw.Remove(d)
						delete(dirs, d)
					}
				}
				batch[w.rel(ev.Name)+"/"] = true
			default:
				batch[w.rel(ev.Name)] = true
			}
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			timer.Reset(min(quiet, maxWait-now.Sub(first)))
		case <-timer.C:
			if len(batch) == 0 {
				continue
			}
			select {
			case batches <- slices.Sorted(maps.Keys(batch)):
			case <-ctx.Done():
				return
			}
			batch, first = map[string]bool{}, time.Time{}
		}
	}
}

// watchPoll polls modification times, for file systems without events
// (network mounts, some containers). Like watchNotify it takes its first
// look before it returns.
func (w *watcher) watchPoll(ctx context.Context, batches chan<- []string, every time.Duration) func() {
	scan := func() map[string]stamp {
		m := map[string]stamp{}
		for _, f := range w.folders {
			_ = filepath.WalkDir(filepath.Join(w.root, f), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || ignored(d.Name()) {
					return nil
				}
				if fi, err := d.Info(); err == nil {
					m[w.rel(p)] = stamp{fi.ModTime(), fi.Size()}
				}
				return nil
			})
		}
		return m
	}
	last := scan()
	return func() {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			last = w.pollOnce(ctx, batches, scan, last)
		}
	}
}

// pollOnce compares a new scan with the last and sends what changed.
func (w *watcher) pollOnce(ctx context.Context, batches chan<- []string, scan func() map[string]stamp, last map[string]stamp) map[string]stamp {
	now := scan()
	var changed []string
	for p, s := range now {
		if last[p] != s {
			changed = append(changed, p)
		}
	}
	for p := range last {
		if _, ok := now[p]; !ok {
			changed = append(changed, p)
		}
	}
	if len(changed) > 0 {
		slices.Sort(changed)
		select {
		case batches <- changed:
		case <-ctx.Done():
		}
	}
	return now
}

// stamp is what polling compares to see that a file changed.
type stamp struct {
	mod  time.Time
	size int64
}

// watched reports whether a path is in one of the watched folders or is
// one: the root's other files and folders (public/, README.md) are not.
func (w *watcher) watched(p string) bool {
	first, _, _ := strings.Cut(w.rel(p), "/")
	return slices.Contains(w.folders, first)
}

func (w *watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}
