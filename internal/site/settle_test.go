package site

import (
	"fmt"
	"path/filepath"
	"testing"

	"docket/internal/golden"
)

// TestSettleStoryScores: a report saved in the preview joins a story by
// its score. Update clusters again only the stories near the save, whose
// words it weighs over those entries alone, so its scores may differ
// from a fresh load's, which weighs them over every entry; Settle makes
// them the same.
func TestSettleStoryScores(t *testing.T) {
	root := t.TempDir()
	golden.CopyTree(t, "testdata/site", root)
	golden.CopyTree(t, "../../templates", filepath.Join(root, "templates"))
	news := func(rel, title, date string) string {
		return fmt.Sprintf("---\ntitle: %s\ndate: %s\nsource: Wire %s\nsummary: %s.\ntopics: [antitrust]\nentities: [alibaba]\n---\nBody.\n", title, date, rel, title)
	}
	// Years away from the story, reports that make its words common.
	for i := range 6 {
		write(t, root, fmt.Sprintf("content/news/2023/0%d/far-%d.md", i+1, i),
			news(fmt.Sprint(i), "Marketplace payment links rules change again", fmt.Sprintf("2023-0%d-10", i+1)))
	}
	write(t, root, "content/news/2022/03/first.md", news("a", "Court orders marketplace to allow payment links", "2022-03-10"))
	s := mustLoad(t, root)
	renderAll(t, s)
	second := "content/news/2022/03/second.md"
	write(t, root, second, news("b", "Marketplace must open to payment links, judge says after court orders", "2022-03-11"))
	if _, err := s.Update([]string{second}); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stories(); len(st) == 0 {
		t.Fatal("the two reports make no story: the test proves nothing")
	}
	if _, err := s.Settle(); err != nil {
		t.Fatal(err)
	}
	sameAsLoad(t, s)
	if changed, err := s.Settle(); changed || err != nil {
		t.Errorf("a second Settle with no save between: changed %v, err %v", changed, err)
	}
}
