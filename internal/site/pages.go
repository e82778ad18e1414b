package site

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"docket/internal/config"
	"docket/internal/content"
	"docket/internal/sources"
)

// Page is what every template receives.
type Page struct {
	Site        *config.Site
	Kind        string // home, archive, entry, page, terms, term, 404
	Path        string // the page's site path, e.g. /topics/antitrust/
	Title       string
	Lang        string
	Description string

	Item *Item         // entry and page pages
	Body template.HTML // entry and page pages
	Cut  bool          // the body is an excerpt of the article

	Groups   []YearGroup // timeline pages
	Pager    *Pager
	Year     int
	Taxonomy *Taxonomy       // terms and term pages
	Term     *Term           // term pages
	Health   *sources.Health // the status page
	Case     *Case           // case pages
	Story    *Story          // story pages

	Feeds []FeedLink // this page's own feeds

	// What the <head> of every page shows (setHead, as the page is
	// rendered): fields, not methods, as the template engine's look-up
	// of a method by name costs more than these do.
	FullTitle, ShareTitle, ShareDescription, OGType string

	m      *model
	b      *builder
	root   string      // relative path to the site's root
	hist   *Histogram  // Histogram's, once made
	months []MonthLink // a year's archive's first page: its MonthIndex
}

// FeedLink is an alternate feed of a page.
type FeedLink struct{ Title, Type, URL string }

// Rel returns a URL for site path to that works from this page, whatever
// sub-path the site is served from: links are relative, except on the 404
// page, which may be shown at any path and so links from the base path.
func (p *Page) Rel(to string) string { return rel(p.root, to) }

// PageOf follows the title of a listing's numbered page in <title>, its
// heading and its sharing card: " — page 7, 3 Jan 2024 – 17 Feb 2024",
// its number and the dates of its oldest and newest entries, which
// never change as newer entries arrive (a count of pages would). It is
// "" on other pages; the listing's first page keeps its plain title.
func (p *Page) PageOf() string {
	if p.Pager == nil || p.Pager.Current == 0 {
		return ""
	}
	s := fmt.Sprintf(" — page %d", p.Pager.Current)
	if span := p.span(); span != "" {
		s += ", " + span
	}
	return s
}

// span is the dates of the page's oldest and newest entries, or the one
// date they share; "" without entries.
func (p *Page) span() string {
	if len(p.Groups) == 0 {
		return ""
	}
	newest := p.Groups[0].Months[0].Items[0].Date
	ys := p.Groups[len(p.Groups)-1]
	ms := ys.Months[len(ys.Months)-1]
	oldest := ms.Items[len(ms.Items)-1].Date
	const day = "2 Jan 2006"
	if a, b := oldest.Format(day), newest.Format(day); a != b {
		return a + " – " + b
	}
	return newest.Format(day)
}

// Front reports whether the page is a listing's first page, at the
// listing's own address, or no listing's page at all: what depends on
// the whole listing (its totals, histogram) shows there only, so that
// its numbered pages keep their bytes as it grows.
func (p *Page) Front() bool { return p.Pager == nil || p.Pager.Current == 0 }

// setHead sets what the page's <head> says of it: FullTitle, its
// <title>, the site's title alone on the home page, else the page's and
// the site's; ShareTitle, its sharing card's (og:site_name says the
// site); ShareDescription, the page's description, else the site's, else
// ShareTitle (a card always has one); OGType, an article for an entry or
// a story, a website for the rest.
func (p *Page) setHead() {
	of := p.PageOf()
	if p.Kind == "home" {
		p.ShareTitle = p.Site.Title + of
		p.FullTitle = p.ShareTitle
	} else {
		p.ShareTitle = p.Title + of
		p.FullTitle = p.ShareTitle + " · " + p.Site.Title
	}
	p.ShareDescription = cmp.Or(p.Description, p.Site.Description, p.ShareTitle)
	p.OGType = "website"
	if p.Kind == "entry" || p.Kind == "story" {
		p.OGType = "article"
	}
}

// Abs returns the absolute URL of site path to.
func (p *Page) Abs(to string) string { return p.Site.Abs(to) }

// Chrome renders the named part of the page's chrome (templates "brand",
// "nav" and "footer" in partials/chrome.html). Such parts differ only
// between sections of the site, so each is rendered once per section and
// reused, for a stand-in page that has only .Site, .Kind, .Taxonomy and,
// on pages, .Path: any other page field reads empty there.
func (p *Page) Chrome(name string) (template.HTML, error) {
	key := chromeKey{name: name, kind: p.Kind}
	if p.Taxonomy != nil {
		key.tax = p.Taxonomy.Key
	}
	if p.Kind == "page" {
		key.path = p.Path
	}
	return p.b.chrome(key, func() *Page {
		return &Page{Site: p.Site, Kind: p.Kind, Taxonomy: p.Taxonomy, Path: key.path, m: p.m, b: p.b, root: cardRoot}
	})
}

// chromeKey is a piece of chrome in the builder's cache: the template's
// name and what of the page it may show.
type chromeKey struct{ name, kind, tax, path string }

// ChipView is what the "chip" template gets: a chip and a stand-in page
// for its links.
type ChipView struct {
	Page *Page
	Chip Chip
}

// chipKey is a chip in the cache of rendered chips.
type chipKey struct{ class, id, url, label string }

// Chip renders one chip of a list (template "chip" in partials/card.html).
// A chip is the same on every page but for its links' root, so it is
// rendered once a build, at the root placeholder that page() fills in:
// a page's chips cost a lookup each instead of the template's reflective
// calls.
func (p *Page) Chip(c Chip) (template.HTML, error) {
	key := chipKey{c.Class, c.ID, c.URL, c.Label}
	if h, ok := p.b.chromes.Load(key); ok {
		return h.(template.HTML), nil
	}
	var sb strings.Builder
	v := &Page{Site: p.Site, Lang: p.Site.Language, m: p.m, b: p.b, root: cardRoot}
	if err := p.b.tmpl["home"].ExecuteTemplate(&sb, "chip", ChipView{Page: v, Chip: c}); err != nil {
		return "", err
	}
	h := template.HTML(sb.String())
	p.b.chromes.Store(key, h)
	return h, nil
}

// ChipLines renders a list of chips, each as Chip does: a template that
// prints them in a range over these makes one reflective call a chip
// fewer than one that calls Chip for each.
func (p *Page) ChipLines(cs []Chip) ([]template.HTML, error) {
	lines := make([]template.HTML, len(cs))
	for i, c := range cs {
		h, err := p.Chip(c)
		if err != nil {
			return nil, err
		}
		lines[i] = h
	}
	return lines, nil
}

// ChipList renders a list of chips, each as Chip does, as one piece of
// HTML: printing it costs one template action, not one per chip.
func (p *Page) ChipList(cs []Chip) (template.HTML, error) {
	var hs [2 * cardChips]template.HTML // an entry's chips, most often
	lines := hs[:0]
	n := 0
	for _, c := range cs {
		h, err := p.Chip(c)
		if err != nil {
			return "", err
		}
		lines = append(lines, h)
		n += len(h)
	}
	var sb strings.Builder
	sb.Grow(n) // one string of the list's size, not one grown chip by chip
	for _, h := range lines {
		sb.WriteString(string(h))
	}
	return template.HTML(sb.String()), nil
}

// Taxonomies lists the site's taxonomies, for navigation.
func (p *Page) Taxonomies() []*Taxonomy { return p.m.taxes }

// Menu lists the pages that asked to be in the menu.
func (p *Page) Menu() []*Item {
	var ms []*Item
	for _, it := range p.m.pages {
		if it.Menu() > 0 {
			ms = append(ms, it)
		}
	}
	return ms
}

// Updated is when the tracker last changed: the newest date or updated
// date of its entries (zero without entries).
func (p *Page) Updated() time.Time { return p.m.latest }

// Entries is the number of entries the tracker holds.
func (p *Page) Entries() int { return len(p.m.items) }

// Years lists the years that have entries, newest first.
func (p *Page) Years() []int { return p.m.years }

// Card is what the "card" template gets: an item and the page showing it.
type Card struct {
	Page *Page
	Item *Item
}

// Pager links the pages of a paginated listing. Numbered pages count
// from the listing's oldest end: page k holds its (k-1)·size+1st to
// k·size-th entries counted from the oldest, the same entries however
// many newer ones arrive. The listing's first page, at its own address, shows what
// is newer than the numbered pages: the newest full slice and the
// partial one after it, from one to two pages' worth (see paginate).
type Pager struct {
	Current int    // the page's number; 0 on the listing's first page
	Last    int    // the newest numbered page; 0 when the first page shows all
	base    string // site path of the listing's first page
	root    string // the root prefix of the page showing the pager
}

// Paged reports whether the listing has numbered pages, and so a pager.
// A template asks this rather than comparing Last, which a numbered page
// that is to keep its bytes must not show (the build cache leaves Last
// out of its key).
func (pg *Pager) Paged() bool { return pg.Last > 0 }

// Link is the URL of page n (0: the first page) relative to the current
// page.
func (pg *Pager) Link(n int) string { return rel(pg.root, pg.URL(n)) }

// URL is the site path of page n; 0 is the listing's first page.
func (pg *Pager) URL(n int) string {
	if n == 0 {
		return pg.base
	}
	return pg.base + "page/" + strconv.Itoa(n) + "/"
}

// Newer is the number of the page of the next newer entries (0 for the
// first page) and whether there is one.
func (pg *Pager) Newer() (int, bool) {
	switch {
	case pg.Current == 0:
		return 0, false
	case pg.Current < pg.Last:
		return pg.Current + 1, true
	}
	return 0, true
}

// Older is the number of the page of the next older entries and whether
// there is one.
func (pg *Pager) Older() (int, bool) {
	switch {
	case pg.Current == 0:
		return pg.Last, pg.Last > 0
	case pg.Current > 1:
		return pg.Current - 1, true
	}
	return 0, false
}

// NewerLink and OlderLink are the relative URLs of the newer and older
// pages, "" where there is none.
func (pg *Pager) NewerLink() string { return pg.linkIf(pg.Newer()) }
func (pg *Pager) OlderLink() string { return pg.linkIf(pg.Older()) }

func (pg *Pager) linkIf(n int, ok bool) string {
	if !ok {
		return ""
	}
	return pg.Link(n)
}

// PagerSlot is one place in the pager's row: a page or a gap.
type PagerSlot struct {
	Page    int // the page's number, 0 for the listing's first page
	Label   string
	Current bool
	Gap     bool
}

// Window lists the pages to show, newest first: the first page
// ("Latest"), the pages next to the current one, and page 1. A numbered
// page shows only the one newer page beside it, and a gap when there is
// more between it and the first page: so when the listing grows a new
// page, only its two newest numbered pages change.
func (pg *Pager) Window() []PagerSlot {
	// Places from the oldest: page k is place k, the first page Last+1.
	// The few places shown are picked, not found by walking every page:
	// a million-entry timeline has tens of thousands of pages.
	cur, top := pg.Current, pg.Last+1
	if cur == 0 {
		cur = top
	}
	var w []PagerSlot
	prev := top + 1
	for _, at := range [...]int{top, cur + 1, cur, cur - 1, 1} {
		if at < 1 || at >= prev {
			continue // beyond the first page, before page 1, or shown
		}
		if at < prev-1 && len(w) > 0 {
			w = append(w, PagerSlot{Gap: true})
		}
		s := PagerSlot{Page: at, Label: strconv.Itoa(at), Current: at == cur}
		if at == top {
			s.Page, s.Label = 0, "Latest"
		}
		w = append(w, s)
		prev = at
	}
	return w
}

// numberedPages is how many numbered pages a listing of n entries has
// in pages of size: every full slice from the oldest end but the
// newest, which its first page shows with the partial slice after it.
func numberedPages(n, size int) int { return max(0, n/size-1) }

// pageItems is the slice of a listing (newest first) that page k shows,
// 0 being its first page.
func pageItems(items []*Item, k, last, size int) []*Item {
	n := len(items)
	if k == 0 {
		return items[:n-last*size]
	}
	return items[n-k*size : n-(k-1)*size]
}

// MonthLink is a month of a year's archive in its index: the page that
// holds the month's first card, and how many cards the month has there.
type MonthLink struct {
	Label  string // "September"; "September 2020" in another year's archive
	Count  int    // its cards
	Href   string // the page of its first card, at the month (#m2021-09), from the first page
	Anchor string // the month's ID, where its cards are not on the page showing it
}

// MonthIndex is the months of a year's archive, newest first, on its
// first page: a year of a large tracker is thousands of pages, and a
// histogram's month links there (#m2021-09), which the index holds for
// a month on another page.
func (p *Page) MonthIndex() []MonthLink { return p.months }

// monthIndex is the month index of year's listing items in pages of
// size, last the newest numbered one, shown on the first page at path.
func monthIndex(year int, items []*Item, last, size int, path, root string) []MonthLink {
	var out []MonthLink
	first := len(items) - last*size // the first page's cards
	pg := &Pager{base: path, root: root}
	for i := 0; i < len(items); {
		g := MonthGroup{Year: items[i].Date.Year(), Month: items[i].Date.Month()}
		j := i + 1
		for j < len(items) && items[j].Date.Year() == g.Year && items[j].Date.Month() == g.Month {
			j++
		}
		l := MonthLink{Label: g.Month.String(), Count: j - i}
		if g.Year != year { // a story's head, of another year
			l.Label += " " + strconv.Itoa(g.Year)
		}
		if i < first {
			l.Href = "#" + g.ID()
		} else {
			k := (len(items) - i + size - 1) / size // the numbered page holding card i
			l.Href, l.Anchor = pg.Link(k)+"#"+g.ID(), g.ID()
		}
		out = append(out, l)
		i = j
	}
	return out
}

// lazyListing is a listing (stories.go) that the plan knows the length
// of and its pages make when the first of them is rendered. A listing
// of a term with stories is a copy of the term's items: made for the
// plan, the copies of every term were together ~70 B an entry, held
// until the term's pages were rendered; a listing's pages are rendered
// one after the other, so few are made at a time. It is made twice
// (here for its length and head, then for its pages), a small part of
// the CPU of its pages.
type lazyListing struct {
	n     int                   // its length
	items []*Item               // what it is made from; nil once made
	of    func([]*Item) []*Item // listing or ownListing
	once  sync.Once
	list  []*Item
}

// newListing plans the listing of items as of makes it (listing, or a
// term's ownListing), and gives the head of it its feeds read (feeds): up
// to the feedSize-th entry that is not backfilled, or the whole listing.
func newListing(items []*Item, feedSize int, of func([]*Item) []*Item) (*lazyListing, []*Item) {
	l := of(items)
	head, kept := l, 0
	for i, it := range l {
		if kept == feedSize {
			head = l[:i]
			break
		}
		if !it.Backfilled {
			kept++
		}
	}
	if len(l) > 0 && len(items) > 0 && &l[0] == &items[0] {
		// Not a copy: nothing to spare.
		return &lazyListing{n: len(l), list: l}, head
	}
	return &lazyListing{n: len(l), items: items, of: of}, slices.Clone(head)
}

// get is the listing, made on the first call.
func (ls *lazyListing) get() []*Item {
	ls.once.Do(func() {
		if ls.items != nil {
			ls.list, ls.items = ls.of(ls.items), nil
		}
	})
	return ls.list
}

// paginate plans a listing in pages of the site's page size. Each page
// is a slice of the one sorted list, never a new filtering of it.
func (b *builder) paginate(p Page, ls *lazyListing) []output {
	size := b.m.site.PageSize
	last := numberedPages(ls.n, size)
	omit := ""
	if p.Term != nil {
		omit = p.Term.URL()
	}
	outs := make([]output, 0, last+1)
	for k := 0; k <= last; k++ {
		path := (&Pager{base: p.Path}).URL(k)
		pager := func() *Pager { return &Pager{Current: k, Last: last, base: p.Path, root: rootOf(path)} }
		var hist *Histogram // a term front's key makes it, its render shows it
		o := output{path, func() ([]byte, error) {
			q := p
			q.Path = path
			q.Pager = pager()
			q.hist = hist
			var scratch cardScratch
			defer scratch.release() // b.page has copied the cards
			q.Groups = group(pageItems(ls.get(), k, last, size), omit, &scratch)
			if p.Kind == "archive" && k == 0 {
				q.months = monthIndex(p.Year, ls.get(), last, size, p.Path, rootOf(path))
			}
			return b.page(&q)
		}, nil}
		switch {
		case k > 0: // a numbered page, which newer entries leave alone
			o.keyed = &keyedOutput{kind: p.Kind, key: func() ([sha256.Size]byte, error) {
				q := p
				q.Path, q.Pager = path, pager()
				return b.listingKey(&q, pageItems(ls.get(), k, last, size), omit)
			}}
		case p.Kind == "archive": // its month index is the whole year's
			o.keyed = &keyedOutput{kind: "archive-front", key: func() ([sha256.Size]byte, error) {
				q := p
				q.Path, q.Pager = path, pager()
				return b.listingKey(&q, ls.get(), omit)
			}}
		case p.Kind == "term": // kept while no entry of the term changes
			o.keyed = &keyedOutput{kind: "term-front", key: func() ([sha256.Size]byte, error) {
				q := p
				q.Path, q.Pager = path, pager()
				b.newPage(&q)
				key, err := b.frontKey(&q, pageItems(ls.get(), k, last, size), omit)
				hist = q.hist
				return key, err
			}}
		}
		outs = append(outs, o)
	}
	return outs
}

// entryPage renders one news item or event.
func (b *builder) entryPage(it *Item) ([]byte, error) { return b.entry(it, true) }

// entry renders an entry page, or with render false does only what the
// rest of the build needs of it (its card, its search tokens): a page
// the build cache keeps.
func (b *builder) entry(it *Item, render bool) ([]byte, error) {
	words := 0
	if it.Kind == content.News {
		switch b.m.site.Excerpt {
		case config.ExcerptSummary:
			words = -1
		case config.ExcerptLead:
			words = b.m.site.ExcerptWords
		}
	}
	p := &Page{Kind: "entry", Path: it.URL, Title: it.Title, Lang: it.Lang, Description: it.Summary, Item: it}
	body, err := b.entryText(it, render)
	if err != nil {
		return nil, err
	}
	switch {
	case words >= 0 && it.feedText():
		if b.tokens.Wants(it.n) {
			b.putTokens(it, b.docTokens(it, b.bodyText(it, body)))
		}
		if !render {
			return nil, nil
		}
		p.Body, p.Cut = textHTML(string(body), words)
	case words >= 0:
		if !render && !b.tokens.Wants(it.n) {
			return nil, nil
		}
		doc, src := parseMarkdown(b.md, body, it.URL)
		// The search index takes the text now: the body is parsed once.
		if b.tokens.Wants(it.n) {
			withText(doc, src, func(text string) { b.putTokens(it, b.docTokens(it, text)) })
		}
		if !render {
			return nil, nil
		}
		html, cut, err := renderMarkdown(b.md, src, doc, words)
		if err != nil {
			return nil, fmt.Errorf("%s: markdown: %w", it.Path(), err)
		}
		p.Body, p.Cut = template.HTML(html), cut
	default:
		// Handed in all the same, so that the merge is never left
		// waiting for an entry whose page shows no body.
		if b.tokens.Wants(it.n) {
			b.putTokens(it, b.docTokens(it, b.bodyText(it, body)))
		}
		p.Cut = len(body) > 0
	}
	if !render {
		return nil, nil
	}
	data, err := b.page(p)
	if err != nil {
		// The template's line alone does not say which entry's data it
		// failed on.
		return nil, fmt.Errorf("%s: %w", it.Path(), err)
	}
	return data, nil
}

// staticPage renders a page from content/pages.
func (b *builder) staticPage(it *Item) ([]byte, error) {
	body, err := it.Text()
	if err != nil {
		return nil, err
	}
	doc, src := parseMarkdown(b.md, body, it.URL)
	html, _, err := renderMarkdown(b.md, src, doc, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: markdown: %w", it.Path(), err)
	}
	return b.page(&Page{Kind: "page", Path: it.URL, Title: it.Title, Lang: it.Lang, Description: it.Summary, Item: it, Body: template.HTML(html)})
}

// cardRootBytes is cardRoot, for replacing it in pages.
var cardRootBytes = []byte(cardRoot)

// lend puts root in place of every cardRoot in a page rendered into buf,
// in buf itself, and lends buf's bytes out: a build writes the page and
// gives them back (giveBack) rather than have page() copy every page.
// It does not when root is longer than cardRoot (a long base path on the
// 404 page), or the page is empty.
func (b *builder) lend(buf *bytes.Buffer, root string) ([]byte, bool) {
	if len(root) > len(cardRoot) || buf.Len() == 0 {
		return nil, false
	}
	data := replaceShorter(buf.Bytes(), cardRootBytes, root)
	b.lent.Store(&data[0], buf)
	return data, true
}

// giveBack takes back the buffer of a page that page() lent, once the
// page is written; other data is left alone.
func (b *builder) giveBack(data []byte) {
	if len(data) == 0 {
		return
	}
	if buf, ok := b.lent.LoadAndDelete(&data[0]); ok {
		putPage(buf.(*bytes.Buffer))
	}
}

// replaceShorter replaces every old in data with new, no longer than
// old, in place, and returns what data now holds.
func replaceShorter(data, old []byte, new string) []byte {
	w, r := 0, 0
	for {
		i := bytes.Index(data[r:], old)
		if i < 0 {
			break
		}
		w += copy(data[w:], data[r:r+i])
		w += copy(data[w:], new)
		r += i + len(old)
	}
	w += copy(data[w:], data[r:])
	return data[:w]
}
