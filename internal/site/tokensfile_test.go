package site

import (
	"bufio"
	"bytes"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
	"time"

	"docket/internal/publish"
)

// cachedTokens is what the build cache of out says of the search tokens:
// each entry page's record (where it is, and its bytes if it reads
// undamaged) and the tokens file's size.
type cachedTokens struct {
	refs map[string]tokRef
	recs map[string][]byte // the records that read
	size int64
	file os.FileInfo // the tokens file's, for os.SameFile
}

// readCachedTokens reads the build cache of out's records and tokens.
func readCachedTokens(t *testing.T, out string) cachedTokens {
	t.Helper()
	dir := publish.CachePath(out)
	pc := loadPageCache(filepath.Join(dir, pagesFile), nil)
	if pc == nil {
		t.Fatalf("%s: no build cache", out)
	}
	f, err := os.Open(filepath.Join(dir, tokensFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	ct := cachedTokens{refs: map[string]tokRef{}, recs: map[string][]byte{}, size: fi.Size(), file: fi}
	for path, r := range pc.records() {
		if r.Tokens.Len == 0 {
			continue
		}
		ct.refs[path] = r.Tokens
		if rec, ok := r.Tokens.read(f); ok {
			ct.recs[path] = rec
		}
	}
	return ct
}

// live is how many bytes of the tokens file the records use.
func (ct cachedTokens) live() int64 {
	var n int64
	for _, r := range ct.refs {
		n += int64(r.Len)
	}
	return n
}

// checkTokens fails the test for a record in the build cache of out
// that does not read, or that is not the one a full build's cache (of
// full) has for its entry, and reports how many of full's entries have
// no record in out's.
func checkTokens(t *testing.T, out, full string) (missing int) {
	t.Helper()
	got, want := readCachedTokens(t, out), readCachedTokens(t, full)
	for path := range got.refs {
		rec, ok := got.recs[path]
		switch {
		case !ok:
			t.Errorf("%s: the tokens record %+v does not read", path, got.refs[path])
		case !bytes.Equal(rec, want.recs[path]):
			t.Errorf("%s: the tokens record %+v is not a full build's %+v", path, got.refs[path], want.refs[path])
		}
	}
	for path := range want.recs {
		if _, ok := got.refs[path]; !ok {
			missing++
		}
	}
	return missing
}

// buildAndCompare builds root into out on its cache, and into a new
// folder without, and compares the sites and the tokens; it returns out's
// cache's tokens and how many entries have no record in it.
func buildAndCompare(t *testing.T, root, out string) (cachedTokens, int) {
	t.Helper()
	_, incr := buildTree(t, root, out)
	full := filepath.Join(t.TempDir(), "full")
	_, fullTree := buildTree(t, root, full)
	sameTrees(t, incr, fullTree)
	return readCachedTokens(t, out), checkTokens(t, out, full)
}

// newer is a date after every entry of the fixture project.
var newer = time.Date(2021, 12, 2, 9, 0, 0, 0, time.UTC)

// A build on the cache appends the new entries' records to the tokens
// file and leaves every other record where it was.
func TestTokensFileAppended(t *testing.T) {
	root := project(t)
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	before := readCachedTokens(t, out)
	addItem(t, root, "added-one", newer)
	addItem(t, root, "added-two", newer.Add(time.Hour))
	after, missing := buildAndCompare(t, root, out)
	if missing > 0 {
		t.Errorf("%d entries have no tokens record", missing)
	}
	var added int64
	for path, r := range after.refs {
		if old, ok := before.refs[path]; ok && old != r {
			t.Errorf("%s: the record moved from %+v to %+v", path, old, r)
		}
		if _, ok := before.refs[path]; !ok {
			added += int64(r.Len)
			if r.Off < before.size {
				t.Errorf("%s: a new record at %d, before the old file's end %d", path, r.Off, before.size)
			}
		}
	}
	if added == 0 || after.size != before.size+added {
		t.Errorf("the tokens file went from %d to %d bytes, with %d bytes of new records", before.size, after.size, added)
	}
	if !os.SameFile(before.file, after.file) {
		t.Error("the tokens file was written anew")
	}
}

// A build that fails after appending records (a template error on a new
// entry, after its tokens are handed in) leaves the cache as it was: the
// next build takes every record from it and writes what a full build
// writes.
func TestTokensFileFailedBuild(t *testing.T) {
	root := project(t)
	edit(t, root, "templates/entry.html", `<article class="entry`, `{{if eq $it.Source "Boom"}}{{index "" 5}}{{end}}<article class="entry`)
	out := filepath.Join(t.TempDir(), "public")
	res, _ := buildTree(t, root, out)
	if len(res.Uncached) > 0 {
		t.Fatalf("the cache is off for %v", res.Uncached)
	}
	before := readCachedTokens(t, out)
	defer func(n int) { tokensBuffer = n }(tokensBuffer)
	tokensBuffer = 16 // records reach the file as they are written
	addItem(t, root, "added-one", newer)
	addItem(t, root, "added-boom", newer.Add(time.Hour))
	edit(t, root, "content/news/2021/12/added-boom.md", "source: Outlet", "source: Boom")
	if _, err := Build(Options{Root: root, Out: out}); err == nil {
		t.Fatal("the build with a failing entry page did not fail")
	}
	switch fi, err := os.Stat(filepath.Join(publish.CachePath(out), tokensFile)); {
	case err != nil:
		t.Errorf("after a failed build: %v", err)
	case fi.Size() <= before.size:
		t.Fatalf("the failed build appended nothing to the tokens file: the test tests nothing")
	}
	edit(t, root, "content/news/2021/12/added-boom.md", "source: Boom", "source: Outlet")
	after, missing := buildAndCompare(t, root, out)
	if missing > 0 {
		t.Errorf("%d entries have no tokens record after a failed build", missing)
	}
	for path, r := range before.refs {
		if after.refs[path] != r {
			t.Errorf("%s: the record moved from %+v to %+v", path, r, after.refs[path])
		}
	}
}

// A build killed while it renders leaves what it appended, the last
// record cut short, and the cache it started from: the next build
// appends after it. Killed while it publishes, it leaves no cache's
// records (forget): the next build writes a new tokens file.
func TestTokensFileKilledBuild(t *testing.T) {
	root := project(t)
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	tokens := filepath.Join(publish.CachePath(out), tokensFile)
	f, err := os.OpenFile(tokens, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("\x00\x05anti")); err != nil { // a record's first token, cut
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	addItem(t, root, "added-one", newer)
	if _, missing := buildAndCompare(t, root, out); missing > 0 {
		t.Errorf("killed while rendering: %d entries have no tokens record", missing)
	}

	if err := os.Remove(filepath.Join(publish.CachePath(out), pagesFile)); err != nil {
		t.Fatal(err)
	}
	addItem(t, root, "added-two", newer.Add(time.Hour))
	after, missing := buildAndCompare(t, root, out)
	if missing > 0 {
		t.Errorf("killed while publishing: %d entries have no tokens record", missing)
	}
	if after.size != after.live() {
		t.Errorf("killed while publishing: the tokens file has %d bytes, its records %d", after.size, after.live())
	}
}

// A tokens file cut short by hand is not appended to, which would put
// new records where the cache says old ones are: the next build writes a
// new file, without the records that were cut.
func TestTokensFileCut(t *testing.T) {
	root := project(t)
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	tokens := filepath.Join(publish.CachePath(out), tokensFile)
	fi, err := os.Stat(tokens)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(tokens, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	addItem(t, root, "added-one", newer)
	after, missing := buildAndCompare(t, root, out) // checks every record reads
	if missing == 0 {
		t.Errorf("no entry lost its record to the cut: the test tests nothing")
	}
	if after.size != after.live() {
		t.Errorf("the tokens file has %d bytes, its records %d", after.size, after.live())
	}
}

// A record damaged by hand still parses as tokens: a build that wants
// them checks its sum and parses the entry again.
func TestTokensFileDamaged(t *testing.T) {
	root := project(t)
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	ct := readCachedTokens(t, out)
	tokens := filepath.Join(publish.CachePath(out), tokensFile)
	data, err := os.ReadFile(tokens)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range ct.refs {
		data[r.Off+int64(r.Len)-1] ^= 1 // in the last token's bytes
	}
	if err := os.WriteFile(tokens, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// The oldest entry edited: the index merges every entry's tokens.
	edit(t, root, "content/events/2021-04-10-regulator-fines-marketplace.md", "title: ", "title: Edited ")
	if _, missing := buildAndCompare(t, root, out); missing > 0 {
		t.Errorf("%d entries have no tokens record", missing)
	}
}

// When dead bytes pass tokensDeadShare of the tokens file, a build
// writes a new one with only the records it uses; below, it appends.
func TestTokensFileCompacted(t *testing.T) {
	root := project(t)
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	edit(t, root, "content/news/2021/09/links-unblocked-zh.md", "title: ", "title: Edited ")
	after, missing := buildAndCompare(t, root, out)
	if missing > 0 || after.size <= after.live() {
		t.Fatalf("after an edit: %d bytes of records in a file of %d, %d entries without: want dead bytes appended", after.live(), after.size, missing)
	}
	defer func(share float64) { tokensDeadShare = share }(tokensDeadShare)
	tokensDeadShare = 0
	addItem(t, root, "added-one", newer)
	before := after
	after, missing = buildAndCompare(t, root, out)
	if missing > 0 {
		t.Errorf("%d entries have no tokens record", missing)
	}
	if after.size != after.live() || os.SameFile(before.file, after.file) {
		t.Errorf("compacted, the tokens file has %d bytes, its records %d; a new file: %v", after.size, after.live(), !os.SameFile(before.file, after.file))
	}
	// And appended to again: no dead bytes.
	addItem(t, root, "added-two", newer.Add(time.Hour))
	before = after
	after, missing = buildAndCompare(t, root, out)
	if missing > 0 || after.size != after.live() || after.size <= before.size || !os.SameFile(before.file, after.file) {
		t.Errorf("after a compaction, %d bytes of records in a file of %d (%d before), %d entries without", after.live(), after.size, before.size, missing)
	}
}

// Appending, jobs race to an entry's tokens: one carries the old record
// (unwanted by the merge), another makes them. Whatever the order, a
// record made wins over one carried unread, which may be damaged; one
// carried after it was read is as good as a new one.
func TestCarryRace(t *testing.T) {
	old, made := []byte("old record"), []byte("made record")
	tests := []struct {
		name      string
		carryRead bool // the carried record was read and checked
		madeFirst bool
		want      []byte
	}{
		{"carried unread, then made", false, false, made},
		{"made, then carried unread", false, true, made},
		{"carried read, then made", true, false, old},
		{"made, then carried read", true, true, made},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Create(filepath.Join(t.TempDir(), tokensFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.Write(old); err != nil {
				t.Fatal(err)
			}
			r := tokRef{0, int32(len(old)), crc32.Checksum(old, castagnoli)}
			c := &cacheRun{oldToks: f, newToks: f, tokw: bufio.NewWriter(f), tokOff: int64(len(old)),
				toks: make([]tokRef, 1), unread: make([]bool, 1)}
			var rec []byte
			if tt.carryRead {
				rec = old
			}
			if tt.madeFirst {
				c.writeTokens(0, made)
				c.carry(0, r, rec)
			} else {
				c.carry(0, r, rec)
				c.writeTokens(0, made)
			}
			if err := c.tokw.Flush(); err != nil {
				t.Fatal(err)
			}
			got, ok := c.toks[0].read(f)
			if !ok || !bytes.Equal(got, tt.want) {
				t.Errorf("the entry's record is %q (reads: %v), want %q", got, ok, tt.want)
			}
		})
	}
}
