package hugepages

import (
	"slices"
	"testing"
	"unsafe"
)

func TestHeapSpans(t *testing.T) {
	maps := []byte(`00400000-00b97000 r-xp 00000000 fe:00 10281446                           /tmp/bin/docket
015fb000-03643000 rw-p 00000000 00:00 0
2c790000-2c7b1000 rw-p 00000000 00:00 0                                  [heap]
c000000000-c004000000 rw-p 00000000 00:00 0
c004000000-c004400000 rw-p 00000000 00:00 0                              [anon: Go: heap]
c004400000-c004800000 rw-p 00000000 00:00 0                              [anon:Go: heap]
c004800000-c004c00000 rw-p 00000000 00:00 0                              [anon:glibc: malloc arena]
c004c00000-c004c01000 ---p 00000000 00:00 0
c004c01000-c005401000 rw-p 00000000 00:00 0
c004400000-c008000000 ---p 00000000 00:00 0
c008000000-c008400000 rw-p 00001000 fe:00 77                             /data/mapped.bin
c008400000-c008800000 r--p 00000000 00:00 0
c008800000-c008c00000 rw-s 00000000 00:01 5                              /dev/zero (deleted)
c100000000-c100400000 rw-p 00000000 00:00 0
7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]
not a line
zz-c0 rw-p 00000000 00:00 0
`)
	u := func(a uint64) uintptr { return uintptr(a) } // builds where uintptr has 32 bits
	if unsafe.Sizeof(uintptr(0)) < 8 {
		t.Skip("addresses of 40 bits")
	}
	got := heapSpans(maps, u(0xc000000000), u(0xc100000000))
	// Not the C library's named arena, nor a thread stack's 8 MiB after
	// its guard page, which are not whole chunks.
	want := []span{{u(0xc000000000), u(0xc004000000)}, {u(0xc004000000), u(0xc004400000)}, {u(0xc004400000), u(0xc004800000)}}
	if !slices.Equal(got, want) {
		t.Errorf("heapSpans = %x, want %x", got, want)
	}
}
