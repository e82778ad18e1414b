package story

import (
	"fmt"
	"testing"
)

// TestAdjacency: edges are summed by pair of groups, in both rows,
// without pairs within a group or skipped edges; a row that grows keeps
// its neighbours sorted and never writes over the next row's.
func TestAdjacency(t *testing.T) {
	group := []int32{0, 1, 1, 3, 4} // items 1 and 2 are one group
	edges := []edge{{0, 1, 0.5}, {0, 2, 0.25}, {1, 2, 0.9}, {3, 4, 0.125}, {0, 4, 1}, {0, 3, 2}}
	adj := newAdjacency(5, edges, func(i int32) int32 { return group[i] }, func(e edge) bool { return e.s == 2 })
	rows := func() string { return fmt.Sprint(adj) }
	if got, want := rows(), "[[{1 0.75} {4 1}] [{0 0.75}] [] [{4 0.125}] [{0 1} {3 0.125}]]"; got != want {
		t.Fatalf("rows %s, want %s", got, want)
	}
	adj.add(1, 4, 0.5) // row 1 grows past its part of the shared array
	adj.add(1, 3, 1)
	adj.add(0, 4, 1)
	adj.remove(4, 0)
	adj.remove(4, 2) // not there: nothing
	if got, want := rows(), "[[{1 0.75} {4 2}] [{0 0.75} {3 1} {4 0.5}] [] [{4 0.125}] [{3 0.125}]]"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
	for _, tc := range []struct {
		a, b int32
		want float64
	}{{0, 4, 2}, {1, 3, 1}, {3, 1, 0}, {2, 0, 0}} {
		if got := adj.score(tc.a, tc.b); got != tc.want {
			t.Errorf("score(%d, %d) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
