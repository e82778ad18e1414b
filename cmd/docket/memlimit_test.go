package main

import (
	"math"
	"runtime/debug"
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

// TestMemoryLimitFloor: a limit no build fits in is refused with exit 2
// and a message naming the flag, before anything is built.
func TestMemoryLimitFloor(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	for _, v := range []string{"1", "16MiB", "65535KiB"} {
		err := setMemoryLimit(v)
		if err == nil || !strings.Contains(err.Error(), "--memory-limit") {
			t.Errorf("setMemoryLimit(%q) = %v, want a refusal naming the flag", v, err)
		}
	}
	for _, v := range []string{"off", "0", "64MiB"} {
		if err := setMemoryLimit(v); err != nil {
			t.Errorf("setMemoryLimit(%q) = %v", v, err)
		}
	}
	debug.SetMemoryLimit(math.MaxInt64)
}

func TestAutoLimit(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, math.MaxInt64},
		{100 * mib, math.MaxInt64},
		{autoFloor - 1, math.MaxInt64},
		{autoFloor, autoFloor * 3 / 2},
		{300 * mib, 450 * mib},
		{1400 * mib, 2100 * mib}, // a million entries
	} {
		if got := autoLimit(tc.live); got != tc.want {
			t.Errorf("autoLimit(%d MiB) = %d MiB, want %d MiB", tc.live/mib, got/mib, tc.want/mib)
		}
		if got := autoLimit(tc.live); got < int64(tc.live) {
			t.Errorf("autoLimit(%d) = %d, below the live heap", tc.live, got)
		}
	}
}

// TestHeapTuner: the tuner sets a limit only after a collection it has
// not seen, from that collection's live heap, and lifts it when closed.
func TestHeapTuner(t *testing.T) {
	samples := make(chan heapSample)
	sets := make(chan int64, 16)
	tu := &heapTuner{
		read: func() heapSample { return <-samples },
		set:  func(n int64) int64 { sets <- n; return 0 },
		tick: time.Millisecond,
	}
	tu.start()
	const mib = 1 << 20
	for _, s := range []heapSample{{1, 1024 * mib}, {1, 2048 * mib}, {2, 2048 * mib}, {3, 10 * mib}} {
		samples <- s
	}
	// The second sample is of a collection already seen: no set.
	for _, want := range []int64{1536 * mib, 3072 * mib} {
		if got := <-sets; got != want {
			t.Fatalf("limit %d MiB, want %d MiB", got/mib, want/mib)
		}
	}
	// The fourth, a small heap, lifts the limit.
	if got := <-sets; got != math.MaxInt64 {
		t.Fatalf("limit %d after a small heap, want none", got)
	}
	close(samples) // reads now see no collection (zero), then the stop
	tu.close()
	if got := <-sets; got != math.MaxInt64 {
		t.Errorf("close set %d, want no limit", got)
	}
}
