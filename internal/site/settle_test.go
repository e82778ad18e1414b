package site

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"docket/internal/golden"
	"docket/internal/story"
)

// settleProject is a project where a report saved in the preview joins a
// story by its score, the words of which far reports, years away from
// it, make common: nfar of them. It returns the site loaded before the
// save and the saved file.
func settleProject(t *testing.T, nfar int, second string) (*Site, string) {
	root := t.TempDir()
	golden.CopyTree(t, "testdata/site", root)
	golden.CopyTree(t, "../../templates", filepath.Join(root, "templates"))
	for i := range nfar {
		write(t, root, fmt.Sprintf("content/news/2023/%02d/far-%d.md", i%12+1, i),
			settleNews(fmt.Sprint(i), "Marketplace payment links rules change again", fmt.Sprintf("2023-%02d-%02d", i%12+1, i/12+1)))
	}
	write(t, root, "content/news/2022/03/first.md", settleNews("a", "Court orders marketplace to allow payment links", "2022-03-10"))
	s := mustLoad(t, root)
	renderAll(t, s)
	rel := "content/news/2022/03/second.md"
	write(t, root, rel, settleNews("b", second, "2022-03-11"))
	return s, rel
}

func settleNews(rel, title, date string) string {
	return fmt.Sprintf("---\ntitle: %s\ndate: %s\nsource: Wire %s\nsummary: %s.\ntopics: [antitrust]\nentities: [alibaba]\n---\nBody.\n", title, date, rel, title)
}

// TestSettleStoryScores: Update clusters again only the stories near a
// save and weighs their words over those entries alone, so its scores,
// and now and then a join near the threshold, differ from a fresh load's,
// which weighs them over every entry; Settle makes them the same, and
// says whether pages show the difference.
func TestSettleStoryScores(t *testing.T) {
	for _, c := range []struct {
		name   string
		nfar   int
		second string
		joined bool     // whether Update joins the two reports
		shown  bool     // whether Settle changes what pages show
		differ []string // the outputs Settle changes
	}{
		{"scores", 6, "Marketplace must open to payment links, judge says after court orders", true, false, []string{"/data/stories.json"}},
		{"join", 60, "Marketplace payment links ruling", true, true, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, rel := settleProject(t, c.nfar, c.second)
			if _, err := s.Update([]string{rel}); err != nil {
				t.Fatal(err)
			}
			joined := false
			st, _ := s.Stories()
			for _, x := range st {
				joined = joined || len(x.Items) == 2 && x.Items[0].Rel == "news/2022/03/first" && x.Items[1].Rel == "news/2022/03/second"
			}
			if joined != c.joined {
				t.Fatalf("after Update the two reports joined: %v, want %v", joined, c.joined)
			}
			before := renderAll(t, s)
			shown, err := s.Settle()
			if err != nil {
				t.Fatal(err)
			}
			sameAsLoad(t, s)
			var differ []string
			for p, out := range renderAll(t, s) {
				if before[p] != out {
					differ = append(differ, p)
				}
			}
			if shown != c.shown || c.differ != nil && !slices.Equal(differ, c.differ) {
				t.Errorf("Settle: shown %v, want %v; outputs changed: %v", shown, c.shown, differ)
			}
		})
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
