package site

import (
	"crypto/sha256"
	"testing"
)

// tokenMarks finds the leading documents two builds share: all of the
// last build's when they lead, else to the last mark before the first
// that differs; marks one a document up to maxMarks, fewer past it.
func TestTokenMarks(t *testing.T) {
	keys := func(n, changed int) [][sha256.Size]byte {
		k := make([][sha256.Size]byte, n)
		for d := range k {
			k[d][0], k[d][1], k[d][2] = byte(d), byte(d>>8), byte(d>>16)
			if d == changed {
				k[d][3] = 1
			}
		}
		return k
	}
	for _, tc := range []struct {
		name           string
		prev, n, first int // the last build's documents, this one's, this one's first changed
		want, every    int
	}{
		{"newer documents", 5, 7, -1, 5, 1},
		{"a late one", 4000, 4001, 3990, 3990, 1},
		{"the newest removed", 4000, 3999, 3999, 3999, 1},
		{"the oldest edited", 4000, 4000, 0, 0, 1},
		{"none", 0, 3, -1, 0, 1},
		{"to the mark", 10000, 10001, 9003, 9000, 4}, // a mark every 4
		{"large, newer documents", 10000, 10020, -1, 10000, 4},
		{"fewer marks", 10000, 4000, 3999, 3996, 1}, // the last build's marks
		{"more marks", 4000, 10000, 3999, 3999, 4},  // its one a document
		{"the last build's count, not a mark", 9999, 10000, 9999, 9999, 4},
	} {
		old, _ := tokenMarks(keys(tc.prev, -1), nil)
		rec, got := tokenMarks(keys(tc.n, tc.first), &old)
		if got != tc.want || rec.Every != tc.every || len(rec.Marks) != tc.n/tc.every || rec.Docs != tc.n {
			t.Errorf("%s: shared %d, every %d, %d marks, %d documents; want %d, %d, %d, %d", tc.name, got, rec.Every, len(rec.Marks), rec.Docs, tc.want, tc.every, tc.n/tc.every, tc.n)
		}
	}
	if _, got := tokenMarks(keys(10, -1), nil); got != 0 {
		t.Errorf("shared %d with no last build", got)
	}
}
