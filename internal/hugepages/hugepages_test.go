package hugepages

import (
	"slices"
	"testing"
)

func TestHeapSpans(t *testing.T) {
	maps := []byte(`00400000-00b97000 r-xp 00000000 fe:00 10281446                           /tmp/bin/docket
015fb000-03643000 rw-p 00000000 00:00 0
2c790000-2c7b1000 rw-p 00000000 00:00 0                                  [heap]
c000000000-c004000000 rw-p 00000000 00:00 0
c004000000-c004400000 rw-p 00000000 00:00 0                              [anon: Go: heap]
c004400000-c008000000 ---p 00000000 00:00 0
c008000000-c008400000 rw-p 00001000 fe:00 77                             /data/mapped.bin
c008400000-c008800000 r--p 00000000 00:00 0
c008800000-c008c00000 rw-s 00000000 00:01 5                              /dev/zero (deleted)
c100000000-c100400000 rw-p 00000000 00:00 0
7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]
not a line
zz-c0 rw-p 00000000 00:00 0
`)
	got := heapSpans(maps, 0xc000000000, 0xc100000000)
	want := []span{{0xc000000000, 0xc004000000}, {0xc004000000, 0xc004400000}}
	if !slices.Equal(got, want) {
		t.Errorf("heapSpans = %x, want %x", got, want)
	}
}
