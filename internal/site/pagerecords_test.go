package site

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"math/rand/v2"
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
	c.plan(5, 2)
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
	if !maps.Equal(tableMap(got.Pages), want) {
		t.Errorf("records\n got %+v\nwant %+v", tableMap(got.Pages), want)
	}
	for p, r := range want {
		if found, ok := got.Pages.find(p); !ok || found != r {
			t.Errorf("find(%q) = %+v, %v", p, found, ok)
		}
	}
	for _, p := range []string{"/", "/news/", "/news/a", "/zzz/"} {
		if _, ok := got.Pages.find(p); ok {
			t.Errorf("find(%q) found a record", p)
		}
	}
	path := filepath.Join(dir, pagesFile)
	if err := got.save(path); err != nil {
		t.Fatal(err)
	}
	back := loadPageCache(path, nil)
	if back == nil || !maps.Equal(maps.Collect(back.records()), want) {
		t.Fatalf("the saved cache loads as %+v", back)
	}
	for p, r := range tableMap(back.Entries) {
		if r.Tokens.Len == 0 || want[p] != r {
			t.Errorf("an entry page's record loads as %+v", r)
		}
	}
	if got := back.Entries.len(); got != 2 {
		t.Errorf("%d records with tokens in Entries, want 2", got)
	}
	name := c.recs.Name()
	c.close()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the records file is left after close: %v", err)
	}
}

// tableMap is the records of t by path; a path twice is an error.
func tableMap(t pageTable) map[string]pageRecord {
	m := map[string]pageRecord{}
	for i, r := range t.recs {
		if _, ok := m[t.path(i)]; ok {
			panic("a path twice in a page table: " + t.path(i))
		}
		m[t.path(i)] = r
	}
	return m
}

// TestPageTable: records added in any order, some paths more than once,
// make a table sorted by path that keeps each path's record of the
// greatest order and finds each, as a map would.
func TestPageTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 1000} {
		var b pageTableBuilder
		want := map[string]pageRecord{}
		best := map[string]int{}
		for _, order := range rng.Perm(n) {
			path := fmt.Sprintf("/p/%d/", rng.IntN(n/2+1))
			r := pageRecord{Tokens: tokRef{Off: int64(order)}}
			b.add(order, []byte(path), r)
			if o, ok := best[path]; !ok || order > o {
				want[path], best[path] = r, order
			}
		}
		tab := b.table()
		if got := tableMap(tab); !maps.Equal(got, want) {
			t.Errorf("%d records: table %v, want %v", n, got, want)
		}
		for i := 1; i < tab.len(); i++ {
			if tab.path(i-1) >= tab.path(i) {
				t.Errorf("%d records: %q before %q", n, tab.path(i-1), tab.path(i))
			}
		}
		for p, r := range want {
			if got, ok := tab.find(p); !ok || got != r {
				t.Errorf("%d records: find(%q) = %v, %v", n, p, got, ok)
			}
		}
	}
}

// TestEntryRecordsLetGo: the entry pages' records go once the last
// entry page is done, and not before; an entry page's record is found
// in either table, another page's only among the others, and each only
// by its key.
func TestEntryRecordsLetGo(t *testing.T) {
	key := func(p string) [sha256.Size]byte { return sha256.Sum256([]byte(p)) }
	table := func(paths ...string) pageTable {
		var b pageTableBuilder
		for i, p := range paths {
			b.add(i, []byte(p), pageRecord{Key: key(p)})
		}
		return b.table()
	}
	c := &cacheRun{}
	pages, entries := table("/", "/news/untokened/", "/page/2/", "/topics/x/"), table("/news/a/", "/news/b/")
	c.last.Store(&pages)
	c.lastEntries.Store(&entries)
	c.plan(8, 2)
	for _, p := range []string{"/news/a/", "/news/b/", "/news/untokened/"} {
		if _, ok := c.lookup(p, key(p), true); !ok {
			t.Errorf("entry page %s: no record", p)
		}
	}
	if _, ok := c.lookup("/news/a/", key("/news/a/"), false); ok {
		t.Errorf("another page found an entry page's record")
	}
	c.entryDone()
	if _, ok := c.lookup("/news/a/", key("/news/a/"), true); !ok {
		t.Errorf("an entry page's record went before the last entry page was done")
	}
	c.entryDone()
	if _, ok := c.lookup("/news/a/", key("/news/a/"), true); ok {
		t.Errorf("an entry page's record stayed after the last entry page was done")
	}
	for _, p := range []string{"/", "/news/untokened/", "/page/2/", "/topics/x/"} {
		if _, ok := c.lookup(p, key(p), false); !ok {
			t.Errorf("%s: no record after the entry pages", p)
		}
	}
	if _, ok := c.lookup("/page/2/", key("/"), false); ok {
		t.Errorf("a record found under another key")
	}
}
