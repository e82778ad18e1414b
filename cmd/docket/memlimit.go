package main

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The collector lets the heap grow to twice what the last collection
// found live (GOGC=100) before the next, and keeps what it freed mapped
// for a while: a large build's peak RSS was ~2.3 times its live heap.
// On a large heap a soft memory limit that follows the live heap keeps
// RSS near it, at the cost of collecting more often; small builds, whose
// RSS matters little, are left to GOGC alone and collect no more often.
//
// autoFloor is the live heap below which no limit is set: a 100k entry
// archive's live heap is about this size.
const autoFloor = 256 << 20

// autoLimit is the soft limit for a live heap of live bytes: none below
// autoFloor, else half as much again (as GOGC=50 would, but counting
// what the runtime keeps mapped, which the limit makes it return). The
// limit is never under the live heap, so the collector cannot spin: each
// collection that finds more live raises it.
func autoLimit(live uint64) int64 {
	if live < autoFloor {
		return math.MaxInt64
	}
	return int64(live + live/2)
}

// heapSample is what the tuner reads after each collection.
type heapSample struct {
	cycles uint64 // collections completed
	live   uint64 // bytes the last one found live
}

// readHeap reads the runtime's figures; it allocates nothing after its
// first call, so that polling does not feed the heap it watches.
func readHeap() func() heapSample {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
	return func() heapSample {
		metrics.Read(s)
		return heapSample{cycles: s[0].Value.Uint64(), live: s[1].Value.Uint64()}
	}
}

// heapTuner sets the soft memory limit from the live heap after each
// collection (autoLimit), until stopped.
type heapTuner struct {
	read func() heapSample
	set  func(int64) int64 // debug.SetMemoryLimit
	tick time.Duration
	stop chan struct{}
	done chan struct{}
}

// startHeapTuner starts the tuner; stop it with close.
func startHeapTuner() *heapTuner {
	t := &heapTuner{read: readHeap(), set: debug.SetMemoryLimit, tick: 50 * time.Millisecond}
	t.start()
	return t
}

func (t *heapTuner) start() {
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
			t.set(autoLimit(h.live))
		}
	}
}

// close stops the tuner and lifts the limit it set.
func (t *heapTuner) close() {
	close(t.stop)
	<-t.done
	t.set(math.MaxInt64)
}
