package site

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"docket/internal/content"
)

// sortNewestFirst with an earlier model's order as a hint sorts as it
// does without one: with entries added, gone, or a hint out of order.
func TestSortNewestFirstHint(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC)
	var items []*Item
	for i := range 300 {
		d := &content.Doc{Rel: "news/" + strconv.Itoa(i)}
		d.Date = base.Add(time.Duration(r.IntN(40*24)) * time.Hour).In(time.FixedZone("", 3600*(r.IntN(25)-12)))
		items = append(items, itemOf(d))
	}
	want := slices.Clone(items)
	sortNewestFirst(want, nil)
	for i := 1; i < len(want); i++ {
		a, b := want[i-1], want[i]
		ay, am, ad := a.Date.Date()
		by, bm, bd := b.Date.Date()
		if ay*10000+int(am)*100+ad < by*10000+int(bm)*100+bd {
			t.Fatalf("not newest first at %d", i)
		}
	}
	hints := map[string][]*Item{
		"same":      want,
		"some new":  want[:200:200],
		"some gone": append(slices.Clone(want), itemOf(&content.Doc{Rel: "news/gone"})),
		"shuffled": func() []*Item {
			h := slices.Clone(want)
			r.Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
			return h
		}(),
	}
	for name, hint := range hints {
		got := slices.Clone(items)
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		sortNewestFirst(got, hint)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the order differs from a sort without a hint", name)
		}
	}
}
