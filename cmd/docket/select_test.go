package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSelectReadsBodies checks that select --diff weighs the body of an
// item, which content.Load does not keep in memory.
func TestSelectReadsBodies(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "feeds"), os.DirFS("../../feeds")); err != nil {
		t.Fatal(err)
	}
	item := "---\ntitle: Quarterly results\ndate: 2024-01-02\n---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n"
	p := filepath.Join(root, "content/news/2024/01/results.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte(item), 0o644)
	os.WriteFile(filepath.Join(root, "content/site.yaml"), []byte("title: test\n"), 0o644)
	code, out, errs := docket("select", "--diff", "--content", filepath.Join(root, "content"), "--feeds", filepath.Join(root, "feeds"))
	if code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("select --diff: exit %d\n%s%s", code, out, errs)
	}
}

// TestSelectKeepsEditorsTags runs select --diff on the shipped sample
// (content/ and feeds/) and checks that it proposes nothing an editor
// would have to undo: no entity or jurisdiction removed, none added from a
// currency ("US dollars"), and no item dropped.
func TestSelectKeepsEditorsTags(t *testing.T) {
	code, out, errs := docket("select", "--diff", "--content", "../../content", "--feeds", "../../feeds")
	if code != 0 {
		t.Fatalf("select --diff: exit %d\n%s%s", code, out, errs)
	}
	for _, line := range strings.Split(out, "\n") {
		l := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(l, "entities:") || strings.HasPrefix(l, "jurisdictions:"):
			if strings.Contains(l, " -") {
				t.Errorf("an editor's tag would be removed: %s", l)
			}
			if strings.Contains(l, "+us") {
				t.Errorf("a jurisdiction from a currency: %s", l)
			}
		case strings.HasPrefix(l, "drop "):
			t.Errorf("an item in the sample would be dropped: %s", l)
		}
	}
}
