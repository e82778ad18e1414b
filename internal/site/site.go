package site

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"

	"docket/internal/config"
	"docket/internal/content"
	"docket/internal/money"
	"docket/internal/publish"
	"docket/internal/reselect"
	"docket/internal/search"
	"docket/internal/sources"
	"docket/internal/story"
	"docket/internal/topic"
)

// Site is a loaded project: its settings, rules, templates and parsed
// entries, and the plan of every output. Build renders the whole plan;
// the preview server renders outputs on demand and feeds file changes to
// Update, which re-reads only what changed.
type Site struct {
	opts Options

	mu         sync.RWMutex
	conf       config.Site
	rules      *topic.Rules
	rates      *money.Rates     // feeds/rates.csv; nil without one
	feeds      map[string]bool  // IDs in feeds/feeds.yaml; nil when there is none
	regulators map[string]bool  // IDs of feeds of kind regulator
	srcs       *sources.Sources // feeds/feeds.yaml; nil when there is none
	stories    *storyIndex      // the last clustering, see stories.go
	changed    []string         // story IDs of the entries Update re-read
	approx     bool             // stories were clustered again only near saves: Settle makes them exact
	inputs     *inputCache      // clustering inputs by document (storyupdate.go)
	tmpl       templates
	md         goldmark.Markdown
	docs       map[string]*content.Doc     // parsed entries by path relative to content/
	rels       []string                    // docs' keys, sorted; nil until index needs them
	loaded     *content.Tree               // instead of docs, a large one-shot build's tree until index
	sums       *sumTable                   // the loaded files' sums, once a one-shot build has let docs go (dropPreview)
	loadSums   *sumTable                   // a one-shot build's files' sums as loaded, which sums becomes
	hashed     <-chan inputsHash           // a one-shot build's inputs hash, begun once the files are read
	probs      map[string]content.Problems // problems of each file, by the same key
	cards      *cardCache
	b          *builder
	outs       map[string]output // the plan, by site path
	err        error             // why the site cannot be rendered now, if it cannot
	fatal      bool              // err is in settings, rules or templates: reload all
	// placeStories gives a one-shot build's items their stories once
	// they are clustered, and returns them; nil once it has (see
	// storiesPlaced).
	placeStories func() *storyIndex
}

// Config is the site's settings (content/site.yaml) as loaded.
func (s *Site) Config() config.Site {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.conf
}

// Load reads a whole project. The error lists every problem found; the
// returned Site is usable only when the error is nil, but Update can still
// repair it (that is how the preview server recovers from a broken file).
func Load(opts Options) (*Site, error) {
	s := &Site{opts: opts, md: newMarkdown()}
	s.reload()
	return s, s.err
}

func (s *Site) dir(name string) string { return filepath.Join(s.opts.Root, name) }

// reload reads everything again.
func (s *Site) reload() {
	s.err, s.fatal = nil, true
	conf, err := config.Load(s.dir("content/site.yaml"))
	if _, serr := os.Stat(s.dir("content/site.yaml")); err == nil && errors.Is(serr, fs.ErrNotExist) {
		// Every command starts only where it is; the preview's may go.
		err = errors.New("content/site.yaml is missing: it makes the folder a docket project; put it back")
	}
	if err == nil && s.opts.BaseURL != "" {
		err = conf.SetBaseURL(s.opts.BaseURL)
	}
	if err != nil {
		s.err = fmt.Errorf("load:\n%w", err)
		return
	}
	s.conf = conf
	if !s.loadRules() || !s.loadFeeds() {
		return
	}
	if err := publish.CheckInputs(s.opts.Root, "feeds"); err != nil {
		s.err = fmt.Errorf("load:\n%w", err)
		return
	}
	if s.opts.NoTemplates {
		s.cards = newCardCache()
	} else if !s.loadTemplates() {
		return
	}
	// Per-file problems only: index runs the checks between files, and a
	// cross-file problem kept under one file's key would outlive its fix
	// in another file.
	tree, ps := content.LoadFilesCached(s.dir("content"), s.rules, s.opts.docs)
	s.loadSums, s.hashed = nil, nil
	if s.opts.oneShot {
		// The checks and the model that follow use one core: the inputs
		// are hashed on the other, from the sums of the files as read.
		s.loadSums = newSumTable(tree.Docs)
		s.hashed = hashInputs(s.opts.Root, s.loadSums)
	}
	// index takes the load's tree, sorted by path, as it is.
	s.docs, s.probs, s.rels, s.loaded = map[string]*content.Doc{}, map[string]content.Problems{}, nil, tree
	if s.lean(len(tree.Docs)) {
		// A large one-shot build looks no document up by path: no map
		// of the tree is made (~70 B an entry at the peak of the load).
		s.docs = nil
	} else {
		s.rels = make([]string, 0, len(tree.Docs))
	}
	for _, d := range tree.Docs {
		if s.docs != nil {
			s.docs[d.Rel] = d
			s.rels = append(s.rels, d.Rel)
		}
		ps = append(ps, s.checkFeed(d)...)
	}
	for _, p := range ps {
		s.probs[p.Path] = append(s.probs[p.Path], p)
	}
	s.fatal = false
	s.stories, s.changed = nil, nil // rules may have changed: cluster all
	s.inputs = &inputCache{}
	if s.opts.oneShot {
		s.inputs = nil // see Options.oneShot
	}
	s.index()
}

func (s *Site) loadRules() bool {
	rules, err := topic.Load(s.dir("feeds"))
	if err != nil {
		s.err = fmt.Errorf("load:\n%w", err)
		return false
	}
	s.rules = rules
	rates, err := LoadRates(s.dir("feeds"))
	if err != nil {
		s.err = fmt.Errorf("load:\n%w", err)
		return false
	}
	s.rates = rates
	return true
}

// loadFeeds reads the feed IDs news items may name. A project without
// feeds/feeds.yaml (only editors' entries) has none to check against.
func (s *Site) loadFeeds() bool {
	srcs, err := sources.LoadSources(s.dir("feeds/feeds.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		s.feeds, s.srcs = nil, nil
		return true
	}
	if err != nil {
		s.err = fmt.Errorf("load:\n%w", err)
		return false
	}
	s.srcs = srcs
	s.feeds, s.regulators = map[string]bool{}, map[string]bool{}
	for _, f := range srcs.Feeds {
		s.feeds[f.ID] = true
		s.regulators[f.ID] = f.Kind == sources.KindRegulator
	}
	return true
}

// checkFeed checks a news item's feed ID against feeds/feeds.yaml.
func (s *Site) checkFeed(d *content.Doc) content.Problems {
	if s.feeds == nil {
		return nil
	}
	return d.CheckFeed(func(id string) bool { return s.feeds[id] })
}

func (s *Site) loadTemplates() bool {
	tmpl, err := loadTemplates(s.dir("templates"))
	if err != nil {
		s.err, s.fatal = fmt.Errorf("load:\n%w", err), true
		return false
	}
	// A link among the templates or assets fails a build (its inputs'
	// hash, CopyDir): the preview says so too, rather than serve a site
	// the build refuses.
	if err := publish.CheckInputs(s.opts.Root, "templates"); err != nil {
		s.err, s.fatal = fmt.Errorf("load:\n%w", err), true
		return false
	}
	s.tmpl = tmpl
	s.cards = newCardCache()
	return true
}

// index checks the entries as a whole and, if all is well, rebuilds the
// model and the plan from the parsed entries.
func (s *Site) index() {
	tree := s.loaded
	s.loaded = nil
	if tree == nil {
		if s.rels == nil {
			s.rels = slices.Sorted(maps.Keys(s.docs))
		}
		tree = &content.Tree{Docs: make([]*content.Doc, 0, len(s.rels))}
		for _, rel := range s.rels {
			tree.Docs = append(tree.Docs, s.docs[rel])
		}
	}
	var all content.Problems
	for _, key := range slices.Sorted(maps.Keys(s.probs)) {
		// A file's problems by line, the feed check's among the parser's.
		all = append(all, slices.SortedStableFunc(slices.Values(s.probs[key]), func(a, b content.Problem) int {
			return cmp.Compare(a.Line, b.Line)
		})...)
	}
	all = append(all, tree.Check()...)
	if len(all) > 0 {
		s.err = fmt.Errorf("load:\n%w", all)
		return
	}
	s.err = nil
	var prev []*Item
	if s.b != nil {
		prev = s.b.m.items
	}
	if s.lean(len(tree.Docs)) {
		// The model is made from tree alone, whose documents it lets go,
		// and the sums reload tabled (lean builds are one-shot).
		s.sums = s.loadSums
		s.docs, s.rels = nil, nil
	}
	// A build clusters beside the rest of the model and its setup (the
	// terms, the caches' start, the inputs' hash), which read no story
	// and write nothing the clustering reads; placeStories waits. A
	// large one clusters before the rest (begin).
	var clustered chan *storyIndex
	var begin func(*model)
	incremental := s.stories != nil && (s.stories.pending || s.changed != nil)
	if s.opts.oneShot && !incremental {
		clustered = make(chan *storyIndex, 1)
		begin = func(m *model) {
			if s.lean(len(m.items)) {
				// A large build clusters first: the clustering, on
				// every core, holds most at its end, and the terms
				// filed meanwhile, or the last build's page records
				// (decoded by cacheRun.start for a large site), would
				// add to that.
				clustered <- clusterAll(m, nil, false)
				return
			}
			go func() { clustered <- clusterAll(m, nil, false) }() // nil: see Options.oneShot
		}
	}
	m := newModel(s.conf, s.rules, tree, s.opts.Drafts, prev, s.sums, begin)
	m.indexFines(s.rates)
	s.placeStories = nil
	switch {
	case clustered != nil:
		regulators := s.regulators
		s.placeStories = func() *storyIndex {
			x := <-clustered
			m.setStories(x, regulators)
			return x
		}
	case s.stories != nil && s.stories.pending:
		// storiesKept made it for these entries; the inputs follow the
		// new model's order.
		s.stories.pending = false
		s.stories.items = inputs(m, s.inputs)
	case s.stories != nil && s.changed != nil:
		s.stories = recluster(s.stories, m, s.changed, s.inputs)
	default:
		s.stories = clusterAll(m, s.inputs, s.opts.NoTemplates) // docket stories shows why
		s.approx = false
	}
	s.changed = nil
	if s.placeStories == nil {
		m.setStories(s.stories, s.regulators)
	}
	if s.srcs != nil {
		for _, it := range m.items {
			if !it.IsEvent() {
				it.SourceType = s.srcs.TypeOf(it.Feed, it.Source)
			}
		}
	}
	s.b = &builder{m: m, md: s.md, tmpl: s.tmpl, cards: s.cards, opts: s.opts, tokens: search.NewMerger(len(m.items))}
	src := &docSource{root: s.dir("content"), tax: s.rules, sums: s.sums, forgetSpots: s.opts.published, cache: map[*entry]*content.Doc{}}
	for _, it := range m.items {
		it.b, it.src = s.b, src
	}
	for _, it := range m.pages {
		it.src = src
	}
	if s.opts.oneShot {
		return // writeAll plans its own; only Get reads s.outs
	}
	plan := s.b.plan()
	s.outs = make(map[string]output, len(plan))
	for _, o := range plan {
		s.outs[o.path] = o
	}
}

// Change says what an Update did.
type Change struct {
	Full  bool   // settings, rules or templates changed: everything may differ
	Entry string // site path of the one entry that changed, if just one did
}

// Update takes the paths (relative to the project root, slash-separated)
// of files that were created, changed or deleted, and brings the site up
// to date by re-reading only those. The error is the site's state after
// the update: nil once every problem is fixed.
func (s *Site) Update(paths []string) (Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ch Change
	var entries []string
	full, templates := s.fatal, false
	for _, p := range paths {
		switch {
		case strings.HasPrefix(p, "templates/assets/"):
			ch.Full = true // served from disk: nothing to rebuild,
			// unless the build would refuse them (a link): then the
			// templates' load says so, as it does at start.
			templates = templates || publish.CheckInputs(s.opts.Root, "templates") != nil
		case strings.HasPrefix(p, "templates/"):
			templates = true
		case p == "content/site.yaml", p == "feeds/"+RatesFile, strings.HasPrefix(p, "feeds/") && strings.HasSuffix(p, ".yaml"):
			full = true // settings, rules and rates bear on every entry
		case p == "feeds/", strings.HasPrefix(p, "feeds/") && !hiddenPath(p) && s.refused(p):
			full = true // the folder moved, or a file the build's hash refuses came
		case strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") && !hiddenPath(p):
			entries = append(entries, strings.TrimSuffix(strings.TrimPrefix(p, "content/"), ".md"))
		case strings.HasPrefix(p, "content/") && strings.HasSuffix(p, "/"):
			full = true // a folder went away or came in whole
		case strings.HasPrefix(p, "content/") && !hiddenPath(p) && s.refused(p):
			full = true // the content walk reads it, as the build's does
		}
	}
	switch {
	case full:
		s.reload()
		return Change{Full: true}, s.err
	case templates:
		ch.Full = true
		if !s.loadTemplates() {
			return ch, s.err
		}
	}
	shapeKept := !templates && s.err == nil
	for _, rel := range entries {
		old := s.docs[rel]
		s.reread(rel)
		shapeKept = shapeKept && s.sameShape(old, s.docs[rel]) && len(s.probs[s.docs[rel].Path]) == 0
	}
	if len(entries) == 1 && !ch.Full {
		if d := s.docs[entries[0]]; d != nil && d.Published(s.opts.Drafts) {
			ch.Entry = d.Permalink()
		}
	}
	for _, rel := range entries {
		s.changed = append(s.changed, (&content.Doc{Rel: rel, Kind: kindOf(rel)}).StoryID())
	}
	switch {
	case shapeKept && len(entries) > 0 && s.ranksKept(entries) && s.storiesKept():
		s.swapDocs(entries)
	case templates || len(entries) > 0:
		s.index()
	}
	if len(entries) > 0 {
		s.approx = true
	}
	return ch, s.err
}

// Settle makes the stories those of a full build and reports whether
// pages show them differently: which reports each holds, in which order.
// Update clusters again only the stories near the saved entries, fast
// enough for every save but not exact: the clustering weighs each word by
// how many entries, all of them, use it. So scores (which only
// data/stories.json shows) change after almost any save, and now and then
// a report near the threshold joins differently. The preview calls Settle
// once saves pause.
func (s *Site) Settle() (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.approx || s.err != nil {
		return false, s.err
	}
	var before []story.Story
	if s.stories != nil {
		before = s.stories.stories()
	}
	s.stories = nil // index clusters all
	s.index()
	if s.err != nil {
		return false, s.err
	}
	return !sameMembers(before, s.stories.stories()), nil
}

// sameMembers reports whether two clusterings have the same stories with
// the same reports in the same order, whatever their scores.
func sameMembers(a, b []story.Story) bool {
	return slices.EqualFunc(a, b, func(x, y story.Story) bool {
		return x.ID == y.ID && slices.EqualFunc(x.Members, y.Members, func(m, n story.Member) bool { return m.ID == n.ID })
	})
}

// sameShape reports whether a re-read entry differs from the one before
// only in what is shown of it: its body, title, summary, language, links
// and provenance. Where it is filed, listed and counted is the same, so
// the model stands. Only for news and events (the model's items): not for
// pages, whose titles make the menu, nor for cases, which swapDocs does
// not swap and whose titles the cases' list is sorted by.
func (s *Site) sameShape(old, d *content.Doc) bool {
	if old == nil || d == nil || old.Path != d.Path || old.Kind != d.Kind || (d.Kind != content.News && d.Kind != content.Event) {
		return false
	}
	a, b := old.Entry, d.Entry
	for _, e := range []*content.Entry{&a, &b} {
		e.Title, e.Summary, e.Lang, e.ID, e.Feed, e.URL, e.GUID, e.Author, e.Image = "", "", "", "", "", "", "", "", ""
		e.Updated, e.Fetched, e.Matched, e.Extracted, e.Status, e.Sources = time.Time{}, time.Time{}, nil, nil, "", nil
	}
	return reflect.DeepEqual(a, b)
}

// swapDocs brings the model up to date when entries changed only in what
// is shown of them (see sameShape), the editor's commonest save: their
// items take the new documents, and what keeps a rendering of them is
// emptied. Pages and plain cards read an entry when they are rendered
// (the card cache is keyed by document); the feeds' fragments and the
// search index keep what they read, and so does each story of the model:
// its card, made once (storyCard), and its languages and last update,
// made from its reports (setStories), are made again for the stories of
// the saved entries, with their heads' feed fragments.
func (s *Site) swapDocs(rels []string) {
	m := s.b.m
	var touched []*Story
	for _, it := range m.items {
		if d := s.docs[it.Rel]; d != it.full && slices.Contains(rels, it.Rel) {
			d.Lang = cmp.Or(d.Lang, s.conf.Language) // as newModel would
			it.entry = newEntry(d, it.src)
			if s.srcs != nil && !it.IsEvent() {
				it.SourceType = s.srcs.TypeOf(it.Feed, it.Source) // as index does
			}
			if it.fine != nil {
				it.fine.Title = it.Title // its only field from what sameShape lets change
			}
			s.forgetFragments(it)
			if it.story != nil && !slices.Contains(touched, it.story) {
				touched = append(touched, it.story)
			}
		}
	}
	for _, st := range touched {
		st.remake()
		s.forgetFragments(st.Head())
	}
	// The newest date or update of an entry, which pages show.
	m.latest = time.Time{}
	for _, it := range m.items {
		m.latest = latest(m.latest, it.Date, it.Updated)
	}
	s.b.tokens = search.NewMerger(len(s.b.m.items))
	for _, o := range s.b.searchOutputs() {
		s.outs[o.path] = o
	}
}

// forgetFragments empties what the feeds keep of an item.
func (s *Site) forgetFragments(it *Item) {
	s.b.atomEntries.Delete(it)
	s.b.jsonItems.Delete(it)
	s.b.summaries.Delete(it)
}

// ranksKept reports whether the saved entries keep their places in their
// stories: a report's rank (primaryRank) depends on its feed and URL,
// which sameShape lets change, and the order of a story's reports names
// its head, which the listings planned show. When a rank changes, the
// model is made again.
func (s *Site) ranksKept(rels []string) bool {
	for _, it := range s.b.m.items {
		if it.story == nil || !slices.Contains(rels, it.Rel) {
			continue
		}
		d := s.docs[it.Rel]
		if d == nil || d == it.full {
			continue
		}
		cp := *it
		cp.entry = newEntry(d, it.src)
		if s.b.m.primaryRank(&cp, s.regulators) != it.primary {
			return false
		}
	}
	return true
}

// hiddenPath reports whether a slash path has a file or folder name that
// starts with a dot; content.Load skips those (._x.md, .git/), so Update
// must too.
func hiddenPath(p string) bool {
	return strings.HasPrefix(p, ".") || strings.Contains(p, "/.")
}

// refused reports whether the path p is a file the build refuses (a
// link, a pipe) or, in content/, was one when last read: only a full
// load finds those, and forgets them.
func (s *Site) refused(p string) bool {
	abs := filepath.Join(s.opts.Root, filepath.FromSlash(p))
	if len(s.probs[filepath.ToSlash(abs)]) > 0 {
		return true
	}
	fi, err := os.Lstat(abs)
	return err == nil && !fi.Mode().IsRegular() && !fi.IsDir()
}

// reread parses one entry again, or forgets it if it is gone.
func (s *Site) reread(rel string) {
	root := s.dir("content")
	display := filepath.ToSlash(filepath.Join(root, filepath.FromSlash(rel))) + ".md"
	if old := s.docs[rel]; old != nil {
		s.cards.forget(old)
	}
	delete(s.probs, display)
	delete(s.docs, rel)
	defer s.keepRel(rel)
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)+".md")); errors.Is(err, fs.ErrNotExist) {
		return // deleted
	}
	d, ps := content.ReadDoc(root, rel, s.rules)
	if d != nil {
		s.docs[rel] = d
		ps = append(ps, s.checkFeed(d)...)
	}
	if len(ps) > 0 {
		s.probs[display] = ps
	}
}

// keepRel brings s.rels in line with s.docs after rel came, went or
// stayed, so index need not sort every path on every save.
func (s *Site) keepRel(rel string) {
	if s.rels == nil {
		return
	}
	i, found := slices.BinarySearch(s.rels, rel)
	switch _, ok := s.docs[rel]; {
	case ok && !found:
		s.rels = slices.Insert(s.rels, i, rel)
	case !ok && found:
		s.rels = slices.Delete(s.rels, i, i+1)
	}
}

// Err is why the site cannot be rendered now, or nil.
func (s *Site) Err() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.err
}

// ErrNotFound is returned by Get for a path the site does not have.
var ErrNotFound = errors.New("site: no such page")

// Get renders one output on demand, by URL path relative to the site's
// root ("/", "/news/2021/09/x/", "/feed.xml"). It returns ErrNotFound for
// paths the site does not have. Assets are not outputs: the caller serves
// them from AssetsDir.
func (s *Site) Get(urlPath string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.err != nil {
		return nil, s.err
	}
	p := path.Clean("/" + urlPath)
	if strings.HasSuffix(urlPath, "/") && p != "/" {
		p += "/"
	}
	p = strings.TrimSuffix(p, "index.html")
	if o, ok := s.outs[p]; ok {
		return o.render()
	}
	return nil, ErrNotFound
}

// AssetsDir is the folder whose files the site serves under /assets/.
func (s *Site) AssetsDir() string { return s.dir("templates/assets") }

// cardCache keeps each entry's timeline card across rebuilds of the
// model: a card depends on its entry, the rules, the templates and its
// cardDeps; a new cache comes with new rules or templates, and a card
// whose deps changed (its case file was saved) is made again.
type cardCache struct {
	mu sync.Mutex
	m  map[*content.Doc]keptCard
}

type keptCard struct {
	h    template.HTML
	deps cardDeps
}

func newCardCache() *cardCache { return &cardCache{m: map[*content.Doc]keptCard{}} }

func (c *cardCache) get(it *Item, deps cardDeps) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[it.full]
	if !ok || k.deps != deps {
		return "", false
	}
	return k.h, true
}

func (c *cardCache) put(it *Item, deps cardDeps, h template.HTML) {
	c.mu.Lock()
	c.m[it.full] = keptCard{h, deps}
	c.mu.Unlock()
}

func (c *cardCache) forget(d *content.Doc) {
	c.mu.Lock()
	delete(c.m, d)
	c.mu.Unlock()
}

// Reselect applies the current topic rules to every news item, as docket
// select --diff does (internal/reselect), and counts the items they would
// newly select and those they would drop (pinned items are never
// dropped). The preview server reports it when an editor changes the
// rules.
func (s *Site) Reselect() (added, dropped int, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.err != nil {
		return 0, 0, s.err
	}
	for _, d := range s.docs {
		if d.Kind != content.News {
			continue
		}
		c, err := reselect.Doc(s.rules, d)
		if err != nil {
			return 0, 0, err
		}
		switch c.Kind {
		case reselect.Added:
			added++
		case reselect.Dropped:
			dropped++
		}
	}
	return added, dropped, nil
}
