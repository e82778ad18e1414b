//go:build linux

package hugepages

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// heapReach is how far above its first mapping the heap is looked for:
// the runtime grows it upward from there, arena by arena. Typed, so that
// the package builds where a uintptr has 32 bits (Start does nothing
// there: the heap has no place of its own to look in).
const heapReach uint64 = 1 << 40

// Start advises the heap's mappings now and, until stop is called, its
// new ones as the heap grows. It does nothing when the system's setting
// is not "madvise" (under "always" the heap has huge pages already; under
// "never" it cannot have them) or when GODEBUG has disablethp=1.
func Start() (stop func()) {
	if unsafe.Sizeof(uintptr(0)) < 8 || !wanted() {
		return func() {}
	}
	// The heap starts at the mapping holding a new 1 MiB object, which
	// gets pages of its own in the heap's arenas.
	probe := make([]byte, 1<<20)
	base := uintptr(unsafe.Pointer(&probe[0]))
	// Under a memory limit near its size (GOMEMLIMIT), mapping ahead
	// would make the collector run for nothing and the runtime give the
	// pages back at once.
	if debug.SetMemoryLimit(-1) >= 2*mapAhead {
		mapHeap(mapAhead)
		defer runtime.GC() // frees what mapHeap allocated, before the build begins
	}
	maps, err := os.ReadFile("/proc/self/maps")
	runtime.KeepAlive(probe)
	if err != nil {
		return func() {}
	}
	lo := uintptr(0)
	for _, s := range heapSpans(maps, 0, ^uintptr(0)) {
		if s.lo <= base && base < s.hi {
			lo = s.lo
		}
	}
	if lo == 0 {
		return func() {}
	}
	a := &advisor{lo: lo, hi: uintptr(uint64(lo) + heapReach), done: map[span]bool{}}
	a.pass(maps)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { a.run(quit) })
	var once sync.Once
	return func() { once.Do(func() { close(quit); wg.Wait() }) }
}

// wanted reports whether advice would change anything here.
func wanted() bool {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return false
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(mode, []byte("[madvise]"))
}

type advisor struct {
	lo, hi uintptr
	done   map[span]bool // mappings advised, as they were listed
}

// run advises new mappings until quit is closed. It reads the
// process's mappings only when the runtime has mapped more memory
// (a cheap metric, looked at every millisecond while the heap grows and
// up to every 10 ms while it does not): a mapping must be advised before
// its pages are first touched, and the heap touches memory fast.
func (a *advisor) run(quit <-chan struct{}) {
	const fast, slow = time.Millisecond, 10 * time.Millisecond
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	var mapped uint64
	wait := fast
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-quit:
			return
		case <-t.C:
		}
		metrics.Read(sample)
		wait = min(2*wait, slow)
		if now := sample[0].Value.Uint64(); now > maxAdvised {
			a.undo()
			return
		} else if now > mapped {
			mapped, wait = now, fast
			maps, err := os.ReadFile("/proc/self/maps")
			if err != nil {
				return
			}
			a.pass(maps)
		}
		t.Reset(wait)
	}
}

// mapHeap has the runtime map heap now until n bytes are free, by
// allocations that nothing touches or keeps. The goroutine Start begins
// finds a mapping only after the heap has begun to touch it (about half
// of a build's pages were faulted in one at a time), whereas what
// mapHeap maps Start advises before it is touched: the runtime
// allocates the lowest free addresses first, so the build's heap grows
// into it. A collection first frees what the heap no longer holds, and
// the allocations are a chunk each, so that free pages are used before
// new ones are mapped; the collector is off while they are held, so that
// no collection counts them live (docket's heap tuner remembers the
// largest live heap).
func mapHeap(n int) {
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	held := make([][]byte, 0, n/chunk)
	for range cap(held) {
		held = append(held, make([]byte, chunk))
	}
	runtime.KeepAlive(held)
}

// mapAhead is how much heap Start maps ahead: more than the ~450 MB of
// a scheduled build of 50,000 entries, and half of maxAdvised.
const mapAhead = 512 << 20

// maxAdvised is where the advice stops and is taken back: a heap this
// large is a build nearing its memory aim (2 GiB at a million entries),
// where the runtime releases pages it no longer needs and khugepaged
// could fill an advised huge page's released holes again (Go took the
// advice out of its runtime for that, golang/go#64332). Builds of up to
// ~100,000 entries stay below it.
const maxAdvised = 1 << 30

// undo takes the advice back from the mappings given it. Huge pages
// already made stay until the runtime releases part of one.
func (a *advisor) undo() {
	for s := range a.done {
		unix.Syscall(unix.SYS_MADVISE, s.lo, s.hi-s.lo, unix.MADV_NOHUGEPAGE)
	}
}

// pass advises the heap's mappings in maps not advised before.
func (a *advisor) pass(maps []byte) {
	for _, s := range heapSpans(maps, a.lo, a.hi) {
		if a.done[s] {
			continue
		}
		// Of a mapping the runtime made; a failure (an older kernel)
		// leaves the heap as it was.
		unix.Syscall(unix.SYS_MADVISE, s.lo, s.hi-s.lo, unix.MADV_HUGEPAGE)
		a.done[s] = true
	}
}
