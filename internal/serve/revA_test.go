package serve

import (
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"docket/internal/content"
	"docket/internal/review"
	"docket/internal/topic"
)

// TestReviewPageDecisionsAtOnce: decisions posted at once (two tabs, a
// double click) are each made in turn; none is refused because another
// of this server's decisions holds the project lock.
func TestReviewPageDecisionsAtOnce(t *testing.T) {
	root, base, token := reviewServer(t)
	q, err := review.LoadQueue(filepath.Join(root, review.QueuePath), "")
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	for i := range n {
		e := &content.Entry{ID: fmt.Sprintf("%016d", i), Title: fmt.Sprintf("Item %d", i), Date: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), Lang: "en"}
		q.Hold(e, "", topic.Result{}, []topic.Doubt{{Topic: "antitrust"}})
	}
	if err := q.Save(filepath.Join(root, review.QueuePath)); err != nil {
		t.Fatal(err)
	}
	same := map[string]string{"Origin": base, "Sec-Fetch-Site": "same-origin"}
	codes := make([]int, n)
	bodies := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"token": {token}, "id": {fmt.Sprintf("%016d", i)}, "decision": {"drop"}}
			codes[i], bodies[i] = post(t, base, form, same)
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Errorf("decision %d: status %d: %.300s", i, code, bodies[i])
		}
	}
}

// TestReviewPageWithoutSlash: the queue's address typed without its
// final slash leads to the page, not to the site's 404.
func TestReviewPageWithoutSlash(t *testing.T) {
	h := start(t, 0)
	if code, body := h.get(strings.TrimSuffix(ReviewPath, "/")); code != http.StatusOK || !strings.Contains(body, "Review queue") {
		t.Errorf("status %d:\n%.300s", code, body)
	}
}
