package extract

import (
	"encoding/json"
	stdhtml "html"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"docket/internal/text"
)

// meta is what the page says about itself, gathered in one pass.
type meta struct {
	title     string            // <title>
	props     map[string]string // first content of each <meta> name/property/itemprop, lowercased key
	canonical string            // <link rel=canonical>
	base      string            // <base href>
	lang      string            // <html lang>
	jsonLD    []string          // raw application/ld+json blocks
	timeAttr  string            // first <time datetime>
	byline    [3]string         // first author text marked by microdata or rel, by an author class, by a byline class

	commentHeads []*html.Node // text nodes that may head a comment section (see comments.go)
	tagLinks     []*html.Node // links to the page's tags (rel=tag), see dropTagLists
}

// collect records what n contributes to the page's metadata.
func (m *meta) collect(n *html.Node) {
	if n.Namespace != "" {
		return
	}
	switch n.DataAtom {
	case atom.Html:
		m.lang = attr(n, "lang")
	case atom.Title:
		if m.title == "" {
			m.title = textOf(n)
		}
	case atom.Base:
		if m.base == "" {
			m.base = strings.TrimSpace(attr(n, "href"))
		}
	case atom.Link:
		if m.canonical == "" && strings.EqualFold(attr(n, "rel"), "canonical") {
			m.canonical = strings.TrimSpace(attr(n, "href"))
		}
	case atom.Meta:
		m.collectMeta(n)
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
			m.jsonLD = append(m.jsonLD, n.FirstChild.Data)
		}
	case atom.Time:
		if m.timeAttr == "" {
			m.timeAttr = attr(n, "datetime")
		}
	}
	if k := authorMark(n); k >= 0 && m.byline[k] == "" {
		m.byline[k] = bylineName(textOf(n))
	}
}

// authorMark tells how an element names the page's author: 0 in microdata
// or a rel=author link, 1 by an author class, 2 by a byline class (which
// often holds a date too); -1 when it does not.
func authorMark(n *html.Node) int {
	if n.DataAtom == atom.Meta || n.DataAtom == atom.Link {
		return -1
	}
	if strings.EqualFold(attr(n, "itemprop"), "author") || strings.EqualFold(attr(n, "rel"), "author") {
		return 0
	}
	class := attr(n, "class")
	if !mayNameAuthor(class) {
		return -1
	}
	mark := -1
	for _, tok := range strings.FieldsFunc(strings.ToLower(class), notWordRune) {
		switch tok {
		case "author", "authorname":
			return 1
		case "byline":
			mark = 2
		}
	}
	return mark
}

// mayNameAuthor reports whether a class value may hold "author" or
// "byline" in any case. Non-ASCII text always may (İ lowercases to i).
// One pass, reading from a table the bytes that can start either word
// or are not ASCII: most bytes of a class name are neither.
func mayNameAuthor(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !foldStop[c] {
			continue
		}
		if c >= 0x80 {
			return true
		}
		for _, w := range [...]string{"author", "byline"} {
			if c|0x20 == w[0] && len(s)-i >= len(w) && strings.EqualFold(s[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// foldStop marks the bytes mayNameAuthor stops at: those that are not
// ASCII, and a, b, A and B.
var foldStop = func() (t [256]bool) {
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	for _, c := range "abAB" {
		t[c] = true
	}
	return t
}()

// bylinePrefixes introduce the author in several languages.
// The English and "author" words are stripByPrefix's.
var bylinePrefixes = []string{"von ", "par ", "por ", "di ", "door "}

// bylineName cleans a byline into a name, or "" when it is too long to be
// one or is a web address.
func bylineName(s string) string {
	if s == "" || len(s) > 60 {
		return ""
	}
	for _, p := range bylinePrefixes {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	s = stripByPrefix(s)
	if l := strings.ToLower(s); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "www.") {
		return ""
	}
	return s
}

func (m *meta) collectMeta(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	if m.props == nil {
		m.props = make(map[string]string)
	}
	for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
		if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" {
			if _, seen := m.props[key]; !seen {
				m.props[key] = content
			}
		}
	}
}

// metaKeys are the <meta> keys fill reads (TestMetaKeysComplete checks
// them against its calls of first): the content of others is cut before
// the parse.
var metaKeys = set("og:title", "twitter:title", "og:site_name", "application-name",
	"author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author",
	"og:locale", "content-language", "language", "dc.language",
	"article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date",
	"dc.date.issued", "parsely-pub-date", "sailthru.date", "og:published_time",
	"article:modified_time", "datemodified", "og:updated_time", "last-modified",
	"og:image", "og:image:url", "twitter:image", "twitter:image:src", "og:url")

// first returns the first non-empty property among keys.
func (m *meta) first(keys ...string) string {
	for _, k := range keys {
		if v := m.props[k]; v != "" {
			return v
		}
	}
	return ""
}

// ldArticle is the subset of a schema.org Article we read.
type ldArticle struct {
	headline, author, publisher, image, lang string
	published, modified                      string
	body                                     string // articleBody: the publisher's own copy of the text
}

// fill sets a's metadata fields; base resolves relative addresses.
func (m *meta) fill(a *Article, base *url.URL) {
	ld := m.article()
	a.Title = collapseSpace(firstNonEmpty(m.first("og:title", "twitter:title"), ld.headline, cleanTitle(m.title, m.first("og:site_name"))))
	a.SiteName = collapseSpace(firstNonEmpty(m.first("og:site_name", "application-name"), ld.publisher))
	a.Author = firstNonEmpty(ld.author, authorName(m.first("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")), m.byline[0])
	a.Lang = text.LangTag(firstNonEmpty(m.lang, ld.lang, m.first("og:locale", "content-language", "language", "dc.language")))
	a.Published, a.Floating = parseTime(firstNonEmpty(ld.published, m.first("article:published_time", "datepublished",
		"date", "pubdate", "publishdate", "dc.date", "dc.date.issued", "parsely-pub-date", "sailthru.date", "og:published_time"), m.timeAttr))
	a.Modified, _ = parseTime(firstNonEmpty(ld.modified, m.first("article:modified_time", "datemodified", "og:updated_time", "last-modified")))
	a.Image = text.ResolveURL(firstNonEmpty(m.first("og:image", "og:image:url", "twitter:image", "twitter:image:src"), ld.image), base)
	a.URL = text.CanonicalURL(text.ResolveURL(firstNonEmpty(m.canonical, m.first("og:url")), base), "")
	a.ldBody = ld.body
}

// article returns the first Article-like object of the page's JSON-LD.
func (m *meta) article() ldArticle {
	for _, raw := range m.jsonLD {
		var v any
		if json.Unmarshal([]byte(raw), &v) != nil {
			continue
		}
		if obj := findArticle(v, 0); obj != nil {
			return ldArticle{
				headline:  ldText(obj["headline"]),
				author:    ldName(obj["author"], authorName),
				publisher: ldName(obj["publisher"], collapseSpace),
				image:     ldURL(obj["image"]),
				lang:      ldString(obj["inLanguage"]),
				published: ldString(obj["datePublished"]),
				body:      ldString(obj["articleBody"]),
				modified:  ldString(obj["dateModified"]),
			}
		}
	}
	return ldArticle{}
}

// findArticle searches arrays and @graph lists, a few levels deep, for an
// object whose @type names an article.
func findArticle(v any, depth int) map[string]any {
	if depth > 4 {
		return nil
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if obj := findArticle(e, depth+1); obj != nil {
				return obj
			}
		}
	case map[string]any:
		if isArticleType(t["@type"]) {
			return t
		}
		if g, ok := t["@graph"]; ok {
			return findArticle(g, depth+1)
		}
	}
	return nil
}

func isArticleType(v any) bool {
	switch t := v.(type) {
	case string:
		return strings.Contains(t, "Article") || t == "BlogPosting" || t == "Report"
	case []any:
		for _, e := range t {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	}
	return ""
}

// ldText is ldString with character references decoded: some sites
// write their JSON-LD's names and headlines as HTML.
func ldText(v any) string {
	return stdhtml.UnescapeString(ldString(v))
}

// ldName reads a Person or Organization, a plain name, or a list of
// them; clean reads a Person's or Organization's name (authorName for
// authors, collapseSpace for a publisher).
func ldName(v any, clean func(string) string) string {
	switch t := v.(type) {
	case string:
		return authorName(stdhtml.UnescapeString(t))
	case map[string]any:
		return clean(ldText(t["name"]))
	case []any:
		var names []string
		for _, e := range t {
			if n := ldName(e, clean); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// byPrefixes introduce a name in metadata: the "by" words before a space
// or a colon, the "author" words before a colon. (The other languages'
// words of bylinePrefixes begin surnames too: "Di Maio", "von Trotha".)
var byPrefixes = []struct {
	word  string
	space bool
}{{"posted by", true}, {"written by", true}, {"by", true}, {"author", false}, {"autor", false}, {"作者", false}}

// stripByPrefix drops a byPrefixes word and what follows it before the name.
func stripByPrefix(s string) string {
	for _, p := range byPrefixes {
		if len(s) <= len(p.word) || !strings.EqualFold(s[:len(p.word)], p.word) {
			continue
		}
		rest := s[len(p.word):]
		if rest[0] == ':' || strings.HasPrefix(rest, "：") || p.space && rest[0] == ' ' {
			return strings.TrimLeft(rest, " :：")
		}
	}
	return s
}

func ldURL(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		return ldString(t["url"])
	case []any:
		if len(t) > 0 {
			return ldURL(t[0])
		}
	}
	return ""
}

// authorName drops values that are profile links or site names rather
// than names, and the "By" before a name; line breaks are spaces.
func authorName(s string) string {
	s = stripByPrefix(collapseSpace(s))
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || siteLike(s) {
		return ""
	}
	return s
}

// fillFromText completes a's date and author from the page's visible
// text when its metadata named none: a dated line after the headline, a
// Chinese byline, then elements whose class names an author or byline.
// pageText is the page's whole text, a.Text the article's.
func (m *meta) fillFromText(a *Article, pageText string) {
	if pageText == "" {
		return
	}
	// The header lines dropHead took out of the text are read as its
	// head: they hold the byline and the dateline.
	article := a.head + a.Text
	if a.Published.IsZero() {
		a.Published, a.Floating = textDate(pageText, a.Title, article), true // numbers in the text name no zone
	}
	if a.Author == "" {
		a.Author = firstNonEmpty(textAuthor(article, pageText), m.byline[1], m.byline[2], bareByline(article, a.Title, pageText))
	}
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// titleSeparators split a <title> into headline and site name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " » ", "_", "｜", "|", "——", "--"}

// cleanTitle strips the site name that pages append to <title>.
func cleanTitle(title, site string) string {
	for _, sep := range titleSeparators {
		parts := strings.Split(title, sep)
		if len(parts) < 2 {
			continue
		}
		if site != "" {
			var keep []string
			for _, p := range parts {
				if !strings.EqualFold(strings.TrimSpace(p), site) {
					keep = append(keep, p)
				}
			}
			if len(keep) < len(parts) {
				return strings.TrimSpace(strings.Join(keep, sep))
			}
		}
		// Otherwise keep the longest part: the headline outweighs
		// section and site names.
		best := ""
		for _, p := range parts {
			if len(p) > len(best) {
				best = p
			}
		}
		return strings.TrimSpace(best)
	}
	return title
}

// timeLayouts are the date formats seen in meta tags and JSON-LD.
var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02", "2006/01/02 15:04:05", "2006/01/02", "20060102",
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST", "January 2, 2006", "Jan 2, 2006",
	"Monday, January 2, 2006", "January 2, 2006 3:04 PM", "Jan 2, 2006 3:04 PM",
	"January 2, 2006 3:04:05 PM", "Jan 2, 2006 3:04:05 PM",
	"2 January 2006", "2 Jan 2006", "02.01.2006", "2006年01月02日 15:04:05", "2006年01月02日 15:04",
	"2006年1月2日 15:04", "2006年01月02日", "2006年1月2日",
}

// hoursOffset is an offset of hours alone after a time ("10:30:00+08"),
// which RFC 3339 writes with its minutes.
var hoursOffset = regexp.MustCompile(`:\d\d(?:\.\d+)?[+-]\d\d$`)

// parseTime reads a date in any of timeLayouts, or one in numbers as
// textDateRE reads them ("2021-4-10", "2021年4月10日 10:30:00"); zero
// when none fits. A date written without a zone, or with an abbreviation
// that names several, is floating: its wall-clock time is returned as
// UTC, for the caller to read in the source's zone.
func parseTime(s string) (t time.Time, floating bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	if hoursOffset.MatchString(s) {
		s += ":00"
	}
	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			if t.Year() <= 1970 {
				return time.Time{}, false // a content system's "unset": the Unix epoch, year 1 or 0
			}
			return inZone(t), !hasZone(layout, t)
		}
	}
	if m := textDateAt.FindStringIndex(s); m != nil && m[1] == len(s) {
		if d := allDates(s); len(d) > 0 && d[0].t.Year() > 1970 {
			return d[0].t, true
		}
	}
	return time.Time{}, false
}

// hasZone reports whether t, parsed with layout, was given a zone: an
// offset, or an abbreviation that names one zone.
func hasZone(layout string, t time.Time) bool {
	if strings.Contains(layout, "07") { // -0700, Z07:00
		return true
	}
	name, off := t.Zone()
	_, known := zoneHours[name]
	return strings.Contains(layout, "MST") && (known || off != 0 || name == "UTC" || name == "GMT") // "GMT+8" has an offset
}

// zoneHours are the offsets of zone abbreviations that name one zone
// (not CST, IST or AST, which name several).
var zoneHours = map[string]int{
	"EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"AKST": -9, "AKDT": -8, "HST": -10, "WET": 0, "WEST": 1, "BST": 1, "CET": 1,
	"CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "HKT": 8, "SGT": 8, "JST": 9,
	"KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}

// inZone gives a time parsed with a zone abbreviation its zone's offset:
// parsed in UTC (time.Parse would read the local zone's abbreviations,
// and so the machine's zone would change the date), any other reads as
// UTC.
func inZone(t time.Time) time.Time {
	name, off := t.Zone()
	if h, ok := zoneHours[name]; ok && off == 0 && h != 0 {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, h*3600))
	}
	return t
}
