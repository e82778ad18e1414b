package main

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The collector lets the heap grow to twice what the last collection
// found live (GOGC=100) before the next, and keeps what it freed mapped
// for a while: a large build's peak RSS was ~2.3 times its live heap. A
// soft memory limit caps that, at the cost of collecting more often once
// the heap nears it; below it GOGC alone decides, so a build whose heap
// stays well under the limit collects no more often than without one.
//
// A fixed limit below the live heap makes the collector run nearly all
// the time (a third of the CPU and three times the wall time, measured),
// so the limit is a budget the tuner keeps to only while the live heap
// leaves room under it: never less than 1.15 times the live heap
// (heapTuner raises it after each collection that finds more).

// autoBudget is --memory-limit auto's budget: the 2 GiB of the CI runner
// a million-entry build should fit in (issue 19), less 128 MiB for what
// the limit does not count or lets through (the program's own code, and
// memory the runtime has freed but not yet returned). The resident size
// stays within ~15 MiB of the limit (sampled); a million entries' peaks
// 2-7% above it came from a live heap past 1600 MiB, which raised the
// limit (liveNum/liveDen).
const autoBudget = 2<<30 - 128<<20

// liveNum/liveDen is the least the limit is, as a multiple of the live
// heap: a build whose live heap nears the budget collects more often
// rather than outgrow it, but never so often that collecting is all it
// does (the runtime's other memory counts against the limit too). At 1.5
// a million entries peaked at 2.54 GiB against the 2 GiB budget, the
// live heap's 1.8 GB at the clustering times 1.5. At 1.2, 300,000
// entries squeezed into 640 MiB peaked at 668 MB instead of 840, for a
// fifth more CPU (the whole build near the budget, the worst case). At
// 1.2 a million entries peaked at 2.00 GiB, the live heap's ~1.6 GiB at
// the end of the load times 1.2; at 1.15 the limit stays at the budget
// until a live heap of 1670 MiB, and they peaked at 1.88 GiB (the
// collector's share of the CPU a fifth, as before).
const liveNum, liveDen = 23, 20

// limitFor is the soft limit for a budget and a live heap of live bytes.
func limitFor(budget int64, live uint64) int64 {
	return max(budget, int64(live/liveDen*liveNum))
}

// gcPercentFor is the GOGC for the next collection, when the last found
// live bytes live: the runtime's 100, or more to let the heap grow to
// nine tenths of high, the most it has been let grow so far (GOGC=100's
// goal, or the soft limit where that was less: heapTuner.run). The
// build's peak resident size is already about that, so once the live
// heap falls from where it set it, collecting as if the room were not
// there costs collections and saves no memory. A 10,000-entry build's
// live heap peaks at 85 MB two thirds of the way in and stays at 35-55
// after: 33 collections became 22, 3.5% of its CPU (A/B, 6 pairs), and
// its peak resident size moved by less than the runs' spread. (At all
// of high, the peak rose 4%.) At 100,000 entries the peak rose 3%: the
// pacing spends some memory where the heap's later phases are large.
//
// The runtime's goal is live + (live+roots)*GOGC/100, roots the stacks
// and globals the last collection scanned: at a large GOGC they count.
// GOGC is at most maxGCPercent: the runtime applies it to the next
// collection's live heap until the tuner looks again, and a heap that
// grew tenfold meanwhile would have a goal far past the room.
func gcPercentFor(high, live, roots uint64) int {
	room := high / 10 * 9
	if live == 0 || room <= 2*live+roots {
		return 100
	}
	return int(min((room-live)/((live+roots)/100+1), maxGCPercent))
}

const maxGCPercent = 1000

// heapSample is what the tuner reads after each collection.
type heapSample struct {
	cycles uint64 // collections completed
	live   uint64 // bytes the last one found live
	roots  uint64 // stack and global bytes it scanned
}

// readHeap reads the runtime's figures; it allocates nothing after its
// first call, so that polling does not feed the heap it watches.
func readHeap() func() heapSample {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"}}
	return func() heapSample {
		metrics.Read(s)
		return heapSample{cycles: s[0].Value.Uint64(), live: s[1].Value.Uint64(), roots: s[2].Value.Uint64() + s[3].Value.Uint64()}
	}
}

// heapTuner sets the soft memory limit from the budget and, after each
// collection, the live heap (limitFor), until stopped; and, unless
// setGC is nil, GOGC (gcPercentFor).
type heapTuner struct {
	budget int64
	read   func() heapSample
	set    func(int64) int64 // debug.SetMemoryLimit
	setGC  func(int) int     // debug.SetGCPercent
	tick   time.Duration
	stop   chan struct{}
	done   chan struct{}
	high   uint64 // the highest heap goal in force: GOGC=100's, capped by the limit
}

// startHeapTuner sets the limit to budget and starts the tuner; stop it
// with close. It leaves GOGC alone when the environment sets it.
func startHeapTuner(budget int64) *heapTuner {
	t := &heapTuner{budget: budget, read: readHeap(), set: debug.SetMemoryLimit, tick: 50 * time.Millisecond}
	if os.Getenv("GOGC") == "" {
		t.setGC = debug.SetGCPercent
	}
	t.start()
	return t
}

func (t *heapTuner) start() {
	t.set(limitFor(t.budget, 0))
	t.stop, t.done = make(chan struct{}), make(chan struct{})
	go t.run()
}

// run checks a few times a second whether a collection has ended; one
// lasts far longer than a tick on the heaps the limit is for.
func (t *heapTuner) run() {
	defer close(t.done)
	tick := time.NewTicker(t.tick)
	defer tick.Stop()
	var seen uint64
	for {
		select {
		case <-t.stop:
			return
		case <-tick.C:
		}
		if h := t.read(); h.cycles != seen {
			seen = h.cycles
			limit := limitFor(t.budget, h.live)
			t.set(limit)
			if t.setGC != nil {
				// The most the heap was let grow: GOGC=100's goal, or
				// the limit when that is less (the runtime keeps to the
				// lower of the two goals). Past the limit, high would
				// pin every later cycle to the limit.
				t.high = max(t.high, min(2*h.live+h.roots, uint64(limit)))
				t.setGC(gcPercentFor(t.high, h.live, h.roots))
			}
		}
	}
}

// close stops the tuner and lifts the limit it set.
func (t *heapTuner) close() {
	close(t.stop)
	<-t.done
	t.set(math.MaxInt64)
	if t.setGC != nil {
		t.setGC(100)
	}
}
