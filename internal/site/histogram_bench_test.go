package site

import (
	"strconv"
	"testing"
	"time"

	"docket/internal/content"
	"docket/internal/topic"
)

// BenchmarkHistogram counts 10,000 entries over ten years, as the home
// page does (by first topic) and a term page (by kind).
func BenchmarkHistogram(b *testing.B) {
	var items []*Item
	start := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		kind := content.News
		if i%7 == 0 {
			kind = content.Event
		}
		items = append(items, item(start.Add(-time.Duration(i)*8*time.Hour).Format("2006-01-02"), kind, "t"+strconv.Itoa(i*i%13)))
	}
	named := func(id string) *topic.Topic { return &topic.Topic{Name: "Topic " + id} }
	b.Run("topic", func(b *testing.B) {
		for b.Loop() {
			if h := newHistogram(items, byTopic(items, named), ""); len(h.Years) != 10 {
				b.Fatalf("%d years", len(h.Years))
			}
		}
	})
	b.Run("kind", func(b *testing.B) {
		for b.Loop() {
			if h := newHistogram(items, byKind, "?topic=t1"); len(h.Years) != 10 {
				b.Fatalf("%d years", len(h.Years))
			}
		}
	})
}
