package serve

import (
	"docket/internal/content"
	"docket/internal/lock"
	"docket/internal/review"
	"docket/internal/topic"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const queuedTitle = "Regulator weighs a platform deal"

// queued adds one item to the project's review queue.
func queued(t *testing.T, root string) {
	t.Helper()
	q, err := review.LoadQueue(filepath.Join(root, review.QueuePath), "")
	if err != nil {
		t.Fatal(err)
	}
	e := &content.Entry{ID: "0123456789abcdef", Title: queuedTitle, Date: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Source: "Example", Feed: "example", URL: "https://example.com/deal", Lang: "en", Summary: "A deal under review."}
	q.Hold(e, "A deal under review.", topic.Result{}, []topic.Doubt{{Topic: "antitrust", Score: 2, Threshold: 3, Why: topic.WhyBelow}})
	if err := q.Save(filepath.Join(root, review.QueuePath)); err != nil {
		t.Fatal(err)
	}
}

// reviewServer serves the review handler of a project with one queued
// item on 127.0.0.1 and returns its URL and the page's token.
func reviewServer(t *testing.T) (root, base, token string) {
	t.Helper()
	root = project(t)
	queued(t, root)
	srv := httptest.NewServer(newReviewHandler(root, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + ReviewPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), queuedTitle) {
		t.Fatalf("review page: %d\n%s", resp.StatusCode, body)
	}
	m := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no token in the page:\n%s", body)
	}
	return root, srv.URL, string(m[1])
}

func post(t *testing.T, base string, form url.Values, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+ReviewPath+"decide", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestReviewPageRefuses(t *testing.T) {
	root, base, token := reviewServer(t)
	same := map[string]string{"Origin": base, "Sec-Fetch-Site": "same-origin"}
	keep := func(tok string) url.Values {
		return url.Values{"token": {tok}, "id": {"0123456789abcdef"}, "decision": {"keep"}, "topic": {"antitrust"}}
	}
	tests := []struct {
		name   string
		form   url.Values
		header map[string]string
	}{
		{"token missing", url.Values{"id": {"0123456789abcdef"}, "decision": {"keep"}, "topic": {"antitrust"}}, same},
		{"token wrong", keep(strings.Repeat("0", len(token))), same},
		{"cross-origin Origin", keep(token), map[string]string{"Origin": "http://evil.example"}},
		{"cross-site fetch", keep(token), map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": base}},
		{"no origin at all", keep(token), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, body := post(t, base, tt.form, tt.header); code != http.StatusForbidden {
				t.Errorf("status %d, want 403: %s", code, body)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(root, review.DecisionsPath)); err == nil {
		t.Error("a refused request wrote a decision")
	}
	if _, err := os.Stat(filepath.Join(root, "content", "news", "2026", "11", "regulator-weighs-a-platform-deal.md")); err == nil {
		t.Error("a refused request wrote a news item")
	}
}

func TestReviewPageKeep(t *testing.T) {
	root, base, token := reviewServer(t)
	form := url.Values{"token": {token}, "id": {"0123456789abcdef"}, "decision": {"keep"}, "topic": {"antitrust", "interoperability"}}
	same := map[string]string{"Origin": base, "Sec-Fetch-Site": "same-origin"}
	if code, body := post(t, base, form, same); code != http.StatusSeeOther {
		t.Fatalf("keep: status %d: %s", code, body)
	}
	file, err := os.ReadFile(filepath.Join(root, "content", "news", "2026", "11", "regulator-weighs-a-platform-deal.md"))
	if err != nil || !strings.Contains(string(file), "pinned: true") || !strings.Contains(string(file), "- interoperability") {
		t.Fatalf("kept file (%v):\n%s", err, file)
	}
	decisions, _ := os.ReadFile(filepath.Join(root, review.DecisionsPath))
	if strings.Count(string(decisions), "\n") != 1 || !strings.Contains(string(decisions), `"decision":"keep"`) {
		t.Errorf("decisions:\n%s", decisions)
	}
	// The item is gone from the queue: a second decision is refused and writes nothing.
	form.Set("decision", "drop")
	if code, body := post(t, base, form, same); code != http.StatusConflict || !strings.Contains(body, "not in the review queue") {
		t.Errorf("decision on a gone item: status %d: %s", code, body)
	}
	if again, _ := os.ReadFile(filepath.Join(root, review.DecisionsPath)); string(again) != string(decisions) {
		t.Errorf("a refused decision was appended:\n%s", again)
	}
}

func TestReviewPageInServe(t *testing.T) {
	h := start(t, 0)
	for _, want := range []string{"The queue is empty.", queuedTitle} {
		if code, body := h.get(ReviewPath); code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%s: status %d, want 200 with %q:\n%.600s", ReviewPath, code, want, body)
		}
		queued(t, h.root)
	}
}

// TestReviewPageWhileLocked: a decision made while a fetch holds the
// project is refused as a conflict to retry (409), not as a bad request,
// and writes nothing.
func TestReviewPageWhileLocked(t *testing.T) {
	root, base, token := reviewServer(t)
	release, err := lock.Acquire(root, "fetch")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	form := url.Values{"token": {token}, "id": {"0123456789abcdef"}, "decision": {"drop"}}
	same := map[string]string{"Origin": base, "Sec-Fetch-Site": "same-origin"}
	if code, body := post(t, base, form, same); code != http.StatusConflict || !strings.Contains(body, "fetch") {
		t.Errorf("decision while a fetch runs: status %d: %.300s", code, body)
	}
	if _, err := os.Stat(filepath.Join(root, review.DecisionsPath)); err == nil {
		t.Error("a refused decision was written")
	}
}

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
