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

// lists are the items having each feature that finds candidates, in
// item order: a feature's list is words[lo[f]:hi[f]] for a word, an
// entity or a jurisdiction, keys[lo[f]:hi[f]] for a key. Words' lists
// cover one block of items at a time (fill), as the window bounds which
// items pair on a word: a million items' lists at once took ~0.3 GB.
// Keys (a URL, a body's sketch) pair items however far apart: their
// lists cover every item, and few items share one.
type lists struct {
	usable []bool // by feature: its list finds candidates
	key    []bool // by feature: a key's, whose list is in keys
	lo, hi []int32
	words  []posting
	keys   []posting
	filled []uint32 // the features fill gave a list, which clear empties
}

// newLists decides which features find candidates and makes the keys'
// lists. A feature finds candidates when two or more items have it and
// not too many (maxPosting) within one window, or, for entities and
// keys, at all.
func newLists(items []prepared, d *dict, window int64) *lists {
	nfeat := len(d.df)
	limit := int32(maxPosting(len(items)))
	// A list longer than many windows' worth cannot be sparse in time
	// everywhere: it is not made.
	span := int64(1)
	if len(items) > 0 && items[0].dated && window > 0 {
		last := 0
		for last+1 < len(items) && items[last+1].dated {
			last++
		}
		span = max(1, (items[last].t-items[0].t)/window+1)
	}
	hard := int32(min(int64(len(items)), int64(limit)*span))
	l := &lists{usable: make([]bool, nfeat), key: make([]bool, nfeat), lo: make([]int32, nfeat), hi: make([]int32, nfeat)}
	common := false
	for f, df := range d.df {
		l.usable[f] = df >= 2 && df <= hard && (df <= limit || !d.ent[f])
		common = common || l.usable[f] && df > limit
	}
	if common {
		l.dropDense(items, d.df, limit, window)
	}
	// The keys' lists, as fill makes the words'. A word whose hash met
	// a key's (features.go leaves that to chance) has the key's ID, and
	// finds no candidates as a word.
	total := int32(0)
	for i := range items {
		items[i].eachKey(func(k uint32) {
			l.key[k] = true
			if l.usable[k] {
				l.hi[k]++
			}
		})
	}
	for f := range nfeat {
		if n := l.hi[f]; n > 0 {
			l.lo[f], l.hi[f] = total, total
			total += n
		}
	}
	l.keys = make([]posting, total)
	for i := range items {
		items[i].eachKey(func(k uint32) {
			if l.usable[k] {
				l.keys[l.hi[k]] = posting{int32(i), 0}
				l.hi[k]++
			}
		})
	}
	return l
}

// dropDense marks unusable every word named by more than limit items
// within one window somewhere (undated items are all one window). It
// slides the window over the items in order, counting the words of more
// than limit items in all (hi is the count, zero again when it ends).
func (l *lists) dropDense(items []prepared, df []int32, limit int32, window int64) {
	count := l.hi
	watched := func(f uint32) bool { return l.usable[f] && df[f] > limit }
	leave := func(p *prepared) {
		for _, f := range p.vec {
			if watched(f.id) {
				count[f.id]--
			}
		}
	}
	s := 0 // the first item in the window
	for b := range items {
		p := &items[b]
		for s < b && (p.dated != items[s].dated || p.dated && p.t-items[s].t > window) {
			leave(&items[s])
			s++
		}
		for _, f := range p.vec {
			if watched(f.id) {
				if count[f.id]++; count[f.id] > limit {
					l.usable[f.id] = false // watched no more, counted no more
				}
			}
		}
	}
	clear(count)
}

// fill makes the words' lists of items [lo, end), from an empty state.
func (l *lists) fill(items []prepared, lo, end int) {
	l.filled = l.filled[:0]
	for i := lo; i < end; i++ {
		for _, f := range items[i].vec {
			if l.usable[f.id] && !l.key[f.id] {
				if l.hi[f.id] == 0 {
					l.filled = append(l.filled, f.id)
				}
				l.hi[f.id]++
			}
		}
	}
	total := int32(0)
	for _, f := range l.filled {
		n := l.hi[f]
		l.lo[f], l.hi[f] = total, total
		total += n
	}
	if cap(l.words) < int(total) {
		l.words = make([]posting, total)
	}
	l.words = l.words[:total]
	for i := lo; i < end; i++ {
		for _, f := range items[i].vec {
			if l.usable[f.id] && !l.key[f.id] {
				l.words[l.hi[f.id]] = posting{int32(i), f.w}
				l.hi[f.id]++
			}
		}
	}
}

// clear empties the words' lists fill made.
func (l *lists) clear() {
	for _, f := range l.filled {
		l.lo[f], l.hi[f] = 0, 0
	}
}

// candidates scores every pair that shares an uncommon feature or a key
// within the window, and returns the pairs that score at least edgeMin,
// ordered by (a, b). The items go a block at a time: a dated block's words
// pair it only with the items up to a window past its last, and undated
// items (last in the order) are one block. Within a block, an item's pairs
// with the items after it need nothing of the items before, so runs of
// items are scanned on every core and their pairs joined in order.
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
	window := int64(c.opt.Window.Seconds())
	size := 4 * max(1, c.par.chunk) // items a run
	scans := make([]*scan, max(1, c.par.workers))
	var runs [][]edge
	for lo := 0; lo < n; {
		hi, end := n, n
		if lo < dated {
			hi = dated
			if c.par.block > 0 {
				hi = min(dated, lo+c.par.block)
			}
			last := times[hi-1] + window
			end = hi + sort.Search(dated-hi, func(k int) bool { return times[hi+k] > last })
		}
		c.lists.fill(c.items, lo, end)
		runs = c.scanBlock(runs, lo, hi, size, scans, times, dated)
		c.lists.clear()
		lo = hi
	}
	return slices.Concat(runs...)
}

// scanBlock appends to runs the pairs of the runs of items [lo, hi), on
// as many goroutines as there are scans; it makes the scans it lacks.
func (c *clusterer) scanBlock(runs [][]edge, lo, hi, size int, scans []*scan, times []int64, dated int) [][]edge {
	first := len(runs)
	runs = append(runs, make([][]edge, (hi-lo+size-1)/size)...)
	var next atomic.Int32
	scanRuns := func(w int) {
		if scans[w] == nil {
			n, nfeat := len(c.items), len(c.lists.lo)
			scans[w] = &scan{c: c, times: times, dated: dated, acc: make([]float32, n), keyed: make([]bool, n),
				at: make([]int32, nfeat), run: make([]int32, nfeat)}
		}
		for k := int(next.Add(1)) - 1; lo+k*size < hi; k = int(next.Add(1)) - 1 {
			// Runs are numbered from 1, across blocks.
			runs[first+k] = scans[w].pairs(lo+k*size, min(hi, lo+(k+1)*size), int32(first+k+1))
		}
	}
	// The caller scans runs too, beside the other goroutines.
	var wg sync.WaitGroup
	for w := 1; w < min(len(scans), len(runs)-first); w++ {
		wg.Go(func() { scanRuns(w) })
	}
	scanRuns(0)
	wg.Wait()
	return runs
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
	l := c.lists
	var edges []edge
	window := int64(c.opt.Window.Seconds())
	for i := lo; i < hi; i++ {
		p := &c.items[i]
		s.touched = s.touched[:0]
		until := times[i] + window // the last date in the window of a dated item
		visit := func(f uint32, w float32, list []posting, key bool) {
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
			if l.hi[f.id] > l.lo[f.id] && !l.key[f.id] {
				visit(f.id, f.w, l.words[l.lo[f.id]:l.hi[f.id]], false)
			}
		}
		p.eachKey(func(k uint32) {
			if l.hi[k] > l.lo[k] {
				visit(k, 0, l.keys[l.lo[k]:l.hi[k]], true)
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
