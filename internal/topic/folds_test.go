package topic

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"
)

// The rules are written by hand, so "tuning on part" means this: while
// changing topics.yaml, editors look only at the errors on the tuning
// folds of dev.jsonl ∪ dev2.jsonl, and the held-out fold is reported
// apart. The split is fixed: an item's fold is FNV-1a of its ID modulo
// numFolds, and fold heldOut is never looked at while tuning.
const (
	numFolds = 5
	heldOut  = 0
)

// foldOf returns the fold of a labelled item.
func foldOf(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % numFolds)
}

// f1Counts are true positives, false positives and false negatives.
type f1Counts struct{ tp, fp, fn int }

func (c f1Counts) f1() float64 {
	if c.tp == 0 {
		return 0
	}
	p, r := float64(c.tp)/float64(c.tp+c.fp), float64(c.tp)/float64(c.tp+c.fn)
	return 2 * p * r / (p + r)
}

// evalTopics are the columns of a report: the two topics, then "selected"
// (any topic at all).
var evalTopics = []string{"antitrust", "interoperability", "selected"}

// tally scores items like shared/eval/topics_score.py: unsure items are
// left out.
func tally(r *Rules, items []labelled) []f1Counts {
	return tallyBy(items, func(it Item) []string { return r.Classify(it).Topics })
}

// tallyBy scores any predictor of topics like tally.
func tallyBy(items []labelled, predict func(Item) []string) []f1Counts {
	cs := make([]f1Counts, len(evalTopics))
	for _, x := range items {
		if x.Unsure {
			continue
		}
		got := predict(x.Item)
		for i, tp := range evalTopics {
			w, g := slices.Contains(x.Topics, tp), slices.Contains(got, tp)
			if tp == "selected" {
				w, g = len(x.Topics) > 0, len(got) > 0
			}
			switch {
			case w && g:
				cs[i].tp++
			case g:
				cs[i].fp++
			case w:
				cs[i].fn++
			}
		}
	}
	return cs
}

// macro is the mean F1 of the two topics.
func macro(cs []f1Counts) float64 { return (cs[0].f1() + cs[1].f1()) / 2 }

func report(cs []f1Counts) string {
	var b strings.Builder
	for i, tp := range evalTopics {
		fmt.Fprintf(&b, "%s F1 %.3f (tp %d fp %d fn %d), ", tp, cs[i].f1(), cs[i].tp, cs[i].fp, cs[i].fn)
	}
	fmt.Fprintf(&b, "macro F1 %.3f", macro(cs))
	return b.String()
}

// TestFoldsHeldOut reports per-topic and macro F1 on the tuning folds and
// on the held-out fold of dev ∪ dev2. Issue #15 asks for held-out selected
// F1 ≥ 0.92 and macro F1 ≥ 0.88 with a gap of at most 0.03; the rules do
// not reach that yet, so the floors below are the figures measured when
// the evidence rules came in (held-out selected 0.895, macro 0.858), and
// the test logs how far the bar is.
func TestFoldsHeldOut(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	var tune, held []labelled
	for _, x := range append(corpus(t, "dev.jsonl"), corpus(t, "dev2.jsonl")...) {
		if foldOf(x.ID) == heldOut {
			held = append(held, x)
		} else {
			tune = append(tune, x)
		}
	}
	ct, ch := tally(r, tune), tally(r, held)
	t.Logf("tuning folds (%d items): %s", len(tune), report(ct))
	t.Logf("held-out fold (%d items): %s", len(held), report(ch))
	if ch[2].f1() < 0.89 || macro(ch) < 0.85 {
		t.Errorf("held-out: selected F1 %.3f (floor 0.89), macro F1 %.3f (floor 0.85)", ch[2].f1(), macro(ch))
	}
	if ch[2].f1() < 0.92 || macro(ch) < 0.88 {
		t.Logf("issue #15's bar not reached: held-out selected F1 %.3f (want 0.92), macro F1 %.3f (want 0.88)", ch[2].f1(), macro(ch))
	}
	t.Logf("tuning minus held-out macro F1 = %.3f (issue #15 wants ≤ 0.03)", macro(ct)-macro(ch))
}
