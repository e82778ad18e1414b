package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"

	"docket/internal/text"
)

// ErrNotFeed means the bytes are not a feed at all (an HTML page, an empty
// document, JSON that is not a JSON Feed).
var ErrNotFeed = errors.New("not a feed")

// Feed is a parsed, normalised feed.
type Feed struct {
	Title    string
	Link     string        // the site's home page
	Language string        // a BCP 47 tag (text.LangTag), "" when none is declared
	TTL      time.Duration // the RSS <ttl>, 0 when absent
	Charset  string        // what the bytes were decoded from
	Repaired bool          // the repair pass was needed to parse it
	// Truncated: the copy ended early and was closed where it stopped,
	// so items after the cut are missing from it.
	Truncated bool
	// Location is the zone its dates without one were read in (Location's
	// choice); fetch reads its pages' zone-less dates in it too.
	Location *time.Location
	Items    []Item
}

// Item is one normalised feed entry. Text fields are plain text; HTML is
// sanitised and safe to embed.
type Item struct {
	ID          string // stable, see ItemID
	GUID        string
	Title       string
	URL         string // canonical article URL
	Summary     string // plain text
	HTML        string // sanitised content or description HTML
	Author      string
	Categories  []string
	Published   time.Time
	DateMissing bool // Published is the time the item was first seen
}

// Options tune Parse for one source.
type Options struct {
	URL         string    // where the feed was fetched from, after redirects: the base for links
	ContentType string    // the HTTP Content-Type, for its charset
	Language    string    // the source's configured language, a charset and time zone hint
	Timezone    string    // the source's timezone option
	Now         time.Time // first-seen time for undated items
}

// Parse decodes, parses and normalises a feed. It never panics on hostile
// input: anything that cannot be read as a feed is an error wrapping
// ErrNotFeed or describing the parser's complaint.
func Parse(body []byte, opts Options) (f *Feed, err error) {
	defer func() {
		if r := recover(); r != nil { // gofeed and its XML layer are third-party code
			f, err = nil, fmt.Errorf("feed: parser panic: %v", r)
		}
	}()
	utf8Body, label, err := ToUTF8(body, opts.ContentType, opts.Language)
	if err != nil {
		return nil, err
	}
	if err := sniffNotFeed(utf8Body); err != nil {
		return nil, err
	}
	if err := checkDepth(utf8Body); err != nil {
		return nil, err
	}
	gf, repaired, truncated, err := parseWithRepair(utf8Body)
	if err != nil {
		return nil, err
	}
	f = &Feed{
		Title:     cleanTitle(gf.Title),
		Link:      text.CanonicalURL(gf.Link, opts.URL),
		Language:  text.LangTag(gf.Language), // "" for "English" and worse
		TTL:       rssTTL(gf),
		Charset:   label,
		Repaired:  repaired,
		Truncated: truncated,
	}
	loc := Location(opts.Timezone, opts.Language, f.Language, opts.URL)
	f.Location = loc
	base := firstNonEmpty(f.Link, opts.URL)
	policy := bluemonday.UGCPolicy()
	// A link to the home page or the feed is the site's, not an item's:
	// feeds that give it to every item would make all their items one.
	site := map[string]bool{}
	for _, u := range []string{f.Link, text.CanonicalURL(opts.URL, "")} {
		if u != "" {
			site[siteKey(u)] = true
		}
	}
	seen := map[string]bool{} // an item listed twice is one item
	for i, gi := range gf.Items {
		if gi == nil {
			continue
		}
		if it, ok := normaliseItem(gi, guidIsLink(gf, i), base, site, loc, opts.Now, policy); ok && !seen[it.ID] {
			seen[it.ID] = true
			f.Items = append(f.Items, it)
		}
	}
	return f, nil
}

func parseWithRepair(text []byte) (gf *gofeed.Feed, repaired, truncated bool, err error) {
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	gf, err = p.Parse(bytes.NewReader(text))
	if err == nil {
		return gf, false, false, nil
	}
	fixed := Repair(text)
	if !bytes.Equal(fixed, text) {
		if gf, err2 := p.Parse(bytes.NewReader(fixed)); err2 == nil {
			return gf, true, false, nil
		}
	}
	if cut := closeTruncated(fixed); cut != nil {
		if gf, err2 := p.Parse(bytes.NewReader(cut)); err2 == nil {
			return gf, true, true, nil
		}
	}
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, false, false, fmt.Errorf("feed: %w: no RSS, Atom or JSON Feed root element", ErrNotFeed)
	}
	return nil, false, false, fmt.Errorf("feed: parse: %w", err)
}

// guidIsLink reports whether the GUID of gf's item i may stand for its
// link: not when an RSS feed says isPermaLink="false", which publishers
// set on GUIDs that look like URLs but lead nowhere (tag URIs on http,
// internal IDs under the site's host).
func guidIsLink(gf *gofeed.Feed, i int) bool {
	r, ok := gf.OriginalFeed().(*rss.Feed)
	if !ok || i >= len(r.Items) || r.Items[i] == nil || r.Items[i].GUID == nil {
		return true // the default translator keeps RSS items in order, one for one
	}
	return !strings.EqualFold(strings.TrimSpace(r.Items[i].GUID.IsPermalink), "false")
}

func normaliseItem(gi *gofeed.Item, guidLink bool, base string, site map[string]bool, loc *time.Location, now time.Time, policy *bluemonday.Policy) (Item, bool) {
	link := firstNonEmpty(origLink(gi), gi.Link)
	if link == "" && len(gi.Links) > 0 {
		link = gi.Links[0]
	}
	if link == "" && guidLink && isURL(gi.GUID) {
		link = gi.GUID // RSS guid isPermaLink="true" (the default) is the article URL
	}
	it := Item{
		GUID:       boundedGUID(text.CleanText(gi.GUID)),
		Title:      cleanTitle(gi.Title),
		URL:        text.CanonicalURL(link, base),
		Author:     authorOf(gi),
		Categories: uniqueSorted(gi.Categories),
	}
	if len(it.URL) > maxRef || site[siteKey(it.URL)] {
		it.URL = "" // no link rather than megabytes in its file and the state, or the site's
	}
	body := firstNonEmpty(gi.Content, gi.Description)
	it.HTML = strings.TrimSpace(policy.Sanitize(fixC1(body)))
	it.Summary = dropTrailers(text.HTMLToText(fixC1(gi.Description)))
	if strings.TrimSpace(it.Summary) == "" { // a description of only markup (an image)
		it.Summary = dropTrailers(text.HTMLToText(fixC1(gi.Content)))
	}
	it.Published, it.DateMissing = itemDate(gi, loc, now)
	if it.Title == "" && it.URL == "" && it.Summary == "" {
		return it, false
	}
	if it.Title == "" {
		it.Title = firstNonEmpty(firstSentence(it.Summary), titleFromURL(it.URL))
	}
	date := it.Published.UTC().Format(time.RFC3339)
	if it.DateMissing {
		date = "" // the first-seen time changes at every fetch; the ID must not
	}
	it.ID = ItemID(it.URL, it.GUID, it.Title, date)
	return it, true
}

// itemDate prefers our reading of the raw string (which knows the feed's
// zone) over gofeed's, which reads zone-less dates as UTC; but gofeed's
// reading of the publication date over any reading of the update date.
func itemDate(gi *gofeed.Item, loc *time.Location, now time.Time) (time.Time, bool) {
	dates := []struct {
		raw    string
		parsed *time.Time
	}{{gi.Published, gi.PublishedParsed}, {gi.Updated, gi.UpdatedParsed}}
	for _, d := range dates {
		if t, ok := ParseDate(d.raw, loc); ok {
			return t, false
		}
		if d.parsed != nil && !d.parsed.IsZero() {
			return *d.parsed, false
		}
	}
	if gi.DublinCoreExt != nil {
		for _, raw := range gi.DublinCoreExt.Date {
			if t, ok := ParseDate(raw, loc); ok {
				return t, false
			}
		}
	}
	return now, true
}

// origLink is an item's feedburner:origLink: FeedBurner's <link> is its
// redirector, which no other feed of the same story shares.
func origLink(gi *gofeed.Item) string {
	for prefix, ext := range gi.Extensions {
		if !strings.EqualFold(prefix, "feedburner") {
			continue
		}
		for _, e := range ext["origLink"] {
			if isURL(strings.TrimSpace(e.Value)) {
				return strings.TrimSpace(e.Value)
			}
		}
	}
	return ""
}

// siteKey is a canonical URL without its scheme and "www.", which sites
// serve the same pages under.
func siteKey(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	return strings.TrimPrefix(rest, "www.")
}

func authorOf(gi *gofeed.Item) string {
	var names []string
	for _, a := range gi.Authors {
		if a != nil {
			if n := cleanTitle(firstNonEmpty(a.Name, a.Email)); n != "" {
				names = append(names, n)
			}
		}
	}
	return strings.Join(names, ", ")
}

func rssTTL(gf *gofeed.Feed) time.Duration {
	rf, ok := gf.OriginalFeed().(*rss.Feed)
	if !ok {
		return 0
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(rf.TTL))
	if err != nil || minutes <= 0 {
		return 0
	}
	return time.Duration(minutes) * time.Minute
}

var sentenceEnd = regexp.MustCompile(`[.!?。！？]\s`)

// firstSentence makes a title for items that have none, at most 120 bytes.
func firstSentence(s string) string {
	if loc := sentenceEnd.FindStringIndex(s); loc != nil {
		s = s[:loc[0]+1]
	}
	if len(s) > 120 {
		cut := 120
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = strings.TrimSpace(s[:cut]) + "…"
	}
	return s
}

// titleFromURL names an item that has only a link: the last path segment
// in words ("/press/fine-for-acme.html" → "fine for acme"), else the
// host. A news file without a title fails the next build.
func titleFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	seg := path.Base(strings.TrimRight(u.Path, "/"))
	seg = strings.TrimSuffix(seg, path.Ext(seg))
	if s, err := url.PathUnescape(seg); err == nil {
		seg = s
	}
	words := strings.Join(strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' || r == ' ' }), " ")
	if words == "" || words == "." {
		return u.Hostname()
	}
	return firstSentence(text.CleanText(words))
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// sniffNotFeed recognises the commonest wrong answer, an HTML page, and
// names the feed it advertises when it has one.
func sniffNotFeed(text []byte) error {
	head := bytes.ToLower(bytes.TrimSpace(text[:min(len(text), 1024)]))
	if len(head) == 0 {
		return fmt.Errorf("feed: %w: empty document", ErrNotFeed)
	}
	if !bytes.HasPrefix(head, []byte("<!doctype html")) && !bytes.HasPrefix(head, []byte("<html")) {
		return nil
	}
	if alt := alternateFeed(text); alt != "" {
		return fmt.Errorf("feed: %w: got an HTML page, which links a feed at %s", ErrNotFeed, alt)
	}
	return fmt.Errorf("feed: %w: got an HTML page", ErrNotFeed)
}

// alternateFeed returns the href of the page's first
// <link rel="alternate" type="application/rss+xml|atom+xml">.
func alternateFeed(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.Data != "link" {
				continue
			}
			attrs := map[string]string{}
			for _, a := range t.Attr {
				attrs[a.Key] = a.Val
			}
			typ := attrs["type"]
			if strings.EqualFold(attrs["rel"], "alternate") && (strings.Contains(typ, "rss") || strings.Contains(typ, "atom")) {
				return text.CleanText(attrs["href"])
			}
		}
	}
}
