package story

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// groups is a union-find over item indices; a group's root is its
// smallest index, its earliest item.
type groups struct {
	parent []int32
	size   []int32
	// why holds the editor's reason an item is in its group, for the
	// few items an editor placed.
	why map[int32]Signal
	// fixed items take no automatic pairs: split out or pinned by hand.
	fixed []bool
	// pin is the story name an editor gave the group of a root.
	pin map[int32]string
}

func (g *groups) find(i int32) int32 {
	for g.parent[i] != i {
		g.parent[i] = g.parent[g.parent[i]]
		i = g.parent[i]
	}
	return i
}

func (g *groups) union(a, b int32) int32 {
	a, b = g.find(a), g.find(b)
	if a == b {
		return a
	}
	if b < a {
		a, b = b, a
	}
	g.parent[b] = a
	g.size[a] += g.size[b]
	if p, ok := g.pin[b]; ok {
		if q, ok := g.pin[a]; !ok || p < q {
			g.pin[a] = p
		}
		delete(g.pin, b)
	}
	return a
}

// editorGroups applies the editors' word: own isolates an item, a pin
// joins the story it names, an event's related items join its story
// unless their own story: value places them.
func (c *clusterer) editorGroups() *groups {
	n := len(c.items)
	g := &groups{parent: make([]int32, n), size: make([]int32, n), why: map[int32]Signal{}, fixed: make([]bool, n), pin: map[int32]string{}}
	for i := range g.parent {
		g.parent[i], g.size[i] = int32(i), 1
	}
	own := func(i int32) bool { return c.items[i].it.story() == Own }
	named := map[string]int32{} // pins that name no item: first pinned item
	for i := range c.items {
		pin := c.items[i].it.story()
		switch pin {
		case "":
		case Own:
			g.fixed[i] = true
			g.why[int32(i)] = Signal{Name: "own", Score: sure}
		default:
			g.fixed[i] = true
			g.why[int32(i)] = Signal{Name: "pin", Score: sure, Detail: []string{pin}}
			t, ok := c.index(pin)
			if pin == c.id(int32(i)) {
				t, ok = int32(i), true // itself, not an earlier item of its ID
			}
			if !ok || own(t) {
				if t, ok = named[pin]; !ok {
					named[pin], t = int32(i), int32(i)
				}
			}
			r := g.union(int32(i), t)
			if q, ok := g.pin[r]; !ok || pin < q {
				g.pin[r] = pin
			}
		}
	}
	// An item's own story: value (own or a pin) places it: another's
	// related list does not move it, nor join the two stories.
	placedBy := func(i int32) bool { return c.items[i].it.story() != "" }
	for i := range c.items {
		it := c.items[i].it
		if own(int32(i)) {
			continue
		}
		for _, id := range it.related() {
			if j, ok := c.index(id); ok && !placedBy(j) && int(j) != i {
				g.union(int32(i), j)
				if _, ok := g.why[j]; !ok {
					g.why[j] = Signal{Name: "related", Score: sure, Detail: []string{c.id(int32(i))}}
				}
			}
		}
	}
	return g
}

// candidate is a possible merge of two groups with their mean pair score;
// va and vb are the groups' versions when it was computed.
type candidate struct {
	a, b   int32
	mean   float64
	va, vb int32
}

// byMean is a binary heap of candidates, the highest mean on top (then
// the smallest a, then b): container/heap's algorithm without boxing each
// candidate in an interface.
type byMean []candidate

func (h byMean) less(i, j int) bool {
	if h[i].mean != h[j].mean {
		return h[i].mean > h[j].mean
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	return h[i].b < h[j].b
}

func (h *byMean) push(x candidate) {
	*h = append(*h, x)
	q := *h
	for j := len(q) - 1; j > 0; {
		i := (j - 1) / 2 // parent
		if i == j || !q.less(j, i) {
			break
		}
		q[i], q[j] = q[j], q[i]
		j = i
	}
}

func (h *byMean) pop() candidate {
	q := *h
	n := len(q) - 1
	q[0], q[n] = q[n], q[0]
	for i := 0; ; {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 {
			break
		}
		j := j1 // left child
		if j2 := j1 + 1; j2 < n && q.less(j2, j1) {
			j = j2
		}
		if !q.less(j, i) {
			break
		}
		q[i], q[j] = q[j], q[i]
		i = j
	}
	x := q[n]
	*h = q[:n]
	return x
}

// merge joins groups by average linkage: the pair of groups with the
// highest mean score over all pairs of their members (a pair never scored
// counts as zero; members an editor placed, which take no automatic
// pairs, are left out) merges while that mean reaches the threshold. Groups
// with editors' pins on both sides never merge, nor two waves of
// coverage (see waves).
func (c *clusterer) merge(g *groups, edges []edge) *groups {
	adj := newAdjacency(len(g.parent), edges, g.find, func(e edge) bool { return g.fixed[e.a] || g.fixed[e.b] })
	// A group's size in the mean counts its members that take automatic
	// pairs: an item an editor placed has none, and counted it would
	// dilute the mean of its story with every other group (a report
	// pinned into a story split the story's other reports off).
	free := make([]int32, len(g.parent))
	for i := range g.parent {
		if !g.fixed[i] {
			free[g.find(int32(i))]++
		}
	}
	ver := make([]int32, len(g.parent))
	w := c.newWaves(g)
	h := &byMean{}
	push := func(a, b int32) {
		if a > b {
			a, b = b, a
		}
		if _, pa := g.pin[a]; pa {
			if _, pb := g.pin[b]; pb {
				return
			}
		}
		if free[a] == 0 || free[b] == 0 {
			return
		}
		m := adj.score(a, b) / (float64(free[a]) * float64(free[b]))
		if m >= c.opt.Threshold {
			h.push(candidate{a, b, m, ver[a], ver[b]})
		}
	}
	for a, row := range adj {
		for _, nb := range row {
			if int32(a) < nb.g {
				push(int32(a), nb.g)
			}
		}
	}
	for len(*h) > 0 {
		x := h.pop()
		if ver[x.a] != x.va || ver[x.b] != x.vb || g.find(x.a) != x.a || g.find(x.b) != x.b {
			continue
		}
		if w.apart(x.a, x.b) {
			continue
		}
		keep := g.union(x.a, x.b)
		gone := x.a + x.b - keep
		free[keep] += free[gone]
		w.join(keep, gone)
		for _, nb := range adj[gone] {
			if nb.g == keep {
				continue
			}
			adj.add(keep, nb.g, nb.s)
			adj.add(nb.g, keep, nb.s)
			adj.remove(nb.g, gone)
		}
		adj.remove(keep, gone)
		adj[gone] = nil
		ver[keep]++
		ver[gone]++
		for _, nb := range adj[keep] {
			push(keep, nb.g)
		}
	}
	return g
}

// result turns the groups into stories, each member with its reason.
func (c *clusterer) result(g *groups, edges []edge) *Result {
	n := len(c.items)
	best := make([]int32, n)
	bestS := make([]float64, n)
	for i := range best {
		best[i] = -1
	}
	for _, e := range edges {
		if g.find(e.a) != g.find(e.b) {
			continue
		}
		if e.s > bestS[e.a] {
			best[e.a], bestS[e.a] = e.b, e.s
		}
		if e.s > bestS[e.b] {
			best[e.b], bestS[e.b] = e.a, e.s
		}
	}
	res := &Result{}
	var size []int32 // root → members, with Several
	if c.opt.Several {
		size = make([]int32, n)
		for i := range n {
			size[g.find(int32(i))]++
		}
	}
	at := make([]int32, n) // root → story index + 1
	for i := 0; i < n; i++ {
		r := g.find(int32(i))
		if size != nil && size[r] < 2 {
			continue
		}
		k := int(at[r]) - 1
		if k < 0 {
			id := c.id(r)
			if p, ok := g.pin[r]; ok {
				id = p
			}
			k = len(res.Stories)
			at[r] = int32(k + 1)
			res.Stories = append(res.Stories, Story{ID: id})
		}
		m := Member{ID: c.id(int32(i))}
		why, placed := g.why[int32(i)]
		switch {
		case placed:
			m.Score = why.Score
			if !c.opt.Brief {
				m.Signals = []Signal{why}
			}
		case best[i] >= 0:
			m.Via = c.id(best[i])
			m.Score, m.Signals = c.score(min(i, int(best[i])), max(i, int(best[i])), !c.opt.Brief)
			m.Score = round3(m.Score)
		}
		res.Stories[k].Members = append(res.Stories[k].Members, m)
	}
	slices.SortStableFunc(res.Stories, func(a, b Story) int { return strings.Compare(a.ID, b.ID) })
	for i := range c.items {
		it := c.items[i].it
		if pin := it.story(); pin != "" && pin != Own {
			if _, ok := c.index(pin); !ok {
				res.Unknown = append(res.Unknown, c.id(int32(i)))
			}
		}
	}
	sort.Strings(res.Unknown)
	res.Unknown = slices.Compact(res.Unknown)
	return res
}

// A wave is the coverage an event gets at once: at least waveReports
// reports within waveSpan. Two groups that each have a wave, the first
// waves more than waveGap apart, are two events of one matter (a filing
// and the court's order on it days later), however alike their words and
// companies: one event's later reports come as a trickle of reactions,
// not as a second wave. A group's wave, not its first report, dates it:
// one early stray member does not move it.
const (
	waveSpan    = 12 * 3600
	waveGap     = 24 * 3600
	waveReports = 5
)

// waves holds, per group root, the dates of its dated reports, ascending,
// and the start of its first wave (noWave for none). A lone item has no
// dates (its own date stands for it): most items are alone, and a slice
// an item, even empty, took 24 MB at a million items.
type waves struct {
	c     *clusterer
	dates map[int32][]int64
	start []int64
}

const noWave = math.MinInt64

func (c *clusterer) newWaves(g *groups) *waves {
	w := &waves{c: c, dates: map[int32][]int64{}, start: make([]int64, len(c.items))}
	for i := range c.items {
		w.start[i] = noWave
		if r := g.find(int32(i)); r != int32(i) || g.size[r] > 1 {
			if c.items[i].dated {
				w.dates[r] = append(w.dates[r], c.items[i].t)
			}
		}
	}
	for r, ts := range w.dates {
		slices.Sort(ts)
		w.start[r] = firstWave(ts)
	}
	return w
}

// firstWave is the date of the first report of the first wave in sorted
// dates, or noWave.
func firstWave(ts []int64) int64 {
	for i := 0; i+waveReports <= len(ts); i++ {
		if ts[i+waveReports-1]-ts[i] <= waveSpan {
			return ts[i]
		}
	}
	return noWave
}

// apart reports whether groups a and b each have a wave, the two more
// than waveGap apart.
func (w *waves) apart(a, b int32) bool {
	x, y := w.start[a], w.start[b]
	if x == noWave || y == noWave {
		return false
	}
	return x-y > waveGap || y-x > waveGap
}

// join gives group keep the dates of keep and gone together.
func (w *waves) join(keep, gone int32) {
	ts := append(w.of(keep), w.of(gone)...)
	slices.Sort(ts)
	w.dates[keep] = ts
	delete(w.dates, gone)
	w.start[keep], w.start[gone] = firstWave(ts), noWave
}

// of is the dates of group r, a lone item's date made a slice.
func (w *waves) of(r int32) []int64 {
	if ts := w.dates[r]; ts != nil {
		return ts
	}
	if p := &w.c.items[r]; p.dated {
		return []int64{p.t}
	}
	return nil
}
