package site

import (
	"reflect"
	"testing"

	"docket/internal/publish"
)

func sampleRows() *rowsRecord {
	r := &rowsRecord{kept: publish.Kept{Size: 1234, MTime: -5, CTime: 1 << 40, Ino: 7, Dev: 8}, head: 3, sep: 3}
	r.build[0], r.kept.Sum[31] = 1, 2
	for i := range 5 {
		r.keys = append(r.keys, rowKey{byte(i), 9})
		r.lens = append(r.lens, uint32(100*i+1))
	}
	return r
}

// The rows file reads back as written, and a file cut short or with any
// byte changed is refused.
func TestRowsCodec(t *testing.T) {
	r := sampleRows()
	data := r.encode()
	got, err := decodeRows(data)
	if err != nil || !reflect.DeepEqual(got, r) {
		t.Fatalf("decodeRows(encode()) = %+v, %v; want %+v", got, err, r)
	}
	for n := range len(data) {
		if _, err := decodeRows(data[:n]); err == nil {
			t.Errorf("the first %d bytes decoded", n)
		}
	}
	for i := range data {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x10
		if _, err := decodeRows(bad); err == nil {
			t.Errorf("a change at byte %d decoded", i)
		}
	}
}

// The rows' places: the head, then each row after a separator.
func TestRowsSpans(t *testing.T) {
	s := sampleRows().spans()
	want := map[int]rowSpan{0: {3, 1}, 1: {3 + 1 + 3, 101}, 4: {3 + 1 + 101 + 201 + 301 + 4*3, 401}}
	for i, w := range want {
		if got := s[rowKey{byte(i), 9}]; got != w {
			t.Errorf("row %d at %+v, want %+v", i, got, w)
		}
	}
}

// A damaged rows file is refused, never a panic or a huge allocation.
func FuzzDecodeRows(f *testing.F) {
	f.Add(sampleRows().encode())
	f.Add([]byte(rowsMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := decodeRows(data); err == nil && len(r.keys) != len(r.lens) {
			t.Fatalf("%d keys, %d lengths", len(r.keys), len(r.lens))
		}
	})
}
