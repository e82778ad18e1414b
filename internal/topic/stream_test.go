package topic

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"testing"

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
	f, err := os.Open(filepath.Join(dir, "topics", streamName+".jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return readJSONL[Item](t, zr)
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

// TestStreamPrecision classifies the whole stream and scores what the
// rules keep against the hand labels. Precision is over kept items that
// are labelled and not unsure; kept items nobody has labelled are listed
// so that a person reads them and adds a label (to kept3). Recall is an
// estimate: of the labelled on-topic items, the share the rules keep. The
// labels come from what earlier rules kept and from a keyword net, so
// items no net catches are missing from it and the true recall is lower.
func TestStreamPrecision(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	items := streamItems(t)
	labels := streamLabelled(t)
	var kept, tp, fp, unlabelled, onTopic, found int
	for _, it := range items {
		got := r.Classify(it).Topics
		l, ok := labels[it.ID]
		want := ok && !l.Unsure && len(l.Topics) > 0
		if want {
			onTopic++
			if len(got) > 0 {
				found++
			} else {
				t.Logf("missed %s %v: %s", it.ID, l.Topics, text.OneLine(it.Title, 100))
			}
		}
		if len(got) == 0 {
			continue
		}
		kept++
		switch {
		case !ok:
			unlabelled++
			t.Logf("unlabelled %s %v: %s", it.ID, got, text.OneLine(it.Title, 100))
		case l.Unsure:
		case len(l.Topics) > 0:
			tp++
			if !slices.Equal(sortedCopy(got), sortedCopy(l.Topics)) {
				t.Logf("topics differ %s: got %v, label %v: %s", it.ID, got, l.Topics, text.OneLine(it.Title, 100))
			}
		default:
			fp++
			t.Logf("off topic %s %v (%s): %s", it.ID, got, l.Note, text.OneLine(it.Title, 100))
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(found) / float64(max(onTopic, 1))
	t.Logf("%d items, %d kept (%d unlabelled): precision %.3f (%d/%d), recall estimate %.3f (%d/%d labelled on-topic items)",
		len(items), kept, unlabelled, precision, tp, tp+fp, recall, found, onTopic)
	if unlabelled > 0 {
		t.Errorf("%d kept items have no label: read them per the corpus GUIDE and label them in testdata/%s.kept3.jsonl", unlabelled, streamName)
	}
	// Floors: the figures measured after the generalisation pass
	// (precision 0.936, 44/47; recall estimate 0.978, 44/45). Issue #15
	// asks for precision ≥ 0.90 at recall ≥ 0.85.
	if precision < 0.93 || recall < 0.97 {
		t.Errorf("precision %.3f (floor 0.93), recall estimate %.3f (floor 0.97)", precision, recall)
	}
}

func sortedCopy(xs []string) []string {
	ys := slices.Clone(xs)
	slices.Sort(ys)
	return ys
}
