package topic

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestAblate (DOCKET_ABLATE=1) takes the shipped rules apart one term at a
// time, and one whole rule at a time, and reports what each removal does
// on the tuning folds and on the labelled stream items: the items whose
// verdict changes and the change in errors. A term or a rule whose removal
// changes at most one tuning item is a patch for that item, not a general
// rule, and is a candidate to go. The held-out fold is never read.
func TestAblate(t *testing.T) {
	if os.Getenv("DOCKET_ABLATE") == "" {
		t.Skip("DOCKET_ABLATE not set")
	}
	tune := tuningItems(t)
	labels := streamLabelled(t)
	var stream []labelled
	for _, it := range streamItems(t) {
		if l, ok := labels[it.ID]; ok {
			stream = append(stream, labelled{Item: it, Topics: l.Topics, Unsure: l.Unsure})
		}
	}
	verdicts := func(r *Rules, items []labelled) []string {
		out := make([]string, len(items))
		for i, x := range items {
			out[i] = strings.Join(r.Classify(x.Item).Topics, "+")
		}
		return out
	}
	errs := func(items []labelled, v []string) int {
		n := 0
		for i, x := range items {
			if x.Unsure {
				continue
			}
			for _, tp := range []string{"antitrust", "interoperability"} {
				if slices.Contains(x.Topics, tp) != slices.Contains(strings.Split(v[i], "+"), tp) {
					n++
				}
			}
		}
		return n
	}
	diff := func(a, b []string) int {
		n := 0
		for i := range a {
			if a[i] != b[i] {
				n++
			}
		}
		return n
	}
	load := func(edit func(s *sources)) *Rules {
		s, err := readSources("../../feeds")
		if err != nil {
			t.Fatal(err)
		}
		edit(s)
		r, err := s.compile()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	base := load(func(*sources) {})
	bt, bs := verdicts(base, tune), verdicts(base, stream)
	be, bse := errs(tune, bt), errs(stream, bs)
	t.Logf("base: tuning errors %d, stream label errors %d", be, bse)
	try := func(name string, edit func(s *sources)) {
		r := load(edit)
		vt, vs := verdicts(r, tune), verdicts(r, stream)
		t.Logf("%-60s tuning: %2d changed, errors %+d; stream: %2d changed, errors %+d",
			name, diff(bt, vt), errs(tune, vt)-be, diff(bs, vs), errs(stream, vs)-bse)
	}
	s0, _ := readSources("../../feeds")
	for ti, tp := range s0.topics.Topics {
		for ri, rule := range tp.Rules {
			try(fmt.Sprintf("%s r%d (whole rule)", tp.ID, ri+1), func(s *sources) {
				rs := &s.topics.Topics[ti].Rules
				*rs = slices.Delete(slices.Clone(*rs), ri, ri+1)
			})
			for _, c := range []string{"near", "not_near", "requires"} {
				if (c == "near" && len(rule.Near) > 0) || (c == "not_near" && len(rule.NotNear) > 0) || (c == "requires" && len(rule.Requires) > 0) {
					try(fmt.Sprintf("%s r%d without %s", tp.ID, ri+1, c), func(s *sources) {
						r := &s.topics.Topics[ti].Rules[ri]
						switch c {
						case "near":
							r.Near = nil
						case "not_near":
							r.NotNear = nil
						case "requires":
							r.Requires = nil
						}
					})
				}
			}
			if os.Getenv("DOCKET_ABLATE") != "terms" {
				continue
			}
			for lang, terms := range rule.Terms {
				for i, term := range terms {
					try(fmt.Sprintf("%s r%d %s:%s", tp.ID, ri+1, lang, term), func(s *sources) {
						ts := s.topics.Topics[ti].Rules[ri].Terms
						ts[lang] = slices.Delete(slices.Clone(ts[lang]), i, i+1)
					})
				}
			}
		}
	}
}
