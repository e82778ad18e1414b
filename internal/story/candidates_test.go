package story

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCandidatesBruteForce checks the candidates, found a block of items
// at a time, against every pair of items tried: a pair is a candidate when
// it shares a key, or words within the window whose partial product
// reaches candidateMin (or any word, in two languages with an entity in
// common), a word or key counting when two or more items have it and
// not too many (maxPosting) within any one window.
func TestCandidatesBruteForce(t *testing.T) {
	opt := Defaults()
	opt.Fold = t2s
	sets := map[string][]Item{"edges": onEdges(2500)}
	for _, n := range []int{0, 1, 150, 2500} {
		sets[fmt.Sprint("mixed ", n)] = mixed(n, uint64(n)+5)
	}
	for name, items := range sets {
		n := len(items)
		for _, par := range []parallel{{1, n + 1, 0}, {2, 3, 1}, {2, 7, 64}, {3, 16, 700}} {
			c := newClusterer(onDemand(t, items), opt, par)
			want := bruteCandidates(c)
			got := c.candidates()
			if !slices.Equal(got, want) {
				t.Errorf("%s, %+v: %d candidates, want %d; first difference %s", name, par, len(got), len(want), firstEdgeDiff(got, want))
			}
			if n == 2500 && len(want) < n/2 {
				t.Errorf("%s: only %d candidates: the test checks too little", name, len(want))
			}
		}
	}
}

// onEdges makes n items on the edges of the rules: dated on whole days
// (so that pairs fall exactly a window apart), a word that many items name
// within a few days and few elsewhere (too many in one window, not in
// all), words named by more than maxPosting items but spread out, a URL
// more than maxPosting items share, and a few undated items. Two words
// sit on the edge of too many (maxPosting(n) is 64): "tight" is named by
// 65 items, 40 exactly a window before the other 25; "full" by 64 items
// of one day and 10 two months before; "seam" by 40 items of the last
// day and 30 undated ones (70, but never more than 40 in one window).
func onEdges(n int) []Item {
	rng := rand.New(rand.NewPCG(3, uint64(n)))
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	words := func(k int) []string {
		var ws []string
		for range k {
			ws = append(ws, fmt.Sprint("w", rng.IntN(200)))
		}
		return ws
	}
	items := make([]Item, n)
	for i := range items {
		day := rng.IntN(60)
		title := words(4)
		switch {
		case i < 40:
			day, title = 30, append(title, "tight")
		case i < 65:
			day, title = 37, append(title, "tight")
		case i < 129:
			day, title = 65, append(title, "full")
		case i < 139:
			day, title = 5, append(title, "full")
		case i < 209:
			day, title = 59, append(title, "seam")
		}
		if day >= 10 && day < 13 || rng.IntN(50) == 0 {
			title = append(title, "surge")
		}
		url := fmt.Sprintf("https://s.example/%d", i)
		switch rng.IntN(20) {
		case 0:
			url = "https://s.example/same"
		case 1:
			url = fmt.Sprintf("https://s.example/%d", rng.IntN(i+1))
		}
		items[i] = Item{
			ID: fmt.Sprintf("e%05d", i), Title: strings.Join(title, " "), Summary: strings.Join(words(6), " "),
			URL: url, Lang: "en", Date: start.AddDate(0, 0, day), Entities: []string{fmt.Sprint("c", rng.IntN(5))},
		}
		if i >= 179 && i < 209 || rng.IntN(30) == 0 && i >= 209 {
			items[i].Date = time.Time{}
		}
	}
	return items
}

func firstEdgeDiff(got, want []edge) string {
	for k := range min(len(got), len(want)) {
		if got[k] != want[k] {
			return "got " + edgeString(got[k]) + ", want " + edgeString(want[k])
		}
	}
	return "in the length"
}

func edgeString(e edge) string { return fmt.Sprintf("(%d, %d) %.3f", e.a, e.b, e.s) }

// bruteCandidates tries every pair of c's items.
func bruteCandidates(c *clusterer) []edge {
	n := len(c.items)
	window := int64(c.opt.Window.Seconds())
	df := map[uint32]int32{}
	key := map[uint32]bool{}
	for i := range c.items {
		for _, f := range c.items[i].vec {
			df[f.id]++
		}
		c.items[i].eachKey(func(k uint32) { df[k]++; key[k] = true })
	}
	limit := int32(maxPosting(n))
	span := int64(1)
	var first, last int64
	dated := 0
	for i := range c.items {
		if c.items[i].dated {
			if dated == 0 {
				first = c.items[i].t
			}
			last, dated = c.items[i].t, dated+1
		}
	}
	if dated > 0 && window > 0 {
		span = max(1, (last-first)/window+1)
	}
	hard := int32(min(int64(n), int64(limit)*span))
	inWindow := func(a, b *prepared) bool {
		return a.dated == b.dated && (!a.dated || math.Abs(float64(b.t-a.t)) <= float64(window))
	}
	usable := func(f uint32) bool {
		d := df[f]
		if d < 2 || d > hard {
			return false
		}
		if d <= limit {
			return true
		}
		if c.ent[f] {
			return false
		}
		for b := range c.items { // too many within a window ending at b?
			if !has(&c.items[b], f) {
				continue
			}
			k := int32(0)
			for a := 0; a <= b; a++ {
				if has(&c.items[a], f) && inWindow(&c.items[a], &c.items[b]) {
					k++
				}
			}
			if k > limit {
				return false
			}
		}
		return true
	}
	ok := map[uint32]bool{}
	for f := range df {
		ok[f] = usable(f)
	}
	var edges []edge
	for i := range n {
		for j := i + 1; j < n; j++ {
			a, b := &c.items[i], &c.items[j]
			keyed, touched := false, false
			a.eachKey(func(k uint32) {
				b.eachKey(func(l uint32) { keyed = keyed || k == l && ok[k] })
			})
			var acc float32
			if inWindow(a, b) {
				for _, f := range a.vec {
					for _, g := range b.vec {
						if f.id == g.id && ok[f.id] {
							acc += f.w * g.w
							touched = true
						}
					}
				}
			}
			if keyed || touched && (acc >= candidateMin || c.twoLanguages(i, j)) {
				if v, _ := c.score(i, j, false); v >= edgeMin {
					edges = append(edges, edge{a: int32(i), b: int32(j), s: v})
				}
			}
		}
	}
	return edges
}

func has(p *prepared, f uint32) bool {
	return slices.ContainsFunc(p.vec, func(x feat) bool { return x.id == f })
}
