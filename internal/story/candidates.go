package story

import "sort"

// maxPosting is how many items may share a feature before it stops
// finding candidates (it still counts in the score): "the" or "google" in
// 50,000 items would make every pair a candidate.
func maxPosting(n int) int { return max(64, n/200) }

// posting is one item having a feature, with the feature's weight in it.
type posting struct {
	i int32
	w float32
}

func buildPostings(items []prepared, d *dict, nfeat int) [][]posting {
	limit := int32(maxPosting(len(items)))
	// A feature's list has exactly df entries (an item has a feature or a
	// key once): all lists are cut from one array.
	total := 0
	for _, df := range d.df[:nfeat] {
		if df >= 2 && df <= limit {
			total += int(df)
		}
	}
	flat := make([]posting, total)
	post := make([][]posting, nfeat)
	off := 0
	for f, df := range d.df[:nfeat] {
		if df >= 2 && df <= limit {
			post[f] = flat[off : off : off+int(df)]
			off += int(df)
		}
	}
	for i := range items {
		p := &items[i]
		for _, f := range p.vec {
			if post[f.id] != nil {
				post[f.id] = append(post[f.id], posting{int32(i), f.w})
			}
		}
		for _, k := range p.keys {
			if post[k] != nil {
				post[k] = append(post[k], posting{int32(i), 0})
			}
		}
	}
	return post
}

// candidates scores every pair that shares an uncommon feature or a key
// within the window, and returns the pairs that score at least edgeMin,
// ordered by (a, b).
func (c *clusterer) candidates() []edge {
	n := len(c.items)
	acc := make([]float32, n)
	keyed := make([]bool, n)
	var touched []int32
	var edges []edge
	// Items visit the lists they are in in ascending order: at[f] is where
	// the current item stands in list f.
	at := make([]int32, len(c.postings))
	for i := 0; i < n; i++ {
		p := &c.items[i]
		touched = touched[:0]
		visit := func(f uint32, w float32, key bool) {
			list := c.postings[f]
			k := at[f]
			at[f]++
			for _, q := range list[k+1:] {
				j := q.i
				if !key && !c.inWindow(i, int(j)) {
					break // later items are later still
				}
				if acc[j] == 0 && !keyed[j] {
					touched = append(touched, j)
				}
				if key {
					keyed[j] = true
				} else {
					acc[j] += w * q.w
				}
			}
		}
		for _, f := range p.vec {
			if c.postings[f.id] != nil {
				visit(f.id, f.w, false)
			}
		}
		for _, k := range p.keys {
			if c.postings[k] != nil {
				visit(k, 0, true)
			}
		}
		sort.Slice(touched, func(a, b int) bool { return touched[a] < touched[b] })
		for _, j := range touched {
			if keyed[j] || acc[j] >= candidateMin {
				if s, _ := c.score(i, int(j), false); s >= edgeMin {
					edges = append(edges, edge{a: int32(i), b: j, s: s})
				}
			}
			acc[j], keyed[j] = 0, false
		}
	}
	return edges
}
