package story

import (
	"strconv"
	"testing"
	"unsafe"
)

// TestLangTableUnbounded: every language keeps a number of its own, past
// what 16 bits hold (the command line's cluster takes any tag), so two
// items in the 70,000th language still count as one language.
func TestLangTableUnbounded(t *testing.T) {
	var lt langTable
	seen := map[uint32]bool{}
	for i := range 70_000 {
		n := lt.id("x" + strconv.Itoa(i))
		if n == 0 || seen[n] {
			t.Fatalf("language %d got %d, taken or unknown", i, n)
		}
		seen[n] = true
	}
	if a, b := lt.id("x69999"), lt.id("x69999"); a != b {
		t.Errorf("one language, two numbers: %d, %d", a, b)
	}
}

// TestPreparedSize: a large archive holds a prepared item an entry while
// clustering; it stays in the 64-byte size class.
func TestPreparedSize(t *testing.T) {
	if n := unsafe.Sizeof(prepared{}); n > 64 {
		t.Errorf("prepared is %d bytes, more than 64", n)
	}
}
