package site

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A record reads back as it was written, and any other bytes read as
// a record of their own or as none, never a panic or a page linking
// past the record's files.
func FuzzReadLinks(f *testing.F) {
	dir := f.TempDir()
	key := sha256.Sum256([]byte("key"))
	r := &linksRecord{
		files: []linkKey{pathKey("index.html"), pathKey("a/index.html"), pathKey("b.css")},
		whole: map[linkKey][]int32{{1}: {0, 2}, {2}: {}, {3}: {0, 1, 2}},
	}
	p := filepath.Join(dir, "links")
	if err := r.write(p, key); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	if got := readLinks(p, key); !reflect.DeepEqual(got, r) {
		f.Fatalf("read back %+v, want %+v", got, r)
	}
	if readLinks(p, sha256.Sum256([]byte("other"))) != nil {
		f.Fatal("a record read under another key")
	}
	f.Add(data)
	f.Add(data[:len(data)-1])
	f.Add([]byte(linksMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "links")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// Bytes fuzzing changes fail the sum; those with a sum made for
		// them test the decoding.
		for _, b := range [][]byte{data, withSum(data)} {
			os.WriteFile(p, b, 0o644)
			got := readLinks(p, key)
			if got == nil {
				continue
			}
			for _, t2 := range got.whole {
				for _, i := range t2 {
					if i < 0 || int(i) >= len(got.files) {
						t.Fatalf("a page links to file %d of %d", i, len(got.files))
					}
				}
			}
		}
	})
}

// withSum is data as a record's body, under the fuzz target's key, with
// its sum after it.
func withSum(data []byte) []byte {
	key := sha256.Sum256([]byte("key"))
	body := append(append([]byte(linksMagic), key[:]...), data...)
	sum := sha256.Sum256(body)
	return append(body, sum[:]...)
}
