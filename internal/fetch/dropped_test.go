package fetch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"docket/internal/feed"
	"docket/internal/review"
	"docket/internal/sources"
	"docket/internal/text"
	"docket/internal/topic"
)

type keepsAll struct{}

func (keepsAll) Classify(it topic.Item) topic.Result {
	return topic.Result{ID: it.ID, Topics: []string{"antitrust"}}
}
func (k keepsAll) Unsure(it topic.Item) (topic.Result, []topic.Doubt) { return k.Classify(it), nil }

// TestDroppedItemNotWritten: an item an editor dropped
// in review is not written by a later fetch, even when the rules (or
// the feed's retitled item) now keep it.
func TestDroppedItemNotWritten(t *testing.T) {
	const link = "https://news.example/dropped"
	srv := feedServer(t, map[string]string{"a.xml": `<item><title>Dropped story</title><link>` + link + `</link><pubDate>Tue, 24 Nov 2026 11:00:00 GMT</pubDate></item>`})
	srcs := twoShardFeeds(t, srv.URL)
	srcs.Feeds = srcs.Feeds[:1]
	srcs.Feeds[0].Select = sources.SelectRules
	root := t.TempDir()
	id := feed.ItemID(text.CanonicalURL(link, ""), "", "", "")
	dec := filepath.Join(root, "decisions.jsonl")
	line := `{"id":"` + id + `","title":"Dropped story","summary":"","lang":"en","topics":[],"decision":"drop","date":"2026-11-24T12:00:00Z"}` + "\n"
	if err := os.WriteFile(dec, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	q, err := review.LoadQueue(filepath.Join(root, "review.jsonl"), dec)
	if err != nil {
		t.Fatal(err)
	}
	runOnce(t, Options{ContentDir: filepath.Join(root, "content"), Sources: srcs, Force: true, Classify: keepsAll{}, Review: q})
	if news := newsOf(t, root); len(news) != 0 {
		t.Errorf("the dropped item was written: %q", news)
	}
}

// TestEntryRecordsRulesTags: a fetched item records the entities and
// jurisdictions the rules set, so that select can tell them from an
// editor's and keep an editor's removal.
func TestEntryRecordsRulesTags(t *testing.T) {
	e := entryFor(&sources.Source{ID: "f"}, &feed.Item{Title: "T"}, "en",
		topic.Result{Topics: []string{"antitrust"}, Entities: []string{"apple"}, Jurisdictions: []string{"eu"}}, time.Now())
	if want := []string{"apple", "eu"}; !slices.Equal(e.RulesTagged, want) {
		t.Errorf("rules_tagged %v, want %v", e.RulesTagged, want)
	}
}
