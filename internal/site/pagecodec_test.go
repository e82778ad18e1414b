package site

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"

	"docket/internal/publish"
)

func samplePageCache(index bool) *pageCache {
	c := &pageCache{Build: sha256.Sum256([]byte("build"))}
	// As decoded: the records with tokens in Entries, the rest in Pages.
	var pages, entries pageTableBuilder
	for i, path := range []string{"/", "/news/2021/04/fined/", "/news/2021/05/opened/", "/search/d/0.json", "/topics/antitrust/page/2/"} {
		r := pageRecord{
			Key:  sha256.Sum256([]byte(path)),
			Kept: publish.Kept{Sum: sha256.Sum256([]byte("bytes " + path)), Size: int64(1000 * i), MTime: 1764547200123456789 - int64(i), CTime: -int64(i), Ino: uint64(1) << (20 * i), Dev: 2049},
		}
		if strings.HasPrefix(path, "/news/") {
			r.Tokens = tokRef{Off: int64(i) << 33, Len: int32(i * 7), Sum: 0xfedcba98 - uint32(i)}
			entries.add(i, []byte(path), r)
		} else {
			pages.add(i, []byte(path), r)
		}
	}
	c.Pages, c.Entries = pages.table(), entries.table()
	if index {
		c.Index = &indexRecord{Docs: 3, Tokens: sha256.Sum256([]byte("t")), Every: 1,
			Marks: [][sha256.Size]byte{sha256.Sum256([]byte("m"))}, Shards: []shardRef{{Off: 0, Len: 12, Sum: 5}}}
	}
	return c
}

func encodePages(t testing.TB, c *pageCache) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := c.encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The page cache reads back as it was written, with and without an
// index record, and the same cache is always the same bytes.
func TestPageCacheRoundTrip(t *testing.T) {
	for _, c := range []*pageCache{samplePageCache(false), samplePageCache(true), {}} {
		data := encodePages(t, c)
		got, err := decodePageCache(bytes.NewReader(data), int64(len(data)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Errorf("read back\n%+v\nwrote\n%+v", got, c)
		}
		if again := encodePages(t, got); !bytes.Equal(again, data) {
			t.Error("the same cache encoded to other bytes")
		}
		// As this build makes it, every record in Pages: the same bytes.
		var all pageTableBuilder
		for path, r := range c.records() {
			all.add(0, []byte(path), r)
		}
		one := &pageCache{Build: c.Build, Pages: all.table(), Index: c.Index}
		if again := encodePages(t, one); !bytes.Equal(again, data) {
			t.Error("the cache with its records in one table encoded to other bytes")
		}
		// Asked for its own build key it reads the same; for another's,
		// it is not read.
		if got, err := decodePageCache(bytes.NewReader(data), int64(len(data)), &c.Build); err != nil || !reflect.DeepEqual(got, c) {
			t.Errorf("asked for its own key: %v", err)
		}
		other := sha256.Sum256([]byte("another build"))
		if got, err := decodePageCache(bytes.NewReader(data), int64(len(data)), &other); err != errOtherBuild || got != nil {
			t.Errorf("asked for another key: %v, %v", got, err)
		}
	}
}

// A page cache cut short, with a byte changed or with bytes after it is
// no cache: a record read wrong would keep a page that is not the one
// its inputs make.
func TestPageCacheDamaged(t *testing.T) {
	data := encodePages(t, samplePageCache(true))
	for n := range len(data) {
		if _, err := decodePageCache(bytes.NewReader(data[:n]), int64(n), nil); err == nil {
			t.Fatalf("cut to %d of %d bytes: read", n, len(data))
		}
	}
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0x10
		if _, err := decodePageCache(bytes.NewReader(bad), int64(len(bad)), nil); err == nil {
			t.Fatalf("byte %d changed: read", i)
		}
	}
	if _, err := decodePageCache(bytes.NewReader(append(bytes.Clone(data), 0)), int64(len(data)+1), nil); err == nil {
		t.Fatal("a byte after the sum: read")
	}
}

// FuzzDecodePageCache: whatever the file holds, reading it fails or
// gives a cache that writes back to the same bytes.
func FuzzDecodePageCache(f *testing.F) {
	f.Add(encodePages(f, samplePageCache(true)))
	f.Add(encodePages(f, samplePageCache(false)))
	f.Add([]byte(pagesMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := decodePageCache(bytes.NewReader(data), int64(len(data)), nil)
		if err != nil {
			return
		}
		if again := encodePages(t, c); !bytes.Equal(again, data) {
			t.Errorf("read a cache that writes back to other bytes")
		}
	})
}

// A page cache lists each path once, in order, and as many with tokens
// as it says: one with a path twice, out of order or miscounted was not
// written by encode, and is damaged.
func TestPageCacheOutOfOrder(t *testing.T) {
	for _, c := range []struct {
		paths      []string
		withTokens uint64 // as the header says: the records have none
		ok         bool
	}{
		{[]string{"/a/", "/b/"}, 0, true},
		{[]string{"/a/", "/a/"}, 0, false},
		{[]string{"/b/", "/a/"}, 0, false},
		{[]string{"/a/", "/b/"}, 1, false},
		{[]string{"/a/", "/b/"}, 3, false},
	} {
		paths := c.paths
		// Encoded by hand: encode writes a table, which cannot hold these.
		var buf bytes.Buffer
		e := &pageEncoder{w: bufio.NewWriter(&buf)}
		e.bytes([]byte(pagesMagic))
		e.bytes(make([]byte, sha256.Size))
		e.uvarint(0) // no index
		e.uvarint(uint64(len(paths)))
		e.uvarint(c.withTokens)
		for _, p := range paths {
			e.uvarint(uint64(len(p)))
			e.bytes([]byte(p))
			e.bytes(make([]byte, 2*sha256.Size))
			for range 8 {
				e.uvarint(0)
			}
		}
		var sum [4]byte
		binary.LittleEndian.PutUint32(sum[:], e.crc)
		e.w.Write(sum[:])
		e.w.Flush()
		if _, err := decodePageCache(bytes.NewReader(buf.Bytes()), int64(buf.Len()), nil); (err == nil) != c.ok {
			t.Errorf("paths %q: %v", paths, err)
		}
	}
}
