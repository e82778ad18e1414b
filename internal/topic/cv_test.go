package topic

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestCVReport (DOCKET_CV=1) prints on one screen what a rule change does
// where it may be judged without the held-out fold: errors per tuning fold
// (antitrust FP/FN, interoperability FP/FN), the stream's precision and
// recall estimate, the recall on the story corpus (every item there is on
// topic; items that are also in dev or dev2 are left out, so no fold is
// read) and the multilingual set. With DOCKET_CV=items it also lists the
// tuning folds' errors by ID.
func TestCVReport(t *testing.T) {
	mode := os.Getenv("DOCKET_CV")
	if mode == "" {
		t.Skip("DOCKET_CV not set")
	}
	r := mustLoad(t, "../../feeds")
	var b strings.Builder
	byFold := map[int][]labelled{}
	for _, x := range tuningItems(t) {
		byFold[foldOf(x.ID)] = append(byFold[foldOf(x.ID)], x)
	}
	total := 0
	for k := 1; k < numFolds; k++ {
		cs := tally(r, byFold[k])
		n := cs[0].fp + cs[0].fn + cs[1].fp + cs[1].fn
		total += n
		fmt.Fprintf(&b, "fold %d: at %d/%d io %d/%d sel %.3f mac %.3f | ", k, cs[0].fp, cs[0].fn, cs[1].fp, cs[1].fn, cs[2].f1(), macro(cs))
	}
	ct := tally(r, tuningItems(t))
	fmt.Fprintf(&b, "\ntuning: errors %d, selected %.3f, macro %.3f (at %.3f io %.3f)\n", total, ct[2].f1(), macro(ct), ct[0].f1(), ct[1].f1())

	st := scoreStream(t, r, func(what string, it Item, got []string, _ streamLabel) {
		if mode == "items" && (what == "unlabelled" || what == "off topic") {
			fmt.Fprintf(&b, "  stream %s %s %v: %s\n", what, it.ID, got, it.Title)
		}
	})
	fmt.Fprintf(&b, "stream: precision %.3f (%d/%d), recall %.3f (%d/%d), unlabelled kept %d\n",
		st.precision(), st.tp, st.tp+st.fp, st.recall(), st.found, st.onTopic, st.unlabelled)

	known := map[string]bool{}
	for _, x := range append(corpus(t, "dev.jsonl"), corpus(t, "dev2.jsonl")...) {
		known[x.ID] = true
		known[strings.ToLower(strings.TrimSpace(x.Title))] = true
	}
	stories := storiesCorpus(t)
	var sn, sk int
	for _, x := range stories {
		if known[x.ID] || known[strings.ToLower(strings.TrimSpace(x.Title))] {
			continue
		}
		sn++
		if len(r.Classify(x.Item).Topics) > 0 {
			sk++
		} else if mode == "items" {
			fmt.Fprintf(&b, "  story missed %s: %s\n", x.ID, x.Title)
		}
	}
	fmt.Fprintf(&b, "stories: kept %d of %d (%.3f)\n", sk, sn, float64(sk)/float64(max(sn, 1)))
	sel, mac := score(r, corpus(t, "dev-multilingual.jsonl"))
	fmt.Fprintf(&b, "multilingual: selected %.3f macro %.3f\n", sel, mac)

	if mode == "items" {
		var lines []string
		for _, x := range tuningItems(t) {
			if x.Unsure {
				continue
			}
			got := r.Classify(x.Item).Topics
			for _, tp := range []string{"antitrust", "interoperability"} {
				w, g := slices.Contains(x.Topics, tp), slices.Contains(got, tp)
				if w != g {
					kind := "FP"
					if w {
						kind = "FN"
					}
					lines = append(lines, fmt.Sprintf("  %s %s f%d %s: %s", tp[:2], kind, foldOf(x.ID), x.ID, x.Title))
				}
			}
		}
		slices.Sort(lines)
		b.WriteString(strings.Join(lines, "\n"))
	}
	t.Log("\n" + b.String())
}

// storiesCorpus reads the story-clustering corpus, whose items are all
// about antitrust or interoperability.
func storiesCorpus(t testing.TB) []labelled {
	t.Helper()
	dir := os.Getenv("DOCKET_CORPUS")
	f, err := os.Open(dir + "/stories/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readJSONL[labelled](t, f)
}
