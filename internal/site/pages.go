package site

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
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
	m     *model
	b     *builder
	root  string // relative path to the site's root
}

// FeedLink is an alternate feed of a page.
type FeedLink struct{ Title, Type, URL string }

// Rel returns a URL for site path to that works from this page, whatever
// sub-path the site is served from: links are relative, except on the 404
// page, which may be shown at any path and so links from the base path.
func (p *Page) Rel(to string) string { return rel(p.root, to) }

// PageOf is " — page N of M" on the second and later pages of a
// listing, else "": it follows the page's title in <title>, its heading
// and its sharing card. The first page is the listing's own address, and
// keeps its plain title.
func (p *Page) PageOf() string {
	if p.Pager == nil || p.Pager.Current < 2 {
		return ""
	}
	return fmt.Sprintf(" — page %d of %d", p.Pager.Current, p.Pager.Total)
}

// FullTitle is the page's <title> and og:title: the site's title alone
// on the home page, else the page's title and the site's.
func (p *Page) FullTitle() string {
	if p.Kind == "home" {
		return p.Site.Title + p.PageOf()
	}
	return p.Title + p.PageOf() + " · " + p.Site.Title
}

// ShareTitle is the title of the page's sharing card: og:site_name says
// the site.
func (p *Page) ShareTitle() string {
	if p.Kind == "home" {
		return p.Site.Title + p.PageOf()
	}
	return p.Title + p.PageOf()
}

// ShareDescription is the page's description, else the site's, else its
// title: a sharing card always has one.
func (p *Page) ShareDescription() string {
	if p.Description != "" {
		return p.Description
	}
	if p.Site.Description != "" {
		return p.Site.Description
	}
	return p.ShareTitle()
}

// OGType is the page's og:type: an article for an entry or a story, a
// website for the rest.
func (p *Page) OGType() string {
	if p.Kind == "entry" || p.Kind == "story" {
		return "article"
	}
	return "website"
}

// Abs returns the absolute URL of site path to.
func (p *Page) Abs(to string) string { return p.Site.Abs(to) }

// Chrome renders the named part of the page's chrome (templates "brand",
// "nav" and "footer" in partials/chrome.html). Such parts differ only
// between sections of the site, so each is rendered once per section and
// reused, for a stand-in page that has only .Site, .Kind, .Taxonomy and,
// on pages, .Path: any other page field reads empty there.
func (p *Page) Chrome(name string) (template.HTML, error) {
	v := Page{Site: p.Site, Kind: p.Kind, Taxonomy: p.Taxonomy, m: p.m, b: p.b, root: cardRoot}
	key := name + "|" + p.Kind
	if p.Taxonomy != nil {
		key += "|" + p.Taxonomy.Key
	}
	if p.Kind == "page" {
		v.Path = p.Path
		key += "|" + p.Path
	}
	return p.b.chrome(key, name, &v)
}

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
	var sb strings.Builder
	for _, c := range cs {
		h, err := p.Chip(c)
		if err != nil {
			return "", err
		}
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
		if it.Menu > 0 {
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

// Pager links the pages of a paginated listing.
type Pager struct {
	Current, Total int
	base           string // site path of page 1
	root           string // the root prefix of the page showing the pager
}

// Link is the URL of page n relative to the current page.
func (pg *Pager) Link(n int) string { return rel(pg.root, pg.URL(n)) }

// URL is the site path of page n.
func (pg *Pager) URL(n int) string {
	if n <= 1 {
		return pg.base
	}
	return pg.base + "page/" + strconv.Itoa(n) + "/"
}

// Window lists the page numbers to show around the current one; 0 marks a gap.
func (pg *Pager) Window() []int {
	var w []int
	for n := 1; n <= pg.Total; n++ {
		switch {
		case n == 1 || n == pg.Total || (n >= pg.Current-2 && n <= pg.Current+2):
			w = append(w, n)
		case len(w) > 0 && w[len(w)-1] != 0:
			w = append(w, 0)
		}
	}
	return w
}

// paginate plans a listing in pages of the site's page size. Each page
// is a slice of the one sorted list, never a new filtering of it.
func (b *builder) paginate(p Page, items []*Item) []output {
	size := b.m.site.PageSize
	total := max(1, (len(items)+size-1)/size)
	pg := &Pager{Total: total, base: p.Path}
	omit := ""
	if p.Term != nil {
		omit = p.Term.URL()
	}
	outs := make([]output, total)
	for n := 1; n <= total; n++ {
		path := pg.URL(n)
		outs[n-1] = output{path, func() ([]byte, error) {
			q := p
			q.Path = path
			q.Pager = &Pager{Current: n, Total: total, base: pg.base, root: rootOf(path)}
			q.Groups = group(items[(n-1)*size:min(n*size, len(items))], omit)
			return b.page(&q)
		}}
	}
	return outs
}

// entryPage renders one news item or event.
func (b *builder) entryPage(it *Item) ([]byte, error) {
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
	body, err := b.entryText(it)
	if err != nil {
		return nil, err
	}
	switch {
	case words >= 0 && it.feedText():
		if b.tokens.Wants(it.n) {
			b.tokens.Put(it.n, b.docTokens(it, b.bodyText(it, body)))
		}
		p.Body, p.Cut = textHTML(string(body), words)
	case words >= 0:
		doc, src := parseMarkdown(b.md, body, it.URL)
		// The search index takes the text now: the body is parsed once.
		if b.tokens.Wants(it.n) {
			b.tokens.Put(it.n, b.docTokens(it, textOf(doc, src)))
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
			b.tokens.Put(it.n, b.docTokens(it, b.bodyText(it, body)))
		}
		p.Cut = len(body) > 0
	}
	return b.page(p)
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
