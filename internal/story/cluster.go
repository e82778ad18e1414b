package story

import (
	"cmp"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Pair scores at or above sure are the same article (URL or body copy).
const (
	sure         = 1.0
	nearDup      = 0.6  // sketch resemblance of a syndicated copy
	candidateMin = 0.08 // partial dot product that earns a full score
	edgeMin      = 0.10 // pair scores below count as nothing
)

// edge is a scored pair of item indices, a < b.
type edge struct {
	a, b int32
	s    float64
}

// Cluster groups items into stories. See the package documentation for
// the order of evaluation.
func Cluster(items []Item, opt Options) *Result { return ClusterFrom(slice(items), opt) }

// Source gives ClusterFrom its items: Len of them, the date and ID of
// item i (Key, for the order, and again for the items whose ID the
// clustering compares or returns), and item i whole (Item), asked for
// once an item, roughly in date order and from several goroutines at
// once. A caller with a large archive makes each item (and ID) when
// asked and need not hold them all: the clustering keeps of each only
// what it compares (see kept), a few hundred bytes an item less.
type Source interface {
	Len() int
	Key(i int) (date time.Time, id string)
	Item(i int) Item
}

// slice is the Source of items held in a slice.
type slice []Item

func (s slice) Len() int                      { return len(s) }
func (s slice) Key(i int) (time.Time, string) { return s[i].Date, s[i].ID }
func (s slice) Item(i int) Item               { return s[i] }

// ClusterFrom is Cluster over the items of src.
func ClusterFrom(src Source, opt Options) *Result {
	return clusterFrom(src, opt, defaultParallel())
}

// parallel is how the drafting of features is shared out: over workers
// goroutines (the caller's and workers-1 more), chunk items at a time;
// and the scan for candidates over as many, four chunks' worth of items
// at a time, block dated items' words listed at a time (all, if 0).
type parallel struct{ workers, chunk, block int }

// defaultParallel uses up to maxWorkers cores, a few hundred items a
// chunk: few enough in flight that a lazy Source's items are never all
// held at once.
func defaultParallel() parallel {
	return parallel{workers: min(runtime.GOMAXPROCS(0), maxWorkers), chunk: 256, block: 1 << 15}
}

// maxWorkers caps the goroutines: each scans candidates with arrays as
// long as the items and the features (~30 MB at a million items), which
// a 32-core machine would hold 32 times at the clustering's peak.
const maxWorkers = 4

func clusterFrom(src Source, opt Options, par parallel) *Result {
	c := newClusterer(src, opt, par)
	edges := c.candidates()
	c.lists = nil // read by candidates alone: let it go before the merge
	group := c.editorGroups()
	group = c.merge(group, edges)
	return c.result(group, edges)
}

type clusterer struct {
	opt    Options
	par    parallel
	src    Source
	items  []prepared
	kept   []kept       // by the index of items
	idHash []uint64     // by the index of items: a hash of the item's ID
	seed   maphash.Seed // of idHash
	byID   []int32      // item indices sorted by idHash, then index; see index
	ent    []bool       // by feature ID: an entity, jurisdiction or key, not a word
	langs  langTable
	// lists are, per feature, the items that have it that candidates
	// reads: see lists.
	lists *lists
}

// id is item i's ID, asked of the source again.
func (c *clusterer) id(i int32) string {
	_, id := c.src.Key(int(c.items[i].it.src))
	return id
}

// index returns the index of the first item with ID id. The index is
// made when first asked for: only editors' pins and related lists look
// items up by ID, and most archives have few or none. It is the items'
// numbers sorted by the hashes of their IDs, 4 bytes an item; the IDs of
// the items whose hash matches are asked of the source.
func (c *clusterer) index(id string) (int32, bool) {
	if c.byID == nil {
		c.byID = make([]int32, len(c.items))
		for i := range c.byID {
			c.byID[i] = int32(i)
		}
		slices.SortFunc(c.byID, func(a, b int32) int {
			return cmp.Or(cmp.Compare(c.idHash[a], c.idHash[b]), cmp.Compare(a, b))
		})
	}
	h := maphash.String(c.seed, id)
	k, _ := slices.BinarySearchFunc(c.byID, h, func(i int32, h uint64) int { return cmp.Compare(c.idHash[i], h) })
	for ; k < len(c.byID) && c.idHash[c.byID[k]] == h; k++ {
		if c.id(c.byID[k]) == id {
			return c.byID[k], true
		}
	}
	return 0, false
}

// sortKey is an item's place in the order: date (dated first), ID, then
// its index in the Source.
type sortKey struct {
	t     int64
	id    string
	i     int32
	dated bool
}

func newClusterer(src Source, opt Options, par parallel) *clusterer {
	n := src.Len()
	c := &clusterer{opt: opt, par: par, src: src, items: make([]prepared, n), kept: make([]kept, n),
		idHash: make([]uint64, n), seed: maphash.MakeSeed()}
	// The order is sorted as small keys, not as prepared items: a stable
	// sort moving whole items costs more than all the rest of this. The
	// input index breaks ties, as a stable sort would.
	order := make([]sortKey, n)
	for i := range order {
		k := &order[i]
		k.i = int32(i)
		var date time.Time
		date, k.id = src.Key(i)
		if k.dated = !date.IsZero(); k.dated {
			k.t = date.Unix()
		}
	}
	slices.SortFunc(order, func(a, b sortKey) int {
		if a.dated != b.dated {
			if a.dated {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.t, b.t), strings.Compare(a.id, b.id), cmp.Compare(a.i, b.i))
	})
	for i := range order {
		order[i].id = "" // sorted: let the IDs go
	}
	d := newDict(n)
	c.prepare(src, order, d, par)
	order = nil
	d.slots, d.hash = nil, nil // every feature has its ID
	c.ent = d.ent
	// A feature's IDF, once a feature rather than once an item having it.
	idf := make([]float32, len(d.df))
	for f, df := range d.df {
		idf[f] = float32(math.Log(float64(len(c.items)+1)/float64(df+1)) + 1)
	}
	for i := range c.items {
		c.items[i].weigh(c.ent, idf)
	}
	c.freshAmounts()
	c.lists = newLists(c.items, d, int64(opt.Window.Seconds()))
	return c
}

// freshAmounts keeps apart, for each item, the amounts that no report of
// the same matter (one sharing a company or authority) named more than a
// Window before it: the news of the day (a fine, a price). An amount an
// older report of the matter named is a standing figure, such as a deal's
// value, that reports of every step repeat: sharing it earns no bonus (and
// no penalty). Undated items' amounts count as news.
func (c *clusterer) freshAmounts() {
	type seen struct {
		v float64
		i int32
	}
	// maxLook bounds the older reports an amount is checked against: a
	// round amount named in thousands of items costs no more.
	const maxLook = 64
	named := map[int64][]seen{} // amount bucket → reports naming it, in order
	step := math.Log1p(c.opt.AmountTolerance)
	window := int64(c.opt.Window.Seconds())
	for i := range c.items {
		p := &c.items[i]
		if p.x == nil {
			continue
		}
		if !p.dated || step <= 0 || len(p.it.Entities) == 0 {
			p.x.news = p.x.amounts
			continue
		}
		for _, v := range p.x.amounts {
			if !(v > 0) {
				continue
			}
			b := int64(math.Floor(math.Log(v) / step))
			stale := false
			for k := b - 1; k <= b+1 && !stale; k++ {
				list := named[k]
				for n := len(list) - 1; n >= max(0, len(list)-maxLook); n-- {
					x := list[n]
					q := &c.items[x.i]
					if p.t-q.t <= window || math.Abs(x.v-v) > c.opt.AmountTolerance*math.Max(x.v, v) {
						continue
					}
					if shareAny(p.it.Entities, q.it.Entities) {
						stale = true
						break
					}
				}
			}
			named[b] = append(named[b], seen{v, int32(i)})
			if !stale {
				p.x.news = append(p.x.news, v)
			}
		}
	}
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// score is the pair score of items i and j with the signals behind it.
func (c *clusterer) score(i, j int, why bool) (float64, []Signal) {
	a, b := &c.items[i], &c.items[j]
	var sigs []Signal
	if why {
		sigs = make([]Signal, 0, 6) // text, entities, amount, event, time
	}
	if a.url != 0 && a.url == b.url {
		if why {
			sigs = append(sigs, Signal{Name: "url", Score: sure, Detail: []string{a.it.URL}})
		}
		return sure, sigs
	}
	if r := resemblance(a.sketch(), b.sketch()); r >= nearDup && c.near(a, b) {
		if why {
			sigs = append(sigs, Signal{Name: "body", Score: round3(r)})
		}
		return sure, sigs
	}
	var text, ents float64
	var shared []string
	x, y := a.vec, b.vec
	for len(x) > 0 && len(y) > 0 {
		switch {
		case x[0].id < y[0].id:
			x = x[1:]
		case x[0].id > y[0].id:
			y = y[1:]
		default:
			p := float64(x[0].w) * float64(y[0].w)
			if c.ent[x[0].id] {
				ents += p
			} else {
				text += p
			}
			x, y = x[1:], y[1:]
		}
	}
	s := text + c.opt.EntityWeight*ents
	if why {
		sigs = append(sigs, Signal{Name: "text", Score: round3(text)})
		shared = sharedEntities(a.it, b.it)
		sigs = append(sigs, Signal{Name: "entities", Score: round3(ents), Detail: shared})
	}
	if len(a.amounts()) > 0 && len(b.amounts()) > 0 {
		_, shared := sameAmount(a.amounts(), b.amounts(), c.opt.AmountTolerance)
		if v, ok := sameAmount(a.news(), b.news(), c.opt.AmountTolerance); ok {
			s += c.opt.AmountBonus
			if why {
				sigs = append(sigs, Signal{Name: "amount", Score: c.opt.AmountBonus, Detail: []string{usdString(v)}})
			}
		} else if !shared {
			s -= c.opt.AmountPenalty
			if why {
				sigs = append(sigs, Signal{Name: "amount", Score: -c.opt.AmountPenalty})
			}
		}
	}
	switch {
	case a.event&b.event != 0:
		s += c.opt.EventBonus
		if why {
			sigs = append(sigs, Signal{Name: "event", Score: c.opt.EventBonus, Detail: eventNames(int(a.event & b.event))})
		}
	case a.event != 0 && b.event != 0:
		s -= c.opt.EventPenalty
		if why {
			sigs = append(sigs, Signal{Name: "event", Score: -c.opt.EventPenalty})
		}
	}
	if a.dated && b.dated && c.opt.Window > 0 {
		days := math.Abs(float64(b.t-a.t)) / c.opt.Window.Seconds()
		f := 1 - c.opt.Decay*math.Min(days, 1)
		s *= f
		if why {
			sigs = append(sigs, Signal{Name: "time", Score: round3(f)})
		}
	}
	return min(s, sure), sigs
}

// near reports whether two items are within a Window of each other, or
// either is undated: a copy of a body is a syndicated copy then, and years
// apart only a shared footer or a reprint.
func (c *clusterer) near(a, b *prepared) bool {
	return !a.dated || !b.dated || c.opt.Window <= 0 || max(a.t-b.t, b.t-a.t) <= int64(c.opt.Window.Seconds())
}

func sharedEntities(a, b *kept) []string {
	var out []string
	for _, e := range a.Entities {
		if slices.Contains(b.Entities, e) && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	sort.Strings(out)
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func usdString(v float64) string {
	switch {
	case v >= 1e9:
		return "$" + trimFloat(v/1e9) + " billion"
	default:
		return "$" + trimFloat(v/1e6) + " million"
	}
}

func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(strconv.FormatFloat(v, 'f', 2, 64), "0"), ".")
}
