package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"docket/internal/golden"
)

// A build whose postings spill after every entry writes the same site
// as one that keeps them in memory, and its scratch folder (postings and
// cards) is gone afterwards, when the build fails too; one a killed
// build left is removed by the next build.
func TestBuildSpillsSame(t *testing.T) {
	want := golden.ReadTree(t, build(t, project(t)))

	old := postingsBudget
	postingsBudget = 0
	defer func() { postingsBudget = old }()

	root := project(t)
	killed := filepath.Join(root, ".public.tmp-123-scratch-456")
	if err := os.MkdirAll(killed, 0o700); err != nil {
		t.Fatal(err)
	}
	res, err := Build(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if res.Spills == 0 {
		t.Error("no postings were spilled with a budget of 0")
	}
	if got := golden.ReadTree(t, filepath.Join(root, "public")); !equalTrees(want, got) {
		t.Errorf("the site differs when the postings spill (%d files, want %d)", len(got), len(want))
		for name := range want {
			if got[name] != want[name] {
				t.Errorf("%s differs", name)
			}
		}
	}
	noScratch(t, root, "a build")

	card := filepath.Join(root, "templates/partials/card.html")
	good, _ := os.ReadFile(card)
	os.WriteFile(card, bytes.Replace(good, []byte(`{{define "card"}}`), []byte(`{{define "card"}}{{.Item.Nope}}`), 1), 0o644)
	if _, err := Build(Options{Root: root}); err == nil {
		t.Fatal("a broken template built")
	}
	noScratch(t, root, "a failed build")
}

// noScratch fails if a scratch folder is left beside root's public/.
func noScratch(t *testing.T, root, after string) {
	t.Helper()
	if left, _ := filepath.Glob(filepath.Join(root, ".public.tmp-*")); len(left) > 0 {
		t.Errorf("%s left %v", after, left)
	}
}
