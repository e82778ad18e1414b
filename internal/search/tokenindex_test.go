package search

import (
	"strconv"
	"testing"
)

func TestTokenIndex(t *testing.T) {
	tests := []struct {
		name string
		hash func(tok string) uint32
	}{
		{"real hashes, through growth", tokenHash},
		// Every token in one probe run and with one check: only the
		// bytes tell them apart.
		{"all colliding", func(string) uint32 { return 42 }},
		{"same slot, other checks", func(tok string) uint32 { return uint32(len(tok))<<20 | 7 }},
	}
	for _, tt := range tests {
		n := 20000 // past three doublings of each part
		if tt.hash("a") == tt.hash("b") && tt.hash("a") == tt.hash("ab") {
			n = 1500 // every look-up walks one run
		}
		var ix tokenIndex
		for i := range n {
			tok := "t" + strconv.Itoa(i)
			s := ix.find([]byte(tok), tt.hash(tok))
			if s.place != 0 {
				t.Fatalf("%s: %q found before it was set", tt.name, tok)
			}
			ix.set(s, tok, tt.hash(tok), int32(i))
		}
		if ix.used() != n {
			t.Errorf("%s: %d used, want %d", tt.name, ix.used(), n)
		}
		for i, p := range ix.parts {
			if 4*p.used > 3*len(p.slots) {
				t.Errorf("%s: part %d: %d used of %d slots", tt.name, i, p.used, len(p.slots))
			}
		}
		for i := range n {
			tok := "t" + strconv.Itoa(i)
			if got := ix.find([]byte(tok), tt.hash(tok)).place - 1; got != int32(i) {
				t.Errorf("%s: %q at %d, want %d", tt.name, tok, got, i)
			}
		}
		if s := ix.find([]byte("absent"), tt.hash("absent")); s.place != 0 {
			t.Errorf("%s: absent token found at %d", tt.name, s.place-1)
		}
	}
}
