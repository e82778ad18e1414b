package site

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"docket/internal/topic"
)

// Histogram geometry, in SVG user units: a year is twelve bars side by
// side, each month barStep wide, the tallest month histHeight high.
const (
	barStep    = 20
	barWidth   = 16
	histHeight = 40
	histColors = 4 // topics with a colour of their own; the rest are "other"
)

// Histogram is the month-by-month count of a listing's entries, one row
// per year of its range (a year without entries shows as empty), each bar
// stacked by colour: the entries' first topic on the timeline, their kind
// on a term's page. It is drawn as inline SVG at build time; each month
// with entries links to its place in the year's archive.
type Histogram struct {
	By     string // what the colours stand for: "first topic" or "kind"
	Legend []HistKey
	Years  []HistYear // newest first
	Total  int
}

// HistKey is a colour of the histogram and what it stands for.
type HistKey struct {
	Class, Name string
	Count       int
}

// HistYear is one row of the histogram.
type HistYear struct {
	Year  int
	URL   string // the year's archive; "" for a year without entries
	Href  string // URL as a link from the page showing the histogram
	Total int
	Bars  [12]HistBar
	Paths []HistPath // the bars' segments, one path per colour
	// Marks is Bars and Paths drawn as SVG, escaped as html/template
	// would: a year of bars costs a template one action rather than a
	// handful per month, each a reflective call and an escaper's.
	Marks template.HTML
}

// HistBar is one month.
type HistBar struct {
	X     int
	Count int
	URL   string // site path of the month in the archive, with the page's filter
	Href  string // URL as a link from the page showing the histogram
	Label string // "September 2021: 3 entries (Antitrust 2, other 1)"
}

// HistPath draws the segments of one colour in a year: one path is far
// smaller than a rect per segment. Each segment is a vertical line that
// the stylesheet strokes barWidth wide.
type HistPath struct {
	Class, D string
}

// Histogram is the page's histogram: the whole record on the first page
// of the timeline, the term's entries on the first page of a term's
// listing, nil elsewhere (its numbered pages keep their bytes as it
// grows). It is made once a page: a term's front page's key hashes it.
func (p *Page) Histogram() *Histogram {
	if p.Pager == nil || p.Pager.Current != 0 {
		return nil
	}
	if p.hist != nil {
		return p.hist
	}
	var h *Histogram
	switch {
	case p.Kind == "home":
		h = newHistogram(p.m.items, byTopic(p.m.items, p.m.rules.Topic), "")
	case p.Kind == "term" && p.Term != nil:
		// Every entry of a term page has its term: colour by what tells
		// them apart there, their kind.
		filter := ""
		if facetClasses[p.Term.Class] {
			filter = "?" + p.Term.Class + "=" + p.Term.ID
		}
		h = newHistogram(p.Term.Items, byKind, filter)
	}
	if h != nil {
		h.link(p.root)
	}
	p.hist = h
	return h
}

// key writes every field of h to a page's key, by hand: formatting it
// with fmt took a third of a scheduled build's term keys
// (TestHistogramKeyCoversFields checks that no field is left out).
func (h *Histogram) key(k *keyHash) {
	k.field(h.By)
	k.num(h.Total, len(h.Legend), len(h.Years))
	for _, l := range h.Legend {
		k.field(l.Class, l.Name)
		k.num(l.Count)
	}
	for i := range h.Years {
		y := &h.Years[i]
		k.num(y.Year, y.Total, len(y.Paths))
		k.field(y.URL, y.Href, string(y.Marks))
		for _, b := range y.Bars {
			k.num(b.X, b.Count)
			k.field(b.URL, b.Href, b.Label)
		}
		for _, p := range y.Paths {
			k.field(p.Class, p.D)
		}
	}
}

// link sets the links of the years and months with entries from a page
// whose root prefix is root, as Page.Rel makes them: a field costs the
// template less than a call for every month of every year.
func (h *Histogram) link(root string) {
	for i := range h.Years {
		y := &h.Years[i]
		if y.URL != "" {
			y.Href = rel(root, y.URL)
		}
		for m := range y.Bars {
			if b := &y.Bars[m]; b.URL != "" {
				b.Href = rel(root, b.URL)
			}
		}
		y.Marks = y.draw()
	}
}

// draw is what the histogram partial drew from a year's Bars and Paths.
func (y *HistYear) draw() template.HTML {
	d := make([]byte, 0, 1024)
	for _, b := range y.Bars {
		if b.Count == 0 {
			d = append(d, `<rect class="none" x="`...)
			d = strconv.AppendInt(d, int64(b.X), 10)
			d = append(d, `" y="38" width="16" height="2"/>`...)
			continue
		}
		d = append(d, `<a href="`...)
		d = appendURLAttr(d, b.Href)
		d = append(d, `"><title>`...)
		d = appendEscaped(d, b.Label)
		d = append(d, `</title><rect x="`...)
		d = strconv.AppendInt(d, int64(b.X), 10)
		d = append(d, `" width="16" height="40"/></a>`...)
	}
	for _, p := range y.Paths {
		d = append(d, `<path class="`...)
		d = appendEscaped(d, p.Class)
		d = append(d, `" d="`...)
		d = appendEscaped(d, p.D)
		d = append(d, `"/>`...)
	}
	return template.HTML(d)
}

// appendEscaped appends s escaped as html/template escapes a string in
// text, in an RCDATA element such as <title> and in a quoted attribute.
func appendEscaped(d []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 0:
			d = append(d, "\uFFFD"...)
		case '"':
			d = append(d, "&#34;"...)
		case '&':
			d = append(d, "&amp;"...)
		case '\'':
			d = append(d, "&#39;"...)
		case '+':
			d = append(d, "&#43;"...)
		case '<':
			d = append(d, "&lt;"...)
		case '>':
			d = append(d, "&gt;"...)
		default:
			d = append(d, c)
		}
	}
	return d
}

// appendURLAttr appends s as html/template writes a string that makes a
// whole href: a URL with a scheme other than http, https or mailto is
// refused, bytes a URL may not hold are percent-encoded (valid escapes
// kept), and the result is escaped for the attribute.
func appendURLAttr(d []byte, s string) []byte {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return append(d, "#ZgotmplZ"...)
	}
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case urlKept(c), c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			d = appendEscaped(d, s[i:i+1])
		default:
			d = append(d, '%', hex[c>>4], hex[c&15])
		}
	}
	return d
}

// urlKept reports whether html/template's URL normalizer keeps byte c as
// it is: the unreserved and reserved characters of RFC 3986, but quotes
// and parentheses.
func urlKept(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// colouring says what a histogram's colours stand for: each entry's
// colour, as its place in keys, and the colours in stacking order with
// their classes and names.
type colouring struct {
	by     string
	key    func(*Item) int
	keys   []HistKey // Class and Name; Count is filled in by newHistogram
	detail bool      // a month's label counts each colour
}

// byKind colours editor events apart from news; a month's label says
// how many of each.
var byKind = colouring{by: "kind", key: func(it *Item) int {
	if it.IsEvent() {
		return 0
	}
	return 1
}, keys: []HistKey{{Class: "k-event", Name: "Events"}, {Class: "k-news", Name: "News"}}, detail: true}

// byTopic colours entries by first topic: the histColors commonest
// first topics have colours c1…c4, every other topic c0 ("other"). A
// month's label gives only its total: the topics' names on every bar
// would weigh more than the home page can carry.
func byTopic(items []*Item, topicOf func(string) *topic.Topic) colouring {
	classes := topicClasses(items)
	c := colouring{by: "first topic"}
	named := map[string]string{}
	for id, class := range classes {
		if class == "c0" {
			continue
		}
		named[class] = id
		if tp := topicOf(id); tp != nil {
			named[class] = tp.Name
		}
	}
	for _, class := range []string{"c1", "c2", "c3", "c4"} {
		if n, ok := named[class]; ok {
			c.keys = append(c.keys, HistKey{Class: class, Name: n})
		}
	}
	c.keys = append(c.keys, HistKey{Class: "c0", Name: "other"})
	// Each first topic's place in keys, found once per topic, not per entry.
	place := make(map[string]int, len(classes))
	for id, class := range classes {
		place[id] = slices.IndexFunc(c.keys, func(k HistKey) bool { return k.Class == class })
	}
	c.key = func(it *Item) int {
		if k, ok := place[primaryTopic(it)]; ok {
			return k
		}
		return -1
	}
	return c
}

// newHistogram counts items (newest first) by year, month and colour.
// filter is the query string the month links carry.
func newHistogram(items []*Item, col colouring, filter string) *Histogram {
	if len(items) == 0 {
		return nil
	}
	h := &Histogram{By: col.by, Total: len(items)}
	newest, oldest := items[0].Date.Year(), items[len(items)-1].Date.Year()
	// counts holds, for each month from January of the oldest year, the
	// entries of each colour; a colour outside keys (-1) counts in its
	// month's total only, in the last place.
	nk := len(col.keys) + 1
	counts := make([]int, (newest-oldest+1)*12*nk)
	perKey := make([]int, nk)
	// A month's bar links to the archive's group of the card that shows
	// the month's newest entry. The archive shows a story once, on its
	// head's card, which may start another month; filtered (filter set),
	// as filteredCard says.
	cardMonth := make([]string, (newest-oldest+1)*12)
	for _, it := range items {
		y, m, _ := it.Date.Date() // once: each of Year and Month works out the date anew
		at := (y-oldest)*12 + int(m) - 1
		if cardMonth[at] == "" {
			card := it
			switch st := it.Story(); {
			case st == nil:
			case filter == "":
				card = st.Head()
			default:
				card = filteredCard(st, it, items)
			}
			cardMonth[at] = MonthGroup{Year: card.Date.Year(), Month: card.Date.Month()}.ID()
		}
		k := col.key(it)
		if k < 0 {
			k = nk - 1
		}
		counts[at*nk+k]++
		perKey[k]++
	}
	most := 0
	for m := 0; m < len(counts); m += nk {
		n := 0
		for _, c := range counts[m : m+nk] {
			n += c
		}
		most = max(most, n)
	}
	// The legend's colours, and each one's place among the counts.
	var shown []int
	for i, k := range col.keys {
		if k.Count = perKey[i]; k.Count > 0 {
			h.Legend = append(h.Legend, k)
			shown = append(shown, i)
		}
	}
	// Every year of the range, the empty ones too: a gap is news.
	paths := make([][]byte, len(h.Legend))
	for y := newest; y >= oldest; y-- {
		hy := HistYear{Year: y}
		for i := range paths {
			paths[i] = paths[i][:0]
		}
		for m := range 12 {
			at := ((y-oldest)*12 + m) * nk
			href := archivePath(y) + filter + "#" + cardMonth[(y-oldest)*12+m]
			hy.Bars[m] = bar(y, time.Month(m+1), counts[at:at+nk], shown, h.Legend, most, href, col.detail, paths)
			hy.Total += hy.Bars[m].Count
		}
		if hy.Total > 0 {
			hy.URL = archivePath(y)
		}
		for i, k := range h.Legend {
			if len(paths[i]) > 0 {
				hy.Paths = append(hy.Paths, HistPath{Class: k.Class, D: string(paths[i])})
			}
		}
		h.Years = append(h.Years, hy)
	}
	return h
}

// filteredCard is the card that shows the story of it, an entry of items,
// on its year's archive filtered to items (facets-all.js's cards): the
// story's head when that is one of the year's items, else the newest of
// them.
func filteredCard(st *Story, it *Item, items []*Item) *Item {
	in := func(x *Item) bool {
		i, ok := slices.BinarySearchFunc(items, x.n, func(a *Item, n int) int { return cmp.Compare(a.n, n) })
		return ok && items[i] == x && x.Date.Year() == it.Date.Year()
	}
	if h := st.Head(); in(h) {
		return h
	}
	for _, x := range st.Items {
		if x.n < it.n && in(x) {
			it = x
		}
	}
	return it
}

// bar lays out one month: segments stacked from the bottom in legend
// order, heights rounded up so that a month with one entry still shows.
// counts are the month's entries by colour, shown the places in counts
// of the legend's colours. It adds the segments to the paths of their
// colours. With detail, its label counts each colour too. href is where
// it links when the month has entries.
func bar(year int, month time.Month, counts []int, shown []int, legend []HistKey, most int, href string, detail bool, paths [][]byte) HistBar {
	b := HistBar{X: (int(month)-1)*barStep + (barStep-barWidth)/2}
	cum, top := 0, 0
	var parts []string
	for i, k := range legend {
		n := counts[shown[i]]
		if n == 0 {
			continue
		}
		cum += n
		next := (cum*histHeight + most - 1) / most
		if next > top {
			// A vertical line as wide as the bar (the stylesheet's
			// stroke-width): half the bytes of a closed rectangle.
			d := append(paths[i], 'M')
			d = strconv.AppendInt(d, int64(b.X+barWidth/2), 10)
			d = append(d, ' ')
			d = strconv.AppendInt(d, int64(histHeight-top), 10)
			d = append(d, 'V')
			paths[i] = strconv.AppendInt(d, int64(histHeight-next), 10)
		}
		top = next
		if detail {
			parts = append(parts, k.Name+" "+strconv.Itoa(n))
		}
	}
	b.Count = cum
	name := month.String() + " " + strconv.Itoa(year)
	if cum == 0 {
		b.Label = name + ": no entries"
		return b
	}
	b.URL = href
	b.Label = name + ": " + plural(cum, "entry", "entries")
	if detail {
		b.Label += " (" + strings.Join(parts, ", ") + ")"
	}
	return b
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// primaryTopic is the topic an entry is coloured by: its first.
func primaryTopic(it *Item) string {
	if len(it.Topics) == 0 {
		return ""
	}
	return it.Topics[0]
}

// topicClasses gives the histColors commonest first topics the classes
// c1…c4 and every other topic c0.
func topicClasses(items []*Item) map[string]string {
	n := map[string]int{}
	for _, it := range items {
		if t := primaryTopic(it); t != "" {
			n[t]++
		}
	}
	ids := make([]string, 0, len(n))
	for id := range n {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(n[b], n[a]), cmp.Compare(a, b)) })
	classes := map[string]string{"": "c0"}
	for i, id := range ids {
		classes[id] = "c0"
		if i < histColors {
			classes[id] = "c" + strconv.Itoa(i+1)
		}
	}
	return classes
}
