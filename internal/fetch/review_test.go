package fetch

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"docket/internal/review"
	"docket/internal/sources"
	"docket/internal/topic"
)

type unsureOfAll struct{}

func (unsureOfAll) Classify(it topic.Item) topic.Result { return topic.Result{ID: it.ID} }
func (unsureOfAll) Unsure(it topic.Item) (topic.Result, []topic.Doubt) {
	return topic.Result{ID: it.ID}, []topic.Doubt{{Topic: "antitrust", Score: 2, Threshold: 3, Why: topic.WhyBelow}}
}

// TestQueueLeavesWrittenItems: a story one feed's rules are unsure of and
// another feed keeps is written, not queued as well (keeping it in review
// wrote it a second time), whichever feed answers first.
func TestQueueLeavesWrittenItems(t *testing.T) {
	const story = `<item><title>Shared story</title><link>https://news.example/shared</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	for _, slow := range []string{"a", "b"} {
		t.Run("slow "+slow, func(t *testing.T) {
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/"+slow+".xml" {
					time.Sleep(100 * time.Millisecond)
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprintf(w, `<rss version="2.0"><channel><title>T</title>%s</channel></rss>`, story)
			})
			srvA, srvB := httptest.NewServer(h), httptest.NewServer(h) // two hosts: neither waits on the other
			defer srvA.Close()
			defer srvB.Close()
			srcs := twoShardFeeds(t, srvA.URL)
			srcs.Feeds[1].URL = srvB.URL + "/b.xml"
			srcs.Feeds[0].Select = sources.SelectRules // a is unsure of it; b keeps all
			root := t.TempDir()
			q, err := review.LoadQueue(filepath.Join(root, "review.jsonl"), "")
			if err != nil {
				t.Fatal(err)
			}
			runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, Force: true, Classify: unsureOfAll{}, Review: q})
			if got := newsOf(t, root); len(got) != 1 {
				t.Errorf("news %q, want the story once", got)
			}
			if n := len(q.Items()); n != 0 || q.Added() != 0 {
				t.Errorf("%d items queued (%d added), want none: the story is in content/", n, q.Added())
			}
		})
	}
}
