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
// on the tuning folds, on the labelled stream items and on the story
// corpus (items not in dev or dev2): the items whose
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
	// The story corpus holds no fold: a rule that changes none of its
	// items and no stream item has no support outside the tuning folds.
	var stories []labelled
	known := map[string]bool{}
	for _, x := range append(corpus(t, "dev.jsonl"), corpus(t, "dev2.jsonl")...) {
		known[x.ID] = true
		known[strings.ToLower(strings.TrimSpace(x.Title))] = true
	}
	for _, x := range storiesCorpus(t) {
		if !known[x.ID] && !known[strings.ToLower(strings.TrimSpace(x.Title))] {
			stories = append(stories, x)
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
	bt, bs, bst := verdicts(base, tune), verdicts(base, stream), verdicts(base, stories)
	be, bse := errs(tune, bt), errs(stream, bs)
	t.Logf("base: tuning errors %d, stream label errors %d", be, bse)
	try := func(name string, edit func(s *sources)) {
		r := load(edit)
		vt, vs, vst := verdicts(r, tune), verdicts(r, stream), verdicts(r, stories)
		kept := func(v []string) int {
			n := 0
			for _, x := range v {
				if x != "" {
					n++
				}
			}
			return n
		}
		t.Logf("%-60s tuning: %2d changed, errors %+d; stream: %2d changed, errors %+d; stories: %2d changed, kept %+d",
			name, diff(bt, vt), errs(tune, vt)-be, diff(bs, vs), errs(stream, vs)-bse, diff(bst, vst), kept(vst)-kept(bst))
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
