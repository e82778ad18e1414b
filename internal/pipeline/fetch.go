package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"docket/internal/config"
	"docket/internal/extract"
	"docket/internal/fetch"
	"docket/internal/projfile"
	"docket/internal/review"
	"docket/internal/sources"
	"docket/internal/topic"
)

// RemovedPath lists, relative to a project's root, the items editors
// deleted, which fetch does not write again.
var RemovedPath = filepath.Join("feeds", "removed.yaml")

// statePath is the fetch state, relative to a project's root.
var statePath = filepath.Join("feeds", "state.json")

// Fetch is one run of docket fetch on a project, wired: the sources,
// state, tombstones, rules and review queue read from the project, the
// extractor adapted to fetch's seam. Callers set what they need on Opts
// (Only, Since, Force, Now, progress) before Run.
type Fetch struct {
	Root  string
	Opts  fetch.Options
	Queue *review.Queue
	// QueueWarning is a problem with some lines of the review queue: only
	// those lines are lost, and their items may be queued again.
	QueueWarning error
}

// NewFetch reads the project at root. Any error is a configuration error.
// The caller holds the project's fetch lock (internal/lock): two runs at
// once wrote every item twice and the second run's state overwrote the
// first's.
func NewFetch(root string, client fetch.ClientOptions, log *slog.Logger) (*Fetch, error) {
	site, err := config.Load(filepath.Join(root, "content", "site.yaml"))
	if err != nil {
		return nil, err
	}
	client.Contact = site.Contact
	srcs, err := sources.LoadSources(filepath.Join(root, "feeds", "feeds.yaml"))
	if err != nil {
		return nil, err
	}
	rules, err := topic.Load(filepath.Join(root, "feeds"))
	if err != nil {
		return nil, err
	}
	// What a run killed while saving left beside the state and the
	// queue (a whole copy of each); the caller holds the lock both
	// writers take.
	if err := projfile.RemoveTempsOf(filepath.Join(root, "feeds"), filepath.Base(statePath), filepath.Base(review.QueuePath)); err != nil {
		return nil, fmt.Errorf("fetch: remove temporary files: %w", err)
	}
	state, err := sources.LoadState(filepath.Join(root, statePath))
	if err != nil {
		return nil, err
	}
	removed, err := sources.LoadRemoved(filepath.Join(root, RemovedPath))
	if err != nil {
		return nil, err
	}
	x, err := extract.New()
	if err != nil {
		return nil, err
	}
	queue, qerr := review.Project{Root: root}.Load()
	if queue == nil {
		return nil, qerr
	}
	return &Fetch{
		Root:         root,
		Queue:        queue,
		QueueWarning: qerr,
		Opts: fetch.Options{
			ContentDir: filepath.Join(root, "content"),
			Sources:    srcs,
			State:      state,
			Removed:    removed,
			Client:     fetch.NewClient(client),
			Classify:   rules,
			Extract:    extractor(x),
			Review:     queue,
			Log:        log,
		},
	}, nil
}

// Run fetches, then saves what the run learned. saveErr reports a file
// that could not be written; err, a run that could not start.
func (f *Fetch) Run(ctx context.Context) (sum *fetch.Summary, saveErr, err error) {
	if err := f.noShardsLeft(); err != nil {
		return nil, nil, err
	}
	if err := f.resume(); err != nil {
		return nil, nil, err
	}
	sum, err = fetch.Run(ctx, f.Opts)
	if err != nil {
		return nil, nil, err
	}
	// The tombstones first: a state saved without the deleted items and
	// no tombstones for them would let them come back.
	// A shard (--shard) keeps its files beside the project's, for a merge.
	saveErr = f.Opts.Removed.Save(f.Opts.Shard.Path(filepath.Join(f.Root, RemovedPath)))
	if saveErr == nil {
		saveErr = f.Queue.Save(f.Opts.Shard.Path(filepath.Join(f.Root, review.QueuePath)))
	}
	if saveErr == nil {
		saveErr = f.Opts.State.Save(f.Opts.Shard.Path(filepath.Join(f.Root, statePath)))
	}
	return sum, saveErr, nil
}

// noShardsLeft refuses a whole run beside the shard files of runs not
// merged yet: a merge after it would put their older state over its own
// (found in review: an item it wrote was then written again once deleted).
func (f *Fetch) noShardsLeft() error {
	if !f.Opts.Shard.Whole() {
		return nil
	}
	left, err := sources.ShardFiles(filepath.Join(f.Root, statePath))
	if err != nil || len(left) == 0 {
		return err
	}
	rel, _ := filepath.Rel(f.Root, left[0])
	return fmt.Errorf("%s: the shards of a fetch not merged yet: docket fetch --merge first, or delete them", rel)
}

// resume makes a shard run again before the merge go on from its own
// files: started from the project's, it forgot what the first run
// learned (a Retry-After, failures, tombstones, queued items) and its
// save replaced them.
func (f *Fetch) resume() error {
	sh := f.Opts.Shard
	if sh.Whole() {
		return nil
	}
	own := func(rel string) string {
		if p := sh.Path(filepath.Join(f.Root, rel)); fileExists(p) {
			return p
		}
		return filepath.Join(f.Root, rel)
	}
	if !fileExists(sh.Path(filepath.Join(f.Root, statePath))) {
		return nil
	}
	state, err := sources.LoadState(own(statePath))
	if err != nil {
		return err
	}
	removed, err := sources.LoadRemoved(own(RemovedPath))
	if err != nil {
		return err
	}
	queue, qerr := review.LoadQueue(own(review.QueuePath), filepath.Join(f.Root, review.DecisionsPath))
	if queue == nil {
		return qerr
	}
	f.Opts.State, f.Opts.Removed, f.Queue, f.Opts.Review, f.QueueWarning = state, removed, queue, queue, qerr
	return nil
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// MergeShards combines the state, tombstones, review queues and news of
// the shards of `fetch --shard` runs into the project's (fetch.MergeShards).
func MergeShards(root string) (int, error) {
	srcs, err := sources.LoadSources(filepath.Join(root, "feeds", "feeds.yaml"))
	if err != nil {
		return 0, err
	}
	// The queues are read first, so that a broken one stops the merge
	// before it changes anything, and merged last (below).
	p := review.Project{Root: root}
	queues, err := p.ShardQueues()
	for _, path := range queues {
		if err == nil {
			_, err = review.LoadQueue(path, "")
		}
	}
	if err != nil {
		return 0, fmt.Errorf("review: %w", err)
	}
	n, err := fetch.MergeShards(filepath.Join(root, "content"), filepath.Join(root, fetch.JobsDir),
		filepath.Join(root, statePath), filepath.Join(root, RemovedPath), srcs)
	if err != nil && !errors.Is(err, fetch.ErrEveryFeedFailed) {
		return n, err // a job's news missing, found before anything changed
	}
	// The queues after the news and state, so that a merge stopped there
	// changes nothing. Their shard files are apart from the state's: a
	// merge run again after the queues failed finds them (merging one
	// twice adds nothing) where the state's are gone.
	qerr := p.MergeQueues(queues, srcs.Rank())
	if qerr == nil && (n > 0 || len(queues) > 0) {
		qerr = unqueueWritten(p, filepath.Join(root, statePath))
	}
	if qerr != nil {
		return n, qerr
	}
	return n, err
}

// unqueueWritten takes out of the queue the items in content/: a feed of
// one shard doubted them, a feed of another wrote them.
func unqueueWritten(p review.Project, statePath string) error {
	st, err := sources.LoadState(statePath)
	if err != nil {
		return err
	}
	q, err := p.Load()
	if q == nil {
		return err
	}
	q.Written(fetch.InContent(st.Written))
	return q.Save(filepath.Join(p.Root, review.QueuePath))
}

// extractor adapts internal/extract to fetch's seam.
func extractor(x *extract.Extractor) fetch.Extractor {
	return func(page []byte, contentType, pageURL string, item fetch.FeedText) (fetch.Page, error) {
		a, err := x.Extract(page, contentType, pageURL)
		var binary *extract.BinaryError
		if errors.As(err, &binary) {
			return fetch.Page{}, &fetch.NotPageError{ContentType: binary.ContentType, Document: errors.Is(err, extract.ErrDocument)}
		}
		if err != nil {
			return fetch.Page{}, err
		}
		return fetch.Page{Markdown: a.Markdown, Usable: a.Usable(item.Summary), Published: a.Published, Floating: a.Floating, Author: a.Author, Title: a.Headline(item.Title)}, nil
	}
}
