package site

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"docket/internal/search"
)

// Facets filter a whole listing in the browser: the timeline, an archive
// year or a term page, not just the page shown. The build writes a facet
// index, search/facets.json (facetIndex below), that says for every entry
// what it is filed under. templates/assets/facets.js, on every listing
// page, only shows the "Filter" control; opening it loads facets-all.js,
// which fetches the index, counts each choice over the whole listing, and
// shows the matching entries as cards made from the search's document
// rows (search/d/N.json), a page at a time. The query
// string holds the choice, the sort order and the page
// (?topic=antitrust&kind=event&sort=amount&p=2), so a filtered view can
// be shared and the back button pages back. Without JavaScript the form
// stays hidden and the term pages are the filters.

// facetIndexPath is where the facet index is written: beside the search
// data, whose rows it shares.
const facetIndexPath = "/search/facets.json"

// facetIndexVersion changes when the index's layout does: facets.js
// reads only the version it knows. 2: the search's documents are
// numbered from the oldest entry, this index's still from the newest.
const facetIndexVersion = 2

// facetClassOrder are the classes of terms in the index: the four facets
// and the source, which only scopes a source's page.
var facetClassOrder = []string{"topic", "company", "authority", "jurisdiction", "source"}

// facetIndex is search/facets.json:
//
//	version   facetIndexVersion
//	docs      the number of entries, numbered in timeline order, newest
//	          first: entry d is the search's document docs-1-d (the
//	          search numbers from the oldest, so that its documents keep
//	          their numbers as entries arrive; this index is made anew
//	          every build, and its runs of years and stories read best
//	          newest first)
//	chunk     documents per search/d/N.json
//	classes   facetClassOrder
//	terms     [class, ID] of every term, by class and ID
//	postings  the entries filed under each term, in the order of terms,
//	          separated by spaces
//	events    the entries that are events
//	years     [year, n]: runs of n consecutive entries of one year
//	months    [YYYYMM, n]: the same by month, for the histogram's links
//	          to a month (#mYYYY-MM) under a filter
//	types     [term, type, …]: a source's type (the card's badge, as
//	          "state media"), by its place in terms
//	stories   [head, report, …] for each story of several reports: a
//	          listing shows the story as its head's card, at its place
//	amounts   entry, euros, … for each event with an amount: in whole
//	          euros at the ECB rate of its date, -1 when the rates lack
//	          its currency
//	foreign   entry, value, currency, … for those amounts not in euros,
//	          so that a card says them as written
//
// Postings are lists of entries: the gap from the entry before (the
// first from -1), less one, each as a varint in search's alphabet (0–31
// end a number, 32–63 carry five bits and go on): consecutive entries
// cost one letter each. Lists by term are about half the size of a row
// of terms by entry once compressed. An entry's names are in
// data/terms.json, which the filters load anyway.
type facetIndex struct {
	Version  int      `json:"version"`
	Docs     int      `json:"docs"`
	Chunk    int      `json:"chunk"`
	Classes  []string `json:"classes"`
	Terms    [][2]any `json:"terms"`
	Postings string   `json:"postings"`
	Events   string   `json:"events"`
	Years    [][2]int `json:"years"`
	Months   [][2]int `json:"months"`
	Types    []any    `json:"types"`
	Stories  [][]int  `json:"stories"`
	Amounts  []int64  `json:"amounts"`
	Foreign  []any    `json:"foreign"`
}

// facetIndex makes search/facets.json from the model.
func (b *builder) facetIndex() ([]byte, error) {
	js, err := json.Marshal(buildFacetIndex(b.m))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", facetIndexPath, err)
	}
	return append(js, '\n'), nil
}

func buildFacetIndex(m *model) *facetIndex {
	x := &facetIndex{Version: facetIndexVersion, Docs: len(m.items), Chunk: search.Chunk, Classes: facetClassOrder,
		Terms: [][2]any{}, Years: [][2]int{}, Months: [][2]int{}, Types: []any{}, Stories: [][]int{}, Amounts: []int64{}, Foreign: []any{}}
	// The terms whose pages list an entry: by class, then ID.
	type term struct {
		class int
		tm    *Term
	}
	var terms []term
	for _, t := range m.taxes {
		if class := slices.Index(facetClassOrder, t.Singular); class >= 0 {
			for _, tm := range t.Terms {
				terms = append(terms, term{class, tm})
			}
		}
	}
	slices.SortFunc(terms, func(a, c term) int { return cmp.Or(cmp.Compare(a.class, c.class), cmp.Compare(a.tm.ID, c.tm.ID)) })
	var post []byte
	docs := make([]int, 0, len(m.items))
	for i, t := range terms {
		x.Terms = append(x.Terms, [2]any{t.class, t.tm.ID})
		if t.tm.Class == "source" {
			if i := slices.IndexFunc(t.tm.Items, func(it *Item) bool { return it.SourceType != "" }); i >= 0 {
				x.Types = append(x.Types, len(x.Terms)-1, t.tm.Items[i].SourceTypeLabel())
			}
		}
		docs = docs[:0]
		for _, it := range t.tm.Items {
			docs = append(docs, it.n)
		}
		if i > 0 {
			post = append(post, ' ')
		}
		post = appendPostings(post, docs)
	}
	x.Postings = string(post)

	var events []int
	for i, it := range m.items {
		if y := it.Date.Year(); len(x.Years) == 0 || x.Years[len(x.Years)-1][0] != y {
			x.Years = append(x.Years, [2]int{y, 1})
		} else {
			x.Years[len(x.Years)-1][1]++
		}
		if mo := it.Date.Year()*100 + int(it.Date.Month()); len(x.Months) == 0 || x.Months[len(x.Months)-1][0] != mo {
			x.Months = append(x.Months, [2]int{mo, 1})
		} else {
			x.Months[len(x.Months)-1][1]++
		}
		if !it.IsEvent() {
			continue
		}
		events = append(events, i)
		if a := it.Amount(); a != nil {
			eur := int64(-1)
			if r, ok := m.rates.Convert(a.Value, a.Currency, "EUR", it.Date); ok {
				eur = int64(math.Round(r.Value))
			}
			x.Amounts = append(x.Amounts, int64(i), eur)
			if a.Currency != "EUR" {
				x.Foreign = append(x.Foreign, i, a.Value, a.Currency)
			}
		}
	}
	x.Events = string(appendPostings(nil, events))
	for _, st := range m.stories {
		s := []int{st.Head().n}
		for _, it := range st.Items[1:] {
			s = append(s, it.n)
		}
		x.Stories = append(x.Stories, s)
	}
	return x
}

// appendPostings appends a list of entries, in increasing order.
func appendPostings(b []byte, docs []int) []byte {
	slices.Sort(docs)
	last := -1
	for _, d := range slices.Compact(docs) {
		b = search.AppendVarint(b, d-last-1)
		last = d
	}
	return b
}

// FacetScope is what a listing page's filters cover, for facets.js: a
// term's entries ("topic:antitrust"), a year's ("year:2021") or, on the
// home page, the whole tracker's ("all"): backfilled entries too, which
// the timeline's own pages leave out, as the term pages do not.
func (p *Page) FacetScope() string {
	switch {
	case p.Term != nil:
		return p.Term.Class + ":" + p.Term.ID
	case p.Kind == "archive":
		return fmt.Sprintf("year:%d", p.Year)
	}
	return "all"
}

// dataAttrs writes data-NAME="VALUE" for each name and value pair whose
// value is not empty. They are made here because html/template takes
// data-jurisdiction for a URL attribute ("uri" in its name) and would
// write "eu jp" as "eu%20jp".
func dataAttrs(nv ...string) template.HTMLAttr {
	var b strings.Builder
	for i := 0; i+1 < len(nv); i += 2 {
		if nv[i+1] != "" {
			b.WriteString(" data-" + nv[i] + `="` + template.HTMLEscapeString(nv[i+1]) + `"`)
		}
	}
	return template.HTMLAttr(b.String())
}

// facetClasses are the chip classes that are facets; their names are the
// query parameters.
var facetClasses = map[string]bool{"topic": true, "company": true, "authority": true, "jurisdiction": true}

// KindID is "event" or "news", the card's kind facet.
func (it *Item) KindID() string {
	if it.IsEvent() {
		return "event"
	}
	return "news"
}

// termsJSON is data/terms.json, the name of every term of a facet by ID:
// {"company": {"apple": "Apple"}, …}. The facet index carries only IDs,
// so facets.js fetches it to name the choices when a reader opens the
// filters; written into every page instead, the names would weigh more
// than the page's entries.
func (b *builder) termsJSON() ([]byte, error) {
	names := map[string]map[string]string{}
	for _, t := range b.m.taxes {
		if !facetClasses[t.Singular] {
			continue
		}
		byID := make(map[string]string, len(t.Terms))
		for _, tm := range t.Terms {
			byID[tm.ID] = tm.Name
		}
		names[t.Singular] = byID
	}
	js, err := json.Marshal(names) // keys sorted: the same bytes every build
	if err != nil {
		return nil, fmt.Errorf("data/terms.json: %w", err)
	}
	return append(js, '\n'), nil
}
