package serve

import (
	"fmt"
	"testing"
	"time"

	"docket/internal/site"
)

// TestSettlesStories: a saved report joins a story at once with the
// preview's quick clustering, and once saves pause the preview shows the
// stories a build would (the scores of site.TestSettleStoryScores).
func TestSettlesStories(t *testing.T) {
	h := start(t, 0)
	news := func(rel, title, date string) string {
		return fmt.Sprintf("---\ntitle: %s\ndate: %s\nsource: Wire %s\nsummary: %s.\ntopics: [antitrust]\nentities: [alibaba]\n---\nBody.\n", title, date, rel, title)
	}
	for i := range 6 {
		h.write(fmt.Sprintf("content/news/2023/0%d/far-%d.md", i+1, i),
			news(fmt.Sprint(i), "Marketplace payment links rules change again", fmt.Sprintf("2023-0%d-10", i+1)))
	}
	h.write("content/news/2022/03/first.md", news("a", "Court orders marketplace to allow payment links", "2022-03-10"))
	h.expect("/news/2022/03/first/", 200, "Court orders")
	h.write("content/news/2022/03/second.md", news("b", "Marketplace must open to payment links, judge says after court orders", "2022-03-11"))
	h.expect("/news/2022/03/second/", 200, "judge says")

	fresh, err := site.Load(site.Options{Root: h.root, BaseURL: h.url})
	if err != nil {
		t.Fatal(err)
	}
	want, err := fresh.Get("/data/stories.json")
	if err != nil {
		t.Fatal(err)
	}
	end := time.Now().Add(settleAfter + deadline)
	for {
		_, got := h.get("/data/stories.json")
		if got == string(want) {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("/data/stories.json is not a build's %s after the last save:\n%.400s\nwant\n%.400s", settleAfter+deadline, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
