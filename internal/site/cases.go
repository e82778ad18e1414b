package site

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"docket/internal/content"
)

// Case is a matter as the templates see it: the case file and the
// entries that name it, oldest first.
type Case struct {
	*content.Doc
	URL   string
	Chips []Chip  // parties, authorities, jurisdictions
	Items []*Item // events and news items of the matter, oldest first
	Fines []*Fine // its fines: those of its events, or its own amount
	now   time.Time

	byDate []content.CaseDate // Dates in date order, sorted once
}

// newCase makes the case of a case file; linkCases fills it.
func (m *model) newCase(d *content.Doc) *Case {
	if d.Lang == "" {
		d.Lang = m.site.Language
	}
	byDate := slices.Clone(d.Dates)
	slices.SortStableFunc(byDate, func(a, b content.CaseDate) int { return a.Time.Compare(b.Time) })
	return &Case{Doc: d, URL: d.Permalink(), byDate: byDate}
}

// linkCases files every item under the case it names and sorts the cases
// by title.
func (m *model) linkCases() {
	slices.SortFunc(m.cases, func(a, b *Case) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)), cmp.Compare(a.Slug, b.Slug))
	})
	bySlug := map[string]*Case{}
	for _, c := range m.cases {
		bySlug[c.Slug] = c
	}
	// m.items is newest first; a matter reads oldest first.
	for _, it := range slices.Backward(m.items) {
		if c := bySlug[it.caseSlug()]; c != nil {
			it.Case = c
			c.Items = append(c.Items, it)
		}
	}
	var now time.Time
	if len(m.items) > 0 {
		now = m.items[0].Date
	}
	for _, c := range m.cases {
		c.now = now
		c.addChips(m, "entities", "company", c.Parties)
		c.addChips(m, "authorities", "authority", c.Authorities)
		c.addChips(m, "jurisdictions", "jurisdiction", c.Jurisdictions)
	}
}

// addChips adds a chip for each of ids, once: a case file may list a
// party twice, whose fine then counted twice for it.
func (c *Case) addChips(m *model, key, class string, ids []string) {
	for _, id := range ids {
		if !slices.ContainsFunc(c.Chips, func(x Chip) bool { return x.Class == class && x.ID == id }) {
			c.Chips = append(c.Chips, m.chip(key, class, id))
		}
	}
}

// chip links to a term's page, or to nothing when no entry has the term
// (its page does not exist).
func (m *model) chip(key, class, id string) Chip {
	for _, t := range m.taxes {
		if t.Key == key {
			if tm := t.byID[id]; tm != nil {
				return Chip{ID: id, Label: tm.Name, URL: tm.URL(), Class: class, term: tm}
			}
		}
	}
	name := id
	if e := m.rules.Entity(id); e != nil {
		name = e.Name
	}
	return Chip{ID: id, Label: name, Class: class}
}

// Stage is one step of the progress strip of a case page.
type Stage struct {
	Name          string
	Done, Current bool
}

// Stages is the case's progress strip: every stage, those before the
// current one done.
func (c *Case) Stages() []Stage {
	i := slices.Index(content.Stages, c.Stage)
	ss := make([]Stage, len(content.Stages))
	for j, s := range content.Stages {
		ss[j] = Stage{Name: s, Done: j < i, Current: j == i}
	}
	return ss
}

// LastChange is the latest of when the matter opened, its newest entry
// and its dates up to the site's "now" (a decision the case file dates
// comes before the coverage of it, or has none).
func (c *Case) LastChange() time.Time {
	t := c.Opened
	if n := len(c.Items); n > 0 && c.Items[n-1].Date.After(t) {
		t = c.Items[n-1].Date
	}
	for _, d := range c.byDate {
		if d.Time.After(t) && !d.Time.After(c.now) {
			t = d.Time
		}
	}
	return t
}

// Next is the first of the case's dates after the site's newest entry
// (the build's "now", which never comes from the clock), or nil.
func (c *Case) Next() *content.CaseDate {
	for i, d := range c.byDate {
		if d.Time.After(c.now) {
			return &c.byDate[i]
		}
	}
	return nil
}

// ByDate is the case's dates in date order, for its page: the order of
// its calendar and data file, whatever the case file's.
func (c *Case) ByDate() []content.CaseDate { return c.byDate }

// Newest is the matter's entries newest first, for its feeds.
func (c *Case) Newest() []*Item {
	items := slices.Clone(c.Items)
	slices.Reverse(items)
	return items
}

// TotalEUR is the sum of the case's fines in euros, and whether every one
// of them could be converted.
func (c *Case) TotalEUR() (float64, bool) {
	sum, all := 0.0, true
	for _, f := range c.Fines {
		if inEUR(f) {
			sum += f.EUR.Value
		} else {
			all = false
		}
	}
	return sum, all
}

// anyConverted reports whether some fine of the case has a euro value.
func (c *Case) anyConverted() bool { return slices.ContainsFunc(c.Fines, inEUR) }

// inEUR reports whether a fine's value in euros is known: converted, or
// in euros already (which lacks only its dollar rate without a rate file).
func inEUR(f *Fine) bool { return f.Converted || f.Amount.Currency == "EUR" }

// Total is TotalEUR for people: "EUR 1.84 billion", "—" without fines;
// a fine that could not be converted is named beside it. When none could,
// the amounts are shown as they are: "EUR 0" would read as no fine.
func (c *Case) Total() string {
	if len(c.Fines) == 0 {
		return "—"
	}
	if !c.anyConverted() {
		var ss []string
		for _, f := range c.Fines {
			ss = append(ss, f.Amount.String())
		}
		return strings.Join(ss, " + ") + " (no ECB rate)"
	}
	sum, all := c.TotalEUR()
	s := Amount{Value: sum, Currency: "EUR"}.String()
	if !all {
		s += " + amounts without a rate"
	}
	return s
}

// casesPage and its neighbours plan the case pages, feeds and calendars.
func (b *builder) caseOutputs() []output {
	m := b.m
	outs := []output{
		{"/cases/", func() ([]byte, error) {
			return b.page(&Page{Kind: "cases", Path: "/cases/", Title: "Cases", Description: "Every matter the tracker follows: stage, authority, jurisdiction, last change and the fines."})
		}, nil},
		{"/calendar.ics", func() ([]byte, error) { return calendar(m, "case dates", m.cases) }, nil},
		{"/data/cases.json", b.casesJSON, nil},
		{"/data/cases.csv", b.casesCSV, nil},
	}
	for _, c := range m.cases {
		outs = append(outs,
			output{c.URL, func() ([]byte, error) { return b.casePage(c) }, nil},
			output{c.URL + "calendar.ics", func() ([]byte, error) { return calendar(m, c.Title, []*Case{c}) }, nil})
		// One entry a story, as every feed gives (ownListing).
		outs = append(outs, b.feeds(c.URL, c.Title, ownListing(c.Newest()))...)
	}
	return outs
}

// Cases lists the site's cases, by title.
func (p *Page) Cases() []*Case { return p.m.cases }

func (b *builder) casePage(c *Case) ([]byte, error) {
	body, err := c.Text()
	if err != nil {
		return nil, err
	}
	doc, src := parseMarkdown(b.md, body, c.URL)
	html, _, err := renderMarkdown(b.md, src, doc, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: markdown: %w", c.Path, err)
	}
	return b.page(&Page{Kind: "case", Path: c.URL, Title: c.Title, Lang: c.Lang, Description: c.Summary, Case: c,
		Body: template.HTML(html), Feeds: b.feedLinks(c.URL, c.Title)})
}

// StageRank is the case's stage as its place in a matter's course
// (complaint 0, closed last; -1 if unknown), the stage column's sort
// key in the index: sorted by name, "appeal" would come first.
func (c *Case) StageRank() int { return slices.Index(content.Stages, c.Stage) }

// SortKey is the case's total in euros for sorting the index ("" without
// fines, or when none of them could be converted).
func (c *Case) SortKey() string {
	if !c.anyConverted() {
		return ""
	}
	v, _ := c.TotalEUR()
	return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
}

// Case is the case a story belongs to: that of its first primary report
// naming one, else the case most of its reports name, a tie going to the
// case named first in the story's order (primary reports first, then by
// date). Nil when no report names a case.
func (s *Story) Case() *Case {
	count := map[*Case]int{}
	var order []*Case
	for _, it := range s.Items {
		if it.Case == nil {
			continue
		}
		if s.Primary(it) {
			return it.Case
		}
		if count[it.Case] == 0 {
			order = append(order, it.Case)
		}
		count[it.Case]++
	}
	var best *Case
	for _, c := range order {
		if best == nil || count[c] > count[best] {
			best = c
		}
	}
	return best
}

// Case is the case a card names: on a story's card the story's, which
// is where the case's page lists it; else its item's.
func (c Card) Case() *Case {
	if st := c.Leads(); st != nil {
		if sc := st.Case(); sc != nil {
			return sc // the card stands for the story: its case, as the case's page lists it
		}
	}
	return c.Item.Case
}

// CaseStories are the stories of several reports that belong to the
// page's case, by ID.
func (p *Page) CaseStories() []*Story {
	var out []*Story
	for _, st := range p.m.stories {
		if p.Case != nil && st.Case() == p.Case {
			out = append(out, st)
		}
	}
	return out
}

// CaseFacet is one filter of the case index: a select named after the
// rows' data attribute, with the values some case has.
type CaseFacet struct {
	Name, Label string
	Options     []Chip // ID the value, Label what the reader sees
}

// CaseFacets are the filters of the case index, by the same facets as
// the timeline's where a case has them: stage (in the order of the
// stages), authority, jurisdiction (by name) and status. A facet with
// fewer than two values is left out.
func (p *Page) CaseFacets() []CaseFacet {
	var stage, status []Chip
	byClass := map[string][]Chip{}
	add := func(list []Chip, ch Chip) []Chip {
		if slices.ContainsFunc(list, func(o Chip) bool { return o.ID == ch.ID }) {
			return list
		}
		return append(list, ch)
	}
	for _, c := range p.m.cases {
		stage = add(stage, Chip{ID: c.Stage, Label: c.Stage})
		status = add(status, Chip{ID: c.Status, Label: c.Status})
		for _, ch := range c.Chips {
			byClass[ch.Class] = add(byClass[ch.Class], Chip{ID: ch.ID, Label: ch.Label})
		}
	}
	slices.SortFunc(stage, func(a, b Chip) int {
		return cmp.Compare(slices.Index(content.Stages, a.ID), slices.Index(content.Stages, b.ID))
	})
	byLabel := func(a, b Chip) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)), cmp.Compare(a.ID, b.ID))
	}
	slices.SortFunc(byClass["authority"], byLabel)
	slices.SortFunc(byClass["jurisdiction"], byLabel)
	slices.SortFunc(status, byLabel)
	var fs []CaseFacet
	for _, f := range []CaseFacet{
		{"stage", "Stage", stage},
		{"authority", "Authority", byClass["authority"]},
		{"jurisdiction", "Jurisdiction", byClass["jurisdiction"]},
		{"status", "Status", status},
	} {
		if len(f.Options) > 1 {
			fs = append(fs, f)
		}
	}
	return fs
}

// FacetAttrs are the case's row attributes for filter.js, made as an
// Item's are (html/template would URL-escape data-jurisdiction).
func (c *Case) FacetAttrs() template.HTMLAttr {
	return dataAttrs("stage", c.Stage, "authority", c.FacetIDs("authority"),
		"jurisdiction", c.FacetIDs("jurisdiction"), "status", c.Status)
}

// FacetIDs are the IDs of the case's chips of a class, space-separated,
// for a data attribute of its row.
func (c *Case) FacetIDs(class string) string {
	return c.chipsOf(class, func(ch Chip) string { return ch.ID }, " ")
}

// Labels are the names of the case's chips of a class, comma-separated,
// for its row in the index: "SAMR, MIIT".
func (c *Case) Labels(class string) string {
	return c.chipsOf(class, func(ch Chip) string { return ch.Label }, ", ")
}

// chipsOf joins what of each chip of a class.
func (c *Case) chipsOf(class string, what func(Chip) string, sep string) string {
	var out []string
	for _, ch := range c.Chips {
		if ch.Class == class {
			out = append(out, what(ch))
		}
	}
	return strings.Join(out, sep)
}
