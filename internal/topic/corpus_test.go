package topic

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// labelled is one line of the shared topic corpus.
type labelled struct {
	Item
	Topics []string `json:"topics"`
	Unsure bool     `json:"unsure"`
}

// corpus reads a labelled file from $DOCKET_CORPUS/topics, or skips.
func corpus(t testing.TB, name string) []labelled {
	t.Helper()
	dir := os.Getenv("DOCKET_CORPUS")
	if dir == "" {
		t.Skip("DOCKET_CORPUS not set")
	}
	f, err := os.Open(filepath.Join(dir, "topics", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readJSONL[labelled](t, f)
}

// readJSONL reads one JSON value of type T per line.
func readJSONL[T any](t testing.TB, r io.Reader) []T {
	t.Helper()
	var xs []T
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var x T
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		xs = append(xs, x)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return xs
}

// TestCorpusQuality holds the shipped rules to the bar: selected F1 ≥ 0.90
// and topic macro F1 ≥ 0.85 on each labelled file, scored like
// shared/eval/topics_score.py (unsure items left out).
func TestCorpusQuality(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	for _, name := range []string{"dev.jsonl", "dev-multilingual.jsonl"} {
		t.Run(name, func(t *testing.T) {
			sel, macro := score(r, corpus(t, name))
			t.Logf("selected F1 %.3f, topic macro F1 %.3f", sel, macro)
			if sel < 0.90 || macro < 0.85 {
				t.Errorf("selected F1 %.3f (want ≥ 0.90), macro F1 %.3f (want ≥ 0.85)", sel, macro)
			}
		})
	}
}

func score(r *Rules, items []labelled) (selected, macro float64) {
	var counts [3][3]int // antitrust, interoperability, selected × tp, fp, fn
	for _, x := range items {
		if x.Unsure {
			continue
		}
		got := r.Classify(x.Item).Topics
		for i, tp := range []string{"antitrust", "interoperability", ""} {
			w, g := slices.Contains(x.Topics, tp), slices.Contains(got, tp)
			if tp == "" {
				w, g = len(x.Topics) > 0, len(got) > 0
			}
			switch {
			case w && g:
				counts[i][0]++
			case g:
				counts[i][1]++
			case w:
				counts[i][2]++
			}
		}
	}
	f1 := func(c [3]int) float64 {
		if c[0] == 0 {
			return 0
		}
		p, r := float64(c[0])/float64(c[0]+c[1]), float64(c[0])/float64(c[0]+c[2])
		return 2 * p * r / (p + r)
	}
	return f1(counts[2]), (f1(counts[0]) + f1(counts[1])) / 2
}

// BenchmarkClassify measures items per second on title and summary with
// the shipped rules: the corpus when DOCKET_CORPUS is set, otherwise a few
// items written for the benchmark.
func BenchmarkClassify(b *testing.B) {
	r := mustLoad(b, "../../feeds")
	items := benchItems
	if os.Getenv("DOCKET_CORPUS") != "" {
		items = nil
		for _, x := range corpus(b, "dev.jsonl") {
			items = append(items, Item{Title: x.Title, Summary: x.Summary})
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r.Classify(items[i%len(items)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

var benchItems = []Item{
	{Title: "Regulator opens antitrust probe into app store fees", Summary: "<p>The competition watchdog said the company may have abused its dominant position by forcing developers to use its own payment system.</p>"},
	{Title: "Quarterly results beat expectations", Summary: "Revenue rose 12% on strong demand for cloud services and advertising, the company said on Tuesday."},
	{Title: "市场监管总局依法对某平台涉嫌垄断行为立案调查", Summary: "根据举报，市场监管总局依据《反垄断法》对该平台实施“二选一”等涉嫌垄断行为立案调查。"},
	{Title: "Drug cartel leaders extradited", Summary: "Prosecutors say the group trafficked fentanyl across the border for years."},
	{Title: "Messaging apps must work together under new EU rules", Summary: "Gatekeepers have to open their services to smaller rivals, the Digital Markets Act says."},
}
