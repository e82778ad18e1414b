package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"docket/internal/content"
	"docket/internal/feed"
	"docket/internal/sources"
	"docket/internal/text"
	"docket/internal/topic"
)

// Classifier is the selection step (internal/topic's *Rules satisfies it).
type Classifier interface {
	Classify(topic.Item) topic.Result
}

// Unsurer is a Classifier that also says which topics an item it does not
// select came close to (internal/topic's *Rules is one).
type Unsurer interface {
	Unsure(topic.Item) (topic.Result, []topic.Doubt)
}

// Reviewer keeps the items selection was unsure of for the editors: e and
// body are what would have been written. Hold reports whether it took the
// item (not when it holds or has decided it already); Written, called
// once the feeds are done, lets go of the items in content/ (another
// feed kept them); Kept reports an item an editor kept, which, not in
// content/, an editor deleted since; Dropped one an editor dropped, which
// stays out whatever the rules say of it now. It must be safe for
// concurrent use.
type Reviewer interface {
	Hold(e *content.Entry, body string, res topic.Result, doubts []topic.Doubt) bool
	Written(in func(sources.ItemRef) bool)
	Kept(id string) bool
	Dropped(id string) bool
}

// Extractor turns an article page into Markdown and what the page says
// of itself. A link that is not an HTML page (a PDF, an image) is a
// *NotPageError.
type Extractor func(page []byte, contentType, pageURL string, item FeedText) (Page, error)

// FeedText is what the feed said of the item an article page is read
// for: the page is checked against it.
type FeedText struct{ Title, Summary string }

// Page is what an Extractor found on an article page.
type Page struct {
	Markdown string
	// Usable is false when the extractor is unsure or the text does not
	// match the feed's summary, in which case the summary is used instead.
	Usable    bool
	Published time.Time // the page's own date; zero when it names none
	Author    string
	// Title is the page's own title when the feed's title for the item
	// names something else, which the item then takes; else "".
	Title string
	// Floating: the page wrote Published without a zone; its wall-clock
	// time is given as UTC, to be read in the feed's zone.
	Floating bool
}

// NotPageError reports an article link that leads to a document or a
// binary file instead of an HTML page: the item keeps the link and the
// feed's summary. Document is a PDF, which from a regulator is the
// primary document itself.
type NotPageError struct {
	ContentType string
	Document    bool
}

func (e *NotPageError) Error() string {
	return "not an HTML page (" + e.ContentType + ")"
}

// Options configure a fetch run.
type Options struct {
	ContentDir string           // content/
	Sources    *sources.Sources // feeds/feeds.yaml
	State      *sources.State   // feeds/state.json, updated in place
	Removed    *sources.Removed // feeds/removed.yaml: new tombstones are added in place
	Client     *Client
	Classify   Classifier // nil keeps every item
	Extract    Extractor  // nil uses the feed's summary as the body
	Review     Reviewer   // nil: items selection is unsure of are dropped; needs an Unsurer
	Only       string     // a feed ID: fetch only that feed
	// Shard fetches only its share of the feeds and leaves in State only
	// their records and written items (sources.State.Keep), for a merge.
	Shard   sources.Shard
	Since   time.Time // skip items published before
	Force   bool      // ignore next_fetch
	Now     func() time.Time
	Log     *slog.Logger
	OnStart func(total int)     // called once with the number of feeds
	OnFeed  func(r *FeedResult) // called as each feed finishes, one at a time

	precedence *precedence // made by Run: which feed writes an item several bring
}

// Feed outcomes in FeedResult.Status.
const (
	StatusOK          = "ok"
	StatusNotModified = "not_modified"
	StatusSkipped     = "skipped"     // not due yet
	StatusDisabled    = "disabled"    // disabled: true in feeds.yaml
	StatusInterrupted = "interrupted" // the run was cancelled before the feed answered
	StatusFailed      = "failed"
)

// maxError is the most of a feed's error kept, in runes.
const maxError = 300

// FeedResult is one feed's line in the run's report.
type FeedResult struct {
	Feed    string `json:"feed"`
	Status  string `json:"status"`
	HTTP    int    `json:"http,omitempty"`
	New     int    `json:"new"`     // items not in content/ before
	Seen    int    `json:"seen"`    // items already in content/ (or already taken this run)
	Written int    `json:"written"` // new items that passed selection and were written
	// Unextracted are written items whose article page could not be
	// fetched or read (the log says why): they have the feed's summary.
	Unextracted int `json:"unextracted,omitempty"`
	Queued      int `json:"queued,omitempty"`  // new items selection was unsure of, queued for review
	Capped      int `json:"capped,omitempty"`  // selected items left out by the feed's max_items (the oldest)
	Removed     int `json:"removed,omitempty"` // items not written because feeds/removed.yaml lists them
	Left        int `json:"left,omitempty"`    // items not done by the run's deadline: the next run tries them
	// Held are selected items not written because their article's host
	// asked to slow down (a 429, a Retry-After): the next run tries them.
	Held int `json:"held,omitempty"`
	// NameTaken are selected items not written because other files have
	// every name they could take (content.NewsNames).
	NameTaken int           `json:"name_taken,omitempty"`
	Duration  time.Duration `json:"duration_ns"`
	Error     string        `json:"error,omitempty"`
	MovedTo   string        `json:"moved_to,omitempty"`
	// A skipped feed's next due time, and its last run's error when that
	// failed (it is backing off).
	Due     time.Time `json:"due,omitzero"`
	Failing string    `json:"failing,omitempty"`

	writeFailed bool
	holds       []held // items for the Reviewer, held once every feed is done
	queueCap    int    // how many of them the queue takes: the feed's max_items
}

// held is an item selection was unsure of, as Reviewer.Hold takes it.
type held struct {
	e      *content.Entry
	body   string
	res    topic.Result
	doubts []topic.Doubt
}

// Summary is the whole run's report.
type Summary struct {
	Feeds        []*FeedResult `json:"feeds"`
	WriteFailure bool          `json:"write_failure"` // some item could not be written to content/
	// Tombstoned are the items an earlier run wrote whose files are gone
	// from content/: this run added them to feeds/removed.yaml.
	Tombstoned []sources.Tombstone `json:"tombstoned,omitempty"`
}

// Succeeded is the number of enabled feeds fetched without error (ones
// not due yet count: they were fine last time; disabled ones do not).
func (s *Summary) Succeeded() int {
	n := 0
	for _, r := range s.Feeds {
		if r.Status != StatusFailed && r.Status != StatusInterrupted && r.Status != StatusDisabled {
			n++
		}
	}
	return n
}

// Enabled is the number of feeds that are not disabled.
func (s *Summary) Enabled() int {
	n := 0
	for _, r := range s.Feeds {
		if r.Status != StatusDisabled {
			n++
		}
	}
	return n
}

// ErrUnknownFeed is returned when Options.Only names no feed.
var ErrUnknownFeed = errors.New("no such feed")

// Run fetches the due feeds concurrently (the client limits hosts), writes
// new selected items to content/ and updates the state. It returns an error
// only when the run could not start; per-feed failures are in the Summary.
func Run(ctx context.Context, o Options) (*Summary, error) {
	o = o.withDefaults()
	srcs, err := o.selected()
	if err != nil {
		return nil, err
	}
	// What a killed run left; the caller holds the project lock, so no
	// running command's file is among them.
	if err := content.RemoveTemp(filepath.Join(o.ContentDir, "news")); err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	// The index is read when the first feed has items: a run of 304s
	// never scans content/. Reading it is also when the files deleted
	// since the last run become tombstones, before any feed writes.
	loaded := false
	ix := sync.OnceValues(func() (*index, error) {
		ix, err := loadIndex(o.ContentDir)
		if err != nil {
			return nil, err
		}
		ix.bury(o.mine(o.State.Written), o.Removed, o.Now().UTC().Format(time.DateOnly))
		loaded = true
		return ix, nil
	})
	if o.deleted() {
		// Read now, so that the deletion is recorded even when every feed
		// answers 304; an error comes back to the first feed with items.
		_, _ = ix()
	}
	if o.OnStart != nil {
		o.OnStart(len(srcs))
	}
	sum := &Summary{Feeds: make([]*FeedResult, len(srcs))}
	states := make([]*sources.FeedState, len(srcs))
	for i, src := range srcs {
		states[i] = o.State.Feed(src.ID) // created here: goroutines only touch their own
	}
	o.precedence = newPrecedence(len(srcs))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := range srcs {
		wg.Go(func() {
			defer o.precedence.announce(i, nil) // whatever way the feed ended
			r := o.runFeed(ctx, srcs[i], states[i], ix, i)
			mu.Lock()
			defer mu.Unlock()
			sum.Feeds[i] = r
			sum.WriteFailure = sum.WriteFailure || r.writeFailed
			if o.OnFeed != nil {
				o.OnFeed(r)
			}
		})
	}
	wg.Wait()
	if loaded {
		index, _ := ix()
		o.State.Written = index.ledger()
		sum.Tombstoned = o.Removed.Added()
		if o.Review != nil {
			o.review(sum, index.has)
		}
	}
	o.State.Keep(o.Shard)
	sort.SliceStable(sum.Feeds, func(a, b int) bool { return sum.Feeds[a].Feed < sum.Feeds[b].Feed })
	return sum, nil
}

// review hands the Reviewer the items the feeds were unsure of, in
// feeds.yaml order, so that of an item several feeds bring the first
// one's is queued whichever answered first, and none that is in content/
// (in: written by a feed that kept it, or there before); then it lets go
// of the queued items that are.
func (o Options) review(sum *Summary, in func(sources.ItemRef) bool) {
	for _, r := range sum.Feeds {
		for _, h := range r.holds {
			if r.Queued == r.queueCap {
				break
			}
			if !in(entryRef(h.e)) && o.Review.Hold(h.e, h.body, h.res, h.doubts) {
				r.Queued++
			}
		}
		r.holds = nil
	}
	o.Review.Written(in)
}

// InContent reports whether an item is one of written, by the keys that
// tell items apart (sources.ItemRef.Keys): an ID alone does not, as two feeds' items
// without a URL may share a GUID and so an ID.
func InContent(written []sources.ItemRef) func(sources.ItemRef) bool {
	keys := make(map[string]bool, 2*len(written))
	for _, r := range written {
		for _, k := range r.Keys() {
			keys[k] = true
		}
	}
	return func(r sources.ItemRef) bool { return anyIn(keys, r.Keys()) }
}

func entryRef(e *content.Entry) sources.ItemRef {
	return sources.ItemRef{Feed: e.Feed, ID: e.ID, URL: e.URL, GUID: e.GUID}
}

// deleted reports whether a file the last run found in content/ is gone:
// deleted by an editor (to be recorded in feeds/removed.yaml) or moved.
func (o Options) deleted() bool {
	return slices.ContainsFunc(o.mine(o.State.Written), func(r sources.ItemRef) bool {
		_, err := os.Lstat(filepath.Join(o.ContentDir, filepath.FromSlash(r.Path)))
		return r.Path == "" || err != nil
	})
}

// mine is the items of refs whose feed is in the run's shard: another
// shard notices the deletion of the rest.
func (o Options) mine(refs []sources.ItemRef) []sources.ItemRef {
	if o.Shard.Whole() {
		return refs
	}
	return slices.DeleteFunc(slices.Clone(refs), func(r sources.ItemRef) bool { return !o.Shard.Has(r.Feed) })
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Client == nil {
		o.Client = NewClient(ClientOptions{})
	}
	if o.State == nil {
		o.State = &sources.State{Feeds: map[string]*sources.FeedState{}}
	}
	if o.Removed == nil {
		o.Removed = &sources.Removed{}
	}
	return o
}

func (o Options) selected() ([]*sources.Source, error) {
	var out []*sources.Source
	for i := range o.Sources.Feeds {
		src := &o.Sources.Feeds[i]
		if (o.Only == "" || src.ID == o.Only) && o.Shard.Has(src.ID) {
			out = append(out, src)
		}
	}
	if o.Only != "" && len(out) == 0 {
		return nil, o.notInShard()
	}
	return out, nil
}

// notInShard is the error for an Only that the run does not fetch: no
// feed has that ID, or its feed is another shard's.
func (o Options) notInShard() error {
	for i := 1; i <= o.Shard.N && o.Sources.Find(o.Only) != nil; i++ {
		if sh := (sources.Shard{I: i, N: o.Shard.N}); sh.Has(o.Only) {
			return fmt.Errorf("fetch: %w in shard %d of %d: %q is in shard %d of %d", ErrUnknownFeed, o.Shard.I, o.Shard.N, o.Only, i, sh.N)
		}
	}
	return fmt.Errorf("fetch: %w: %q", ErrUnknownFeed, o.Only)
}

// runFeed is one feed from due-check to state update.
func (o Options) runFeed(ctx context.Context, src *sources.Source, st *sources.FeedState, ix func() (*index, error), rank int) *FeedResult {
	start, clock := o.Now(), time.Now()
	r := &FeedResult{Feed: src.ID}
	defer func() { r.Duration = time.Since(clock).Round(time.Millisecond) }()
	if src.Disabled {
		r.Status = StatusDisabled
		return r
	}
	if !o.Force && start.Before(st.NextFetch) && st.URL == src.URL && !o.nowAllowed(st) {
		r.Status, r.Due = StatusSkipped, st.NextFetch
		if st.Failures > 0 {
			r.Failing = st.Error
		}
		return r
	}
	log := o.Log.With("feed", src.ID, "url", src.URL)
	// Until every item of the first copy is written (a timeout or a
	// failed write leaves some for the next run), its items are backfill.
	firstFetch := st.LastSuccess.IsZero() || st.Backfilling
	req := Request{URL: src.URL, Began: func() { o.precedence.began(rank) }}
	if st.URL == src.URL { // validators belong to the URL they came from
		req.ETag, req.LastModified = st.ETag, st.LastModified
	}
	before := *st
	before.Days = slices.Clone(st.Days)
	st.LastFetch = start
	day := st.Today(start)
	day.Checks++
	resp, err := o.Client.Get(ctx, req)
	if err != nil && ctx.Err() != nil {
		// Interrupted (Ctrl-C, a CI timeout): not the feed's failure, so
		// its state stays as it was.
		*st = before
		r.Status, r.Error = StatusInterrupted, ctx.Err().Error()
		return r
	}
	if err != nil {
		o.fail(r, st, src, err, start)
		log.Warn("fetch failed", "error", err)
		return r
	}
	r.HTTP, r.MovedTo = resp.Status, resp.MovedTo
	if resp.NotModified {
		r.Status = StatusNotModified
		day.NotModified++
		o.succeed(st, src, resp, 0, start)
		return r
	}
	parsed, err := feed.Parse(resp.Body, feed.Options{
		URL: resp.URL, ContentType: resp.ContentType, Language: src.Language,
		Timezone: src.Timezone, Now: start,
	})
	if err != nil {
		o.fail(r, st, src, err, start)
		log.Warn("parse failed", "error", err)
		return r
	}
	o.succeed(st, src, resp, parsed.TTL, start)
	st.Items = len(parsed.Items)
	r.Status = StatusOK
	index, err := ix()
	if err != nil {
		r.Error, r.writeFailed = err.Error(), true
		forgetValidators(st)
		st.Backfilling = firstFetch
		return r
	}
	if parsed.Truncated {
		// The items after the cut are not in this copy: with its
		// validators kept, the server's 304s would hide them for good.
		log.Warn("the feed ends early: the items it has are read, and its next fetch asks for it whole", "bytes", len(resp.Body))
	}
	mayHold := st.HeldSince.IsZero() || start.Sub(st.HeldSince) < MaxHold
	o.writeItems(ctx, r, src, parsed, index, rank, firstFetch, mayHold, start, log)
	day.Written += r.Written
	switch {
	case r.Held == 0 && r.Left == 0: // a run cut short may not have reached them
		st.HeldSince = time.Time{}
	case r.Held > 0 && st.HeldSince.IsZero():
		st.HeldSince = start
	}
	// Not every item of the feed is in: a write failed, the run left
	// or held some, or the copy was cut.
	unfinished := r.writeFailed || r.Left > 0 || r.Held > 0 || parsed.Truncated
	if unfinished {
		forgetValidators(st)
	}
	if r.Left > 0 || r.Held > 0 {
		// Stopped (--timeout, Ctrl-C) before its items were done, or
		// held for a host: due at the next run, not after the feed's
		// interval.
		st.NextFetch = start
	}
	st.Backfilling = firstFetch && unfinished
	return r
}

// nowAllowed reports whether the feed's last run was refused for a
// private address that this run allows (--allow-private): due at once,
// not after the back-off of a failing feed.
func (o Options) nowAllowed(st *sources.FeedState) bool {
	return o.Client != nil && o.Client.opts.AllowPrivate && st.Failures > 0 &&
		strings.Contains(st.Error, ErrPrivateAddress.Error())
}

// forgetValidators makes the next request for the feed unconditional. It
// is used when the items of this copy were not all written: with the
// validators kept, the server would answer 304 and the items would never
// be tried again.
func forgetValidators(st *sources.FeedState) {
	st.ETag, st.LastModified = "", ""
}

func (o Options) fail(r *FeedResult, st *sources.FeedState, src *sources.Source, err error, now time.Time) {
	// Clipped: an error may quote what the server sent (a header of
	// 100 KB), and it is stored in feeds/state.json and printed.
	r.Status, r.Error = StatusFailed, text.Clip(err.Error(), maxError)
	var se *StatusError
	if errors.As(err, &se) {
		r.HTTP = se.Code
	}
	if st.URL != src.URL {
		// The validators came from the old URL: sent to the new one, they
		// could earn a 304 for a feed never fetched.
		forgetValidators(st)
	}
	st.URL, st.Status, st.Error = src.URL, r.HTTP, r.Error
	if st.Failures == 0 || st.FailingSince.IsZero() { // zero too in a state from before failing_since
		st.FailingSince = now
	}
	st.Failures++
	st.NextFetch = retryAt(now, src.MinInterval, st.Failures, err)
}

func (o Options) succeed(st *sources.FeedState, src *sources.Source, resp *Response, ttl time.Duration, now time.Time) {
	st.URL, st.Status, st.Error, st.Failures, st.FailingSince = src.URL, resp.Status, "", 0, time.Time{}
	st.MovedTo = resp.MovedTo
	st.LastSuccess = now
	// A 304 updates only the validators it repeats (RFC 9111 4.3.4): one
	// it omits is still the stored copy's.
	if !resp.NotModified || resp.ETag != "" {
		st.ETag = resp.ETag
	}
	if !resp.NotModified || resp.LastModified != "" {
		st.LastModified = resp.LastModified
	}
	st.NextFetch = nextFetch(now, src.MinInterval, resp.FreshUntil, ttl)
}
