package story

import (
	"cmp"
	"slices"
)

// adjacency is, for each group, its neighbours (the groups it shares
// scored pairs with) and the sum of those scores, sorted by group. Rows
// of slices, not a map of maps: a million items' maps took ~175 MB at
// the clustering's peak, the rows a third of that.
type adjacency [][]neighbour

type neighbour struct {
	g int32
	s float64
}

// newAdjacency sums the edges' scores by pair of groups, each edge's
// endpoints mapped to a group by find; edges that skip says to are left
// out, as are pairs within one group. A pair's scores are summed in the
// order of edges.
func newAdjacency(n int, edges []edge, find func(int32) int32, skip func(edge) bool) adjacency {
	each := func(f func(a, b int32, s float64)) {
		for _, e := range edges {
			if skip(e) {
				continue
			}
			if a, b := find(e.a), find(e.b); a != b {
				f(a, b, e.s)
				f(b, a, e.s)
			}
		}
	}
	deg := make([]int32, n)
	total := 0
	each(func(a, _ int32, _ float64) { deg[a]++; total++ })
	// One array cut into rows, each capped at its own part: a row that
	// grows in the merge moves out of it.
	all := make([]neighbour, total)
	adj := make(adjacency, n)
	at := 0
	for a, d := range deg {
		adj[a] = all[at : at : at+int(d)]
		at += int(d)
	}
	each(func(a, b int32, s float64) { adj[a] = append(adj[a], neighbour{b, s}) })
	for a, row := range adj {
		if len(row) < 2 {
			continue
		}
		slices.SortStableFunc(row, func(x, y neighbour) int { return cmp.Compare(x.g, y.g) })
		k := 0
		for _, x := range row[1:] {
			if x.g == row[k].g {
				row[k].s += x.s
			} else {
				k++
				row[k] = x
			}
		}
		adj[a] = row[:k+1]
	}
	return adj
}

// find returns where b is, or would be, in a's row.
func (adj adjacency) find(a, b int32) (int, bool) {
	return slices.BinarySearchFunc(adj[a], b, func(x neighbour, b int32) int { return cmp.Compare(x.g, b) })
}

// score is the sum of the scores between a and b; 0 if none.
func (adj adjacency) score(a, b int32) float64 {
	if i, ok := adj.find(a, b); ok {
		return adj[a][i].s
	}
	return 0
}

// add adds s to the score between a and b, in a's row only.
func (adj adjacency) add(a, b int32, s float64) {
	i, ok := adj.find(a, b)
	if ok {
		adj[a][i].s += s
		return
	}
	adj[a] = slices.Insert(adj[a], i, neighbour{b, s})
}

// remove takes b out of a's row.
func (adj adjacency) remove(a, b int32) {
	if i, ok := adj.find(a, b); ok {
		adj[a] = slices.Delete(adj[a], i, i+1)
	}
}
