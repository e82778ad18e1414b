// Package hugepages asks Linux to back the Go heap with transparent huge
// pages where the system leaves that to each program (the "madvise"
// setting, the default of Debian, Ubuntu and CI runners' images).
//
// Why: a build touches its heap once, 4 KiB at a time, and on a virtual
// machine each first touch is a costly fault. The scheduled build's
// ~450 MB heap took ~110,000 of them; backed by 2 MiB pages, ~4,000, and
// the build ran about a tenth faster (see the README's figures). The
// Go runtime advises only its own metadata, not the heap.
//
// The runtime maps the heap in pieces as it grows, each a new mapping
// without the advice. So Start has the runtime map the first 512 MiB
// at once (mapAhead; not under a GOMEMLIMIT below 1 GiB), advises them
// before anything touches them, and frees them for the build's heap to
// grow into; past them, a goroutine
// looks at the process's mappings now and then and advises the heap's
// new ones, until the heap passes 1 GiB (maxAdvised). GODEBUG=
// disablethp=1, the runtime's own switch against huge pages, turns it
// off.
package hugepages

import (
	"bufio"
	"bytes"
	"strconv"
)

// span is a mapping's addresses, [lo, hi).
type span struct{ lo, hi uintptr }

// chunk is the runtime's unit of heap mapping (pallocChunkBytes): each
// of the heap's mappings starts and ends on a multiple of it, which a
// thread stack or a C library's mapping does only by chance.
const chunk = 4 << 20

// heapSpans returns the private anonymous read-write mappings listed in
// maps (as /proc/self/maps gives them) that lie in [lo, hi) and are
// whole chunks: the heap's, when lo is where the heap starts. Named ones
// ([stack], files, a C library's [anon:...]) are left out, except the
// name the runtime gives its heap where the kernel keeps names
// ("[anon:Go: heap]").
func heapSpans(maps []byte, lo, hi uintptr) []span {
	var out []span
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		// start-end perms offset dev inode [name]
		f := bytes.Fields(sc.Bytes())
		if len(f) < 5 || string(f[1]) != "rw-p" || string(f[4]) != "0" ||
			len(f) > 5 && string(bytes.Join(f[5:], nil)) != "[anon:Go:heap]" {
			continue
		}
		a, b, ok := bytes.Cut(f[0], []byte("-"))
		if !ok {
			continue
		}
		s, err1 := strconv.ParseUint(string(a), 16, 64)
		e, err2 := strconv.ParseUint(string(b), 16, 64)
		if err1 != nil || err2 != nil || uintptr(s) < lo || uintptr(e) > hi || s%chunk != 0 || e%chunk != 0 {
			continue
		}
		out = append(out, span{uintptr(s), uintptr(e)})
	}
	return out
}
