package site

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Facets filter the cards of a timeline page in the browser
// (templates/assets/facets.js). Each card carries its values in data-*
// attributes named after the facets; the query string holds the choice
// (?topic=antitrust&year=2021), so a filtered view can be shared. Without
// JavaScript the form stays hidden and the term pages are the filters.

// facetClasses are the chip classes that are facets; their names are the
// query parameters and data attributes.
var facetClasses = map[string]bool{"topic": true, "company": true, "authority": true, "jurisdiction": true}

// facetOrder is the order of the filters on the page, with their labels.
var facetOrder = []struct{ name, label string }{
	{"topic", "Topic"}, {"company", "Company"}, {"authority", "Authority"},
	{"jurisdiction", "Jurisdiction"}, {"year", "Year"}, {"kind", "Kind"},
}

// Facet is one filter of a timeline page.
type Facet struct {
	Name   string // query parameter and data attribute
	Label  string
	Values []FacetValue
}

// FacetValue is one choice of a facet, with how many cards have it.
type FacetValue struct {
	ID, Label string
	Count     int
}

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

// Facets lists the filters for the cards on a timeline page: only values
// some card has, and only facets with a choice to make.
func (p *Page) Facets() []Facet {
	counts := map[string]map[string]*FacetValue{}
	count := func(facet, id, label string) {
		if counts[facet] == nil {
			counts[facet] = map[string]*FacetValue{}
		}
		v := counts[facet][id]
		if v == nil {
			v = &FacetValue{ID: id, Label: label}
			counts[facet][id] = v
		}
		v.Count++
	}
	cards := 0
	for _, y := range p.Groups {
		for _, m := range y.Months {
			for _, it := range m.Items {
				cards++
				for _, c := range it.Chips {
					if facetClasses[c.Class] {
						count(c.Class, c.ID, c.Label)
					}
				}
				year := strconv.Itoa(it.Date.Year())
				count("year", year, year)
				count("kind", it.KindID(), kindLabel(it))
			}
		}
	}
	if cards < 2 {
		return nil
	}
	var fs []Facet
	for _, f := range facetOrder {
		vs := counts[f.name]
		if len(vs) == 0 || (len(vs) == 1 && onlyValueOfAll(vs, cards)) {
			continue // nothing to choose: every card has the one value
		}
		facet := Facet{Name: f.name, Label: f.label}
		for _, v := range vs {
			facet.Values = append(facet.Values, *v)
		}
		slices.SortFunc(facet.Values, func(a, b FacetValue) int {
			if f.name == "year" {
				return cmp.Compare(b.ID, a.ID)
			}
			return cmp.Or(cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)), cmp.Compare(a.ID, b.ID))
		})
		fs = append(fs, facet)
	}
	return fs
}

func kindLabel(it *Item) string {
	if it.IsEvent() {
		return "Events"
	}
	return "News"
}

func onlyValueOfAll(vs map[string]*FacetValue, cards int) bool {
	for _, v := range vs {
		return v.Count == cards
	}
	return false
}
