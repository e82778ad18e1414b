package site

import (
	"crypto/sha256"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"docket/internal/publish"
)

// TestPageRecordsFile: the records a build notes as it writes go
// through the records file whole, field by field, to the cache it saves:
// for a path written twice the later output's in the plan, an entry
// page's with its tokens, and nothing of an output past the plan; the
// cache saved loads as the same records, and closing the run removes
// the file.
func TestPageRecordsFile(t *testing.T) {
	dir := t.TempDir()
	c, err := openCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	c.plan(5)
	c.toks = []tokRef{{Off: 7, Len: 3}, {Off: 10, Len: 4}}
	rec := func(n byte) pageRecord {
		return pageRecord{Key: sha256.Sum256([]byte{n}), Kept: publish.Kept{Sum: sha256.Sum256([]byte{n, n}),
			Size: int64(n) + 1, MTime: int64(n)<<40 + 2, CTime: int64(n)<<40 + 3, Ino: uint64(n)<<33 + 4, Dev: uint64(n) + 5}}
	}
	c.record(4, "/dup/", rec(4))
	c.record(1, "/news/b/", rec(1))
	c.record(2, "/dup/", rec(2))
	c.record(0, "/news/a/", rec(0))
	c.record(3, "/other/", rec(3))
	c.record(5, "/past/", rec(5)) // past the plan
	got, err := c.result()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]pageRecord{"/news/a/": rec(0), "/news/b/": rec(1), "/dup/": rec(4), "/other/": rec(3)}
	for p, i := range map[string]int{"/news/a/": 0, "/news/b/": 1} {
		r := want[p]
		r.Tokens = c.toks[i]
		want[p] = r
	}
	if !maps.Equal(got.Pages, want) {
		t.Errorf("records\n got %+v\nwant %+v", got.Pages, want)
	}
	path := filepath.Join(dir, pagesFile)
	if err := got.save(path); err != nil {
		t.Fatal(err)
	}
	if back := loadPageCache(path); back == nil || !maps.Equal(back.Pages, want) {
		t.Errorf("the saved cache loads as %+v", back)
	}
	name := c.recs.Name()
	c.close()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the records file is left after close: %v", err)
	}
}
