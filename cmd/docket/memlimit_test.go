package main

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"1536MiB", 1536 << 20, false},
		{"2GiB", 2 << 30, false},
		{"512KiB", 512 << 10, false},
		{"1TiB", 1 << 40, false},
		{"1000B", 1000, false},
		{"123", 123, false},
		{"off", 0, false},
		{"0", 0, false},
		{"1.5GiB", 0, true},
		{"-1MiB", 0, true},
		{"2GB", 0, true},
		{"", 0, true},
		{"9999999TiB", 0, true}, // past int64
	} {
		got, err := parseBytes(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

// TestMemoryBudget: auto is 1920MiB, off none; a limit no build fits in is
// refused with a message naming the flag.
func TestMemoryBudget(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"auto", 1920 << 20, false},
		{"off", 0, false},
		{"0", 0, false},
		{"64MiB", 64 << 20, false},
		{"3GiB", 3 << 30, false},
		{"1", 0, true},
		{"16MiB", 0, true},
		{"65535KiB", 0, true},
		{"lots", 0, true},
	} {
		got, err := memoryBudget(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("memoryBudget(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.bad)
		}
		if err != nil && !strings.Contains(err.Error(), "--memory-limit") {
			t.Errorf("memoryBudget(%q): %v does not name the flag", tc.in, err)
		}
	}
}

func TestLimitFor(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		budget int64
		live   uint64
		want   int64
	}{
		{2048 * mib, 0, 2048 * mib},
		{2048 * mib, 1000 * mib, 2048 * mib}, // room under the budget
		{2048 * mib, 1700 * mib, 2048 * mib}, // 1.15 times the live heap is under it
		{2048 * mib, 1800 * mib, 2070 * mib}, // too little: 1.15 times the live heap
		{64 * mib, 4000 * mib, 4600 * mib},   // a budget far too small
	} {
		got := limitFor(tc.budget, tc.live)
		if got != tc.want {
			t.Errorf("limitFor(%d MiB, %d MiB) = %d MiB, want %d MiB", tc.budget/mib, tc.live/mib, got/mib, tc.want/mib)
		}
		if got < int64(tc.live) {
			t.Errorf("limitFor(%d, %d) = %d, below the live heap", tc.budget, tc.live, got)
		}
	}
}

// TestHeapTuner: the tuner sets the budget at once, then a limit after
// each collection it has not seen, from that collection's live heap, and
// lifts it when closed.
func TestHeapTuner(t *testing.T) {
	const mib = 1 << 20
	samples := make(chan heapSample)
	sets := make(chan int64, 16)
	tu := &heapTuner{
		budget: 1024 * mib,
		read:   func() heapSample { return <-samples },
		set:    func(n int64) int64 { sets <- n; return 0 },
		tick:   time.Millisecond,
	}
	tu.start()
	if got := <-sets; got != 1024*mib {
		t.Fatalf("first limit %d MiB, want the budget", got/mib)
	}
	for _, s := range []heapSample{{1, 1000 * mib}, {1, 2000 * mib}, {2, 2000 * mib}, {3, 10 * mib}} {
		samples <- s
	}
	// The second sample is of a collection already seen: no set. The
	// fourth, a small heap, brings the limit back to the budget.
	for _, want := range []int64{1150 * mib, 2300 * mib, 1024 * mib} {
		if got := <-sets; got != want {
			t.Fatalf("limit %d MiB, want %d MiB", got/mib, want/mib)
		}
	}
	close(samples) // reads now see no collection (zero), then the stop
	tu.close()
	last := int64(0)
	for len(sets) > 0 {
		last = <-sets
	}
	if last != math.MaxInt64 {
		t.Errorf("close left the limit at %d, want none", last)
	}
}
