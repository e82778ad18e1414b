package topic

import (
	"math"
	"os"
	"slices"
	"sort"
	"testing"
)

// Issue #15 item 4 asks whether a transparent learned part earns its
// place. This test is the experiment, kept so that it can be rerun: a
// logistic regression per topic over the words and word pairs of the
// title and summary (in the rules' normal form, so per language without
// a list of languages), trained with plain gradient descent on the
// tuning folds of dev ∪ dev2, is compared on the held-out fold and on the
// stream with the hand rules alone and with the two combined (the rules'
// score and verdict as two more features of the model).

// learnFeatures are the features of an item: "t:" title words, "s:"
// summary words and "2:" word pairs of either, each once.
func learnFeatures(r *Rules, it Item) []string {
	var feats []string
	for _, f := range []struct{ prefix, text string }{{"t:", it.Title}, {"s:", summaryText(it.Summary)}} {
		tk := tokenizer{f: r.m.fold}
		tk.add(f.text)
		prev := ""
		for _, k := range tk.toks {
			w := tk.text(k)
			feats = append(feats, f.prefix+w)
			if prev != "" {
				feats = append(feats, "2:"+prev+" "+w)
			}
			prev = w
		}
	}
	slices.Sort(feats)
	return slices.Compact(feats)
}

// logit is a trained model: a bias and a weight per feature.
type logit struct {
	bias float64
	w    map[string]float64
}

func (m *logit) prob(feats []string, extra map[string]float64) float64 {
	z := m.bias
	for _, f := range feats {
		z += m.w[f]
	}
	for f, x := range extra {
		z += m.w[f] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// trainLogit fits L2-regularised logistic regression by full-batch
// gradient descent; features seen fewer than minCount times are dropped.
func trainLogit(xs [][]string, extras []map[string]float64, ys []bool, epochs int, rate, l2 float64) *logit {
	const minCount = 2
	count := map[string]int{}
	for _, x := range xs {
		for _, f := range x {
			count[f]++
		}
	}
	m := &logit{w: map[string]float64{}}
	for epoch := 0; epoch < epochs; epoch++ {
		grad := map[string]float64{}
		var gb float64
		for i, x := range xs {
			var y float64
			if ys[i] {
				y = 1
			}
			d := m.prob(x, extras[i]) - y
			gb += d
			for _, f := range x {
				if count[f] >= minCount {
					grad[f] += d
				}
			}
			for f, v := range extras[i] {
				grad[f] += d * v
			}
		}
		n := float64(len(xs))
		m.bias -= rate * gb / n
		for f, g := range grad {
			m.w[f] -= rate * (g/n + l2*m.w[f])
		}
	}
	return m
}

// ruleExtras are the rules' opinion on topic t as features.
func ruleExtras(r *Rules, it Item, topic string) map[string]float64 {
	res := r.Classify(it)
	sel := 0.0
	if slices.Contains(res.Topics, topic) {
		sel = 1
	}
	return map[string]float64{"rules:selected": sel, "rules:score": math.Min(res.Scores[topic], 20) / 10}
}

// TestLearnedModelComparison runs the experiment (half a minute) when
// DOCKET_LEARN is set as well as DOCKET_CORPUS.
func TestLearnedModelComparison(t *testing.T) {
	if os.Getenv("DOCKET_LEARN") == "" {
		t.Skip("DOCKET_LEARN not set")
	}
	r := mustLoad(t, "../../feeds")
	var tune, held []labelled
	for _, x := range append(corpus(t, "dev.jsonl"), corpus(t, "dev2.jsonl")...) {
		if x.Unsure {
			continue
		}
		if foldOf(x.ID) == heldOut {
			held = append(held, x)
		} else {
			tune = append(tune, x)
		}
	}
	topics := evalTopics[:2]
	type variant struct {
		name     string
		withRule bool
	}
	models := map[string][]*logit{}
	for _, v := range []variant{{"learned", false}, {"rules+learned", true}} {
		for _, tp := range topics {
			var xs [][]string
			var extras []map[string]float64
			var ys []bool
			for _, x := range tune {
				xs = append(xs, learnFeatures(r, x.Item))
				e := map[string]float64{}
				if v.withRule {
					e = ruleExtras(r, x.Item, tp)
				}
				extras = append(extras, e)
				ys = append(ys, slices.Contains(x.Topics, tp))
			}
			models[v.name] = append(models[v.name], trainLogit(xs, extras, ys, 300, 0.5, 1e-4))
		}
	}
	predict := func(name string, it Item) []string {
		if name == "rules" {
			return r.Classify(it).Topics
		}
		var got []string
		for i, tp := range topics {
			e := map[string]float64{}
			if name == "rules+learned" {
				e = ruleExtras(r, it, tp)
			}
			if models[name][i].prob(learnFeatures(r, it), e) >= 0.5 {
				got = append(got, tp)
			}
		}
		return got
	}
	stream := streamItems(t)
	labels := streamLabelled(t)
	for _, name := range []string{"rules", "learned", "rules+learned"} {
		for _, set := range []struct {
			name  string
			items []labelled
		}{{"tuning", tune}, {"held-out", held}} {
			cs := tallyBy(set.items, func(it Item) []string { return predict(name, it) })
			t.Logf("%-13s %-8s %s", name, set.name, report(cs))
		}
		var kept, tp, fp, unlabelled int
		for _, it := range stream {
			if len(predict(name, it)) == 0 {
				continue
			}
			kept++
			switch l, ok := labels[it.ID]; {
			case !ok:
				unlabelled++
			case l.Unsure:
			case len(l.Topics) > 0:
				tp++
			default:
				fp++
			}
		}
		t.Logf("%-13s stream: %d kept, precision on labelled %.3f (%d/%d), %d unlabelled", name, kept, float64(tp)/float64(max(tp+fp, 1)), tp, tp+fp, unlabelled)
	}
	// The heaviest learned words, to read what the model relies on.
	for i, tp := range topics {
		m := models["learned"][i]
		feats := make([]string, 0, len(m.w))
		for f := range m.w {
			feats = append(feats, f)
		}
		sort.Slice(feats, func(a, b int) bool { return m.w[feats[a]] > m.w[feats[b]] })
		t.Logf("%s top features: %v", tp, feats[:min(15, len(feats))])
	}
}
