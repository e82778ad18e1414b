package story

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"docket/internal/cputime"
)

// synthetic makes n items over a year: events of one to eight reports
// within two days, each report a shuffled mix of the event's words and
// common ones, some with a body, some in Chinese.
func synthetic(n int) []Item {
	rng := rand.New(rand.NewPCG(7, 13))
	companies := []string{"alibaba", "tencent", "apple", "google", "meta", "amazon", "microsoft", "bytedance"}
	common := strings.Fields("the a of to in and for on with regulator antitrust fine court ruling says said market competition platform app store deal probe")
	word := func() string { // a letters-only word of a 200,000-word vocabulary
		var b []byte
		for v := rng.IntN(200000) + 1; v > 0; v /= 26 {
			b = append(b, byte('a'+v%26))
		}
		return string(b)
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	items := make([]Item, 0, n)
	for ev := 0; len(items) < n; ev++ {
		at := start.Add(time.Duration(rng.IntN(365*24)) * time.Hour)
		key := []string{word(), word(), word(), word(), word()}
		ents := []string{companies[rng.IntN(len(companies))], "european-commission"}
		amount := fmt.Sprintf("$%d million", 1+rng.IntN(900))
		reports := 1 + rng.IntN(8)
		for r := 0; r < reports && len(items) < n; r++ {
			var title, summary, body []string
			for range 8 {
				title = append(title, common[rng.IntN(len(common))])
			}
			title = append(title, key[rng.IntN(5)], key[rng.IntN(5)])
			for range 25 {
				summary = append(summary, common[rng.IntN(len(common))], word())
			}
			summary = append(summary, key...)
			summary = append(summary, amount)
			if rng.IntN(3) == 0 {
				for range 120 {
					body = append(body, common[rng.IntN(len(common))], key[rng.IntN(5)])
				}
			}
			if rng.IntN(10) == 0 {
				title = append(title, "阿里巴巴被罚款")
			}
			items = append(items, Item{
				ID: fmt.Sprintf("i%06d", len(items)), Title: strings.Join(title, " "), Summary: strings.Join(summary, " "),
				Body: strings.Join(body, " "), URL: fmt.Sprintf("https://s%d.example/%d", rng.IntN(50), len(items)),
				Date: at.Add(time.Duration(rng.IntN(48)) * time.Hour), Entities: ents, Jurisdictions: []string{"eu"}, Lang: "en",
			})
		}
	}
	return items
}

func BenchmarkCluster50k(b *testing.B) {
	items := synthetic(50000)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Used()
	for b.Loop() {
		res := Cluster(items, Defaults())
		b.ReportMetric(float64(len(res.Stories)), "stories")
	}
	// The wall clock of a shared machine says little: report CPU time too.
	b.ReportMetric((cputime.Used()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

func BenchmarkCluster5k(b *testing.B) {
	items := synthetic(5000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Cluster(items, Defaults())
	}
}
