package site

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"sync"
	"time"

	"docket/internal/config"
	"docket/internal/content"
	"docket/internal/money"
	"docket/internal/topic"
)

// Item is an entry as the templates see it.
type Item struct {
	*entry                // what it keeps of its document; Doc gives the whole
	URL        string     // site path of its page
	terms      []*Term    // topics, companies, authorities, jurisdictions: see Chips
	source     *Term      // the source's term (news): see SourceURL
	SourceType string     // what the source is, from feeds/feeds.yaml: regulator, wire, … (news)
	links      *itemLinks // nil for an entry that cites none and none cites
	Case       *Case      // the matter it belongs to (case: in front matter)
	fine       *Fine      // events of kind fine with an amount, see fines.go
	n          int        // place in the timeline: the search's document number
	b          *builder
	story      *Story // its story, when the story has several reports
	// How many entries the model holds, and the item's rank in its story
	// (0 event, 1 primary source, 2 other; stories.go): 32 bits each, one
	// word for both, which keeps an Item in the 128-byte size class
	// (TestItemSize).
	tracker, primary int32
}

// itemLinks are an item's citations, which few items have: a pointer
// to them costs an item one word where the lists cost six.
type itemLinks struct {
	related, citedBy []*Item
}

// Related are the news items an event cites.
func (it *Item) Related() []*Item {
	if it.links == nil {
		return nil
	}
	return it.links.related
}

// CitedBy are the events that cite a news item.
func (it *Item) CitedBy() []*Item {
	if it.links == nil {
		return nil
	}
	return it.links.citedBy
}

// cite records that it cites n.
func (it *Item) cite(n *Item) {
	if it.links == nil {
		it.links = new(itemLinks)
	}
	if n.links == nil {
		n.links = new(itemLinks)
	}
	it.links.related = append(it.links.related, n)
	n.links.citedBy = append(n.links.citedBy, it)
}

// SourceURL is the site path of the source's term page; "" for none.
func (it *Item) SourceURL() string {
	if it.source == nil {
		return ""
	}
	return it.source.url
}

// Card is the item's timeline card with its chips. The rest of the card
// is rendered once per build.
func (it *Item) Card() (template.HTML, error) { return it.cardWithout("") }

// cardWithout is the item's card without the chip of the term at site
// path omit: a term page's own.
func (it *Item) cardWithout(omit string) (template.HTML, error) {
	c, err := it.b.card(it)
	if err != nil {
		return "", err
	}
	return it.withChips(c, omit), nil
}

// IsEvent reports whether the item is an editor event.
func (it *Item) IsEvent() bool { return it.Kind == content.Event }

// Revised is the entry's updated date when it is set and falls on a
// later day than its date, else nil: what the entry page and the card
// show as "updated".
func (it *Item) Revised() *time.Time {
	if it.Updated.IsZero() || it.Updated.Format(time.DateOnly) <= it.Date.Format(time.DateOnly) {
		return nil
	}
	return &it.Updated
}

// Chips are the item's topics, companies, authorities and
// jurisdictions, in this order, as chips. An item keeps only its terms,
// a pointer each rather than a chip's four strings, on a large archive
// ~300 B an entry; the chips are made when asked for.
func (it *Item) Chips() []Chip {
	if len(it.terms) == 0 {
		return nil
	}
	cs := make([]Chip, len(it.terms))
	for i, t := range it.terms {
		cs[i] = t.chip()
	}
	return cs
}

// ChipsOf returns the item's chips of one class.
func (it *Item) ChipsOf(class string) []Chip {
	var cs []Chip
	for _, t := range it.terms {
		if t.Class == class {
			cs = append(cs, t.chip())
		}
	}
	return cs
}

// Chip is a link to a term page.
type Chip struct {
	ID, Label, URL, Class string
	term                  *Term // nil for chips of no term page
}

// Taxonomy is one way of grouping entries: topics, companies, …
type Taxonomy struct {
	Key      string // URL segment: topics, entities, …
	Title    string // "Companies"
	Singular string // "company"
	Terms    []*Term
	byID     map[string]*Term
	byName   map[string]*Term // sources only
	// was is the terms of an earlier model made with the same rules, by
	// ID, which term takes over (see newModel); nil for none.
	was map[string]*Term
}

// URL is the site path of the taxonomy's index page.
func (t *Taxonomy) URL() string { return "/" + t.Key + "/" }

// Term is one topic, company, authority, jurisdiction or source.
type Term struct {
	ID, Name    string
	Native      string // name in another script, e.g. 阿里巴巴
	Description string
	Homepage    string
	Class       string
	Items       []*Item // newest first, including backfilled ones
	Events      int
	Fines       []Amount // fine totals by currency, largest first
	FinesEUR    *Total   // the same in euros at each fine's ECB rate; nil without fines or when all are in euros
	tax         *Taxonomy
	url         string
	line        *sync.Once // makes lineHTML; a pointer, as terms are copied
	lineHTML    string     // its chip on a card: see chipLine
}

// URL is the site path of the term's page.
func (t *Term) URL() string { return t.url }

// chip is the term's chip; its class is its taxonomy's singular.
func (t *Term) chip() Chip { return Chip{ID: t.ID, Label: t.Name, URL: t.url, Class: t.Class, term: t} }

// Amount is a total of fines in one currency.
type Amount = content.Amount

// paidBy reports whether a fine of amount a counts for the term id of
// class: every term but a company a names as not among its payers.
func paidBy(a *Amount, class, id string) bool {
	return class != "company" || a.Pays(id)
}

// model is everything a build renders, computed once.
type model struct {
	site    config.Site
	rules   *topic.Rules
	items   []*Item // published, newest first
	home    []*Item // items minus backfilled ones: the head of the timeline and the feeds
	pages   []*Item // content/pages, by menu position then title
	taxes   []*Taxonomy
	years   []int   // years with items, newest first
	cases   []*Case // content/cases, by title; see cases.go
	fines   []*Fine // newest first; see fines.go
	rates   *money.Rates
	stories []*Story  // stories of several reports, by ID (stories.go)
	latest  time.Time // the newest date or updated date of an entry

	termToks sync.Map // termRef: []string, the search tokens of its names (termTokens)
	slab     *slab    // a lean build's: where its items are made (slab.go)
}

// sortNewestFirst sorts items by the calendar date as written, newest
// first, then by instant and path. The calendar date is worked out once
// an item, not twice a comparison: the preview server sorts on every save.
//
// prev, if any, is an earlier model's items in this order. Items of the
// same documents keep their order among themselves, so only the others
// are sorted and then merged in, which a save in the preview needs
// instead of sorting every item again. prev is only a hint: were its
// order not this one, everything is sorted. It returns the place of each
// of prev's documents in prev, which newModel uses again.
func sortNewestFirst(items, prev []*Item) (rank map[*content.Doc]int) {
	rank = make(map[*content.Doc]int, len(prev))
	for i, it := range prev {
		rank[it.full] = i
	}
	type keyed struct {
		day int // yyyymmdd
		it  *Item
	}
	compare := func(a, b keyed) int {
		return cmp.Or(cmp.Compare(b.day, a.day), b.it.Date.Compare(a.it.Date), cmp.Compare(a.it.Rel, b.it.Rel))
	}
	key := func(it *Item) keyed {
		y, m, d := it.Date.Date()
		return keyed{y*10000 + int(m)*100 + d, it}
	}
	// Items of prev's documents go to their places in prev; the rest,
	// fresh, are sorted.
	slots := make([]*Item, len(prev))
	var fresh []keyed
	for _, it := range items {
		if i, ok := rank[it.full]; ok && slots[i] == nil {
			slots[i] = it
		} else {
			fresh = append(fresh, key(it))
		}
	}
	known := make([]keyed, 0, len(items)-len(fresh))
	for _, it := range slots {
		if it != nil {
			known = append(known, key(it))
		}
	}
	if !slices.IsSortedFunc(known, compare) {
		known = append(known, fresh...)
		slices.SortFunc(known, compare)
		fresh = nil
	}
	slices.SortFunc(fresh, compare)
	i, j := 0, 0
	for n := range items {
		if j == len(fresh) || i < len(known) && compare(known[i], fresh[j]) < 0 {
			items[n] = known[i].it
			i++
		} else {
			items[n] = fresh[j].it
			j++
		}
	}
	return rank
}

// newModel indexes the published documents of a tree.
//
// prev, if any, is an earlier model's items: a hint that spares sorting
// the items of unchanged documents again (see sortNewestFirst).
//
// With sums (a build's, see entry), items let their documents go as
// they are made, and so does tree: the documents are garbage one by
// one, never held beside the whole model.
//
// sorted, if not nil, is called once the items are in order and linked
// to what they cite, before they are filed under their terms: all the
// clustering reads of them (see clusterAll), so it may begin there.
func newModel(site config.Site, rules *topic.Rules, tree *content.Tree, drafts bool, prev []*Item, sums *sumTable, sorted func(*model)) *model {
	m := &model{site: site, rules: rules}
	topics := m.newTaxonomy("topics", "Topics", "topic")
	companies := m.newTaxonomy("entities", "Companies", "company")
	authorities := m.newTaxonomy("authorities", "Authorities", "authority")
	jurisdictions := m.newTaxonomy("jurisdictions", "Jurisdictions", "jurisdiction")
	sources := m.newTaxonomy("sources", "Sources", "source")

	byRel := make(map[string]*Item, len(tree.Docs))
	var lists *listTable
	if sums != nil {
		lists = newListTable()
		m.slab = &slab{}
	}
	for i, d := range tree.Docs {
		if sums != nil {
			tree.Docs[i] = nil
		}
		if !d.Published(drafts) {
			continue
		}
		if d.Lang == "" {
			d.Lang = site.Language
		}
		if d.Kind == content.Case {
			m.cases = append(m.cases, m.newCase(d))
			continue
		}
		it := m.slab.item(d)
		it.URL = d.Permalink()
		if d.Kind == content.Page {
			m.pages = append(m.pages, it)
			continue
		}
		if sums != nil {
			it.URL = it.entry.lean(sums, lists, it.URL)
		}
		m.items = append(m.items, it)
		byRel[it.Rel] = it
	}
	// Newest first. Listings group by year and month of the date as
	// written (cards show it so), so the calendar date as written comes
	// before the instant: dates in different zones around a month's end
	// would otherwise split a year or month in two.
	rank := sortNewestFirst(m.items, prev)
	// An item of a document of prev is filed under the terms prev filed
	// it under, when prev was made with these rules: which of its
	// entities are authorities and whose jurisdictions it takes are worked
	// out once a document, not on every save in the preview. A document
	// is replaced when its file is re-read, and every one when the rules
	// are.
	//
	// Its terms are prev's, made anew: the chips of such an item are
	// those prev gave it, kept as they are. prev's model is spent.
	if len(prev) == 0 || prev[0].b == nil || prev[0].b.m.rules != rules {
		rank = nil
	} else {
		for _, t := range prev[0].b.m.taxes {
			for _, nt := range m.taxes {
				if nt.Key == t.Key && nt != sources {
					nt.was = t.byID
				}
			}
		}
	}
	byClass := func(class string) *Taxonomy {
		switch class {
		case "topic":
			return topics
		case "company":
			return companies
		case "authority":
			return authorities
		}
		return jurisdictions
	}
	slices.SortFunc(m.pages, func(a, b *Item) int {
		return cmp.Or(cmp.Compare(a.Menu(), b.Menu()), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Rel, b.Rel))
	})
	for i, it := range m.items {
		it.n, it.tracker = i, int32(len(m.items))
		for _, r := range it.relatedRels() {
			if n := byRel[r]; n != nil {
				it.cite(n)
			}
		}
	}
	if sorted != nil {
		sorted(m)
	}

	for _, it := range m.items {
		if k, ok := rank[it.full]; ok {
			was, shared := prev[k].terms, true
			for i, t := range was {
				if tax := byClass(t.Class); t.tax != tax {
					t = tax.term(t.ID, rules)
				}
				t.Items = append(t.Items, it)
				if t != was[i] && shared {
					// Not prev's term (none should be): the terms are
					// listed anew from here on.
					shared = false
					it.terms = make([]*Term, i, len(was))
					copy(it.terms, was[:i])
				}
				if !shared {
					it.terms = append(it.terms, t)
				}
			}
			if shared {
				it.terms = was
			}
		} else {
			m.file(it, topics, companies, authorities, jurisdictions)
		}
		if it.Source != "" {
			t := sources.source(it.Source)
			t.Items = append(t.Items, it)
			it.source = t
		}
		if !it.Backfilled {
			m.home = append(m.home, it)
		}
		m.latest = latest(m.latest, it.Date, it.Updated)
		if y := it.Date.Year(); len(m.years) == 0 || m.years[len(m.years)-1] != y {
			m.years = append(m.years, y)
		}
	}
	for _, t := range m.taxes {
		t.was = nil // the spent model's terms not taken over are garbage
		t.finish()
	}
	m.linkCases()
	return m
}

// file files an item under its topics, companies, authorities and
// jurisdictions, in this order, and gives it their chips.
func (m *model) file(it *Item, topics, companies, authorities, jurisdictions *Taxonomy) {
	rules := m.rules
	js := m.jurisdictionsOf(it)
	if n := len(it.Topics) + len(it.Entities) + len(it.Authorities) + len(js); n > 0 {
		it.terms = m.termList(n) // room for every term: no growing
	}
	for _, id := range it.Topics {
		it.add(topics.term(id, rules))
	}
	for _, id := range it.Entities {
		if e := rules.Entity(id); e != nil && e.Kind == topic.KindAuthority {
			it.add(authorities.term(id, rules))
		} else {
			it.add(companies.term(id, rules))
		}
	}
	for _, id := range it.Authorities {
		it.add(authorities.term(id, rules))
	}
	for _, id := range js {
		it.add(jurisdictions.term(id, rules))
	}
}

// latest is the latest of its times: the build reads no clock, so the
// tracker is as new as its newest entry.
func latest(ts ...time.Time) time.Time {
	var l time.Time
	for _, t := range ts {
		// By the day as written, as cards show and listings order it:
		// 1 Jan at 01:00+08:00 is newer than 31 Dec at 20:00Z.
		if d, ld := t.Format(time.DateOnly), l.Format(time.DateOnly); d > ld || d == ld && t.After(l) {
			l = t
		}
	}
	return l
}

func (m *model) newTaxonomy(key, title, singular string) *Taxonomy {
	t := &Taxonomy{Key: key, Title: title, Singular: singular, byID: map[string]*Term{}, byName: map[string]*Term{}}
	m.taxes = append(m.taxes, t)
	return t
}

// jurisdictionsOf is an item's jurisdictions and those of its authorities.
func (m *model) jurisdictionsOf(it *Item) []string {
	js := slices.Clone(it.Jurisdictions)
	for _, id := range slices.Concat(it.Authorities, it.Entities) {
		if e := m.rules.Entity(id); e != nil && e.Kind == topic.KindAuthority && e.Jurisdiction != "" && !slices.Contains(js, e.Jurisdiction) {
			js = append(js, e.Jurisdiction)
		}
	}
	return js
}

// authoritiesOf is the item's authorities with those it names among its
// entities, as news items do (the rules tag an authority as an entity):
// the site files both under /authorities/, and so do the data files.
func (m *model) authoritiesOf(it *Item) []string {
	as := slices.Clone(it.Authorities)
	for _, id := range it.Entities {
		if e := m.rules.Entity(id); e != nil && e.Kind == topic.KindAuthority && !slices.Contains(as, id) {
			as = append(as, id)
		}
	}
	return as
}

// add files the item under a term (once), which gives it the term's chip.
func (it *Item) add(t *Term) {
	if n := len(t.Items); n > 0 && t.Items[n-1] == it {
		return
	}
	t.Items = append(t.Items, it)
	it.terms = append(it.terms, t)
}

// term returns the term for a taxonomy ID, creating it on first use.
func (t *Taxonomy) term(id string, rules *topic.Rules) *Term {
	if tm := t.byID[id]; tm != nil {
		return tm
	}
	tm := t.was[id]
	if tm != nil {
		// The earlier model's term, made anew in place: the chips of the
		// entries it files stay valid (see newModel).
		clear(tm.Items[:cap(tm.Items)]) // no pointers into the spent model
		items := tm.Items[:0]
		*tm = t.newTerm(id, rules)
		tm.Items = items
	} else {
		tm = new(Term)
		*tm = t.newTerm(id, rules)
	}
	t.byID[id] = tm
	t.Terms = append(t.Terms, tm)
	return tm
}

// newTerm is the term of an ID, filing no entries yet.
func (t *Taxonomy) newTerm(id string, rules *topic.Rules) Term {
	tm := Term{ID: id, Name: id, Class: t.Singular, tax: t, url: t.URL() + id + "/", line: new(sync.Once)}
	if tp := rules.Topic(id); tp != nil && t.Key == "topics" {
		tm.Name, tm.Native, tm.Description = tp.Name, tp.Names["zh"], tp.Description
	} else if e := rules.Entity(id); e != nil {
		tm.Name, tm.Native, tm.Homepage = e.Name, e.Names["zh"], e.Homepage
	}
	if tm.Native == tm.Name {
		tm.Native = ""
	}
	return tm
}

// source returns the term for an outlet, keyed by the slug of its name.
func (t *Taxonomy) source(name string) *Term {
	if tm := t.byName[name]; tm != nil {
		return tm
	}
	id := content.Slug(name)
	tm := t.byID[id]
	if tm == nil {
		tm = &Term{ID: id, Name: name, Class: "source", tax: t, url: t.URL() + id + "/", line: new(sync.Once)}
		t.byID[id] = tm
		t.Terms = append(t.Terms, tm)
	}
	t.byName[name] = tm
	return tm
}

// finish sorts terms by name and counts their events (indexFines totals
// their fines).
func (t *Taxonomy) finish() {
	slices.SortFunc(t.Terms, func(a, b *Term) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	for _, tm := range t.Terms {
		for _, it := range tm.Items {
			if it.IsEvent() {
				tm.Events++
			}
		}
	}
}

// News is the number of news items filed under the term.
func (t *Term) News() int { return len(t.Items) - t.Events }

// YearGroup and MonthGroup shape a timeline listing.
type YearGroup struct {
	Year   int
	Months []MonthGroup
}

// MonthGroup is one month of a timeline.
type MonthGroup struct {
	Month   time.Month
	Year    int
	Items   []*Item
	omit    string       // site path of the term whose chip the cards leave out
	scratch *cardScratch // where Cards writes; nil: a string of its own
}

// ID is the month's anchor, e.g. m2021-09.
func (g MonthGroup) ID() string {
	return time.Date(g.Year, g.Month, 1, 0, 0, 0, 0, time.UTC).Format("m2006-01")
}

// group splits items (newest first) into years and months; their cards
// leave out the chip of the term at site path omit, and are written into
// scratch's buffers (nil: strings of their own).
func group(items []*Item, omit string, scratch *cardScratch) []YearGroup {
	var ys []YearGroup
	for _, it := range items {
		y, mo := it.Date.Year(), it.Date.Month()
		if len(ys) == 0 || ys[len(ys)-1].Year != y {
			ys = append(ys, YearGroup{Year: y})
		}
		yg := &ys[len(ys)-1]
		if len(yg.Months) == 0 || yg.Months[len(yg.Months)-1].Month != mo {
			yg.Months = append(yg.Months, MonthGroup{Month: mo, Year: y, omit: omit, scratch: scratch})
		}
		mg := &yg.Months[len(yg.Months)-1]
		mg.Items = append(mg.Items, it)
	}
	return ys
}
