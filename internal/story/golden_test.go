package story

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The golden files hold the stories of fixed inputs (the synthetic set;
// with DOCKET_CORPUS, the labelled corpora whole and by half), so that a
// change meant to make clustering faster is seen to leave its output
// alone. A change meant to alter the output rewrites them with
// `go test ./internal/story -run Golden -update` (and DOCKET_CORPUS set),
// and says so in its commit.
var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// storyLines renders a clustering as one line per story of two or more
// members ("story: member member …"), sorted; singletons are implied.
func storyLines(res *Result) string {
	var lines []string
	for _, s := range res.Stories {
		if len(s.Members) < 2 {
			continue
		}
		ids := make([]string, len(s.Members))
		for k, m := range s.Members {
			ids[k] = m.ID
		}
		slices.Sort(ids)
		lines = append(lines, s.ID+": "+strings.Join(ids, " "))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	n := 0
	for _, l := range gl {
		if !slices.Contains(wl, l) && n < 10 {
			t.Errorf("%s: new   %s", name, l)
			n++
		}
	}
	for _, l := range wl {
		if !slices.Contains(gl, l) && n < 20 {
			t.Errorf("%s: gone  %s", name, l)
			n++
		}
	}
	t.Errorf("%s: stories differ from %s", name, path)
}

func TestGoldenSynthetic(t *testing.T) {
	n := 20000
	if testing.Short() {
		t.Skip("20,000 synthetic items")
	}
	checkGolden(t, "synthetic20k", storyLines(Cluster(synthetic(n), Defaults())))
}

func TestGoldenCorpus(t *testing.T) {
	dir, rules := corpusRules(t)
	opt := Defaults()
	opt.Fold = rules.Simplified
	for _, name := range []string{"dev.jsonl", "dev-multilingual.jsonl"} {
		for h, label := range []string{"tune", "held", "all"} {
			items, _ := loadCorpus(t, filepath.Join(dir, name), rules, []int{0, 1, -1}[h])
			checkGolden(t, strings.TrimSuffix(name, ".jsonl")+"-"+label, storyLines(Cluster(items, opt)))
		}
	}
}
