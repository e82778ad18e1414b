package site

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// Facets filter the cards of a timeline page in the browser
// (templates/assets/facets.js). Each card carries its values in data-*
// attributes named after the facets; the script makes the choices from
// them, names them from data/terms.json, and hides the cards that lack
// the chosen values. The query string holds the
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

// termsJSON is data/terms.json, the name of every term of a facet by ID:
// {"company": {"apple": "Apple"}, …}. Cards carry only IDs, and a card
// shows only some chips, so facets.js fetches it to name the choices
// when a reader opens the filters; written into every page instead, the
// names would weigh more than the page's entries.
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
