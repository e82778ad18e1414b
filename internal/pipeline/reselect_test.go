package pipeline

import (
	"testing"

	"docket/internal/content"
	"docket/internal/reselect"
	"docket/internal/topic"
)

// TestSelectAfterFetchIsClean: the rules applied again to what fetch
// just wrote change nothing. An item whose article was not extracted
// keeps the feed's summary as its body; scored again, that summary
// counted twice, and select --diff listed every such item.
func TestSelectAfterFetchIsClean(t *testing.T) {
	w := newWeb(t)
	p := newProject(t, w)
	w.day.Store(1)
	p.fetch(t, day(1))
	if summaryOnly := p.selectClean(t); summaryOnly == 0 {
		t.Fatal("no item kept only the feed's summary: the test checks nothing")
	}
}

// selectClean checks that the rules applied again to the project's news
// change nothing, and returns how many items kept only the feed's summary.
func (p *project) selectClean(t *testing.T) (summaryOnly int) {
	t.Helper()
	rules, err := topic.Load(p.path("feeds"))
	if err != nil {
		t.Fatal(err)
	}
	tree, ps := content.Load(p.path("content"), nil)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	for _, d := range tree.Docs {
		if d.Kind != content.News {
			continue
		}
		if d.Extracted != nil && !*d.Extracted {
			summaryOnly++
		}
		c, err := reselect.Doc(rules, d)
		if err != nil {
			t.Fatal(err)
		}
		if c.Kind != reselect.Unchanged {
			t.Errorf("%s: select would change it (kind %d): matched %v, was %v; entities %v, were %v", d.Rel, c.Kind, c.Result.Matched, d.Matched, c.Result.Entities, d.Entities)
		}
	}
	return summaryOnly
}
