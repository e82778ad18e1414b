package topic

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"docket/internal/golden"
	"docket/internal/text"
)

// streamName is the real stream the rules are measured on: every item 227
// feeds published from 1 to 14 November 2022, unlabelled upstream.
const streamName = "stream-2022-11a"

// streamLabels are our hand labels of stream items, read per the corpus
// GUIDE: what some version of the rules kept (kept, kept2, kept3) and a
// keyword-net sample of what they did not (nets). A later label of an ID
// overrides an earlier one.
var streamLabels = []string{"kept", "kept2", "kept3", "nets"}

// streamLabel is one hand label of a stream item.
type streamLabel struct {
	ID     string   `json:"id"`
	Topics []string `json:"topics"`
	Unsure bool     `json:"unsure"`
	Note   string   `json:"note"`
}

// streamItems reads the stream from $DOCKET_CORPUS/topics, or skips.
func streamItems(t testing.TB) []Item {
	t.Helper()
	dir := os.Getenv("DOCKET_CORPUS")
	if dir == "" {
		t.Skip("DOCKET_CORPUS not set")
	}
	raw := golden.ReadGzip(t, filepath.Join(dir, "topics", streamName+".jsonl.gz"))
	return readJSONL[Item](t, bytes.NewReader(raw))
}

// streamLabelled reads the label files in testdata, by ID.
func streamLabelled(t testing.TB) map[string]streamLabel {
	t.Helper()
	labels := map[string]streamLabel{}
	for _, name := range streamLabels {
		f, err := os.Open(filepath.Join("testdata", streamName+"."+name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range readJSONL[streamLabel](t, f) {
			labels[l.ID] = l
		}
		f.Close()
	}
	return labels
}

// TestStreamPrecision scores the stream (scoreStream) and fails below the
// floors or when a kept item has no label.
func TestStreamPrecision(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	st := scoreStream(t, r, func(what string, it Item, got []string, l streamLabel) {
		switch what {
		case "missed":
			t.Logf("missed %s %v: %s", it.ID, l.Topics, text.OneLine(it.Title, 100))
		case "off topic":
			t.Logf("off topic %s %v (%s): %s", it.ID, got, l.Note, text.OneLine(it.Title, 100))
		case "unlabelled":
			t.Logf("unlabelled %s %v: %s", it.ID, got, text.OneLine(it.Title, 100))
		case "kept":
			if !slices.Equal(sortedCopy(got), sortedCopy(l.Topics)) {
				t.Logf("topics differ %s: got %v, label %v: %s", it.ID, got, l.Topics, text.OneLine(it.Title, 100))
			}
		}
	})
	t.Logf("%d items, %d kept (%d unlabelled): precision %.3f (%d/%d), recall estimate %.3f (%d/%d labelled on-topic items)",
		st.items, st.kept, st.unlabelled, st.precision(), st.tp, st.tp+st.fp, st.recall(), st.found, st.onTopic)
	if st.unlabelled > 0 {
		t.Errorf("%d kept items have no label: read them per the corpus GUIDE and label them in testdata/%s.kept3.jsonl", st.unlabelled, streamName)
	}
	// Floors: the figures measured after the generalisation pass
	// (precision 0.936, 44/47; recall estimate 0.978, 44/45). Issue #15
	// asks for precision ≥ 0.90 at recall ≥ 0.85.
	if st.precision() < 0.93 || st.recall() < 0.97 {
		t.Errorf("precision %.3f (floor 0.93), recall estimate %.3f (floor 0.97)", st.precision(), st.recall())
	}
}

// streamTally is how the rules did on the stream.
type streamTally struct {
	items, kept, tp, fp, unlabelled int
	onTopic, found                  int // labelled on-topic items, and those kept
}

func (s streamTally) precision() float64 { return float64(s.tp) / float64(max(s.tp+s.fp, 1)) }
func (s streamTally) recall() float64    { return float64(s.found) / float64(max(s.onTopic, 1)) }

// scoreStream classifies the whole stream and scores what the rules keep
// against the hand labels. Precision is over kept items that are labelled
// and not unsure; kept items nobody has labelled are counted so that a
// person reads them and adds a label (to kept3). Recall is an estimate: of
// the labelled on-topic items, the share the rules keep. The labels come
// from what earlier rules kept and from a keyword net, so items no net
// catches are missing from it and the true recall is lower. note, if not
// nil, hears of each item worth reading: "missed", "unlabelled", "off
// topic", and "kept" for a labelled on-topic item kept.
func scoreStream(t testing.TB, r *Rules, note func(what string, it Item, got []string, l streamLabel)) streamTally {
	t.Helper()
	if note == nil {
		note = func(string, Item, []string, streamLabel) {}
	}
	items := streamItems(t)
	labels := streamLabelled(t)
	st := streamTally{items: len(items)}
	for _, it := range items {
		got := r.Classify(it).Topics
		l, ok := labels[it.ID]
		if ok && !l.Unsure && len(l.Topics) > 0 {
			st.onTopic++
			if len(got) > 0 {
				st.found++
			} else {
				note("missed", it, got, l)
			}
		}
		if len(got) == 0 {
			continue
		}
		st.kept++
		switch {
		case !ok:
			st.unlabelled++
			note("unlabelled", it, got, l)
		case l.Unsure:
		case len(l.Topics) > 0:
			st.tp++
			note("kept", it, got, l)
		default:
			st.fp++
			note("off topic", it, got, l)
		}
	}
	return st
}

func sortedCopy(xs []string) []string {
	ys := slices.Clone(xs)
	slices.Sort(ys)
	return ys
}
