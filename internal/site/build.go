// Package site renders content/ into the static site in public/.
//
// A build runs in named phases, and an error names its phase:
//
//	load    site.yaml, feeds/topics.yaml and entities.yaml, every content file
//	index   published entries sorted once; taxonomies and timelines sliced from them
//	render  pages, feeds, sitemap and data files, in parallel, into a folder
//	        beside public/ (the site before last, see publish.go)
//	publish the folder takes public/'s place by two renames, and the old
//	        site is kept as the spare for the next build
//
// A build that fails in any phase leaves public/ as it was.
package site

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/yuin/goldmark"

	"docket/internal/content"
	"docket/internal/publish"
	"docket/internal/search"
)

// Options say what to build and where.
type Options struct {
	Root    string // project folder holding content/, templates/, feeds/
	Out     string // output folder; default Root/public
	BaseURL string // overrides base_url in content/site.yaml
	Drafts  bool   // publish entries marked draft: true
	// NoTemplates loads the entries and their stories without reading
	// templates/, for commands that only read the model (docket stories):
	// such a Site cannot render, and its stories keep each report's
	// signals (why it joined), which a rendering site has no use for.
	NoTemplates bool

	Version    string    // docket's version, for build.json
	SourceDate time.Time // SOURCE_DATE_EPOCH, zero when unset: build.json's build time, and the status page's "now" if later than the state's

	// Progress, when set, is told what a long build is doing: the phase
	// ("load", "render", "publish"; Check's "links", once), how much of
	// it is done (files read, pages made, files published; the site's
	// files, whose links are checked) and of how much, where that is
	// known ahead (the pages to make; else 0), from one goroutine at a
	// time. The load's last report is its entries, done and total both:
	// the files read include pages, cases and drafts.
	Progress func(phase string, done, total int)
	// Publishing, when set, is called as the published site starts to
	// change, and what it returns once it is whole again: the command
	// holds Ctrl-C off in between, which would leave a patched site half
	// old and half new until the next build.
	Publishing func() (done func())

	// oneShot is set by Build, Render and Check, which render the loaded
	// site once and never Update it: what only an update would use (the
	// cache of clustering inputs, storyupdate.go) is not kept while
	// loading.
	oneShot bool
	// published is set by Build, whose site is let go once written:
	// nothing asks where an entry's keys stand after the checks (docket
	// check's notes on stories do, through Check), so entries forget
	// it (see dropPreview).
	published bool
	// leanFrom is the number of entries from which Build's items let
	// their documents go (see Site.lean); 0 means leanFrom, the const.
	leanFrom int
	// cache is the build cache of the output, set by Build and Check.
	cache *cacheRun
	// docs is the load cache of the output (loadcache.go), set by Build
	// and Check.
	docs *content.Cache
}

// progress calls opts.Progress if it is set.
func (opts Options) progress(phase string, done, total int) {
	if opts.Progress != nil {
		opts.Progress(phase, done, total)
	}
}

// Result reports what a build made.
type Result struct {
	Entries int // published news items and events
	Files   int // files written
	Spills  int // runs of search postings written to the scratch folder
	// IndexAppended is how many documents the search index appended to
	// the last build's (indexcache.go); 0 when every entry was merged.
	IndexAppended int
	Kept          int // pages kept from the last build (buildcache.go)
	RowsCopied    int // rows of the data files copied from the last build's (rows.go)
	// Patched: the published site was patched in place (publish/patch.go),
	// Staged files of it written.
	Patched bool
	Staged  int
	// Uncached names, by page kind, what templates use that the build
	// cache does not cover, for which every page of the kind is rendered.
	Uncached map[string][]string
	CacheErr error // the build cache could not be used or saved
	// Content files taken from the load cache (loadcache.go), and how
	// many of them were read to tell, or taken on git's word.
	Unparsed, Hashed, Git int
	DocsErr               error // the load cache could not be saved

	// How long each phase took; Render includes index.
	Load, Render, Publish time.Duration

	// Broken are Check's broken links, one message each, sorted, and
	// PagesRead the pages it read for them; RecordErr says why the
	// links record (linksrecord.go) could not be kept.
	Broken    []string
	PagesRead int
	RecordErr error
	// output are the files Check made, and where each is.
	output []publish.File

	// Site is what Render rendered, for callers that report on it
	// without loading the project again; nil from Build and Check.
	Site *Site
}

// builder renders the outputs of one model.
type builder struct {
	m       *model
	md      goldmark.Markdown
	tmpl    templates
	cards   cardStore
	chromes sync.Map // rendered chrome by key, see Page.Chrome
	// Feed entries by item, marshalled once: an item is in many feeds.
	atomEntries, jsonItems sync.Map
	summaries              sync.Map       // made from bodies, by item
	tokens                 *search.Merger // the search index's, see searchIndex
	spilled                int            // runs of postings written to the scratch folder
	opts                   Options        // the root, for the status page
	// oneShot is set by writeAll, which renders every output once: what
	// only a second rendering would need may be let go (indexParts).
	oneShot bool
	// whole is held by the renders of the files that grow with the whole
	// archive (alone): one at a time, not one a worker.
	whole sync.Mutex
	// cache is the build cache's run (buildcache.go); nil when the
	// output has none (a Render, or a Check with no site to start from).
	cache *cacheRun
	// lent holds the buffers of pages that page() handed writeAll
	// without a copy, by their first byte, until writeAll gives them back.
	lent sync.Map
}

// Build renders the site into opts.Out, replacing it only on success.
func Build(opts Options) (*Result, error) {
	out, err := outPath(opts)
	if err != nil {
		return nil, err
	}
	f, err := publish.Begin(out)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	defer f.Close()
	opts.published = true
	cache, err := openCache(publish.CachePath(out))
	if err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	defer cache.close()
	opts.cache = cache
	opts.docs = loadCache(opts.Root, out)
	res, err := render(opts, f.Writer())
	if err != nil {
		return nil, err
	}
	// Like the build cache's, a load cache that cannot be saved costs
	// the next build time, and is said, not a failed build.
	if c := opts.docs; c != nil {
		res.Unparsed, res.Hashed, res.Git, res.DocsErr = int(c.Stat.Load()+c.Git.Load()+c.Hashed.Load()), int(c.Hashed.Load()), int(c.Git.Load()), c.Err
	}
	opts.progress("publish", res.Files, 0)
	start := time.Now()
	if opts.Publishing != nil {
		defer opts.Publishing()()
	}
	// The cache describes the published site: gone while it changes, so
	// that a build killed in between renders every page next time.
	if err := cache.forget(); err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	if err := f.Publish(); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	// The site is published: a cache that cannot be saved costs the next
	// build time, and is said, not a failed build.
	if err := cache.save(f.Writer().Restat); err != nil {
		res.CacheErr = err
	}
	res.Publish = time.Since(start)
	return res, nil
}

// outPath is the folder a build of opts publishes: absolute, and with
// links followed (public/ may be a link to where a web server reads:
// the build swaps the folder it points to and leaves the link alone).
func outPath(opts Options) (string, error) {
	out := opts.Out
	if out == "" {
		out = filepath.Join(opts.Root, "public")
	}
	if real, err := filepath.EvalSymlinks(out); err == nil {
		out = real
	}
	// An absolute path: the folder is walked and its paths compared with
	// what was written, and "./public" walks as "public".
	out, err := filepath.Abs(out)
	if err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	return out, outsideInputs(opts.Root, out)
}

// Check renders the site as a build of opts.Out would, with the build
// and load caches of the site published there, into dir (which must
// exist and be empty), and checks its links (Result.Broken): docket
// check. A page the build cache keeps is read where it was published,
// not written again, so a check costs what changed since the build,
// not a whole render. The published site and its caches are left as
// they were. opts.BaseURL, when empty, is the one the published site
// was built with, if any. With no published site to start from (none,
// or a build running), everything is rendered into dir. rendered, if not
// nil, is given the site before its pages are read for links: Check lets
// it go then (at a million entries its model is ~1 GB, and reading the
// links of 1.3 million files takes ~0.5 GB more), and Result.Site is nil.
func Check(opts Options, dir string, rendered func(*Site)) (*Result, error) {
	out, err := outPath(opts)
	if err != nil { // an output folder build would refuse
		return nil, err
	}
	f, err := publish.Trial(out, dir)
	if err != nil && !errors.Is(err, publish.ErrNoTrial) {
		return nil, err
	}
	// The build's base path, with its lock held or not: links checked
	// under another one would be another check.
	if m, ok := publish.Published(out); ok {
		opts.BaseURL = cmp.Or(opts.BaseURL, m.BaseURL)
	}
	if f == nil {
		return renderChecked(opts, publish.NewWriter(dir, false), "", rendered)
	}
	defer f.Close() // the lock keeps builds out until the pages are read
	w := f.Writer()
	tmp, err := w.Scratch()
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if opts.cache, err = readCache(publish.CachePath(out), tmp); err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	defer opts.cache.close()
	if opts.docs = loadCache(opts.Root, out); opts.docs != nil {
		opts.docs.ReadOnly = true
	}
	return renderChecked(opts, w, publish.LinksPath(out), rendered)
}

// renderChecked renders through w, gives the site to rendered (if not
// nil) and lets it go, and checks the links of what it made, with the
// links record at record ("" for none); the result is there also when
// the pages could not be read.
func renderChecked(opts Options, w *publish.Writer, record string, rendered func(*Site)) (*Result, error) {
	res, err := render(opts, w)
	if err != nil {
		return nil, err
	}
	conf := res.Site.Config()
	var watched weak.Pointer[model]
	if testHookLinks != nil {
		watched = weak.Make(res.Site.b.m)
	}
	if rendered != nil {
		rendered(res.Site)
	}
	res.Site = nil
	if testHookLinks != nil {
		testHookLinks(watched)
	}
	res.output = w.Files()
	opts.progress("links", len(res.output), 0)
	res.Broken, res.PagesRead, res.RecordErr, err = checkRecorded(res.output, conf.BasePath(), record)
	return res, err
}

// outsideInputs refuses an output folder that is the project, holds it,
// or lies in its inputs or its git folder: publishing swaps the output
// folder away whole and reuses the old one as scratch.
func outsideInputs(root, out string) error {
	r, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	r, out = resolved(r), resolved(out)
	if within(out, r) {
		return fmt.Errorf("output folder %s holds the project %s, which a build would replace: choose a folder beside content/ (the default is public/)", filepath.ToSlash(out), filepath.ToSlash(r))
	}
	for _, in := range []string{"content", "templates", "feeds", ".git"} {
		if within(filepath.Join(r, in), out) {
			return fmt.Errorf("output folder %s is in the project's %s/, which a build would replace: choose a folder outside content/, templates/ and feeds/ (the default is public/)", filepath.ToSlash(out), in)
		}
	}
	return nil
}

// resolved is p with its links followed, as far as the path exists.
func resolved(p string) string {
	if real, err := filepath.EvalSymlinks(p); err == nil {
		return real
	}
	if dir := filepath.Dir(p); dir != p {
		return filepath.Join(resolved(dir), filepath.Base(p))
	}
	return p
}

// within reports whether p is dir or inside it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && filepath.IsLocal(rel)
}

// Render runs every phase but publish, writing the site into dir (which
// must exist and be empty: see publish.Writer.Settle).
func Render(opts Options, dir string) (*Result, error) {
	return render(opts, publish.NewWriter(dir, false))
}

func render(opts Options, w *publish.Writer) (*Result, error) {
	start := time.Now()
	// Loading allocates much and keeps little while the heap is still
	// small, so the collector would run every few megabytes. A ballast,
	// memory the collector counts but nothing ever touches (so it costs
	// address space, not RAM), holds it off until the heap is worth
	// collecting; it is garbage once the load is done.
	ballast := make([]byte, 32<<20)
	opts.progress("load", 0, 0)
	opts.oneShot = true
	s, err := loadWatched(opts)
	runtime.KeepAlive(ballast)
	if err != nil {
		return nil, err
	}
	loaded := time.Now()
	s.dropPreview()
	opts.progress("load", len(s.b.m.items), len(s.b.m.items))
	// Postings and cards go to a scratch folder beside the build's,
	// removed on every way out (and by the next build after a kill).
	var patched bool
	spillDir, err := w.Scratch()
	if err != nil {
		return nil, fmt.Errorf("build: temporary folder: %w", err)
	}
	defer os.RemoveAll(spillDir)
	cards, err := newCardFile(spillDir, cardMemory)
	if err != nil {
		return nil, fmt.Errorf("build: cards: %w", err)
	}
	defer cards.close()
	s.oneShot(cards)
	if opts.cache != nil {
		opts.cache.rows.open = w.OpenKept
		if err := opts.cache.start(s.b, w.Trusted); err != nil {
			return nil, fmt.Errorf("build cache: %w", err)
		}
		s.b.cache = opts.cache
		// With most pages to keep, patch the published site rather than
		// write a whole one.
		if opts.cache.prev != nil {
			if patched, err = w.Patch(); err != nil {
				return nil, fmt.Errorf("publish: %w", err)
			}
		}
	}
	s.storiesPlaced()
	if c := s.b.cache; c != nil && !c.off {
		c.cardKeys(s.b.m.items)
	}
	s.b.tokens.Limit(maxTokensAhead)
	s.b.tokens.SpillTo(spillDir, postingsBudget)
	if err := writeWatched(s, w, opts); err != nil {
		return nil, err
	}
	res := &Result{Entries: len(s.b.m.items), Spills: s.b.spilled, Load: loaded.Sub(start), Patched: patched}
	cache, hashed := s.b.cache, s.hashed
	var watched weak.Pointer[model]
	if testHookSettle != nil {
		watched = weak.Make(s.b.m)
	}
	// A build lets the model go here, s unused from now on, before the
	// pages' records are read: at a million entries the model is ~1 GB,
	// the records ~0.4 GB. check reads the model after.
	if !opts.published {
		res.Site = s
	}
	if cache != nil {
		cache.rendered()
	}
	in := <-hashed
	if in.err != nil {
		return nil, fmt.Errorf("manifest: %w", in.err)
	}
	outputs, files := w.OutputsHash()
	m := publish.Manifest{Docket: cmp.Or(opts.Version, "unknown"), BaseURL: opts.BaseURL, Drafts: opts.Drafts,
		Inputs: in.sum, Outputs: outputs, Files: files}
	if !opts.SourceDate.IsZero() {
		m.BuildTime = opts.SourceDate.UTC()
	}
	manifest, err := m.Marshal()
	if err != nil {
		return nil, err
	}
	if err := w.Write(publish.ManifestPath, manifest); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if testHookSettle != nil {
		testHookSettle(watched)
	}
	if err := w.Settle(); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	res.Files, res.Render, res.Staged = files, time.Since(loaded), w.Staged()
	if c := cache; c != nil {
		res.Kept, res.Uncached, res.CacheErr = int(c.kept.Load()), c.unkeyed, c.err
		res.IndexAppended = c.index.from
		res.RowsCopied = int(c.rows.copied.Load())
	}
	return res, nil
}

// testHookSettle, if set, is given the model as the output is about to
// settle, by a reference that does not keep it; testHookLinks as Check,
// told where the render went, starts reading links.
var testHookSettle, testHookLinks func(weak.Pointer[model])

// storiesPlaced waits for the stories Load began to cluster, and gives
// them to the items.
func (s *Site) storiesPlaced() {
	if s.placeStories != nil {
		s.placeStories()
		s.placeStories = nil
	}
}

// inputsHash is the hash of a project's inputs, for its manifest.
type inputsHash struct {
	sum string
	err error
}

// hashInputs hashes content/, feeds/ and templates/ under root on a
// goroutine of its own, taking the sum of each entry in sums (as it was
// read) instead of reading it again.
func hashInputs(root string, sums *sumTable) <-chan inputsHash {
	c := make(chan inputsHash, 1)
	go func() {
		sum, _, err := publish.TreeHashKnown(root, sums.known, "content", "feeds", "templates")
		c <- inputsHash{sum, err}
	}()
	return c
}

// maxTokensAhead is how many entries' search tokens may wait for the
// merge in a build (search.Merger.Limit): enough to keep every worker
// busy, few enough that the maps waiting are little. At 256 they were
// ~6 MB of a 10,000-entry build's 80 MB live at its peak, and ~14 MB of
// its peak resident size (the collector lets the heap grow to twice
// what is live); 64 and 32 took no longer (A/B, 5 runs each).
const maxTokensAhead = 64

// oneShot lets go of what the site keeps only for the preview server to
// update the model after an edit, which a build that renders once never
// does: the last clustering and its inputs (a copy of every entry's
// title, summary and IDs in plain text) and the map of every output by
// path (writeAll plans its own). The builder keeps its cards in cards
// instead of the preview's cache.
func (s *Site) oneShot(cards cardStore) {
	s.dropPreview()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.cards = cards
}

// dropPreview lets go of the preview's state (see oneShot) as soon as the
// load is done, before the render allocates its own. The documents by
// path, which the preview looks up on every save, become one sorted list
// (~50 B an entry less), and in a build they forget where their keys
// stand: the checks that locate problems with them have passed.
func (s *Site) dropPreview() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stories, s.inputs, s.outs = nil, nil, nil
	if s.docs == nil {
		return
	}
	rels := s.rels
	if rels == nil {
		rels = slices.Sorted(maps.Keys(s.docs))
	}
	loaded := make([]*content.Doc, len(rels))
	for i, rel := range rels {
		loaded[i] = s.docs[rel]
		if s.err == nil && s.opts.published {
			loaded[i].ForgetSpots()
		}
	}
	s.sums = s.loadSums
	if s.sums == nil {
		s.sums = newSumTable(loaded)
	}
	s.docs, s.rels = nil, nil
}

// postingsBudget is about how many bytes of search postings (lists and
// vocabulary) a build holds before it writes them to a run in the
// temporary folder and starts afresh (internal/search/spill.go): 10,000
// entries of `docket synth` write two runs, which cost no measurable
// CPU against a budget that writes none.
var postingsBudget = 32 << 20 // a var: tests make it tiny

// progressEvery is how often a long phase tells opts.Progress how far
// it is; a var: tests make it short.
var progressEvery = 200 * time.Millisecond

// loadWatched is Load, telling opts.Progress how many entries are read
// a few times a second: a million take minutes.
func loadWatched(opts Options) (*Site, error) {
	c := opts.docs
	if opts.Progress == nil || c == nil {
		return Load(opts)
	}
	var s *Site
	err := watch(func() (err error) {
		s, err = Load(opts)
		return err
	}, func() { opts.progress("load", c.Loaded(), 0) })
	return s, err
}

// writeWatched is writeAll, telling opts.Progress how many of its pages
// are made a few times a second, and once at the end.
func writeWatched(s *Site, w *publish.Writer, opts Options) error {
	if opts.Progress == nil {
		return s.writeAll(w, nil)
	}
	var pages renderCount
	report := func() { opts.progress("render", int(pages.done.Load()), int(pages.total.Load())) }
	err := watch(func() error { return s.writeAll(w, &pages) }, report)
	report()
	return err
}

// watch runs f in a goroutine of its own, calling report every
// progressEvery from this one until f returns.
func watch(f func() error, report func()) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-tick.C:
			report()
		}
	}
}

// renderCount is how many of a render's pages are made, rendered or
// kept from the last build, of how many: known once the render is planned.
type renderCount struct{ done, total atomic.Int64 }

// writeAll renders every output through w, counting its pages in pages
// if that is not nil. Jobs run in parallel and each writes its own
// file, so only the pages being rendered are in memory.
func (s *Site) writeAll(w *publish.Writer, pages *renderCount) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.err != nil {
		return s.err
	}
	s.b.oneShot = true
	// The entry pages' outputs, the plan's first, are made as they are
	// rendered: planned, each was an output and a closure, ~60 B an
	// entry for the whole render.
	items := s.b.m.items
	rest := s.b.planRest()
	n := len(items) + len(rest)
	w.Expect(n + 64) // and the assets
	if pages != nil {
		pages.total.Store(int64(n))
	}
	if s.b.cache != nil {
		s.b.cache.plan(n, len(items))
	}
	streams := map[string]func(io.Writer) error{}
	for _, st := range s.b.streams() {
		streams[st.path] = st.fill
	}
	// One job an output and one for the assets, by index: a closure an
	// output would be ~60 B an entry for the whole render.
	job := func(i int) error {
		if i == n {
			return w.CopyDir(s.AssetsDir(), "/assets/")
		}
		if pages != nil {
			defer pages.done.Add(1)
		}
		var o output
		if i < len(items) {
			o = s.b.entryOutput(s.b.docItem(i)) // oldest first, see plan
		} else {
			// Each output is rendered once: let go of its render
			// function, and with the last of a listing's the listing it
			// holds.
			o = rest[i-len(items)]
			rest[i-len(items)] = output{}
		}
		if s.b.cache != nil {
			return s.b.writeCachedOutput(w, i, o, streams[o.path])
		}
		return s.b.writeOutput(w, o, streams[o.path])
	}
	if err := runEach(n+1, job); err != nil {
		return fmt.Errorf("render:\n%w", err)
	}
	return nil
}

// writeOutput renders an output and writes it, as it is made if it is
// a stream (fill).
func (b *builder) writeOutput(w *publish.Writer, o output, fill func(io.Writer) error) error {
	if fill != nil {
		return w.Stream(o.path, fill)
	}
	data, err := o.render()
	if err != nil {
		return err
	}
	err = w.Write(o.path, data)
	b.giveBack(data)
	return err
}

// writeCachedOutput is writeOutput for a build with a cache: an entry
// page (the plan starts with them, oldest first) or a listing's
// numbered page (which has a key) is kept when its key is unchanged.
func (b *builder) writeCachedOutput(w *publish.Writer, i int, o output, fill func(io.Writer) error) error {
	if i < len(b.m.items) {
		defer b.cache.entryDone()
		it := b.docItem(i) // oldest first, see plan
		return b.writeCached(w, i, o, fill, "entry", func() ([sha256.Size]byte, error) { return b.entryKey(it) },
			func(r pageRecord) error { return b.keptTokens(it, r.Tokens) })
	}
	if k := o.keyed; k != nil {
		return b.writeCached(w, i, o, fill, k.kind, k.key, nil)
	}
	if fill != nil && !b.cache.off { // the data files' rows need the file's Kept
		k, ok, err := w.StreamKept(o.path, fill)
		b.cache.streamed(o.path, k, ok && err == nil)
		return err
	}
	return b.writeOutput(w, o, fill)
}

// output is one file of the site and the function that makes it.
type output struct {
	path   string // site path; a path ending in / means path/index.html
	render func() ([]byte, error)
	// keyed, when set, says what the output is made from beyond the
	// build key: the build cache keeps an output whose key is unchanged.
	keyed *keyedOutput
}

// keyedOutput is an output's key and page kind (see cacheRun.unkeyed).
// A fresh output is rendered whatever its key; the key is recorded for
// the next build.
type keyedOutput struct {
	kind  string
	key   func() ([sha256.Size]byte, error)
	fresh bool
}

// plan lists every output of the site. Nothing is rendered yet: a build
// renders them all, the preview server only those a browser asks for.
// The entry pages come first, oldest first, then planRest's: an entry
// page's place in the plan is its search document (docItem), the order
// the index merges their tokens in (search.Merger).
func (b *builder) plan() []output {
	outs := make([]output, 0, len(b.m.items))
	for d := range b.m.items {
		outs = append(outs, b.entryOutput(b.docItem(d)))
	}
	return append(outs, b.planRest()...)
}

// entryOutput is the output of an item's entry page.
func (b *builder) entryOutput(it *Item) output {
	return output{it.URL, func() ([]byte, error) { return b.entryPage(it) }, nil}
}

// planRest is the plan after the entry pages.
func (b *builder) planRest() []output {
	m := b.m
	var outs []output
	for _, it := range m.pages {
		outs = append(outs, output{it.URL, func() ([]byte, error) { return b.staticPage(it) }, nil})
	}
	// The search files next: the entry pages have handed in their tokens
	// by then, and a build lets the postings go once the files are
	// written (indexParts), before the listings fill the card cache and
	// the data files are rendered.
	outs = append(outs, b.searchOutputs()...)
	home, head := newListing(m.home, m.site.FeedSize, listing)
	outs = append(outs, b.paginate(Page{Kind: "home", Path: "/", Title: m.site.Title, Description: m.site.Description, Feeds: b.feedLinks("/", "")}, home)...)
	outs = append(outs, b.feeds("/", "", head)...)
	outs = append(outs, b.storyOutputs()...)
	for _, st := range b.exports() {
		outs = append(outs, output{st.path, b.alone(st.whole), nil})
	}
	outs = append(outs,
		output{"/404.html", func() ([]byte, error) { return b.page(&Page{Kind: "404", Path: "/404.html", Title: "Not found"}) }, nil},
		output{"/robots.txt", b.robots, nil},
		output{"/data/terms.json", b.termsJSON, nil},
	)
	outs = append(outs, b.status()...)
	outs = append(outs, b.caseOutputs()...)
	outs = append(outs, b.fineOutputs()...)
	for _, y := range m.years {
		year, _ := newListing(b.yearItems(y), 0, listing)
		outs = append(outs, b.paginate(Page{Kind: "archive", Path: archivePath(y), Title: strconv.Itoa(y), Year: y}, year)...)
	}
	for _, t := range m.taxes {
		outs = append(outs, output{t.URL(), func() ([]byte, error) {
			return b.page(&Page{Kind: "terms", Path: t.URL(), Title: t.Title, Taxonomy: t})
		}, nil})
		for _, tm := range t.Terms {
			p := Page{Kind: "term", Path: tm.URL(), Title: tm.Name, Description: tm.Description, Taxonomy: tm.tax, Term: tm,
				Feeds: b.feedLinks(tm.URL(), tm.Name)}
			items, head := newListing(tm.Items, m.site.FeedSize, ownListing)
			outs = append(outs, b.paginate(p, items)...)
			outs = append(outs, b.feeds(tm.URL(), tm.Name, head)...)
		}
	}
	return outs
}

// stream is an output that grows with the whole archive and is written
// as it is made: a build writes it through publish.Writer.Stream, never
// whole in memory; the preview server renders it whole (whole).
type stream struct {
	path string
	fill func(io.Writer) error
}

func (st stream) whole() ([]byte, error) {
	var buf bytes.Buffer
	err := st.fill(&buf)
	return buf.Bytes(), err
}

// streams are the outputs written as they are made: the sitemap, the
// data exports, the fines page and its export, and data/stories.json.
func (b *builder) streams() []stream {
	return slices.Concat(b.exports(), b.fineStreams(), []stream{b.storiesStream()})
}

func (b *builder) exports() []stream {
	return append(b.sitemap(), stream{"/data/items.json", b.itemsJSON}, stream{"/data/items.csv", b.itemsCSV})
}

// alone makes a render of a file that grows with the whole archive (the
// data files, the sitemap, the fines page) wait for any other
// such render to finish. Each is rendered whole, in copies (cards, the
// page, the page with its links rewritten), and the workers would
// otherwise take them all at once, since the plan lists them together:
// at the build's peak that is most of its memory on a large site. The
// other workers go on with the many small pages meanwhile.
func (b *builder) alone(render func() ([]byte, error)) func() ([]byte, error) {
	return func() ([]byte, error) {
		b.whole.Lock()
		defer b.whole.Unlock()
		return render()
	}
}

func archivePath(year int) string { return "/archive/" + strconv.Itoa(year) + "/" }

// yearItems are the entries of a year, newest first: a run of the
// timeline, which is in order of the dates as written (sortNewestFirst),
// found by its ends rather than by reading every entry for every year.
func (b *builder) yearItems(year int) []*Item {
	items := b.m.items
	from := sort.Search(len(items), func(i int) bool { return items[i].Date.Year() <= year })
	to := from + sort.Search(len(items)-from, func(i int) bool { return items[from+i].Date.Year() < year })
	return slices.Clone(items[from:to])
}

// writePage is page() written as it is made (rootWriter).
func (b *builder) writePage(w io.Writer, p *Page) error {
	b.newPage(p).setHead()
	rw := newRootWriter(w, template.HTMLEscapeString(cmp.Or(p.root, "./")))
	if err := b.tmpl.execute(rw, p); err != nil {
		return err
	}
	return rw.Close()
}

// cardRoot stands for the root prefix in cards, which are rendered once
// and shown on pages at every depth; page() puts in the real prefix. It
// holds a part drawn at random once a process, which never reaches the
// output: an entry cannot write it, so page() rewrites only what the
// templates put there, never text that came from content.
var cardRoot = "__docket_root_" + rand.Text() + "__/"

// card renders an item's timeline card, or takes it from the cache. A
// story's head shows its story's card: the preview keeps that by the
// story, whose other reports change without the head's document; a
// one-shot build's card file keeps it by the head, as any card (a head's
// own card is never kept: PlainCard renders it each time), within the
// file's memory budget, rather than every story's in memory for the
// whole render (~130 MB at a million entries).
func (b *builder) card(it *Item) (template.HTML, error) {
	if st := it.Leads(); st != nil && b.cardFile() == nil {
		return b.storyCard(st, it)
	}
	deps := depsOf(it)
	if h, ok := b.cards.get(it, deps); ok {
		return h, nil
	}
	h, err := b.renderCard(it)
	if err != nil {
		return "", err
	}
	b.cards.put(it, deps, h)
	return h, nil
}

// renderCard renders an item's card, for pages at any depth (cardRoot).
func (b *builder) renderCard(it *Item) (template.HTML, error) {
	p := b.newPage(&Page{Kind: "home"})
	p.root = cardRoot
	return b.tmpl.cardHTML(Card{Page: p, Item: it})
}

// cardFile is the card file an item's card (as card gives it: a story's
// head's is its story's) is kept in, if a build keeps it there.
func (b *builder) cardFile() *cardFile {
	f, _ := b.cards.(*cardFile)
	return f
}

// cardLen is the length of an item's card (as card gives it), made and
// kept if it is not yet; a card in the card file is not read.
func (b *builder) cardLen(it *Item) (int, error) {
	if f := b.cardFile(); f != nil {
		if n, ok := f.size(it); ok {
			return n, nil
		}
	}
	h, err := b.card(it)
	return len(h), err
}

// appendCard appends an item's card (as card gives it) to dst; from the
// card file it is read straight into dst.
func (b *builder) appendCard(dst []byte, it *Item) ([]byte, error) {
	if f := b.cardFile(); f != nil {
		if out, ok := f.appendTo(dst, it); ok {
			return out, nil
		}
	}
	h, err := b.card(it)
	return append(dst, h...), err
}

// chrome renders a template for a stand-in page, or takes it from the cache.
func (b *builder) chrome(key chromeKey, page func() *Page) (template.HTML, error) {
	if h, ok := b.chromes.Load(key); ok {
		return h.(template.HTML), nil
	}
	var sb strings.Builder
	if err := b.tmpl["home"].ExecuteTemplate(&sb, key.name, page()); err != nil {
		return "", err
	}
	h := template.HTML(sb.String())
	b.chromes.Store(key, h)
	return h, nil
}

func (b *builder) newPage(p *Page) *Page {
	p.Site, p.m, p.b = &b.m.site, b.m, b
	if p.Lang == "" {
		p.Lang = b.m.site.Language
	}
	p.root = rootOf(p.Path)
	if p.Kind == "404" {
		// URL-escaped: page() pastes it into attributes as it is.
		p.root = (&url.URL{Path: b.m.site.BasePath()}).EscapedPath()
	}
	return p
}

// page executes a page's template.
func (b *builder) page(p *Page) ([]byte, error) {
	b.newPage(p).setHead()
	buf := pagePool.Get().(*bytes.Buffer)
	given := false // lent out to writeAll, which gives it back
	defer func() {
		if !given {
			putPage(buf)
		}
	}()
	buf.Reset()
	if err := b.tmpl.execute(buf, p); err != nil {
		return nil, err
	}
	// At the root "./" stands for the empty prefix, or a link to "/"
	// would be an empty href.
	// The placeholder stands in attribute values, where html/template's
	// escaping cannot reach the replacement: escape it here.
	root := template.HTMLEscapeString(cmp.Or(p.root, "./"))
	if b.oneShot {
		var data []byte
		if data, given = b.lend(buf, root); given {
			return data, nil
		}
	}
	return bytes.ReplaceAll(buf.Bytes(), []byte(cardRoot), []byte(root)), nil
}

// pagePool recycles the buffers pages are rendered into.
var pagePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPage gives a page's buffer back to the pool, unless it is big: a
// rare big page should not stay in memory.
func putPage(buf *bytes.Buffer) {
	if buf.Cap() <= 1<<20 {
		pagePool.Put(buf)
	}
}

// run runs jobs on all cores and returns the distinct errors they hit (a
// broken partial fails every page the same way).
func run(jobs []func() error) error {
	return runEach(len(jobs), func(i int) error { return jobs[i]() })
}

// runEach is run for the jobs job(0) to job(n-1).
func runEach(n int, job func(i int) error) error {
	type found struct {
		i      int // the first job that failed so
		err    error
		others int // jobs that failed the same way
	}
	var (
		mu    sync.Mutex
		byKey = map[string]*found{}
		wg    sync.WaitGroup
		next  atomic.Int64
	)
	for range workers() {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				err := job(int(i))
				if err == nil {
					continue
				}
				// One template mistake fails every page that runs it: one
				// line for all, naming the first page.
				key := err.Error()
				if _, rest, ok := strings.Cut(key, ": template: "); ok {
					key = rest
				}
				mu.Lock()
				switch f := byKey[key]; {
				case f == nil:
					byKey[key] = &found{i: int(i), err: err}
				case int(i) < f.i:
					f.i, f.err, f.others = int(i), err, f.others+1
				default:
					f.others++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	all := slices.SortedFunc(maps.Values(byKey), func(a, b *found) int { return cmp.Compare(a.i, b.i) })
	errs := make([]error, len(all))
	for k, f := range all {
		errs[k] = f.err
		if f.others > 0 {
			errs[k] = fmt.Errorf("%w (and %s)", f.err, plural(f.others, "more page", "more pages"))
		}
	}
	if len(errs) > 10 {
		errs = append(errs[:10], fmt.Errorf(moreErrors, len(errs)-10))
	}
	return errors.Join(errs...)
}

// moreErrors stands for the errors past the tenth of a phase.
const moreErrors = "… and %d more errors"

// MoreErrors reports how many errors a line of a build's error stands
// for when it is the count of those left out.
func MoreErrors(line string) (int, bool) {
	var n int
	_, err := fmt.Sscanf(line, moreErrors, &n)
	return n, err == nil
}

// workers is how many jobs run at once. Jobs wait on the file system as
// much as they compute (mkdir and open dominate a large build), so more
// run than there are cores.
func workers() int { return 4 * runtime.GOMAXPROCS(0) }
