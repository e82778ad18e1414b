package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"docket/internal/golden"
)

// A build whose postings spill after every entry writes the same site
// as one that keeps them in memory, and its temporary folder (postings
// and cards) is gone afterwards, when the build fails too.
func TestBuildSpillsSame(t *testing.T) {
	want := golden.ReadTree(t, build(t, project(t)))

	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	old := postingsBudget
	postingsBudget = 0
	defer func() { postingsBudget = old }()

	root := project(t)
	got := golden.ReadTree(t, build(t, root))
	if !equalTrees(want, got) {
		for name := range want {
			if got[name] != want[name] {
				t.Errorf("%s differs when the postings spill", name)
			}
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("a build left %d files in the temporary folder", len(left))
	}

	card := filepath.Join(root, "templates/partials/card.html")
	good, _ := os.ReadFile(card)
	os.WriteFile(card, bytes.Replace(good, []byte(`{{define "card"}}`), []byte(`{{define "card"}}{{.Item.Nope}}`), 1), 0o644)
	if _, err := Build(Options{Root: root}); err == nil {
		t.Fatal("a broken template built")
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("a failed build left %d files in the temporary folder", len(left))
	}
}
