package site

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"docket/internal/golden"
	"docket/internal/synth"
)

// BenchmarkUpdateNewEntry is a fetched or new item in the preview at
// 10,000 entries: re-read, index, place it in its story.
func BenchmarkUpdateNewEntry(b *testing.B) {
	root := b.TempDir()
	if err := synth.Generate(root, 10000, 1); err != nil {
		b.Fatal(err)
	}
	golden.CopyTree(b, "../../templates", filepath.Join(root, "templates"))
	s, err := Load(Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		rel := "news/2021/09/bench-new-" + strconv.Itoa(i)
		os.MkdirAll(filepath.Join(root, "content/news/2021/09"), 0o755)
		os.WriteFile(filepath.Join(root, "content", rel+".md"), []byte("---\ntitle: Alibaba apps start offering WeChat Pay\ndate: 2021-09-28\nsource: Bench\n---\nBody.\n"), 0o644)
		if _, err := s.Update([]string{"content/" + rel + ".md"}); err != nil {
			b.Fatal(err)
		}
	}
}

// A new report saved in the preview joins the story of its event.
func TestUpdateJoinsStory(t *testing.T) {
	root := t.TempDir()
	golden.CopyTree(t, "testdata/site", root)
	golden.CopyTree(t, "../../templates", filepath.Join(root, "templates"))
	s, err := Load(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "content/news/2021/04/second-report.md")
	if err := os.WriteFile(file, []byte("---\ntitle: Second report\ndate: 2021-04-11\nstory: 2021-04-10-regulator-fines-marketplace\n---\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update([]string{"content/news/2021/04/second-report.md"}); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stories()
	if len(st) != 1 || st[0].N() != 3 {
		t.Fatalf("stories after the save: %d, want one of 3 reports", len(st))
	}
	if _, err := s.Get("/stories/2021-04-10-regulator-fines-marketplace/"); err != nil {
		t.Fatal(err)
	}
}
