package story

import (
	"testing"
	"time"
)

// FuzzCluster feeds items with missing dates, bodies and titles, mixed
// scripts and odd numbers: the property is that every item lands in
// exactly one story, whatever the order, and nothing panics.
func FuzzCluster(f *testing.F) {
	f.Add("阿里巴巴被罚182.28亿元", "Alibaba fined $2.8 billion", "", int64(1618000000), int64(0), "own")
	f.Add("", "", "body only body only body only", int64(0), int64(0), "")
	f.Add("29억5천만 유로 1,1,1.5.5 $ € ¥", "Rekordstrafe 2,3 Milliarden Euro", "x", int64(-1), int64(1<<40), "a")
	f.Fuzz(func(t *testing.T, title, summary, body string, d1, d2 int64, pin string) {
		date := func(s int64) time.Time {
			if s == 0 {
				return time.Time{}
			}
			return time.Unix(s%(1<<36), 0)
		}
		items := []Item{
			{ID: "a", Title: title, Summary: summary, Body: body, Date: date(d1), Entities: []string{"x"}},
			{ID: "b", Title: summary, Summary: title, Body: body, Date: date(d2), Story: pin, URL: title},
			{ID: "c", Title: title, Body: title + " " + body, Date: date(d1), Related: []string{pin, "a"}},
		}
		res := Cluster(items, Defaults())
		rev := Cluster([]Item{items[2], items[1], items[0]}, Defaults())
		n := 0
		for _, s := range res.Stories {
			n += len(s.Members)
		}
		if n != len(items) {
			t.Fatalf("%d memberships for %d items", n, len(items))
		}
		for _, it := range items {
			if res.StoryOf(it.ID) == "" || res.StoryOf(it.ID) != rev.StoryOf(it.ID) {
				t.Fatalf("%s: story %q, reversed %q", it.ID, res.StoryOf(it.ID), rev.StoryOf(it.ID))
			}
		}
	})
}
