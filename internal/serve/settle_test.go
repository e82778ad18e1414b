package serve

import (
	"fmt"
	"testing"
	"time"

	"docket/internal/site"
)

// TestSettlesStories: a saved report joins a story at once with the
// preview's quick clustering; once saves pause, the preview clusters
// every story again, which here splits them (as a build does: the far
// reports make the words they share common), and tells the browser.
// The project is site.TestSettleStoryScores's "join" case.
func TestSettlesStories(t *testing.T) {
	h := start(t, 0)
	news := func(rel, title, date string) string {
		return fmt.Sprintf("---\ntitle: %s\ndate: %s\nsource: Wire %s\nsummary: %s.\ntopics: [antitrust]\nentities: [alibaba]\n---\nBody.\n", title, date, rel, title)
	}
	for i := range 60 {
		h.write(fmt.Sprintf("content/news/2023/%02d/far-%d.md", i%12+1, i),
			news(fmt.Sprint(i), "Marketplace payment links rules change again", fmt.Sprintf("2023-%02d-%02d", i%12+1, i/12+1)))
	}
	h.write("content/news/2022/03/first.md", news("a", "Court orders marketplace to allow payment links", "2022-03-10"))
	h.expect("/news/2022/03/first/", 200, "Court orders")
	h.settled()

	h.write("content/news/2022/03/second.md", news("b", "Marketplace payment links ruling", "2022-03-11"))
	h.expect("/news/2022/03/second/", 200, "ruling")
	select {
	case d := <-h.reloads:
		if d != `{"path":""}` {
			t.Errorf("the settling reload says %s", d)
		}
	case <-time.After(settleAfter + deadline):
		t.Fatalf("no reload within %s of the last save, though settling splits the story", settleAfter+deadline)
	}
	h.settled()
}

// settled waits until the served stories are a fresh load's, then drops
// the reloads that came before.
func (h *harness) settled() {
	h.t.Helper()
	fresh, err := site.Load(site.Options{Root: h.root, BaseURL: h.url})
	if err != nil {
		h.t.Fatal(err)
	}
	want, err := fresh.Get("/data/stories.json")
	if err != nil {
		h.t.Fatal(err)
	}
	end := time.Now().Add(settleAfter + deadline)
	for {
		_, got := h.get("/data/stories.json")
		if got == string(want) {
			break
		}
		if time.Now().After(end) {
			h.t.Fatalf("/data/stories.json is not a fresh load's %s after the last save:\n%.400s\nwant\n%.400s", settleAfter+deadline, got, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // the settling reload follows the lock
	for {
		select {
		case <-h.reloads:
		default:
			return
		}
	}
}
