package extract

import (
	"golang.org/x/net/html/atom"
)

// The tag sets (blockTags, junkTags, keptTags, containerTags,
// conditionalTags) are asked about every element in several passes; a
// map look-up hashes the atom and probes a group each time. tagSets files
// their atoms in a small table by a multiplicative hash, each slot
// holding its atom (so that any other atom reads as in no set) and the
// sets it belongs to: a look-up is a multiply, a shift and a compare.
const (
	inBlock uint8 = 1 << iota
	inJunk
	inKept
	inContainer
	inConditional
)

// tagSlotBits is the table's size in bits: 512 slots for the sixty-odd
// atoms of the sets.
const tagSlotBits = 9

type tagSlot struct {
	a    atom.Atom
	sets uint8
}

var (
	tagMult uint32 // the hash's multiplier, chosen so that no two atoms share a slot
	tagSets = buildTagSets(map[uint8]map[atom.Atom]bool{
		inBlock: blockTags, inJunk: junkTags, inKept: keptTags,
		inContainer: containerTags, inConditional: conditionalTags,
	})
)

// tagHash spreads atoms over the table's slots.
func tagHash(a atom.Atom) uint32 {
	return uint32(a) * tagMult >> (32 - tagSlotBits)
}

// firstTagMult is where the search for a multiplier starts: the first
// that works for the sets as they are (found from the golden ratio's,
// 0x9e3779b1, about 7,000 tries on), so that starting takes one try.
const firstTagMult = 0x9e37afb1

// buildTagSets files each set's atoms, trying odd multipliers from
// firstTagMult on until one puts every atom in a slot of its own.
func buildTagSets(sets map[uint8]map[atom.Atom]bool) *[1 << tagSlotBits]tagSlot {
	for tagMult = firstTagMult; ; tagMult += 2 {
		var t [1 << tagSlotBits]tagSlot
		ok := true
		for bit, set := range sets {
			for a := range set {
				s := &t[tagHash(a)]
				if s.a != 0 && s.a != a {
					ok = false
				}
				s.a = a
				s.sets |= bit
			}
		}
		if ok {
			return &t
		}
	}
}

// tagIn reports whether a is in the set named by bit.
func tagIn(a atom.Atom, bit uint8) bool {
	s := &tagSets[tagHash(a)]
	return s.a == a && a != 0 && s.sets&bit != 0
}
