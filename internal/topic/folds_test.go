package topic

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"docket/internal/text"
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
// not reach that yet, so the floors below are the figures measured after
// the generalisation pass (held-out selected 0.898, macro 0.873: read
// once, at the end of the pass), and the test logs how far the issue's
// bar is. A second pass (general rules checked on the stream and on the
// story corpora, which no fold holds) read it three times: 0.908/0.879,
// then 0.900/0.875 twice. A third pass (general rules chosen on the
// tuning folds, the stream and the story corpus with TestCVReport in
// cv_test.go) read it three times: 0.900/0.875 each time (the same tp 54,
// fp 7, fn 5), while the tuning folds went from 0.960/0.931 to
// 0.970/0.943, so the gap grew to 0.069: none of its rules touched a
// held-out item. A fourth pass (near_all and entity kinds in the rule
// language; general rules for patterns of months no fold holds, checked on
// items written for TestShippedRulesCases, the stream and the story
// corpus) read it once, at the end: 0.908/0.879 (tp 54, fp 6, fn 5), with
// the tuning folds at 0.966/0.938 as before the pass, so the gap is
// 0.059. A review then found its new rules kept many look-alikes; the
// fixes (rules narrowed or removed) left the tuning folds at 0.968/0.939
// (errors 27 -> 26) and were made without reading the held-out fold;
// it was read once more after the merge, to report the shipped rules:
// 0.908/0.879 again (the same tp 54, fp 6, fn 5), gap 0.060. A fifth
// pass (TestAblate per fold: every piece that rests on one tuning fold is
// pinned by TestShippedRulesCases; its leave-one-fold-out line puts the
// fitted share of the tuning figures at about 0.02 selected and 0.03
// macro; a general break-up rule replaced company-named phrases, changing
// no fold item) read it once, at the end: 0.908/0.879 (tp 54, fp 6, fn 5),
// gap 0.060, against a bootstrap SD of about 0.016/0.03 for one fold.
// A sixth pass (word forms and synonyms of terms already in the rules,
// checked on the labelled story misses of TestStoryMisses, the stream and
// the tuning folds, none of whose items changed) read it once, at the end:
// 0.917/0.885 (tp 55, fp 6, fn 4), gap 0.051 selected and 0.054 macro;
// the item it gained is in no other labelled set.
// TestFoldsRotate shows how much single folds of this size vary.
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
	if ch[2].f1() < 0.89 || macro(ch) < 0.87 {
		t.Errorf("held-out: selected F1 %.3f (floor 0.89), macro F1 %.3f (floor 0.87)", ch[2].f1(), macro(ch))
	}
	if ch[2].f1() < 0.92 || macro(ch) < 0.88 {
		t.Logf("issue #15's bar not reached: held-out selected F1 %.3f (want 0.92), macro F1 %.3f (want 0.88)", ch[2].f1(), macro(ch))
	}
	t.Logf("tuning minus held-out macro F1 = %.3f (issue #15 wants ≤ 0.03)", macro(ct)-macro(ch))
}

// tuningItems are the labelled items of dev ∪ dev2 outside the held-out
// fold, with their folds.
func tuningItems(t testing.TB) []labelled {
	var tune []labelled
	for _, x := range append(corpus(t, "dev.jsonl"), corpus(t, "dev2.jsonl")...) {
		if foldOf(x.ID) != heldOut {
			tune = append(tune, x)
		}
	}
	return tune
}

// TestFoldsRotate reports each tuning fold on its own. All four are
// tuning data, so this shows how much the figures vary between folds of
// this size, not how the rules generalise; the held-out fold stays out.
func TestFoldsRotate(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	byFold := map[int][]labelled{}
	for _, x := range tuningItems(t) {
		byFold[foldOf(x.ID)] = append(byFold[foldOf(x.ID)], x)
	}
	var sel, mac []float64
	t.Logf("tuning folds (%d items): %s", len(tuningItems(t)), report(tally(r, tuningItems(t))))
	for k := range numFolds {
		if k == heldOut {
			continue
		}
		cs := tally(r, byFold[k])
		sel, mac = append(sel, cs[2].f1()), append(mac, macro(cs))
		sdSel, sdMac := bootstrapSD(r, byFold[k], 500)
		t.Logf("fold %d (%d items): %s; bootstrap SD selected %.3f, macro %.3f", k, len(byFold[k]), report(cs), sdSel, sdMac)
	}
	lo, hi := slices.Min(mac), slices.Max(mac)
	t.Logf("tuning folds: selected F1 %.3f–%.3f, macro F1 %.3f–%.3f (spread %.3f)", slices.Min(sel), slices.Max(sel), lo, hi, hi-lo)
}

// bootstrapSD is the standard deviation of selected and macro F1 over n
// resamples (with replacement, fixed seed) of items: how far one fold's
// figure may move by the luck of which items it drew, the yardstick for a
// gap between folds.
func bootstrapSD(r *Rules, items []labelled, n int) (sel, mac float64) {
	got := map[string][]string{}
	for _, x := range items {
		got[x.ID] = r.Classify(x.Item).Topics
	}
	predict := func(it Item) []string { return got[it.ID] }
	rng := rand.New(rand.NewPCG(1, 2))
	var ss, ms []float64
	xs := make([]labelled, len(items))
	for range n {
		for i := range xs {
			xs[i] = items[rng.IntN(len(items))]
		}
		cs := tallyBy(xs, predict)
		ss, ms = append(ss, cs[2].f1()), append(ms, macro(cs))
	}
	return stddev(ss), stddev(ms)
}

func stddev(xs []float64) float64 {
	var m, v float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return math.Sqrt(v / float64(len(xs)-1))
}

// langOf guesses an item's language for the error report: its lang field,
// else Han script is zh, Polish letters pl, anything else en.
func langOf(it Item) string {
	if it.Lang != "" {
		return it.Lang
	}
	s := it.Title + " " + it.Summary
	switch {
	case strings.ContainsFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }):
		return "zh"
	case strings.ContainsAny(s, "ąćęłńśźżĄĆĘŁŃŚŹŻ"):
		return "pl"
	}
	return "en"
}

// TestFoldsErrors (DOCKET_FOLDS_ERRORS=1) sorts the tuning folds' errors
// by class rather than by item: for each topic, the false positives by
// language and the keep list they met, with the rules that counted in
// them; the false negatives by language and the evidence they had, with
// the rules that matched but did not count and why. The held-out fold is
// never read.
func TestFoldsErrors(t *testing.T) {
	if os.Getenv("DOCKET_FOLDS_ERRORS") == "" {
		t.Skip("DOCKET_FOLDS_ERRORS not set")
	}
	r := mustLoad(t, "../../feeds")
	ruleName := func(tp *Topic, i int) string {
		rule := tp.Rules[i]
		return fmt.Sprintf("r%d[%s w%g]", i+1, strings.Join(rule.Evidence, "+"), rule.Weight)
	}
	for ti := range r.Topics {
		tp := &r.Topics[ti]
		classes := map[string]int{}
		rules := map[string]int{}
		var lines []string
		for _, x := range tuningItems(t) {
			if x.Unsure {
				continue
			}
			ev := r.evaluate(x.Item)
			got, want := ev.selected(r, ti), slices.Contains(x.Topics, tp.ID)
			if got == want {
				continue
			}
			kinds := ev.evidence(r, ti)
			met, _ := keepMet(tp, kinds)
			kind := "FP"
			if want {
				kind = "FN"
			}
			class := fmt.Sprintf("%s %s keep=%s evidence=%s", kind, langOf(x.Item), strings.Join(met, "+"), list(kinds))
			if want {
				class += fmt.Sprintf(" score<thr=%v", ev.scores[ti] < tp.Threshold)
			}
			classes[class]++
			seen := map[string]bool{}
			for _, v := range ev.verdicts[ti] {
				name := kind + " " + ruleName(tp, int(v.ref.index))
				if v.why != "" {
					if !want {
						continue
					}
					name += " unmet: " + v.why
				}
				if !seen[name] {
					seen[name] = true
					rules[name]++
				}
			}
			lines = append(lines, fmt.Sprintf("%s %s %.2f %s: %s", kind, x.ID, ev.scores[ti], list(kinds), text.OneLine(x.Title, 90)))
		}
		t.Logf("== %s: error classes", tp.ID)
		for _, k := range sortedByCount(classes) {
			t.Logf("%4d  %s", classes[k], k)
		}
		t.Logf("== %s: rules in errors (FP: counted; FN: matched)", tp.ID)
		for _, k := range sortedByCount(rules) {
			t.Logf("%4d  %s", rules[k], k)
		}
		if os.Getenv("DOCKET_FOLDS_ERRORS") == "items" {
			slices.Sort(lines)
			for _, l := range lines {
				t.Log(l)
			}
		}
	}
}

func sortedByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return keys
}
