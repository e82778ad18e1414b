package extract

import (
	"testing"

	"golang.org/x/net/html/atom"
)

// TestTagSets: the table answers as the maps do for every atom of the
// sets and for others, including the unknown atom 0.
func TestTagSets(t *testing.T) {
	sets := map[uint8]map[atom.Atom]bool{inBlock: blockTags, inJunk: junkTags, inKept: keptTags,
		inContainer: containerTags, inConditional: conditionalTags}
	others := []atom.Atom{0, atom.Span, atom.Font, atom.Label + 1, atom.Nobr, atom.Marquee, atom.Rt, atom.Wbr}
	for bit, set := range sets {
		var atoms []atom.Atom
		for _, m := range sets {
			for a := range m {
				atoms = append(atoms, a)
			}
		}
		for _, a := range append(atoms, others...) {
			if got := tagIn(a, bit); got != set[a] {
				t.Errorf("tagIn(%v, %b) = %v, want %v", a, bit, got, set[a])
			}
		}
	}
}

// TestFirstTagMult: the search ends at its first try; if the sets
// change, update firstTagMult to the multiplier it finds.
func TestFirstTagMult(t *testing.T) {
	if tagMult != firstTagMult {
		t.Errorf("tag sets need multiplier %#x: update firstTagMult", tagMult)
	}
}
