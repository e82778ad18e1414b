package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildStaysInOut: term pages are named after IDs in feeds/, which
// are not checked to be slugs; an ID with ".." must fail the build, not
// write beside the output folder.
func TestBuildStaysInOut(t *testing.T) {
	root := project(t)
	edit := func(rel, old, new string) {
		p := filepath.Join(root, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, []byte(strings.ReplaceAll(string(b), old, new)), 0o644)
	}
	edit("feeds/entities.yaml", "id: tencent", `id: "../../../../escaped"`)
	edit("content/events/2021-09-09-ministry-orders-links-unblocked.md", "tencent", `"../../../../escaped"`)
	edit("content/news/2021/09/links-unblocked-zh.md", "tencent", `"../../../../escaped"`)
	if _, err := Build(Options{Root: root, Out: filepath.Join(root, "a", "b", "public")}); err == nil {
		t.Error("a term path outside the site: no error")
	}
	if _, err := os.Stat(filepath.Join(root, "escaped")); err == nil {
		t.Error("the build wrote outside its output folder")
	}
}
