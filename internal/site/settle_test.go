package site

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"docket/internal/golden"
	"docket/internal/story"
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
	joined := false
	st, _ := s.Stories()
	for _, x := range st {
		joined = joined || len(x.Items) == 2 && x.Items[0].Rel == "news/2022/03/first" && x.Items[1].Rel == "news/2022/03/second"
	}
	if !joined {
		t.Fatal("the two reports make no story: the test proves nothing")
	}
	before := renderAll(t, s)
	shown, err := s.Settle()
	if err != nil {
		t.Fatal(err)
	}
	sameAsLoad(t, s)
	// Only the scores moved: Settle says so, and only the data file that
	// lists scores changed, so the preview need not reload the browser.
	var differ []string
	for p, out := range renderAll(t, s) {
		if before[p] != out {
			differ = append(differ, p)
		}
	}
	if shown || !slices.Equal(differ, []string{"/data/stories.json"}) {
		t.Errorf("Settle reported shown=%v; outputs that changed: %v (want false, only /data/stories.json)", shown, differ)
	}
}

// TestSameMembers: what pages show of a clustering is its stories'
// reports and their order, not their scores.
func TestSameMembers(t *testing.T) {
	st := func(id string, members ...string) story.Story {
		x := story.Story{ID: id}
		for i, m := range members {
			x.Members = append(x.Members, story.Member{ID: m, Score: float64(i) / 3})
		}
		return x
	}
	a := []story.Story{st("s1", "a", "b"), st("s2", "c")}
	rescored := []story.Story{st("s1", "a", "b"), st("s2", "c")}
	rescored[0].Members[1].Score = 0.9
	for _, c := range []struct {
		b    []story.Story
		want bool
	}{
		{rescored, true},
		{[]story.Story{st("s1", "a"), st("s2", "c", "b")}, false},
		{[]story.Story{st("s1", "b", "a"), st("s2", "c")}, false},
		{[]story.Story{st("s1", "a", "b")}, false},
		{[]story.Story{st("s1", "a", "b"), st("s3", "c")}, false},
	} {
		if got := sameMembers(a, c.b); got != c.want {
			t.Errorf("sameMembers(%v, %v) = %v, want %v", a, c.b, got, c.want)
		}
	}
}
