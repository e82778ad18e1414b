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

// TestQueueAcrossFeeds: a story one feed's rules are unsure of and
// another feed keeps is written, not queued as well (keeping it in review
// wrote it a second time); a story two feeds are unsure of is queued as
// the first of them in feeds.yaml brought it. Whichever feed answers
// first.
func TestQueueAcrossFeeds(t *testing.T) {
	const story = `<item><title>Shared story</title><link>https://news.example/shared</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`
	for _, bKeepsAll := range []bool{true, false} {
		for _, slow := range []string{"a", "b"} {
			t.Run(fmt.Sprintf("b keeps all %v, slow %s", bKeepsAll, slow), func(t *testing.T) {
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
				srcs.Feeds[0].Select = sources.SelectRules // a is unsure of it
				if !bKeepsAll {
					srcs.Feeds[1].Select = sources.SelectRules // and so is b
				}
				root := t.TempDir()
				q, err := review.LoadQueue(filepath.Join(root, "review.jsonl"), "")
				if err != nil {
					t.Fatal(err)
				}
				sum := runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, Force: true, Classify: unsureOfAll{}, Review: q})
				news, items := newsOf(t, root), q.Items()
				switch {
				case bKeepsAll && (len(news) != 1 || len(items) != 0 || q.Added() != 0):
					t.Errorf("news %q, %d queued (%d added): want the story written and not queued", news, len(items), q.Added())
				case !bKeepsAll && (len(news) != 0 || len(items) != 1 || items[0].Feed != "a"):
					t.Errorf("news %q, queued %+v: want the story queued once, as feed a brought it", news, items)
				}
				queued := 0
				for _, r := range sum.Feeds {
					queued += r.Queued
				}
				if queued != len(items) {
					t.Errorf("the feeds count %d queued, the queue holds %d", queued, len(items))
				}
			})
		}
	}
}

// TestQueueGUIDOnlyItems: two feeds' stories without a link, both with
// GUID "1", are two items (ItemRef.Keys scopes a GUID to its feed) with one ID.
// The one the rules were unsure of is queued though the other is written
// (matching on the ID alone dropped it, this run and every next one).
func TestQueueGUIDOnlyItems(t *testing.T) {
	item := func(title string) string {
		return `<item><title>` + title + `</title><guid isPermaLink="false">1</guid><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`
	}
	srv := feedServer(t, map[string]string{"a.xml": item("Story from a"), "b.xml": item("Another story from b")})
	srcs := twoShardFeeds(t, srv.URL)
	srcs.Feeds[1].Select = sources.SelectRules // the rules are unsure of b's story
	root := t.TempDir()
	q, err := review.LoadQueue(filepath.Join(root, "review.jsonl"), "")
	if err != nil {
		t.Fatal(err)
	}
	runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, Force: true, Classify: unsureOfAll{}, Review: q})
	if items := q.Items(); len(newsOf(t, root)) != 1 || len(items) != 1 || items[0].Feed != "b" {
		t.Errorf("news %q, queue %+v: want a's story written and b's queued", newsOf(t, root), items)
	}
}

// TestQueueCappedPerFeed: a feed queues at most what it may write in a
// run (max_items): a feed of thousands of near misses would otherwise
// fill feeds/review.jsonl by megabytes a run. Items queued already take
// no room: the next run queues older ones.
func TestQueueCappedPerFeed(t *testing.T) {
	var items string
	for i := range 40 {
		items += fmt.Sprintf(`<item><title>Near miss %d</title><link>https://news.example/%d</link><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>`, i, i)
	}
	srv := feedServer(t, map[string]string{"a.xml": items, "b.xml": ""})
	srcs := twoShardFeeds(t, srv.URL)
	srcs.Feeds[0].Select, srcs.Feeds[0].MaxItems = sources.SelectRules, 7
	root := t.TempDir()
	q, err := review.LoadQueue(filepath.Join(root, "review.jsonl"), "")
	if err != nil {
		t.Fatal(err)
	}
	// Each run queues 7 more: the 7 newest, queued already, take no room.
	for run := 1; run <= 3; run++ {
		runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, Force: true, Classify: unsureOfAll{}, Review: q})
		if n := len(q.Items()); n != 7*run {
			t.Errorf("run %d: %d items queued, want max_items (7) a run, %d", run, n, 7*run)
		}
	}
}
