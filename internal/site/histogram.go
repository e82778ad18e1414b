package site

import (
	"cmp"
	"fmt"
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
// per year, each bar stacked by the entries' first topic. It is drawn as
// inline SVG at build time; each month with entries links to its place
// in the year's archive.
type Histogram struct {
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
	URL   string // the year's archive
	Total int
	Bars  [12]HistBar
	Paths []HistPath // the bars' segments, one path per colour
}

// HistBar is one month.
type HistBar struct {
	X     int
	Count int
	URL   string // site path of the month in the archive, with the page's filter
	Label string // "September 2021: 3 entries (Antitrust 2, other 1)"
}

// HistPath draws the segments of one colour in a year: one path is far
// smaller than a rect per segment.
type HistPath struct {
	Class, D string
}

// Histogram is the page's histogram: the whole record on the first page
// of the timeline, the term's entries on the first page of a term's
// listing, nil elsewhere.
func (p *Page) Histogram() *Histogram {
	if p.Pager == nil || p.Pager.Current != 1 {
		return nil
	}
	switch {
	case p.Kind == "home":
		return newHistogram(p.m.items, p.m.rules.Topic, "")
	case p.Kind == "term" && p.Term != nil:
		filter := ""
		if facetClasses[p.Term.Class] {
			filter = "?" + p.Term.Class + "=" + p.Term.ID
		}
		return newHistogram(p.Term.Items, p.m.rules.Topic, filter)
	}
	return nil
}

// newHistogram counts items (newest first) by year, month and first
// topic. filter is the query string the month links carry.
func newHistogram(items []*Item, topicOf func(string) *topic.Topic, filter string) *Histogram {
	if len(items) == 0 {
		return nil
	}
	h := &Histogram{Total: len(items)}
	classes := topicClasses(items)
	type key struct {
		year  int
		month time.Month
	}
	counts := map[key]map[string]int{}
	most := 0
	for _, it := range items {
		k := key{it.Date.Year(), it.Date.Month()}
		if counts[k] == nil {
			counts[k] = map[string]int{}
		}
		counts[k][classes[primaryTopic(it)]]++
		if len(h.Years) == 0 || h.Years[len(h.Years)-1].Year != k.year {
			h.Years = append(h.Years, HistYear{Year: k.year, URL: archivePath(k.year)})
		}
		h.Years[len(h.Years)-1].Total++
	}
	for _, byClass := range counts {
		n := 0
		for _, c := range byClass {
			n += c
		}
		most = max(most, n)
	}
	h.Legend = legend(items, classes, topicOf)
	for yi := range h.Years {
		y := &h.Years[yi]
		paths := map[string]*strings.Builder{}
		for m := range 12 {
			month := time.Month(m + 1)
			y.Bars[m] = bar(y.Year, month, counts[key{y.Year, month}], h.Legend, most, filter, paths)
		}
		for _, k := range h.Legend {
			if d := paths[k.Class]; d != nil {
				y.Paths = append(y.Paths, HistPath{Class: k.Class, D: d.String()})
			}
		}
	}
	return h
}

// bar lays out one month: segments stacked from the bottom in legend
// order, heights rounded up so that a month with one entry still shows.
// It adds the segments to the paths of their colours.
func bar(year int, month time.Month, byClass map[string]int, keys []HistKey, most int, filter string, paths map[string]*strings.Builder) HistBar {
	b := HistBar{X: (int(month)-1)*barStep + (barStep-barWidth)/2}
	cum, top := 0, 0
	var parts []string
	for _, k := range keys {
		n := byClass[k.Class]
		if n == 0 {
			continue
		}
		cum += n
		next := (cum*histHeight + most - 1) / most
		if next > top {
			if paths[k.Class] == nil {
				paths[k.Class] = &strings.Builder{}
			}
			fmt.Fprintf(paths[k.Class], "M%d %dh%dv%dh-%dz", b.X, histHeight-top, barWidth, top-next, barWidth)
		}
		top = next
		parts = append(parts, k.Name+" "+strconv.Itoa(n))
	}
	b.Count = cum
	name := month.String() + " " + strconv.Itoa(year)
	if cum == 0 {
		b.Label = name + ": no entries"
		return b
	}
	b.URL = archivePath(year) + filter + "#" + MonthGroup{Year: year, Month: month}.ID()
	b.Label = fmt.Sprintf("%s: %s (%s)", name, plural(cum, "entry", "entries"), strings.Join(parts, ", "))
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

// legend lists the colours in stacking order, "other" last if used.
func legend(items []*Item, classes map[string]string, topicOf func(string) *topic.Topic) []HistKey {
	byClass := map[string]*HistKey{}
	for _, it := range items {
		id := primaryTopic(it)
		c := classes[id]
		k := byClass[c]
		if k == nil {
			k = &HistKey{Class: c, Name: "other"}
			if c != "c0" {
				k.Name = id
				if tp := topicOf(id); tp != nil {
					k.Name = tp.Name
				}
			}
			byClass[c] = k
		}
		k.Count++
	}
	var keys []HistKey
	for _, c := range []string{"c1", "c2", "c3", "c4", "c0"} {
		if k := byClass[c]; k != nil {
			keys = append(keys, *k)
		}
	}
	return keys
}
