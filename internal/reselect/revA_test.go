package reselect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/content"
	"docket/internal/topic"
)

// TestEditorsOrderUnchanged: an item whose topics are the rules' and the
// editor's, listed in another order than the rules', is unchanged:
// select neither reports it nor reorders the editor's list.
func TestEditorsOrderUnchanged(t *testing.T) {
	rules, err := topic.Load("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "news/2024/01/fine.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("---\ntitle: Commission fines platform for abuse of dominance\ndate: 2024-01-02\n---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n"), 0o644)
	load := func() *content.Doc {
		tree, ps := content.Load(dir, nil)
		if tree == nil || len(tree.Docs) != 1 {
			t.Fatal(ps.Err())
		}
		return tree.Docs[0]
	}
	d := load()
	c, err := Doc(rules, d)
	if err != nil || c.Kind != Added || !strings.Contains(strings.Join(c.Result.Topics, ","), "antitrust") || len(c.Result.Topics) != 1 {
		t.Fatalf("first select: %+v, %v", c, err)
	}
	if err := Apply(dir, d, c); err != nil {
		t.Fatal(err)
	}
	// The editor adds interoperability before the rules' antitrust.
	data, _ := os.ReadFile(p)
	edited := strings.Replace(string(data), "topics: [antitrust]", "topics: [interoperability, antitrust]", 1)
	if edited == string(data) {
		t.Fatalf("no topics line:\n%s", data)
	}
	os.WriteFile(p, []byte(edited), 0o644)
	if c, err := Doc(rules, load()); err != nil || c.Kind != Unchanged {
		t.Errorf("after the editor's tag: kind %v (topics %v), %v; want unchanged", c.Kind, c.Result.Topics, err)
	}
}
