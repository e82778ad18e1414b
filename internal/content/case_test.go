package content

import (
	"strings"
	"testing"
)

// TestCaseLinks: a "case:" naming no case is a problem of the file that
// names it, at its line; one naming a case is not.
func TestCaseLinks(t *testing.T) {
	parse := func(rel, text string) *Doc {
		d, ps := Parse("content/"+rel+".md", rel, []byte(text), nil)
		if len(ps) > 0 {
			t.Fatalf("%s: %v", rel, ps)
		}
		return d
	}
	c := parse("cases/samr-alibaba", "---\ntitle: SAMR v. Alibaba\nauthorities: [samr]\nstage: decision\nstatus: closed\nopened: 2020-12-24\ndates: [{date: 2024-04-10, what: last compliance report}]\n---\nSummary.\n")
	if c.Kind != Case || c.Permalink() != "/cases/samr-alibaba/" || c.Dates[0].Time.Year() != 2024 {
		t.Fatalf("case parsed as %+v", c)
	}
	good := parse("events/2021-04-10-fine", "---\ntitle: Fine\nkind: fine\ncase: samr-alibaba\n---\n")
	bad := parse("news/2021/04/report", "---\ntitle: Report\ndate: 2021-04-10\n\ncase: samr-alibab\n---\n")
	ps := (&Tree{Docs: []*Doc{c, good, bad}}).Check()
	if len(ps) != 1 || ps[0].Path != bad.Path || ps[0].Line != 5 || !strings.Contains(ps[0].Msg, `did you mean "samr-alibaba"`) {
		t.Fatalf("problems: %v", ps)
	}
}
