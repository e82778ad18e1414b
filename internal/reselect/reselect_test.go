package reselect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/content"
	"docket/internal/topic"
)

// TestApply: the rules' verdict is written into the front matter only,
// the editor's tags and comments kept; a pinned item is left alone.
func TestApply(t *testing.T) {
	rules, err := topic.Load("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"news/2024/01/fine.md":   "---\ntitle: Commission fines platform for abuse of dominance\ndate: 2024-01-02\n# the editor's tag:\ntopics: [interoperability]\n---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n",
		"news/2024/01/pinned.md": "---\ntitle: Quarterly results\ndate: 2024-01-02\ntopics: [antitrust]\nmatched:\n  - {topic: antitrust, term: x, field: body, weight: 1}\npinned: true\n---\n\nNothing here.\n",
	}
	for rel, data := range files {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	tree, ps := content.Load(dir, nil)
	if tree == nil {
		t.Fatal(ps.Err())
	}
	kinds := map[string]Kind{}
	for _, d := range tree.Docs {
		c, err := Doc(rules, d)
		if err != nil {
			t.Fatal(err)
		}
		kinds[d.Rel] = c.Kind
		if err := Apply(dir, d, c); err != nil {
			t.Fatal(err)
		}
	}
	if kinds["news/2024/01/fine"] != Changed || kinds["news/2024/01/pinned"] != PinnedKept {
		t.Errorf("kinds %v", kinds)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "news/2024/01/fine.md"))
	if !strings.Contains(string(got), "# the editor's tag:\ntopics: [antitrust, interoperability]\n") ||
		!strings.Contains(string(got), "matched:\n  - {topic: antitrust") ||
		!strings.HasSuffix(string(got), "---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n") {
		t.Errorf("rewritten:\n%s", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "news/2024/01/pinned.md")); string(got) != files["news/2024/01/pinned.md"] {
		t.Errorf("pinned item rewritten:\n%s", got)
	}
}
