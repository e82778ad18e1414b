package main

import (
	"math"
	"slices"
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

// TestMemoryBudget: auto is 1920MiB, off none; a limit no build or check
// fits in is refused with a message naming the flag.
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
		// docket check reads the flag too: a small one is no build's only.
		if err != nil && strings.Contains(err.Error(), "fits") && !strings.Contains(err.Error(), "build or check") {
			t.Errorf("memoryBudget(%q): %v speaks of builds only", tc.in, err)
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

// startTestTuner starts a tuner with budget that reads the samples it
// is sent and reports the limits and GOGC values it sets.
func startTestTuner(budget int64) (*heapTuner, chan heapSample, chan int64, chan int) {
	samples, sets, gcs := make(chan heapSample), make(chan int64, 16), make(chan int, 16)
	tu := &heapTuner{
		budget: budget,
		read:   func() heapSample { return <-samples },
		set:    func(n int64) int64 { sets <- n; return 0 },
		setGC:  func(p int) int { gcs <- p; return 0 },
		tick:   time.Millisecond,
	}
	tu.start()
	return tu, samples, sets, gcs
}

// TestHeapTuner: the tuner sets the budget at once, then a limit after
// each collection it has not seen, from that collection's live heap, and
// lifts it when closed.
func TestHeapTuner(t *testing.T) {
	const mib = 1 << 20
	tu, samples, sets, gcs := startTestTuner(1024 * mib)
	if got := <-sets; got != 1024*mib {
		t.Fatalf("first limit %d MiB, want the budget", got/mib)
	}
	for _, s := range []heapSample{{1, 1000 * mib, 0}, {1, 2000 * mib, 0}, {2, 2000 * mib, 0}, {3, 500 * mib, 0}} {
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
	// GOGC: 100 while the heap grows, then room up to nine tenths of the
	// highest goal (2300 MiB: the limit, not GOGC=100's 4000); 100 again
	// once closed.
	var got []int
	for len(gcs) > 0 {
		got = append(got, <-gcs)
	}
	if want := []int{100, 100, gcPercentFor(2300*mib, 500*mib, 0), 100}; !slices.Equal(got, want) || want[2] < 300 || want[2] > 320 {
		t.Errorf("GOGC set to %v, want %v", got, want)
	}
}

// TestHeapTunerWithinLimit: once the live heap falls from a peak the
// limit capped, the GOGC it sets keeps the goal under the limit: the heap never grew
// to GOGC=100's goal, so nine tenths of that is no room it had.
func TestHeapTunerWithinLimit(t *testing.T) {
	const mib = 1 << 20
	tu, samples, sets, gcs := startTestTuner(1920 * mib)
	<-sets
	// A million entries: live 1600 MiB at the peak, 900 after.
	for i, live := range []uint64{1600 * mib, 900 * mib} {
		samples <- heapSample{uint64(i + 1), live, 0}
		limit, p := <-sets, <-gcs
		if goal := float64(live) * float64(100+p) / 100; p > 100 && goal > float64(limit) {
			t.Errorf("live %d MiB: GOGC %d sets a goal of %.0f MiB, over the %d MiB limit", live/mib, p, goal/mib, limit/mib)
		}
	}
	close(samples)
	tu.close()
}

// TestGCPercentFor: the next goal is the runtime's (twice the live
// heap) until nine tenths of the highest is more; then it is that.
func TestGCPercentFor(t *testing.T) {
	const mb = 1_000_000
	for _, c := range []struct {
		high, live, roots uint64
		want              int // 0: the goal is 0.9 high, within 1%
	}{
		{0, 0, 0, 100},
		{0, 10 * mb, 0, 100},                     // the first collection
		{170 * mb, 85 * mb, 0, 100},              // at the peak
		{170 * mb, 80 * mb, 0, 100},              // 0.9 high is less than twice the live heap
		{170 * mb, 35 * mb, 0, 0},                // after it
		{170 * mb, 15 * mb, 0, 0},                // a heap nearly empty
		{170 * mb, 35 * mb, 2 * mb, 0},           // stacks and globals count
		{170 * mb, 1 * mb, 2 * mb, maxGCPercent}, // capped
		{170 * mb, 75 * mb, 6 * mb, 100},         // 0.9 high is less than GOGC=100's goal
		{1 << 62, 1, 0, maxGCPercent},            // capped
	} {
		got := gcPercentFor(c.high, c.live, c.roots)
		if c.want != 0 {
			if got != c.want {
				t.Errorf("gcPercentFor(%d, %d) = %d, want %d", c.high, c.live, got, c.want)
			}
			continue
		}
		goal, room := float64(c.live)+float64(c.live+c.roots)*float64(got)/100, float64(c.high)*0.9 // the runtime's
		if goal < room*0.99 || goal > room*1.01 {
			t.Errorf("gcPercentFor(%d, %d) = %d: goal %.0f, want about %.0f", c.high, c.live, got, goal, room)
		}
	}
}

// TestHeapTunerLeavesGOGC: GOGC set in the environment is the user's;
// the tuner paces the collector only without it.
func TestHeapTunerLeavesGOGC(t *testing.T) {
	for _, env := range []string{"", "50"} {
		t.Setenv("GOGC", env)
		tu := startHeapTuner(1 << 30)
		paced := tu.setGC != nil
		tu.close()
		if paced != (env == "") {
			t.Errorf("GOGC=%q: paced %v", env, paced)
		}
	}
}
