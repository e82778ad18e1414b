package fetch

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"docket/internal/content"
	"docket/internal/feed"
	"docket/internal/sources"
	"docket/internal/text"
	"docket/internal/topic"
)

// writeItems takes a parsed feed's items through dedupe, selection,
// extraction and writing, counting each step in r. The feed is the
// rank-th of the run (see precedence).
//
// An item is claimed in the index only once this feed's selection keeps
// it. Claiming it before selecting (and releasing it when rejected) let
// another feed that runs at the same time and would keep the item see it
// as taken in between, so that neither feed wrote it.
//
// An item whose article's host asks to slow down is held for the next
// run, if mayHold, rather than written with the feed's summary: a file is
// never written again, so one 429 would cost every later item of the host
// its article text for good.
func (o Options) writeItems(ctx context.Context, r *FeedResult, src *sources.Source, f *feed.Feed, ix *index, rank int, firstFetch, mayHold bool, now time.Time, log *slog.Logger) {
	lang := cmp.Or(src.Language, f.Language)
	type candidate struct {
		it     *feed.Item
		key    sources.ItemRef
		ti     topic.Item
		res    topic.Result
		doubts []topic.Doubt
		keep   bool
	}
	var cands []candidate
	kept, announced := map[string]bool{}, 0
	for _, it := range newestFirst(f.Items) {
		if !o.Since.IsZero() && it.Published.Before(o.Since) {
			continue
		}
		key := itemRef(src.ID, it)
		if ix.has(key) {
			r.Seen++
			continue
		}
		if ix.isRemoved(key) || o.Review != nil && o.Review.Kept(it.ID) {
			// An editor deleted it: feeds/removed.yaml, or an item kept in
			// review whose file is gone, maybe before any fetch saw it.
			r.Removed++
			continue
		}
		if o.Review != nil && o.Review.Dropped(it.ID) {
			// An editor dropped it in review: a retitled item or a
			// change to the rules does not bring it back.
			r.New++
			continue
		}
		c := candidate{it: it, key: key, ti: topic.Item{ID: it.ID, Title: it.Title, Summary: it.Summary, Lang: text.WrittenIn(lang, it.Title)}}
		c.res, c.doubts, c.keep = o.classify(src, c.ti)
		// Announced: the kept items max_items lets this feed write. One it
		// leaves out is another feed's to write.
		if c.keep && announced < src.ItemCap() {
			announced++
			for _, k := range key.Keys() {
				kept[k] = true
			}
			kept[nameKey(entryFor(src, it, c.ti.Lang, topic.Result{}, now))] = true
		}
		cands = append(cands, c)
	}
	o.precedence.announce(rank, kept)
	r.queueCap = src.ItemCap()
	for _, c := range cands {
		it, key, res := c.it, c.key, c.res
		if ctx.Err() != nil {
			r.Left++ // the run's deadline passed: the next run takes it
			continue
		}
		if !c.keep {
			r.New++ // not in content/: another feed that selects it may still write it
			// Held for the queue, which takes at most what the feed may
			// write in a run (review): a feed of thousands of near misses
			// would fill it. Many more are held, as some are queued or
			// decided already; past that, memory bounds them.
			if len(c.doubts) > 0 && o.Review != nil && len(r.holds) < maxHoldsPerCap*r.queueCap {
				e := entryFor(src, it, c.ti.Lang, res, now)
				e.Backfilled = backfilled(src, it, firstFetch, now)
				r.holds = append(r.holds, held{e, it.Summary, res, c.doubts})
			}
			continue
		}
		if r.Written >= src.ItemCap() {
			r.New++
			r.Capped++
			continue
		}
		if o.precedence.before(ctx, rank, key) || !ix.claim(key) {
			r.Seen++ // a feed before this one in feeds.yaml keeps it, or took it meanwhile
			continue
		}
		rel, summaryOnly, err := o.writeItem(ctx, src, f, it, c.ti, res, firstFetch, mayHold, now, rank)
		switch {
		case err != nil && ctx.Err() != nil:
			ix.release(key)
			r.Left++
		case errors.Is(err, errHeld):
			ix.release(key)
			r.Held++
		case errors.Is(err, fs.ErrExist):
			// Its names are other files' (titles can be chosen to take
			// them): a skipped item, not a failed run, or one feed could
			// stop every scheduled fetch.
			ix.release(key)
			r.New++
			r.NameTaken++
			log.Warn("item not written: its file names are taken by other files", "item", it.URL, "error", err)
		case err != nil:
			ix.release(key)
			r.New++
			r.writeFailed, r.Error = true, err.Error()
			log.Error("write failed", "item", it.URL, "error", err)
		default:
			key.Path = rel
			ix.wrote(key)
			r.New++
			r.Written++
			if summaryOnly {
				r.Unextracted++
			}
		}
	}
}

// newestFirst orders items by date, newest first, so that a feed's
// max_items keeps the newest. An undated item (dated when first seen,
// so newer than any) stands where the feed put it: just after the dated
// item before it, first only when none is.
func newestFirst(items []feed.Item) []*feed.Item {
	type placed struct {
		it *feed.Item
		at time.Time
	}
	ps := make([]placed, len(items))
	var above time.Time // the last dated item's date, in the feed's order
	for i := range items {
		it := &items[i]
		ps[i] = placed{it, it.Published}
		switch {
		case !it.DateMissing:
			above = it.Published
		case !above.IsZero():
			ps[i].at = above
		}
	}
	slices.SortStableFunc(ps, func(a, b placed) int { return b.at.Compare(a.at) })
	out := make([]*feed.Item, len(ps))
	for i, p := range ps {
		out[i] = p.it
	}
	return out
}

// writeItem extracts and writes one new item that the selection kept; ti
// and res are the item as classified and the classification. It returns
// the file's path under content/, and whether the source wanted the
// article's text but the item got the feed's summary. The feed is the
// rank-th of the run.
func (o Options) writeItem(ctx context.Context, src *sources.Source, f *feed.Feed, it *feed.Item, ti topic.Item, res topic.Result, firstFetch, mayHold bool, now time.Time, rank int) (string, bool, error) {
	a := o.body(ctx, src, it)
	if err := ctx.Err(); err != nil {
		return "", false, err // the page was cut off by the deadline: the next run does it whole
	}
	if a.slowDown && mayHold {
		return "", false, errHeld
	}
	if a.title != "" {
		ti.Title = a.title
	}
	// The body as written: the rules judge, and their matches point into,
	// what the file keeps, as select will read it.
	a.body = text.ClipBody(a.body, maxBody)
	extracted := a.extracted != nil && *a.extracted
	if (extracted || a.title != "") && o.Classify != nil {
		if extracted {
			ti.Body = a.body
		}
		// The article's text and title give better topics and entities,
		// and the matches must point into the title the file keeps. A
		// source that keeps every item takes them whatever they select;
		// from another, an item its feed's words selected keeps those
		// words' selection when the article's would not.
		if again := o.Classify.Classify(ti); again.Selected() || src.Select == sources.SelectAll {
			res = again
		}
	}
	e := entryFor(src, it, ti.Lang, res, now)
	if a.title != "" {
		e.Title = a.title
	}
	e.Extracted = a.extracted
	e.Backfilled = backfilled(src, it, firstFetch, now)
	// The page fills in what the feed left out.
	if it.DateMissing && !a.published.IsZero() {
		p := a.published
		if a.floating && f.Location != nil {
			p = time.Date(p.Year(), p.Month(), p.Day(), p.Hour(), p.Minute(), p.Second(), 0, f.Location)
		}
		e.Date = sanitiseDate(p, now)
	}
	if e.Author == "" {
		e.Author = text.Clip(strings.TrimSpace(a.author), maxLine)
	}
	if a.document != "" {
		e.URL = a.document
	}
	names := content.NewsNames(e)
	if len(names) > 1 && o.precedence.beforeAny(ctx, rank, []string{nameKey(e)}) {
		names = names[1:] // an item of a feed before this one takes the first name
	}
	rel, err := content.CreateNewsAt(o.ContentDir, e, a.body, names...)
	return rel, a.read && a.document == "" && !*a.extracted, err
}

// backfilled: the item came with a feed's first fetch or is old.
func backfilled(src *sources.Source, it *feed.Item, firstFetch bool, now time.Time) bool {
	return firstFetch || it.Published.Before(now.AddDate(0, 0, -src.BackfillDays))
}

// classify returns the rules' result, the topics they were unsure of (only
// when there is a Reviewer to ask) and whether the item is kept.
func (o Options) classify(src *sources.Source, ti topic.Item) (topic.Result, []topic.Doubt, bool) {
	if o.Classify == nil {
		return topic.Result{}, nil, true
	}
	if u, ok := o.Classify.(Unsurer); ok && o.Review != nil && src.Select != sources.SelectAll {
		res, doubts := u.Unsure(ti)
		return res, doubts, res.Selected()
	}
	res := o.Classify.Classify(ti)
	return res, nil, src.Select == sources.SelectAll || res.Selected()
}

// article is what the item's link gave: the Markdown under the front
// matter, whether it came from the article page (nil: the source asked for
// no body), and what the page said of its date and author.
type article struct {
	body      string
	extracted *bool
	published time.Time
	floating  bool // published has no zone of its own (Page.Floating)
	author    string
	document  string // the URL of a regulator's PDF behind the link
	title     string // the page's title, when the feed's names something else
	read      bool   // the page was asked for
	slowDown  bool   // its host asked not to be asked now (SlowDown)
}

// body fetches and extracts the item's page when the source asks for it;
// anything short of a usable article leaves the feed's summary.
func (o Options) body(ctx context.Context, src *sources.Source, it *feed.Item) article {
	if src.Extract == sources.ExtractNone {
		return article{}
	}
	a := article{body: it.Summary, extracted: ptr(false)}
	if src.Extract != sources.ExtractFull || o.Extract == nil || it.URL == "" {
		return a
	}
	a.read = true
	log := o.Log.With("feed", src.ID) // as the feed's own lines say
	resp, err := o.Client.Get(ctx, Request{URL: it.URL, Accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"})
	if err != nil {
		log.Warn("article fetch failed", "url", it.URL, "error", err)
		a.slowDown = SlowDown(err)
		return a
	}
	page, err := o.Extract(resp.Body, resp.ContentType, resp.URL, FeedText{Title: it.Title, Summary: it.Summary})
	var notPage *NotPageError
	switch {
	case errors.As(err, &notPage) && notPage.Document && src.Kind == sources.KindRegulator && len(resp.URL) <= maxURL:
		log.Info("article link is a primary document: kept as the item's url, with the feed's summary", "url", resp.URL, "content_type", notPage.ContentType)
		a.document = resp.URL
		return a
	case errors.As(err, &notPage):
		log.Info("article link is not an HTML page: kept, with the feed's summary", "url", resp.URL, "content_type", notPage.ContentType)
		return a
	case err != nil:
		log.Warn("extract failed", "url", it.URL, "error", err)
		return a
	}
	a.published, a.floating, a.author = page.Published, page.Floating, page.Author
	if page.Title != "" {
		log.Info("the feed's title names something else than the article: the page's title is kept", "url", resp.URL, "feed_title", it.Title, "page_title", page.Title)
		a.title = text.Clip(text.CleanText(page.Title), maxLine)
	}
	if page.Usable && strings.TrimSpace(page.Markdown) != "" {
		a.body, a.extracted = page.Markdown, ptr(true)
	}
	return a
}

func entryFor(src *sources.Source, it *feed.Item, lang string, res topic.Result, now time.Time) *content.Entry {
	e := &content.Entry{
		ID: it.ID, Title: text.Clip(it.Title, maxLine), Date: sanitiseDate(it.Published, now), Source: src.Title,
		Feed: src.ID, URL: it.URL, GUID: it.GUID, Author: text.Clip(it.Author, maxLine), Lang: lang,
		Fetched: now.UTC().Truncate(time.Second), Summary: summaryOf(it.Summary),
		Topics: res.Topics, Entities: res.Entities, Jurisdictions: res.Jurisdictions,
		RulesTagged: slices.Concat(res.Entities, res.Jurisdictions),
	}
	for _, m := range res.Matched {
		e.Matched = append(e.Matched, content.Match(m))
	}
	return e
}

// sanitiseDate keeps a hostile or broken date from naming a folder far in
// the future or before the web.
func sanitiseDate(t, now time.Time) time.Time {
	if t.After(now.Add(48*time.Hour)) || t.Year() < 1995 {
		return now.UTC().Truncate(time.Second)
	}
	// Whole seconds, as front matter is written: an undated item's date
	// is the clock's, to the nanosecond.
	return t.Truncate(time.Second)
}

const maxSummary = 300 // runes

// maxHoldsPerCap bounds the near misses a feed holds in a run, in items
// it may queue.
const maxHoldsPerCap = 20

// What a feed may put in one file. The build refuses an entry over 2 MiB
// (projfile.MaxEntry), so a hostile feed must not write one: a title or
// an author is a line, a body at most maxBody bytes.
const (
	maxLine = 500 // runes
	maxBody = 1 << 20
	// maxURL bounds a URL that a redirect gives (a document's, a feed's
	// new address), as the feed package bounds an item's link: a
	// redirect's Location may run to megabytes.
	maxURL = 4 << 10
)

// summaryOf is the first paragraph of the summary, cut at a sentence end
// within maxSummary runes.
func summaryOf(s string) string {
	s, _, _ = strings.Cut(s, "\n\n")
	r := []rune(s)
	if len(r) <= maxSummary {
		return s
	}
	cut := string(r[:maxSummary])
	if i := strings.LastIndexAny(cut, ".!?。！？"); i > len(cut)/3 {
		_, size := utf8.DecodeRuneInString(cut[i:])
		return cut[:i+size]
	}
	return text.Clip(s, maxSummary)
}

func ptr[T any](v T) *T { return &v }

// errHeld is writeItem's answer for an item held for the next run.
var errHeld = errors.New("held: the article's host asked to slow down")

// MaxHold is how long a feed's items may be held for their articles'
// host (since the first run that held some): after it they are written
// with the feed's summary, before they leave the feed.
const MaxHold = 24 * time.Hour
