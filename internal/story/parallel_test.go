package story

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestParallelSameAsSerial: however the drafting of features is shared
// out (one goroutine drafting everything before anything is numbered, or
// many over chunks of a few items, with chunks finishing out of order),
// and however many items' words are listed at a time for the candidates,
// the result is the same, down to every member's score and signals.
func TestParallelSameAsSerial(t *testing.T) {
	opt := Defaults()
	opt.Fold = t2s
	sizes := []int{0, 1, 2, 40, 900, 6000}
	if testing.Short() {
		sizes = sizes[:5]
	}
	for _, n := range sizes {
		items := mixed(n, uint64(n)+1)
		serial := clusterFrom(onDemand(t, items), opt, parallel{workers: 1, chunk: max(1, n)})
		one := newClusterer(onDemand(t, items), opt, parallel{workers: 1, chunk: max(1, n)})
		for _, par := range []parallel{{2, 1, 1}, {3, 7, 10}, {8, 64, 333}, {2, 256, 1 << 15}} {
			got := clusterFrom(onDemand(t, items), opt, par)
			if !reflect.DeepEqual(got, serial) {
				t.Errorf("%d items, %+v: %s", n, par, firstDiff(got, serial))
			}
			// A result can survive features numbered in another order
			// (a score summed in another order rarely changes), but the
			// numbering itself is to be the same.
			if d := preparedDiff(newClusterer(onDemand(t, items), opt, par), one); d != "" {
				t.Errorf("%d items, %+v: %s", n, par, d)
			}
		}
	}
}

// onDemand is a Source that makes each item when asked, as the site's
// does, from any goroutine, and fails the test if one is asked for twice.
func onDemand(t *testing.T, items []Item) Source {
	return &demand{t: t, items: items, asked: make([]atomic.Bool, len(items))}
}

type demand struct {
	t     *testing.T
	items []Item
	asked []atomic.Bool
}

func (d *demand) Len() int                      { return len(d.items) }
func (d *demand) Key(i int) (time.Time, string) { return d.items[i].Date, d.items[i].ID }
func (d *demand) Item(i int) Item {
	if d.asked[i].Swap(true) {
		d.t.Errorf("item %d asked for twice", i)
	}
	it := d.items[i]
	it.Title = strings.Clone(it.Title) // a string of its own, as a lazy Source makes
	return it
}

// firstDiff says where two results part.
func firstDiff(got, want *Result) string {
	if len(got.Stories) != len(want.Stories) {
		return fmt.Sprintf("%d stories, want %d", len(got.Stories), len(want.Stories))
	}
	for k := range got.Stories {
		if !reflect.DeepEqual(got.Stories[k], want.Stories[k]) {
			return fmt.Sprintf("story %d:\n got %+v\nwant %+v", k, got.Stories[k], want.Stories[k])
		}
	}
	return fmt.Sprintf("unknown %v, want %v", got.Unknown, want.Unknown)
}

// mixed makes n items of every sort the clustering tells apart: events
// reported in English, German, Polish and Chinese (Simplified and
// Traditional), amounts in several currencies, syndicated bodies and
// copies under one URL, undated items, repeated IDs, editors' pins
// (own, to an item, to a name) and related lists.
func mixed(n int, seed uint64) []Item {
	rng := rand.New(rand.NewPCG(seed, 99))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	common := strings.Fields("the of to in and for on regulator antitrust court says market platform deal probe fine ruling appeal")
	han := []string{"阿里巴巴", "腾讯", "反垄断", "市场监管总局", "罚款", "罰款", "調查", "法院", "判决", "上诉", "平台", "滥用", "支配地位"}
	langs := []string{"en", "en-GB", "de", "pl", "zh", "zh-TW", ""}
	amounts := []string{"$%d million", "€%d million", "%d亿元", "%d億元", "%d mld zł", "%d Milliarden Euro", "USD %d bn"}
	ents := []string{"alibaba", "tencent", "apple", "google", "meta", "samr", "european-commission", "ftc"}
	word := func() string {
		var b []byte
		for v := rng.IntN(3000) + 1; v > 0; v /= 26 {
			b = append(b, byte('a'+v%26))
		}
		return string(b)
	}
	start := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	var bodies []string
	items := make([]Item, 0, n)
	for len(items) < n {
		at := start.Add(time.Duration(rng.IntN(200*24)) * time.Hour)
		key := []string{word(), word(), word(), pick(han), pick(han)}
		amount := fmt.Sprintf(pick(amounts), 1+rng.IntN(900))
		e := []string{pick(ents), pick(ents)}
		for r := 1 + rng.IntN(6); r > 0 && len(items) < n; r-- {
			var title, summary []string
			for range 6 {
				title = append(title, pick(common))
			}
			title = append(title, pick(key), pick(key))
			for range 12 {
				summary = append(summary, pick(common), word())
			}
			summary = append(summary, key...)
			if rng.IntN(3) > 0 {
				summary = append(summary, amount)
			}
			it := Item{
				ID:    fmt.Sprintf("m%05d", len(items)),
				Title: strings.Join(title, " "), Summary: strings.Join(summary, " "),
				URL:  fmt.Sprintf("https://www.s%d.example/%d", rng.IntN(20), rng.IntN(4*n)),
				Lang: pick(langs), Source: pick(common), Date: at.Add(time.Duration(rng.IntN(72)) * time.Hour),
				Entities: e[:rng.IntN(3)], Jurisdictions: []string{"eu", "cn", "us"}[:rng.IntN(3)],
			}
			switch rng.IntN(4) {
			case 0:
				var b []string
				for range 60 + rng.IntN(100) {
					b = append(b, pick(common), pick(key), word())
				}
				it.Body = strings.Join(b, " ")
				bodies = append(bodies, it.Body)
			case 1:
				if len(bodies) > 0 { // a syndicated copy
					it.Body = "Reposted. " + bodies[rng.IntN(len(bodies))]
				}
			}
			switch rng.IntN(40) {
			case 0:
				it.Date = time.Time{}
			case 1:
				it.Story = Own
			case 2:
				if len(items) > 0 {
					it.Story = items[rng.IntN(len(items))].ID
				}
			case 3:
				it.Story = "named-" + word()
			case 4:
				for range 1 + rng.IntN(3) {
					if len(items) > 0 {
						it.Related = append(it.Related, items[rng.IntN(len(items))].ID)
					}
				}
			case 5:
				if len(items) > 0 { // the same ID again
					it.ID = items[rng.IntN(len(items))].ID
				}
			case 6:
				if len(items) > 0 { // the same article again
					it = items[rng.IntN(len(items))]
				}
			case 7:
				if len(items) > 0 { // the same URL in another scheme
					it.URL = strings.Replace(items[rng.IntN(len(items))].URL, "https://www.", "http://", 1)
				}
			}
			items = append(items, it)
		}
	}
	return items
}

// t2s folds the few Traditional characters mixed uses, as
// topic.Rules.Simplified would.
var t2s = strings.NewReplacer("罰", "罚", "億", "亿", "調", "调", "查", "查").Replace

// preparedDiff says where two clusterers' prepared items, feature kinds,
// languages and postings part.
func preparedDiff(got, want *clusterer) string {
	for i := range want.items {
		a, b := got.items[i], want.items[i]
		if !reflect.DeepEqual(*a.it, *b.it) {
			return fmt.Sprintf("item %d is %s, want %s", i, got.id(int32(i)), want.id(int32(i)))
		}
		a.it, b.it = nil, nil
		if !reflect.DeepEqual(a, b) {
			return fmt.Sprintf("item %d (%s): %+v, want %+v", i, want.id(int32(i)), a, b)
		}
	}
	switch {
	case !reflect.DeepEqual(got.ent, want.ent):
		return "feature kinds differ"
	case !reflect.DeepEqual(got.langs, want.langs):
		return fmt.Sprintf("languages %v, want %v", got.langs.names, want.langs.names)
	case !reflect.DeepEqual(got.lists, want.lists):
		return "lists differ"
	}
	return ""
}

// TestBriefLeavesOnlySignalsOut: a brief result is the full one without
// its members' signals.
func TestBriefLeavesOnlySignalsOut(t *testing.T) {
	opt := Defaults()
	opt.Fold = t2s
	items := mixed(900, 11)
	full := Cluster(items, opt)
	opt.Brief = true
	brief := Cluster(items, opt)
	signals := 0
	for k := range full.Stories {
		for m := range full.Stories[k].Members {
			signals += len(full.Stories[k].Members[m].Signals)
			full.Stories[k].Members[m].Signals = nil
		}
	}
	if signals == 0 {
		t.Fatal("the full result has no signals: the test checks nothing")
	}
	if !reflect.DeepEqual(brief, full) {
		t.Errorf("brief result differs beyond signals: %s", firstDiff(brief, full))
	}
}

// TestSeveralLeavesOutSingles: with Several, the result is the full one
// less its stories of one item, pinned or not, and the same Unknown.
func TestSeveralLeavesOutSingles(t *testing.T) {
	opt := Defaults()
	opt.Fold = t2s
	items := mixed(900, 11)
	items[3].Story, items[5].Story = "nowhere", Own
	full := Cluster(items, opt)
	opt.Several = true
	several := Cluster(items, opt)
	want := &Result{Unknown: full.Unknown}
	for _, s := range full.Stories {
		if len(s.Members) > 1 {
			want.Stories = append(want.Stories, s)
		}
	}
	if len(want.Stories) == 0 || len(want.Stories) == len(full.Stories) || len(want.Unknown) == 0 {
		t.Fatalf("%d stories of several items in %d, %d unknown pins: the test checks nothing", len(want.Stories), len(full.Stories), len(want.Unknown))
	}
	if !reflect.DeepEqual(several, want) {
		t.Errorf("the result with Several differs from the full one's stories of several items: %s", firstDiff(several, want))
	}
}
