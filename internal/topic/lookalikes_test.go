package topic

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// lookalikesFile holds off-topic headlines that review sessions wrote to
// attack rule changes: each looks like a rule's trigger ("conspiracy to
// fix prices" of a penny stock, a plea deal blocked, an RCS outage) and is
// about neither topic by the corpus GUIDE (topics: [], so that docket
// select --eval reads the file too). known_kept marks those the shipped
// rules keep all the same, the known false positives. The labels are the
// reviews' judgement: a line an editor calls on topic is deleted.
const lookalikesFile = "testdata/lookalikes.jsonl"

type lookalike struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Topics    []string `json:"topics"`
	KnownKept bool     `json:"known_kept"`
}

// TestLookalikes fails when the shipped rules keep a look-alike that is
// not a known false positive: a rule change that widens a trigger shows
// here before it reaches a real stream. A known one no longer kept is
// said, so that its mark can go.
func TestLookalikes(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	f, err := os.Open(lookalikesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, kept := 0, 0
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var x lookalike
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil || x.ID == "" || x.Title == "" || len(x.Topics) > 0 {
			t.Fatalf("%s:%d: want {id, title, summary, topics: [], known_kept}: %v", lookalikesFile, line, err)
		}
		n++
		got := r.Classify(Item{ID: x.ID, Title: x.Title, Summary: x.Summary}).Topics
		switch {
		case len(got) > 0 && !x.KnownKept:
			t.Errorf("%s:%d: kept as %v, an off-topic look-alike: %s", lookalikesFile, line, got, x.Title)
		case len(got) > 0:
			kept++
		case x.KnownKept:
			t.Logf("%s:%d: no longer kept; drop its known_kept: %s", lookalikesFile, line, x.Title)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d look-alikes, %d known false positives kept", n, kept)
}
