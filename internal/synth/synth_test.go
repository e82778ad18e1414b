package synth

import (
	"os"
	"path/filepath"
	"testing"

	"docket/internal/content"
	"docket/internal/topic"
)

// TestGenerate checks that a generated project is valid content and that
// the same seed gives the same files.
func TestGenerate(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Generate(dir, 40, 7); err != nil {
			t.Fatal(err)
		}
	}
	rules, err := topic.Load(filepath.Join(a, "feeds"))
	if err != nil {
		t.Fatal(err)
	}
	tree, ps := content.Load(filepath.Join(a, "content"), rules)
	if len(ps) > 0 {
		t.Fatalf("generated content has problems:\n%v", ps)
	}
	if len(tree.Docs) != 40 {
		t.Fatalf("%d entries, want 40", len(tree.Docs))
	}
	for _, d := range tree.Docs {
		rel := filepath.FromSlash("content/" + d.Rel + ".md")
		x, _ := os.ReadFile(filepath.Join(a, rel))
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || string(x) != string(y) {
			t.Fatalf("%s differs between two runs with one seed", rel)
		}
	}
}
