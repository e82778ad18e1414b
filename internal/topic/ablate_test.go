package topic

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// ablation holds the sets a rule change is judged on without the held-out
// fold: the tuning folds, the stream (the items any single removal could
// make the rules keep, and the hand labels), the story corpus (every item
// on topic; items also in dev or dev2 left out) and the multilingual set.
type ablation struct {
	folds   [numFolds][]labelled
	stream  []Item
	labels  map[string]streamLabel
	stories []labelled
	multi   []labelled
}

// outcome is what one rule set does on the ablation's sets.
type outcome struct {
	foldVerdicts [numFolds][]string
	foldScores   [numFolds][]string // each item's scores, to see where a piece counts at all
	foldErrs     [numFolds]int
	streamTP     int
	streamFP     int
	streamFound  int // labelled on-topic stream items kept
	storiesKept  int
	multiErrs    int
	pinsBroken   int // TestShippedRulesCases cases that fail
}

// errsOf counts per-topic disagreements with the labels, unsure items left out.
func errsOf(items []labelled, verdicts []string) int {
	n := 0
	for i, x := range items {
		if x.Unsure {
			continue
		}
		got := strings.Split(verdicts[i], "+")
		for _, tp := range []string{"antitrust", "interoperability"} {
			if slices.Contains(x.Topics, tp) != slices.Contains(got, tp) {
				n++
			}
		}
	}
	return n
}

func verdictsOf(r *Rules, items []labelled) []string {
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = strings.Join(r.Classify(x.Item).Topics, "+")
	}
	return out
}

func (a *ablation) run(r *Rules) outcome {
	var o outcome
	for k := range numFolds {
		if k == heldOut {
			continue
		}
		o.foldVerdicts[k] = verdictsOf(r, a.folds[k])
		for _, x := range a.folds[k] {
			o.foldScores[k] = append(o.foldScores[k], fmt.Sprint(r.Classify(x.Item).Scores))
		}
		o.foldErrs[k] = errsOf(a.folds[k], o.foldVerdicts[k])
	}
	for _, it := range a.stream {
		kept := len(r.Classify(it).Topics) > 0
		l, ok := a.labels[it.ID]
		on := ok && !l.Unsure && len(l.Topics) > 0
		switch {
		case kept && on:
			o.streamTP++
			o.streamFound++
		case kept && (!ok || !l.Unsure):
			// An unlabelled kept item counts against precision until read.
			o.streamFP++
		}
	}
	for _, x := range a.stories {
		if len(r.Classify(x.Item).Topics) > 0 {
			o.storiesKept++
		}
	}
	o.multiErrs = errsOf(a.multi, verdictsOf(r, a.multi))
	for _, c := range shippedCases() {
		if !slices.Equal(r.Classify(c.it).Topics, c.want) {
			o.pinsBroken++
		}
	}
	return o
}

// loadAblation reads the sets. The stream is cut to the items a loose
// version of the rules keeps (no negative rules, no conditions, no keep
// lists, a tiny threshold), a superset of what any single removal keeps.
func loadAblation(t *testing.T) *ablation {
	a := &ablation{labels: streamLabelled(t)}
	for _, x := range tuningItems(t) {
		a.folds[foldOf(x.ID)] = append(a.folds[foldOf(x.ID)], x)
	}
	known := map[string]bool{}
	for _, x := range append(corpus(t, "dev.jsonl"), corpus(t, "dev2.jsonl")...) {
		known[x.ID] = true
		known[strings.ToLower(strings.TrimSpace(x.Title))] = true
	}
	for _, x := range storiesCorpus(t) {
		if !known[x.ID] && !known[strings.ToLower(strings.TrimSpace(x.Title))] {
			a.stories = append(a.stories, x)
		}
	}
	a.multi = corpus(t, "dev-multilingual.jsonl")
	loose := ablationRules(t, func(s *sources) {
		for ti := range s.topics.Topics {
			tp := &s.topics.Topics[ti]
			tp.Keep, tp.Threshold = nil, 0.01
			var rs []Rule
			for _, r := range tp.Rules {
				if r.Weight > 0 {
					r.Near, r.NotNear, r.NearAll, r.Requires = nil, nil, nil, nil
					rs = append(rs, r)
				}
			}
			tp.Rules = rs
		}
	})
	for _, it := range streamItems(t) {
		if _, ok := a.labels[it.ID]; ok || len(loose.Classify(it).Topics) > 0 {
			a.stream = append(a.stream, it)
		}
	}
	return a
}

// ablationRules compiles the shipped rules after edit.
func ablationRules(t *testing.T, edit func(s *sources)) *Rules {
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

// unit is one piece of the rules to take out.
type unit struct {
	name string
	edit func(s *sources)
}

// ablationUnits lists every whole rule and condition, each rule's weight
// 20% lower and 25% higher, and with terms set
// every term of every topic rule and every context term.
func ablationUnits(s0 *sources, terms bool) []unit {
	var us []unit
	for ti, tp := range s0.topics.Topics {
		for ri, rule := range tp.Rules {
			us = append(us, unit{fmt.Sprintf("%s r%d (whole rule, w%g)", tp.ID, ri+1, rule.Weight), func(s *sources) {
				rs := &s.topics.Topics[ti].Rules
				*rs = slices.Delete(slices.Clone(*rs), ri, ri+1)
			}})
			for _, c := range []string{"near", "near_all", "not_near", "requires"} {
				set := map[string]bool{"near": len(rule.Near) > 0, "near_all": len(rule.NearAll) > 0,
					"not_near": len(rule.NotNear) > 0, "requires": len(rule.Requires) > 0}
				if !set[c] {
					continue
				}
				us = append(us, unit{fmt.Sprintf("%s r%d without %s", tp.ID, ri+1, c), func(s *sources) {
					r := &s.topics.Topics[ti].Rules[ri]
					switch c {
					case "near":
						r.Near = nil
					case "near_all":
						r.NearAll = nil
					case "not_near":
						r.NotNear = nil
					case "requires":
						r.Requires = nil
					}
				}})
			}
			for _, f := range []float64{0.8, 1.25} {
				us = append(us, unit{fmt.Sprintf("%s r%d weight x%g", tp.ID, ri+1, f), func(s *sources) {
					s.topics.Topics[ti].Rules[ri].Weight *= f
				}})
			}
			if !terms {
				continue
			}
			for _, lang := range sortedKeys(rule.Terms) {
				for i, term := range rule.Terms[lang] {
					us = append(us, unit{fmt.Sprintf("%s r%d %s:%s", tp.ID, ri+1, lang, term), func(s *sources) {
						ts := s.topics.Topics[ti].Rules[ri].Terms
						ts[lang] = slices.Delete(slices.Clone(ts[lang]), i, i+1)
					}})
				}
			}
		}
	}
	if !terms {
		return us
	}
	for ci, c := range s0.topics.Contexts {
		for _, lang := range sortedKeys(c.Terms) {
			for i, term := range c.Terms[lang] {
				us = append(us, unit{fmt.Sprintf("ctx %s %s:%s", c.ID, lang, term), func(s *sources) {
					ts := s.topics.Contexts[ci].Terms
					ts[lang] = slices.Delete(slices.Clone(ts[lang]), i, i+1)
				}})
			}
		}
	}
	return us
}

// effect is what removing a unit did, against the shipped rules.
type effect struct {
	unit
	changed  [numFolds]int // tuning items whose verdict changed, per fold
	counts   [numFolds]int // tuning items whose score changed: where the piece counts at all
	benefit  [numFolds]int // errors the unit saves, per fold (removal's error increase)
	stream   int           // stream: kept on-topic items lost + off-topic items gained
	stories  int           // story items the unit keeps
	multi    int           // multilingual errors it saves
	outside  bool          // it changes something outside the tuning folds
	onlyFold int           // the one fold its benefit rests on, or -1
}

// TestAblate (DOCKET_ABLATE=1, or =terms for every term too;
// DOCKET_ABLATE_SHOW=NAME takes out only the units whose name holds NAME
// and lists the tuning items they change) takes the
// shipped rules apart one rule, condition or term at a time and reports,
// per tuning fold, the items whose verdict changes and the errors the
// piece saves, and what it does on the stream (its full precision count,
// not only labelled items), the story corpus and the multilingual set. A
// piece whose benefit rests on one fold and nothing outside the tuning
// folds is fitted to that fold: the leave-one-fold-out estimate at the end
// removes, for each fold, every piece that rests on it alone (the rules
// one would not have written had that fold been held out) and measures
// the fold again. The held-out fold is never read.
func TestAblate(t *testing.T) {
	mode := os.Getenv("DOCKET_ABLATE")
	if mode == "" {
		t.Skip("DOCKET_ABLATE not set")
	}
	a := loadAblation(t)
	base := a.run(ablationRules(t, func(*sources) {}))
	t.Logf("base: fold errors %v, stream tp %d fp %d, stories kept %d/%d, multilingual errors %d (stream cut to %d items)",
		base.foldErrs[1:], base.streamTP, base.streamFP, base.storiesKept, len(a.stories), base.multiErrs, len(a.stream))
	s0, err := readSources("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	var fx []effect
	show := os.Getenv("DOCKET_ABLATE_SHOW")
	for _, u := range ablationUnits(s0, mode == "terms") {
		if show != "" && !strings.Contains(u.name, show) {
			continue
		}
		o := a.run(ablationRules(t, u.edit))
		e := effect{unit: u, onlyFold: -1}
		e.stream = (base.streamTP - o.streamTP) + (o.streamFP - base.streamFP)
		e.stories = base.storiesKept - o.storiesKept
		e.multi = o.multiErrs - base.multiErrs
		e.outside = o.streamTP != base.streamTP || o.streamFP != base.streamFP || e.stories != 0 || e.multi != 0
		folds := 0
		for k := 1; k < numFolds; k++ {
			for i := range o.foldVerdicts[k] {
				if o.foldVerdicts[k][i] != base.foldVerdicts[k][i] {
					e.changed[k]++
				}
				if o.foldScores[k][i] != base.foldScores[k][i] {
					e.counts[k]++
				}
			}
			e.benefit[k] = o.foldErrs[k] - base.foldErrs[k]
			if e.benefit[k] > 0 {
				folds++
				e.onlyFold = k
			}
		}
		// Resting on one fold: it helps there, helps no other fold and
		// helps nothing outside the tuning folds.
		if folds != 1 || e.stream > 0 || e.stories > 0 || e.multi > 0 {
			e.onlyFold = -1
		}
		fx = append(fx, e)
		if show != "" {
			for k := 1; k < numFolds; k++ {
				for i, x := range a.folds[k] {
					if o.foldVerdicts[k][i] != base.foldVerdicts[k][i] {
						t.Logf("  %s: f%d %s label %v unsure %v: %q -> %q: %s", u.name, k, x.ID, x.Topics, x.Unsure,
							base.foldVerdicts[k][i], o.foldVerdicts[k][i], x.Title)
					}
				}
			}
		}
		total := 0
		for _, c := range e.changed {
			total += c
		}
		if total == 0 && !e.outside && mode != "all" {
			continue // changes nothing anywhere: no fit, no support
		}
		flag := ""
		if e.onlyFold > 0 {
			flag = fmt.Sprintf("  <- rests on fold %d", e.onlyFold)
		}
		t.Logf("%-58s counts %v changed %v benefit %v | stream %+d stories %+d multi %+d pins %d%s",
			u.name, e.counts[1:], e.changed[1:], e.benefit[1:], e.stream, e.stories, e.multi, o.pinsBroken, flag)
	}
	if show == "" {
		lofoGap(t, a, base, fx)
	}
}

// lofoGap estimates, within the tuning folds, how much of each fold's
// score is owed to pieces written for it: for fold f, the pieces whose
// benefit rests on f alone come out together and f is scored again.
func lofoGap(t *testing.T, a *ablation, base outcome, fx []effect) {
	for k := 1; k < numFolds; k++ {
		var names []string
		var edits []func(*sources)
		for _, e := range fx {
			if e.onlyFold == k {
				names = append(names, e.name)
				edits = append(edits, e.edit)
			}
		}
		// Removals shift the indexes after them: apply them from the last
		// unit listed to the first.
		r := ablationRules(t, func(s *sources) {
			for i := len(edits) - 1; i >= 0; i-- {
				edits[i](s)
			}
		})
		cb, ca := tally(ablationShipped(t), a.folds[k]), tally(r, a.folds[k])
		t.Logf("fold %d: %d pieces rest on it alone; selected %.3f -> %.3f, macro %.3f -> %.3f without them: %s",
			k, len(names), cb[2].f1(), ca[2].f1(), macro(cb), macro(ca), strings.Join(names, "; "))
	}
}

func ablationShipped(t *testing.T) *Rules { return ablationRules(t, func(*sources) {}) }
