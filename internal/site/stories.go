package site

// Stories: every report of one event, grouped by internal/story. A story
// of several reports shows as one card in listings and one entry in
// feeds, headed by its primary report, and has its own page listing every
// report; a story of one report looks as its entry alone does.

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"html/template"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"docket/internal/content"
	"docket/internal/story"
	"docket/internal/text"
	"docket/internal/topic"
)

// Story is a story of two reports or more, as the templates see it.
type Story struct {
	ID      string
	Items   []*Item // primary reports first, then by date, earliest first
	Sources []string
	Langs   []string
	Updated time.Time      // when its latest report was published or updated
	why     []joined       // why each of Items is in it (see Why)
	lost    map[int]string // the Via of a why whose report is not placed: rare
	anchor  *Item          // the report whose ID is the story's (else the earliest): its feed entry's ID

	once sync.Once
	card template.HTML
	err  error
}

// URL is the site path of the story's page.
func (s *Story) URL() string { return storyPath(s.ID) }

func storyPath(id string) string { return "/stories/" + id + "/" }

// Head is the report that stands for the story.
func (s *Story) Head() *Item { return s.Items[0] }

// N is the number of reports.
func (s *Story) N() int { return len(s.Items) }

// Primary reports whether an item is a primary source of its story: an
// editor's event, a regulator's feed or an authority's own site.
func (s *Story) Primary(it *Item) bool { return it.primary < 2 }

// Story is the story of several reports the item belongs to, or nil.
func (it *Item) Story() *Story { return it.story }

// Leads is the item's story when the item heads it, else nil: the card
// of a story's head is the story's card.
func (it *Item) Leads() *Story {
	if it.story != nil && it.story.Items[0] == it {
		return it.story
	}
	return nil
}

// storyIndex is what the site keeps of its last clustering, so that the
// preview can place a changed entry without clustering all again.
type storyIndex struct {
	items []story.Item // the model's items' inputs, in its order; nil in a one-shot build
	res   *story.Result
	list  []story.Story // the stories when recluster made them
	spans []span        // the dates of each story's reports
	// recluster's: the stories it clustered again, before and after; and
	// whether the next index is to take it as it is (storiesKept).
	replaced, fresh []story.Story
	pending         bool
}

// storyInput is an entry as the clustering reads it: from what its item
// keeps, so a build clusters items that let their documents go.
func storyInput(d *entry, rules *topic.Rules) story.Item {
	return storyInputID(d, content.StoryIDOf(d.Kind, d.Rel), rules)
}

// storyInputID is storyInput with the entry's story ID made already.
func storyInputID(d *entry, id string, rules *topic.Rules) story.Item {
	it := story.Item{
		ID: id, Title: same(text.CleanText(d.Title), d.Title), Summary: same(text.HTMLToText(d.Summary), d.Summary),
		URL: same(text.CanonicalURL(d.url, ""), d.url), Source: d.Source, Lang: d.Lang, Date: d.Date,
		Entities: d.Entities, Jurisdictions: d.Jurisdictions, Story: d.storyKey(),
	}
	if len(d.Authorities) > 0 {
		it.Entities = slices.Concat(d.Entities, d.Authorities)
	}
	if d.Kind == content.Event && d.storyKey() == "" {
		// An event anchors its story: pinned to itself, two events
		// never merge unless an editor pins one to the other.
		it.Story = it.ID
	}
	return it
}

// same returns orig when made equals it: most titles, summaries and URLs
// come out of cleaning as they went in, and the input then shares the
// document's string instead of keeping a copy of its own (the inputs of
// a large archive are held all at once while it is clustered).
func same(made, orig string) string {
	if made == orig {
		return orig
	}
	return made
}

// relatedOwners maps each news item that events list in related to the
// one event whose story it joins: the event nearest to it in time (then
// the first by path). Two events citing one report are two events, and
// their stories stay apart.
//
// The items' Related are the model's items their documents' related
// name, in order (newModel looks them up).
func relatedOwners(items []*Item) map[string]*Item {
	owner := map[string]*Item{}
	dist := func(a, b *Item) time.Duration { return max(a.Date.Sub(b.Date), b.Date.Sub(a.Date)) }
	for _, ev := range items {
		for _, n := range ev.Related() {
			if o := owner[n.Rel]; o == nil || dist(ev, n) < dist(o, n) {
				owner[n.Rel] = ev
			}
		}
	}
	return owner
}

// clusterAll groups the model's items into stories from scratch. Without
// a cache (a one-shot build, which never reclusters) the inputs are made
// as the clustering asks for them, and only their IDs are kept. With why
// the members keep their signals, for docket stories to show.
func clusterAll(m *model, c *inputCache, why bool) *storyIndex {
	opt := storyOptions(m.rules)
	opt.Brief = !why
	if c == nil {
		opt.Several = true // setStories places only these
		src := newLazyInputs(m)
		return &storyIndex{res: story.ClusterFrom(src, opt)}
	}
	x := &storyIndex{items: inputs(m, c)}
	x.res = story.Cluster(x.items, opt)
	x.spans = spans(x.items, x.res.Stories)
	return x
}

func storyOptions(rules *topic.Rules) story.Options {
	opt := story.Defaults()
	opt.Fold = rules.Simplified
	opt.Brief = true // the site shows no signals
	return opt
}

// setStories gives the model's items their stories of several reports.
// regulators are the IDs of feeds of kind regulator.
func (m *model) setStories(x *storyIndex, regulators map[string]bool) {
	m.stories = nil
	byID := make(map[string]*Item, len(x.items))
	if x.items == nil {
		// A one-shot build's stories are of several reports: only their
		// members are looked up, and no ID is held for the others.
		for _, s := range x.stories() {
			for _, mb := range s.Members {
				byID[mb.ID] = nil
			}
		}
	}
	for i, it := range m.items {
		it.story = nil
		switch {
		case x.items != nil:
			byID[x.items[i].ID] = it // it.StoryID(), made once in inputs
		case len(byID) > 0:
			id := it.StoryID()
			if _, ok := byID[id]; ok {
				byID[id] = it
			}
		}
	}
	for _, s := range x.stories() {
		if len(s.Members) < 2 {
			continue
		}
		st := &Story{ID: s.ID}
		var reports []report
		for k := range s.Members {
			it := byID[s.Members[k].ID]
			if it == nil {
				continue
			}
			it.primary = m.primaryRank(it, regulators) // only a story's reports need it
			reports = append(reports, report{it, k})
			if s.Members[k].ID == s.ID {
				st.anchor = it
			}
		}
		if len(reports) < 2 {
			continue
		}
		if st.anchor == nil {
			st.anchor = reports[0].it // members come earliest first
		}
		slices.SortStableFunc(reports, func(a, b report) int {
			return cmp.Or(cmp.Compare(a.it.primary, b.it.primary), a.it.Date.Compare(b.it.Date), cmp.Compare(a.it.Rel, b.it.Rel))
		})
		// How each joined, without the IDs its item makes again: a Via is
		// the place of the report it names. The clustering's members and
		// IDs (~120 MB at a million entries) are let go; a Via's ID held
		// here would keep most of them (each report of two names the other).
		at := make(map[string]int32, len(reports))
		for i, r := range reports {
			at[s.Members[r.k].ID] = int32(i)
		}
		st.Items, st.why = make([]*Item, len(reports)), make([]joined, len(reports))
		for i, r := range reports {
			mb := &s.Members[r.k]
			w := joined{score: mb.Score, signals: mb.Signals, via: noVia}
			if mb.Via != "" {
				if j, ok := at[mb.Via]; ok {
					w.via = j
				} else {
					if st.lost == nil {
						st.lost = map[int]string{}
					}
					st.lost[i] = strings.Clone(mb.Via)
				}
			}
			st.Items[i], st.why[i] = r.it, w
			r.it.story = st
		}
		st.remake()
		m.stories = append(m.stories, st)
	}
}

// report is a story's report as setStories places it: its item and its
// member's place in the clustering's story.
type report struct {
	it *Item
	k  int
}

// joined is a story.Member as a story keeps it: without IDs, its Via the
// index in Items of the report it names (noVia for none or, with
// Story.lost, one not placed).
type joined struct {
	score   float64
	signals []story.Signal
	via     int32
}

const noVia = -1

// Why is how report it joined the story; nil if it is not one of its
// reports. Its ID is empty: the report's is it.StoryID().
func (st *Story) Why(it *Item) *story.Member {
	if i := slices.Index(st.Items, it); i >= 0 {
		w := st.why[i]
		return &story.Member{Score: w.score, Via: st.via(i), Signals: w.signals}
	}
	return nil
}

// via is the ID of the report the i-th is closest to, or "".
func (st *Story) via(i int) string {
	if j := st.why[i].via; j != noVia {
		return st.Items[j].StoryID()
	}
	return st.lost[i]
}

// primaryRank is 0 for an editor's event, 1 for a report from a
// regulator's feed or an authority's own site, 2 for the rest.
func (m *model) primaryRank(it *Item, regulators map[string]bool) int32 {
	if it.IsEvent() {
		return 0
	}
	if regulators[it.Feed] {
		return 1
	}
	if u, err := url.Parse(it.url); err == nil && u.Hostname() != "" {
		if e := m.rules.EntityOfDomain(u.Hostname()); e != nil && e.Kind == topic.KindAuthority {
			return 1
		}
	}
	return 2
}

// listing is items with each story of several reports once, as its head,
// at the head's place in the timeline.
func listing(items []*Item) []*Item {
	return listingBy(items, func(st *Story, _ *Item) *Item { return st.Head() })
}

// ownListing is listing for a timeline of some entries (a term's): a
// story shows as its head when that is one of them, else as the newest
// of its reports that is, as a filtered archive shows it (filteredCard).
// A source's page showed another outlet's report, and its feed another
// outlet's article. items are in the timeline's order.
func ownListing(items []*Item) []*Item {
	in := func(x *Item) bool {
		i, ok := slices.BinarySearchFunc(items, x.n, func(a *Item, n int) int { return cmp.Compare(a.n, n) })
		return ok && items[i] == x
	}
	return listingBy(items, func(st *Story, first *Item) *Item {
		if h := st.Head(); in(h) {
			return h
		}
		return first
	})
}

// listingBy is listing with card choosing the item that shows a story,
// given the first of its reports in items: the newest.
func listingBy(items []*Item, card func(st *Story, first *Item) *Item) []*Item {
	var out []*Item
	seen := map[*Story]bool{}
	for i, it := range items {
		st := it.story
		if st == nil {
			if out != nil {
				out = append(out, it)
			}
			continue
		}
		if out == nil {
			out = append(make([]*Item, 0, len(items)), items[:i]...)
		}
		if !seen[st] {
			seen[st] = true
			out = append(out, card(st, it))
		}
	}
	if out == nil {
		return items
	}
	slices.SortStableFunc(out, func(a, b *Item) int { return cmp.Compare(a.n, b.n) })
	return out
}

// remake makes what a story shows of its reports again, from the reports
// as they are: its sources, languages and last update, and its card the
// next time it is asked for. setStories makes a story with it, and the
// preview's swapDocs remakes the stories of the entries saved.
func (st *Story) remake() {
	st.Sources, st.Langs, st.Updated = nil, nil, time.Time{}
	for _, it := range st.Items {
		if it.Source != "" && !slices.Contains(st.Sources, it.Source) {
			st.Sources = append(st.Sources, it.Source)
		}
		if !slices.Contains(st.Langs, it.Lang) {
			st.Langs = append(st.Langs, it.Lang)
		}
		if u := updated(it); u.After(st.Updated) {
			st.Updated = u
		}
	}
	st.once, st.card, st.err = sync.Once{}, "", nil
}

// storyCard renders the card of a story's head it once per model, or
// once after the story was last remade (the preview's; see card).
func (b *builder) storyCard(st *Story, it *Item) (template.HTML, error) {
	st.once.Do(func() { st.card, st.err = b.renderCard(it) })
	return st.card, st.err
}

// storyOutputs plans the story pages and data/stories.json.
func (b *builder) storyOutputs() []output {
	st := b.storiesStream()
	outs := []output{{st.path, st.whole, nil}}
	for _, st := range b.m.stories {
		page := func() *Page {
			h := st.Head()
			return &Page{Kind: "story", Path: st.URL(), Title: h.Title, Lang: h.Lang, Description: h.Summary, Story: st}
		}
		outs = append(outs, output{st.URL(), func() ([]byte, error) { return b.page(page()) },
			&keyedOutput{kind: "story", key: func() ([sha256.Size]byte, error) { return b.storyKey(page()) }}})
	}
	return outs
}

// Summary is "3 reports · Reuters, SCMP · en, zh", for feeds.
func (s *Story) Summary() string {
	return strconv.Itoa(s.N()) + " reports · " + s.Detail()
}

// Detail is the story's sources and languages: "Reuters, SCMP · en, zh".
func (s *Story) Detail() string {
	if len(s.Sources) == 0 {
		return strings.Join(s.Langs, ", ")
	}
	return strings.Join(s.Sources, ", ") + " · " + strings.Join(s.Langs, ", ")
}

// storyRecord is a story in data/stories.json.
type storyRecord struct {
	ID      string        `json:"id"`
	URL     string        `json:"url"`
	Updated string        `json:"updated"`
	Reports []storyReport `json:"reports"`
}

type storyReport struct {
	URL     string  `json:"url"`
	Title   string  `json:"title"`
	Date    string  `json:"date"`
	Kind    string  `json:"kind"`
	Source  string  `json:"source,omitempty"`
	Lang    string  `json:"lang"`
	Primary bool    `json:"primary"`
	Score   float64 `json:"score"`
	Via     string  `json:"via,omitempty"`
}

// storiesStream is data/stories.json: every story of several reports, by
// ID, its reports primary first. A build writes it a story at a time.
func (b *builder) storiesStream() stream {
	return stream{"/data/stories.json", func(w io.Writer) error {
		return writeJSONArray(w, len(b.m.stories), func(i int) any { return b.storyRecord(b.m.stories[i]) })
	}}
}

func (b *builder) storyRecord(st *Story) storyRecord {
	s := &b.m.site
	r := storyRecord{ID: st.ID, URL: s.Abs(st.URL()), Updated: stamp(st.Updated)}
	for i, it := range st.Items {
		w := &st.why[i]
		r.Reports = append(r.Reports, storyReport{URL: s.Abs(it.URL), Title: it.Title, Date: it.Date.Format("2006-01-02"),
			Kind: string(it.Kind), Source: it.Source, Lang: it.Lang, Primary: st.Primary(it), Score: math.Round(w.score*1000) / 1000, Via: st.via(i)})
	}
	return r
}

// writeJSONArray writes n records, record(0) to record(n-1), as
// json.MarshalIndent(records, "", " ") writes the slice, and a newline:
// each is marshalled alone, one step in, so the slice is never whole.
func writeJSONArray(w io.Writer, n int, record func(i int) any) error {
	if n == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	sep := "[\n "
	for i := range n {
		js, err := json.MarshalIndent(record(i), " ", " ")
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(js); err != nil {
			return err
		}
		sep = ",\n "
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}

// feedSummary is a story's feed text: the head's, then the count.
func (s *Story) feedSummary(head string) string {
	return strings.TrimSpace(head + "\n\n" + s.Summary() + ".")
}

// Leads is the story a card stands for: its item's, when the item heads
// one, except on the story's own page.
func (c Card) Leads() *Story {
	if c.Page.Kind == "story" {
		return nil
	}
	return c.Item.Leads()
}

// PlainCard is the item's card without its story: a story's page lists
// its head as one report among the others.
func (it *Item) PlainCard() (template.HTML, error) {
	if it.Leads() == nil {
		return it.Card()
	}
	p := it.b.newPage(&Page{Kind: "story"})
	p.root = cardRoot
	h, err := it.b.tmpl.cardHTML(Card{Page: p, Item: it})
	return it.withChips(h, ""), err
}

// Stories lists the stories of several reports, by ID, for docket
// stories. A report's Why is how it joined.
func (s *Site) Stories() ([]*Story, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.err != nil {
		return nil, s.err
	}
	return s.b.m.stories, nil
}

// Override is an editor's story: value in an entry's front matter.
type Override struct {
	Path  string // the file, as problems name it
	Line  int
	Story string // content.StoryOwn, or the story ID it pins to
	In    string // the ID of the story the entry is in now
}

// Describe says what the override does, for people.
func (o Override) Describe() string {
	if o.Story == content.StoryOwn {
		return "split out: a story of its own"
	}
	if o.In != o.Story {
		return "pinned to " + o.Story + ", in story " + o.In
	}
	return "pinned to " + o.Story
}

// Sources names the file behind each entry's and case's page, by its
// URL ("/events/slug/"); a page no single file makes (a listing, a
// term's page) has none. docket check asks it of each broken link, once
// the site is gone: it keeps the strings the site had, and makes none
// (a million entries' paths were ~90 MB).
type Sources struct {
	files map[string]sourceFile
}

// sourceFile is a file as its folder and its path there without ".md"
// (content.DisplayPath), or as a whole path in dir, rel "".
type sourceFile struct{ dir, rel string }

// File is the file behind the page at url, or "".
func (s Sources) File(url string) string {
	f, ok := s.files[url]
	if !ok || f.rel == "" {
		return f.dir
	}
	return content.DisplayPath(f.dir, f.rel)
}

// Sources is the file behind each entry's and case's page.
func (s *Site) Sources() Sources {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.err != nil {
		return Sources{}
	}
	m := s.b.m
	files := make(map[string]sourceFile, len(m.items)+len(m.pages)+len(m.cases))
	for _, it := range slices.Concat(m.items, m.pages) {
		if _, ok := files[it.URL]; ok {
			continue
		}
		if it.full != nil {
			files[it.URL] = sourceFile{dir: it.full.Path}
		} else {
			files[it.URL] = sourceFile{it.src.root, it.Rel}
		}
	}
	for _, c := range m.cases {
		if _, ok := files[c.URL]; !ok {
			files[c.URL] = sourceFile{dir: c.Path}
		}
	}
	return Sources{files}
}

// Overrides lists the entries with a story: value, by path, for docket
// stories to show beside the stories.
func (s *Site) Overrides() ([]Override, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.err != nil {
		return nil, s.err
	}
	var out []Override
	for _, it := range s.b.m.items {
		if it.storyKey() == "" {
			continue
		}
		d, err := it.Doc()
		if err != nil {
			return nil, err
		}
		if d.Story == "" {
			continue
		}
		o := Override{Path: d.Path, Line: d.StoryLine(), Story: d.Story, In: d.StoryID()}
		if st := it.Story(); st != nil {
			o.In = st.ID
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b Override) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}
