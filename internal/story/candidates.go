package story

import (
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// maxPosting is how many items within one Window may share a feature
// before it stops finding candidates (it still counts in the score): "the"
// or "google" in 50,000 items would make every pair a candidate. A feature
// named in many items over the years but in few in any week ("activision")
// still finds them: what a list costs is its pairs within the window.
// Entities and keys stay under the plain limit: a company in the news every
// day would make every pair of its week a candidate.
func maxPosting(n int) int { return max(64, n/200) }

// posting is one item having a feature, with the feature's weight in it.
type posting struct {
	i int32
	w float32
}

// postings are every feature's list, cut from one array: a feature's
// list is flat[lo[f]:hi[f]]. Two offsets a feature instead of a slice's
// three words (a 100k archive has ~2.6 distinct features an item).
type postings struct {
	flat   []posting
	lo, hi []int32
}

// list is feature f's list; empty for a feature too common to find
// candidates with, or named by one item.
func (p *postings) list(f uint32) []posting { return p.flat[p.lo[f]:p.hi[f]] }

func buildPostings(items []prepared, d *dict, nfeat int, window int64) *postings {
	limit := int32(maxPosting(len(items)))
	// A list longer than many windows' worth cannot be sparse in time
	// everywhere: it is not built.
	span := int64(1)
	if len(items) > 0 && items[0].dated && window > 0 {
		last := 0
		for last+1 < len(items) && items[last+1].dated {
			last++
		}
		span = max(1, (items[last].t-items[0].t)/window+1)
	}
	hard := int32(min(int64(len(items)), int64(limit)*span))
	// A feature's list has exactly df entries (an item has a feature or a
	// key once): all lists are cut from one array.
	total := 0
	for _, df := range d.df[:nfeat] {
		if df >= 2 && df <= hard {
			total += int(df)
		}
	}
	// A list is built when it is at least two long: lo is where it
	// starts, hi where it has been filled to; other features' are empty.
	post := &postings{flat: make([]posting, total), lo: make([]int32, nfeat), hi: make([]int32, nfeat)}
	built := func(f uint32) bool { df := d.df[f]; return df >= 2 && df <= hard }
	off := int32(0)
	for f := range nfeat {
		post.lo[f], post.hi[f] = off, off
		if built(uint32(f)) {
			off += d.df[f]
		}
	}
	add := func(f uint32, q posting) {
		if built(f) {
			post.flat[post.hi[f]] = q
			post.hi[f]++
		}
	}
	for i := range items {
		p := &items[i]
		for _, f := range p.vec {
			add(f.id, posting{int32(i), f.w})
		}
		p.eachKey(func(k uint32) { add(k, posting{int32(i), 0}) })
	}
	for f, df := range d.df[:nfeat] {
		if df > limit && built(uint32(f)) && (d.ent[f] || dense(post.list(uint32(f)), items, window, int(limit))) {
			post.hi[f] = post.lo[f]
		}
	}
	return post
}

// dense reports whether more than limit items of a list (in item order)
// fall within one window; undated items are all one window.
func dense(list []posting, items []prepared, window int64, limit int) bool {
	lo := 0
	for hi, q := range list {
		b := &items[q.i]
		for {
			a := &items[list[lo].i]
			if a.dated == b.dated && (!a.dated || b.t-a.t <= window) {
				break
			}
			lo++
		}
		if hi-lo+1 > limit {
			return true
		}
	}
	return false
}

// candidates scores every pair that shares an uncommon feature or a key
// within the window, and returns the pairs that score at least edgeMin,
// ordered by (a, b). An item's pairs with the items after it need nothing
// of the items before, so runs of items are scanned on every core and
// their pairs joined in order.
func (c *clusterer) candidates() []edge {
	n := len(c.items)
	// Items i < j may report one event when both are undated or both
	// dated within the window. On dense dates: items [0, dated) have a
	// date, the rest none (they sort last).
	times := make([]int64, n)
	dated := n
	for i := range c.items {
		times[i] = c.items[i].t
		if !c.items[i].dated && dated == n {
			dated = i
		}
	}
	size := 4 * max(1, c.par.chunk) // items a run
	runs := make([][]edge, (n+size-1)/size)
	var next atomic.Int32
	scanRuns := func() {
		s := &scan{c: c, times: times, dated: dated, acc: make([]float32, n), keyed: make([]bool, n),
			at: make([]int32, len(c.postings.lo)), run: make([]int32, len(c.postings.lo))}
		for k := int(next.Add(1)) - 1; k < len(runs); k = int(next.Add(1)) - 1 {
			runs[k] = s.pairs(k*size, min(n, (k+1)*size), int32(k+1))
		}
	}
	// The caller scans runs too, beside par.workers-1 goroutines.
	var wg sync.WaitGroup
	for range min(c.par.workers, len(runs)) - 1 {
		wg.Go(scanRuns)
	}
	scanRuns()
	wg.Wait()
	return slices.Concat(runs...)
}

// scan is one goroutine's state in candidates.
type scan struct {
	c     *clusterer
	times []int64
	dated int
	acc   []float32
	keyed []bool
	// Items visit the lists they are in in ascending order: at[f] is where
	// the current item stands in list f, when run[f] is the current run
	// (else found by a search in the list).
	at, run []int32
	touched []int32
}

// pairs scores the pairs (i, j) of items i in [lo, hi), any j > i; run
// numbers the run from 1.
func (s *scan) pairs(lo, hi int, run int32) []edge {
	c, times, dated := s.c, s.times, s.dated
	acc, keyed, at := s.acc, s.keyed, s.at
	var edges []edge
	window := int64(c.opt.Window.Seconds())
	for i := lo; i < hi; i++ {
		p := &c.items[i]
		s.touched = s.touched[:0]
		until := times[i] + window // the last date in the window of a dated item
		visit := func(f uint32, w float32, key bool) {
			list := c.postings.list(f)
			if s.run[f] != run {
				// The items before i in the list are those before the run.
				s.run[f] = run
				at[f] = int32(sort.Search(len(list), func(x int) bool { return int(list[x].i) >= i }))
			}
			x := at[f]
			at[f]++
			for _, q := range list[x+1:] {
				j := q.i
				// Later items in the list are later still: the first out
				// of the window ends it.
				if !key && (int(j) < dated && times[j] > until || int(j) >= dated && i < dated) {
					break
				}
				if acc[j] == 0 && !keyed[j] {
					s.touched = append(s.touched, j)
				}
				if key {
					keyed[j] = true
				} else {
					acc[j] += w * q.w
				}
			}
		}
		for _, f := range p.vec {
			if c.postings.hi[f.id] > c.postings.lo[f.id] {
				visit(f.id, f.w, false)
			}
		}
		p.eachKey(func(k uint32) {
			if c.postings.hi[k] > c.postings.lo[k] {
				visit(k, 0, true)
			}
		})
		slices.Sort(s.touched)
		for _, j := range s.touched {
			if keyed[j] || acc[j] >= candidateMin || c.twoLanguages(i, int(j)) {
				if v, _ := c.score(i, int(j), false); v >= edgeMin {
					edges = append(edges, edge{a: int32(i), b: j, s: v})
				}
			}
			acc[j], keyed[j] = 0, false
		}
	}
	return edges
}

// twoLanguages reports whether items i and j are in two known languages
// and share an entity. Such a pair is scored whatever words it shares: a
// Polish report of an English event shares a few names, under the partial
// product that finds pairs of one language, and stands on its entities
// and kind of event.
func (c *clusterer) twoLanguages(i, j int) bool {
	a, b := &c.items[i], &c.items[j]
	return a.lang != b.lang && a.lang != 0 && b.lang != 0 && shareAny(a.it.Entities, b.it.Entities)
}
