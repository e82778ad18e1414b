package site

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"docket/internal/config"
	"docket/internal/content"
	"docket/internal/text"
)

// feedLinks are the alternate feeds of the listing at site path dir.
func (b *builder) feedLinks(dir, name string) []FeedLink {
	title := b.m.site.Title
	if name != "" {
		title += ": " + name
	}
	return []FeedLink{
		{Title: title + " (Atom)", Type: "application/atom+xml", URL: dir + "feed.xml"},
		{Title: title + " (JSON Feed)", Type: "application/feed+json", URL: dir + "feed.json"},
	}
}

// feeds plans dir/feed.xml and dir/feed.json with the newest items that
// did not come in as a backfill.
func (b *builder) feeds(dir, name string, items []*Item) []output {
	latest := func() []*Item {
		var l []*Item
		for _, it := range items {
			if len(l) == b.m.site.FeedSize {
				break
			}
			if !it.Backfilled {
				l = append(l, it)
			}
		}
		return l
	}
	title := b.m.site.Title
	if name != "" {
		title += ": " + name
	}
	return []output{
		{dir + "feed.xml", func() ([]byte, error) { return b.atom(dir, title, latest()) }, nil},
		{dir + "feed.json", func() ([]byte, error) { return b.jsonFeed(dir, title, latest()) }, nil},
	}
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	XMLName    xml.Name       `xml:"entry"`
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Summary    string         `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// atom renders an Atom feed. Each entry is marshalled once per build and
// reused: an item stands in the feeds of all its terms.
func (b *builder) atom(dir, title string, items []*Item) ([]byte, error) {
	s := &b.m.site
	f := atomFeed{
		Lang: s.Language, Title: title, ID: s.Abs(dir), Updated: stamp(b.feedUpdated(items)),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.Abs(dir + "feed.xml")},
			{Rel: "alternate", Type: "text/html", Href: s.Abs(dir)},
		},
		Author: atomPerson{Name: cmp.Or(s.Author, s.Title)},
	}
	head, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, fmt.Errorf("atom %s: %w", dir, err)
	}
	end := bytes.LastIndex(head, []byte("\n</feed>"))
	entries, size, err := b.fragments(&b.atomEntries, items, b.atomEntry)
	if err != nil {
		return nil, fmt.Errorf("atom %s: %w", dir, err)
	}
	out := make([]byte, 0, len(xml.Header)+len(head)+size+len(entries)+1)
	out = append(append(out, xml.Header...), head[:end]...)
	for _, e := range entries {
		out = append(append(out, '\n'), e...)
	}
	return append(append(out, head[end:]...), '\n'), nil
}

// fragments are the items' renderings (fragment) and their total size,
// so that a feed is put together in a buffer of its size.
func (b *builder) fragments(cache *sync.Map, items []*Item, render func(*Item) ([]byte, error)) ([][]byte, int, error) {
	out := make([][]byte, len(items))
	size := 0
	for i, it := range items {
		f, err := b.fragment(cache, it, render)
		if err != nil {
			return nil, 0, err
		}
		out[i], size = f, size+len(f)
	}
	return out, size, nil
}

// atomEntry marshals one entry as it stands inside a feed.
func (b *builder) atomEntry(it *Item) ([]byte, error) {
	s := &b.m.site
	e := atomEntry{
		Lang: it.Lang, Title: it.Title, ID: s.Abs(it.URL),
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: s.Abs(it.URL)}},
		Published: stamp(it.Date), Updated: stamp(updated(it)), Summary: b.summary(it),
	}
	if it.url != "" {
		e.Links = append(e.Links, atomLink{Rel: "related", Href: it.url})
	}
	if it.Source != "" {
		e.Author = &atomPerson{Name: it.Source}
	}
	for _, t := range it.terms {
		e.Categories = append(e.Categories, atomCategory{Term: t.url, Label: t.Name})
	}
	if st := it.Leads(); st != nil {
		e.ID, e.Updated, e.Summary = s.Abs(st.anchor.URL), stamp(st.Updated), st.feedSummary(e.Summary)
		e.Links = append(e.Links, atomLink{Rel: "via", Type: "text/html", Href: s.Abs(st.URL())})
	}
	x := entryXML.Get().(*xmlWriter)
	data, err := x.marshal(e)
	if err != nil {
		return nil, err // x is left to the collector: its encoder may be midway
	}
	data = bytes.Clone(data)
	entryXML.Put(x)
	return data, nil
}

// entryXML marshals feed entries as xml.MarshalIndent(e, " ", " ") does.
var entryXML = sync.Pool{New: func() any { return newXMLWriter(" ", " ") }}

// xmlWriter marshals XML elements one after another as
// xml.MarshalIndent(v, prefix, indent) does each, with one encoder:
// MarshalIndent makes an encoder and its 4 KB buffer every call, that is
// for every feed entry and every sitemap URL.
type xmlWriter struct {
	buf bytes.Buffer
	enc *xml.Encoder
}

func newXMLWriter(prefix, indent string) *xmlWriter {
	x := &xmlWriter{}
	x.enc = xml.NewEncoder(&x.buf)
	x.enc.Indent(prefix, indent)
	return x
}

// marshal returns v marshalled; the bytes are good until the next call.
// After a failed call the writer must not be used again.
func (x *xmlWriter) marshal(v any) ([]byte, error) {
	x.buf.Reset()
	if err := x.enc.Encode(v); err != nil {
		return nil, err
	}
	// With an indent set, the encoder starts each element after its
	// first on a new line; an element never starts with one.
	return bytes.TrimPrefix(x.buf.Bytes(), []byte("\n")), nil
}

// fragment returns an item's rendering from cache, making it on first use.
func (b *builder) fragment(cache *sync.Map, it *Item, render func(*Item) ([]byte, error)) ([]byte, error) {
	if v, ok := cache.Load(it); ok {
		return v.([]byte), nil
	}
	v, err := render(it)
	if err != nil {
		return nil, err
	}
	cache.Store(it, v)
	return v, nil
}

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors"` // the Atom feed's author: an item without its own takes it
	Items       []jsonItem   `json:"items"`   // last: see jsonFeed
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	ExternalURL   string       `json:"external_url,omitempty"`
	Title         string       `json:"title"`
	ContentText   string       `json:"content_text"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
	Language      string       `json:"language,omitempty"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

// jsonFeed renders a JSON Feed, its items marshalled once per build.
func (b *builder) jsonFeed(dir, title string, items []*Item) ([]byte, error) {
	s := &b.m.site
	f := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: title, HomePageURL: s.Abs(dir),
		FeedURL: s.Abs(dir + "feed.json"), Description: s.Description, Language: s.Language,
		Authors: []jsonAuthor{{Name: cmp.Or(s.Author, s.Title)}}, Items: []jsonItem{},
	}
	head, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, fmt.Errorf("json feed %s: %w", dir, err)
	}
	if len(items) == 0 {
		return append(head, '\n'), nil
	}
	end := bytes.LastIndex(head, []byte("[]")) // items is the last field
	js, size, err := b.fragments(&b.jsonItems, items, b.jsonItem)
	if err != nil {
		return nil, fmt.Errorf("json feed %s: %w", dir, err)
	}
	out := make([]byte, 0, len(head)+size+4*len(js)+4)
	out = append(append(out, head[:end]...), '[')
	for i, j := range js {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(append(out, "\n  "...), j...)
	}
	out = append(append(out, "\n ]"...), head[end+2:]...)
	return append(out, '\n'), nil
}

// jsonItem marshals one item as it stands inside a feed.
func (b *builder) jsonItem(it *Item) ([]byte, error) {
	s := &b.m.site
	j := jsonItem{
		ID: s.Abs(it.URL), URL: s.Abs(it.URL), ExternalURL: it.url, Title: it.Title,
		ContentText: cmp.Or(b.summary(it), it.Title), DatePublished: stamp(it.Date), Language: it.Lang,
	}
	if u := updated(it); !u.Equal(it.Date) {
		j.DateModified = stamp(u)
	}
	if it.Source != "" {
		j.Authors = []jsonAuthor{{Name: it.Source}}
	}
	for _, t := range it.terms {
		j.Tags = append(j.Tags, t.Name)
	}
	if st := it.Leads(); st != nil {
		j.ID, j.ContentText = s.Abs(st.anchor.URL), st.feedSummary(j.ContentText)
		if u := stamp(st.Updated); u != j.DatePublished {
			j.DateModified = u
		}
	}
	return json.MarshalIndent(j, "  ", " ")
}

// summary is an item's summary, or the start of its body as plain text;
// under the excerpt policy "summary" a news item's body is not
// republished, in feeds either.
func (b *builder) summary(it *Item) string {
	if it.Summary != "" || (it.Kind == content.News && b.m.site.Excerpt == config.ExcerptSummary) {
		return it.Summary
	}
	// Atom and JSON Feed both ask: read and parse the body once.
	if s, ok := b.summaries.Load(it); ok {
		return s.(string)
	}
	body, _ := it.Text() // a body that vanished leaves the summary empty
	// The body as text (link targets and marks gone, text kept), then
	// the one truncation rule.
	s := text.Clip(text.CleanText(b.bodyText(it, body)), summaryRunes)
	b.summaries.Store(it, s)
	return s
}

// summaryRunes is how long a summary made from a body may be.
const summaryRunes = 300

func updated(it *Item) time.Time {
	if it.Updated.After(it.Date) {
		return it.Updated
	}
	return it.Date
}

func newest(items []*Item) time.Time {
	var t time.Time
	for _, it := range items {
		if u := updated(it); u.After(t) {
			t = u
		}
	}
	return t
}

// feedUpdated is when a feed of items last changed: its newest entry,
// and an entry for a story is as new as the story's latest report. An
// empty feed is as new as the site. The site's entries are looked
// through only then: a build has a feed for every term.
func (b *builder) feedUpdated(items []*Item) time.Time {
	var t time.Time
	for _, it := range items {
		u := updated(it)
		if st := it.Leads(); st != nil {
			u = st.Updated
		}
		if u.After(t) {
			t = u
		}
	}
	if !t.IsZero() {
		return t
	}
	return newest(b.m.items)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap plans sitemap.xml, listing every HTML page but the extra pages
// of listings; past the protocol's 50,000 URLs per file it plans an index
// of several files. Each file is written a URL at a time (sitemapPart).
func (b *builder) sitemap() []stream {
	const per = 50000
	m := b.m
	n := 1 + len(m.items) + len(m.pages) + len(m.years) + len(m.stories) + 1 + len(m.cases) + 1
	for _, t := range m.taxes {
		n += 1 + len(t.Terms)
	}
	if n <= per {
		return []stream{{"/sitemap.xml", func(w io.Writer) error { return b.sitemapPart(w, 0, n) }}}
	}
	var outs []stream
	var idx []sitemapURL
	for i := 0; i*per < n; i++ {
		name := fmt.Sprintf("/sitemap-%d.xml", i+1)
		outs = append(outs, stream{name, func(w io.Writer) error { return b.sitemapPart(w, i*per, min((i+1)*per, n)) }})
		idx = append(idx, sitemapURL{Loc: m.site.Abs(name)})
	}
	return append(outs, stream{"/sitemap.xml", func(w io.Writer) error {
		type index struct {
			XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
			Sitemaps []sitemapURL `xml:"sitemap"`
		}
		data, err := marshalXML(index{Sitemaps: idx})
		if err == nil {
			_, err = w.Write(data)
		}
		return err
	}})
}

// sitemapURLs calls emit with the sitemap's URLs from to to-1, home
// first, making only those: a part of a large sitemap does not list the
// others' URLs.
func (b *builder) sitemapURLs(from, to int, emit func(sitemapURL) error) error {
	type url = sitemapURL
	s := &b.m.site
	i := 0
	// section emits the URLs of a section of n pages, each made by at(k).
	section := func(n int, at func(k int) url) error {
		for k := max(from-i, 0); k < n && i+k < to; k++ {
			if err := emit(at(k)); err != nil {
				return err
			}
		}
		i += n
		return nil
	}
	one := func(u func() url) func(int) url { return func(int) url { return u() } }
	type urls struct {
		n  int
		at func(int) url
	}
	sections := []urls{
		{1, one(func() url { return url{Loc: s.Abs("/"), LastMod: day(newest(b.m.home))} })},
		{len(b.m.items), func(k int) url { it := b.m.items[k]; return url{Loc: s.Abs(it.URL), LastMod: day(updated(it))} }},
		{len(b.m.pages), func(k int) url { return url{Loc: s.Abs(b.m.pages[k].URL)} }},
		{len(b.m.stories), func(k int) url { st := b.m.stories[k]; return url{Loc: s.Abs(st.URL()), LastMod: day(st.Updated)} }},
		{len(b.m.years), func(k int) url { return url{Loc: s.Abs(archivePath(b.m.years[k]))} }},
		// /cases/ is built with or without cases, as sitemap counts it.
		{1, one(func() url { return url{Loc: s.Abs("/cases/")} })},
		{len(b.m.cases), func(k int) url { c := b.m.cases[k]; return url{Loc: s.Abs(c.URL), LastMod: day(c.LastChange())} }},
		// /fines/ too, with or without fines (fineStreams).
		{1, one(func() url { return url{Loc: s.Abs("/fines/")} })},
	}
	for _, t := range b.m.taxes {
		sections = append(sections, urls{1, one(func() url { return url{Loc: s.Abs(t.URL())} })},
			urls{len(t.Terms), func(k int) url { tm := t.Terms[k]; return url{Loc: s.Abs(tm.URL()), LastMod: day(newest(tm.Items))} }})
	}
	for _, sec := range sections {
		if err := section(sec.n, sec.at); err != nil {
			return err
		}
	}
	return nil
}

// appendSitemapURL writes u to buf, on a new line, as the XML encoder
// indented by one space writes a <url> (TestSitemapURLEncoded): by hand,
// as the encoder's reflection cost more than the rest of a sitemap.
func appendSitemapURL(buf *bytes.Buffer, u sitemapURL) {
	buf.WriteString("\n <url>\n  <loc>")
	escapeXML(buf, u.Loc)
	buf.WriteString("</loc>\n")
	if u.LastMod != "" {
		buf.WriteString("  <lastmod>")
		escapeXML(buf, u.LastMod)
		buf.WriteString("</lastmod>\n")
	}
	buf.WriteString(" </url>")
}

// escapeXML writes s escaped as xml.EscapeText escapes it; a string of
// printable ASCII without markup, as URLs and dates are, is written as
// it is.
func escapeXML(buf *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < ' ', c >= utf8.RuneSelf, c == '&', c == '<', c == '>', c == '"', c == '\'':
			xml.EscapeText(buf, []byte(s))
			return
		}
	}
	buf.WriteString(s)
}

// sitemapPart writes a urlset of URLs from to to-1: what marshalXML
// makes of it, a <url> at a time.
func (b *builder) sitemapPart(w io.Writer, from, to int) error {
	if _, err := io.WriteString(w, xml.Header+`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`); err != nil {
		return err
	}
	var buf bytes.Buffer
	err := b.sitemapURLs(from, to, func(u sitemapURL) error {
		buf.Reset()
		appendSitemapURL(&buf, u)
		_, err := w.Write(buf.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n</urlset>\n")
	return err
}

func marshalXML(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func (b *builder) robots() ([]byte, error) {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + b.m.site.Abs("/sitemap.xml") + "\n"), nil
}

// Record is one row of /data/items.json and /data/items.csv; the README
// documents it, so change both together.
type Record struct {
	Kind           string   `json:"kind"`
	ID             string   `json:"id"`
	URL            string   `json:"url"`
	Title          string   `json:"title"`
	Date           string   `json:"date"`
	Updated        string   `json:"updated,omitempty"`
	Lang           string   `json:"lang"`
	Summary        string   `json:"summary,omitempty"`
	Source         string   `json:"source,omitempty"`
	SourceURL      string   `json:"source_url,omitempty"`
	Feed           string   `json:"feed,omitempty"`
	Topics         []string `json:"topics"`
	Entities       []string `json:"entities"`
	Authorities    []string `json:"authorities"`
	Jurisdictions  []string `json:"jurisdictions"`
	EventKind      string   `json:"event_kind,omitempty"`
	Status         string   `json:"status,omitempty"`
	AmountValue    float64  `json:"amount_value,omitempty"`
	AmountCurrency string   `json:"amount_currency,omitempty"`
	Sources        []string `json:"sources,omitempty"`
	Related        []string `json:"related,omitempty"`
	Backfilled     bool     `json:"backfilled"`
}

func (b *builder) record(it *Item) Record {
	r := Record{
		Kind: string(it.Kind), ID: it.Rel, URL: b.m.site.Abs(it.URL), Title: it.Title, Date: stamp(it.Date),
		Lang: it.Lang, Summary: it.Summary, Source: it.Source, SourceURL: it.url, Feed: it.Feed,
		Topics: nonNil(it.Topics), Entities: nonNil(it.Entities), Authorities: nonNil(b.m.authoritiesOf(it)),
		Jurisdictions: nonNil(b.m.jurisdictionsOf(it)), EventKind: it.EventKind(), Status: it.Status(), Backfilled: it.Backfilled,
	}
	if !it.Updated.IsZero() {
		r.Updated = stamp(it.Updated)
	}
	if it.Amount() != nil {
		r.AmountValue, r.AmountCurrency = it.Amount().Value, it.Amount().Currency
	}
	for _, s := range it.Sources() {
		r.Sources = append(r.Sources, s.URL)
	}
	for _, n := range it.Related() {
		r.Related = append(r.Related, b.m.site.Abs(n.URL))
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// csvSafe guards cells against formula injection, as OWASP advises: a
// spreadsheet runs a cell that starts with =, +, -, @, a tab or a CR
// (=HYPERLINK(…) from a feed's title), so such a cell gets a leading '.
// Our own numbers are never negative, so no value of ours is changed.
func csvSafe(cells []string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}

// itemsCSV is every published entry as CSV, a record a row (rows.go).
func (b *builder) itemsCSV(out io.Writer) error {
	var row bytes.Buffer
	w := csv.NewWriter(&row)
	w.UseCRLF = true // RFC 4180
	w.Write([]string{"kind", "id", "url", "title", "date", "updated", "lang", "summary", "source", "source_url", "feed",
		"topics", "entities", "authorities", "jurisdictions", "event_kind", "status", "amount_value", "amount_currency", "sources", "related", "backfilled"})
	w.Flush()
	f, err := b.rowFile(out, "/data/items.csv", row.String(), "")
	for _, it := range b.m.items {
		if err != nil {
			break
		}
		err = f.row(it, func(buf []byte) ([]byte, error) {
			r := b.record(it)
			amount := ""
			if r.AmountCurrency != "" {
				amount = strconv.FormatFloat(r.AmountValue, 'f', -1, 64)
			}
			j := func(s []string) string { return strings.Join(s, " ") }
			row.Reset()
			w.Write(csvSafe([]string{r.Kind, r.ID, r.URL, r.Title, r.Date, r.Updated, r.Lang, r.Summary, r.Source, r.SourceURL, r.Feed,
				j(r.Topics), j(r.Entities), j(r.Authorities), j(r.Jurisdictions), r.EventKind, r.Status, amount, r.AmountCurrency,
				j(r.Sources), j(r.Related), strconv.FormatBool(r.Backfilled)}))
			w.Flush()
			return append(buf, row.Bytes()...), w.Error()
		})
	}
	return errors.Join(err, f.close(""))
}
