package site

import (
	"cmp"
	"slices"
	"strings"

	"docket/internal/content"
)

// Case is a matter as the templates see it: the case file and the
// entries that name it, oldest first.
type Case struct {
	*content.Doc
	URL   string
	Chips []Chip  // parties, authorities, jurisdictions
	Items []*Item // events and news items of the matter, oldest first
}

// newCase makes the case of a case file; linkCases fills it.
func (m *model) newCase(d *content.Doc) *Case {
	if d.Lang == "" {
		d.Lang = m.site.Language
	}
	return &Case{Doc: d, URL: d.Permalink()}
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
		if c := bySlug[it.Doc.Case]; c != nil {
			it.Case = c
			c.Items = append(c.Items, it)
		}
	}
}
