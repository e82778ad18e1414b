package site

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"
)

// Facets filter the cards of a timeline page in the browser
// (templates/assets/facets.js). Each card carries its values in data-*
// attributes named after the facets; the build writes the choices, named
// as the terms are (a card shows only some of its chips), and the script
// hides the cards that lack the chosen values. The query string holds the
// choice (?topic=antitrust&year=2021), so a filtered view can be shared.
// Without JavaScript the form stays hidden and the term pages are the
// filters.

// FacetAttrs are a card's data-* attributes, one per facet it has a value
// for. They are made here because html/template takes data-jurisdiction
// for a URL attribute ("uri" in its name) and would write "eu jp" as
// "eu%20jp".
func (it *Item) FacetAttrs() template.HTMLAttr {
	nv := []string{"kind", it.storyKinds(), "year", strconv.Itoa(it.Date.Year())}
	for _, class := range []string{"topic", "company", "authority", "jurisdiction"} {
		nv = append(nv, class, it.FacetIDs(class))
	}
	return dataAttrs(nv...)
}

// dataAttrs writes data-NAME="VALUE" for each name and value pair whose
// value is not empty.
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
// query parameters and data attributes.
var facetClasses = map[string]bool{"topic": true, "company": true, "authority": true, "jurisdiction": true}

// FacetIDs is the value of a card's data attribute for a chip class:
// the IDs of its terms of that class, space-separated.
func (it *Item) FacetIDs(class string) string {
	var ids []string
	for _, c := range it.Chips {
		if c.Class == class {
			ids = append(ids, c.ID)
		}
	}
	return strings.Join(ids, " ")
}

// KindID is "event" or "news", the card's kind facet.
func (it *Item) KindID() string {
	if it.IsEvent() {
		return "event"
	}
	return "news"
}

// Facet is one filter of a timeline page: a query parameter and the
// values of the page's cards for it.
type Facet struct {
	Name, Title string // query parameter, e.g. topic; its label, e.g. Topic
	Choices     []FacetChoice
}

// FacetChoice is a value of a facet and the number of cards that have it.
type FacetChoice struct {
	ID, Label string
	Count     int
}

// facetTitles are the facets in the form's order, with their labels.
var facetTitles = [][2]string{{"topic", "Topic"}, {"company", "Company"}, {"authority", "Authority"},
	{"jurisdiction", "Jurisdiction"}, {"year", "Year"}, {"kind", "Kind"}}

// Facets are the page's filters, their choices made from its cards and
// named as the terms are. A facet with nothing to choose (no value, or
// one that every card has) is left out. Years come newest first, the
// rest by name.
func (p *Page) Facets() []Facet {
	var items []*Item
	for _, y := range p.Groups {
		for _, m := range y.Months {
			items = append(items, m.Items...)
		}
	}
	if len(items) < 2 {
		return nil
	}
	var fs []Facet
	for _, nt := range facetTitles {
		f := Facet{Name: nt[0], Title: nt[1], Choices: facetChoices(nt[0], items)}
		if len(f.Choices) == 0 || len(f.Choices) == 1 && f.Choices[0].Count == len(items) {
			continue
		}
		fs = append(fs, f)
	}
	return fs
}

// facetChoices counts the values of one facet over items.
func facetChoices(name string, items []*Item) []FacetChoice {
	var cs []FacetChoice
	at := map[string]int{}
	count := func(id, label string) {
		if i, ok := at[id]; ok {
			cs[i].Count++
			return
		}
		at[id] = len(cs)
		cs = append(cs, FacetChoice{ID: id, Label: label, Count: 1})
	}
	for _, it := range items {
		switch name {
		case "year":
			y := strconv.Itoa(it.Date.Year())
			count(y, y)
		case "kind":
			for _, k := range strings.Fields(it.storyKinds()) {
				count(k, map[string]string{"event": "Events", "news": "News"}[k])
			}
		default:
			for _, c := range it.Chips {
				if c.Class == name {
					count(c.ID, c.Label)
				}
			}
		}
	}
	if name == "year" {
		slices.SortFunc(cs, func(a, b FacetChoice) int { return cmp.Compare(b.ID, a.ID) })
	} else {
		slices.SortFunc(cs, func(a, b FacetChoice) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)), cmp.Compare(a.ID, b.ID))
		})
	}
	return cs
}
