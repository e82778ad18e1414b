package site

// The search index through the build cache. Documents are numbered from
// the oldest entry (internal/search), so when this build's first k
// documents are the last build's, unchanged and at the same numbers,
// each base shard of the index is the last build's cut before document
// k with the postings of this build's documents from k to the split
// appended (search.Parts.AppendTo); the tail is merged from its
// documents' tokens. Entries newer than all make k the last build's
// count; a feed's late item, dated among the newest, or a recent entry
// edited or removed, makes it that entry's place. When k reaches the
// split, and the split has not moved, the base shards are the last
// build's files: they are kept by their key like pages, and the shards
// file stays as it is. The cache keeps the base shards as the last
// build rendered them, in the shards file, and what they were made
// from: the documents' count and digests of their token keys in
// document order, of all and of the first documents at marks
// (indexRecord), from which a build finds k. A token key covers
// the entry's file and every value of it that its search tokens are
// made from (docTokens), and the build key covers the rules (the names
// of topics and companies), the settings and docket itself: same keys,
// same tokens. Not the card key, which also covers the entry's story: a
// new report in an old story would make every build merge all.
//
// The documents from k on are merged from their tokens, as without a
// cache: their old postings are cut, and a kept entry's tokens record
// is still good, wherever its document now is, since an entry's tokens
// do not depend on its number. When k is 0 (the oldest entry edited, a
// changed build key), the base's shard count differs or the shards file
// is missing or damaged (it is read through unless each base file is
// kept, see appendable), the build merges every entry's tokens. Either way
// the files are those of a full merge, byte for byte: tests build both
// ways and compare.

import (
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"docket/internal/projfile"
	"docket/internal/publish"
	"docket/internal/search"
)

// shardsFile is the cache's file of the last build's rendered shards.
const shardsFile = "shards"

// indexRecord is what the cache keeps of the search index.
type indexRecord struct {
	Docs   int
	Tokens [sha256.Size]byte // the documents' token keys, in document order
	// Marks[j] is the digest of the first (j+1)*Every documents' token
	// keys: with them a build finds how many leading documents it shares
	// with this one, to within Every-1. Every is the least power of two
	// that keeps the marks to maxMarks (128 KB, whatever the archive's
	// size; one mark a document up to 4,096 documents, one in 16 at
	// 50,000): a hash per document would find every shared one but grow
	// with the archive, and a mark's documents cost little to merge.
	Every  int
	Marks  [][sha256.Size]byte
	Shards []shardRef // each shard's place in the shards file
}

// maxMarks bounds indexRecord's marks.
const maxMarks = 4096

// markEvery is indexRecord.Every for n documents.
func markEvery(n int) int {
	e := 1
	for n > e*maxMarks {
		e *= 2
	}
	return e
}

// sumAt is r's digest of its first d documents' token keys, if it has one.
func (r *indexRecord) sumAt(d int) ([sha256.Size]byte, bool) {
	switch {
	case d == r.Docs:
		return r.Tokens, true
	case r.Every > 0 && d%r.Every == 0 && d/r.Every <= len(r.Marks):
		return r.Marks[d/r.Every-1], true
	}
	return [sha256.Size]byte{}, false
}

// shardRef is a rendered shard in the shards file, with its checksum: a
// damaged file is found before the build relies on it.
type shardRef struct {
	Off int64
	Len int64
	Sum uint32 // CRC-32C
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// indexRun is a build's use of the cache for the search index.
type indexRun struct {
	from      int               // documents the index appends to; 0 for a full merge
	reuse     bool              // the base is the last build's, shards file and all
	baseKey   [sha256.Size]byte // the base shards' key (baseKey)
	oldShards *os.File          // the last build's shards file, when appending
	old       *indexRecord      // where its shards are
	carry     []tokRef          // the old documents' tokens in the last build's tokens file

	mu        sync.Mutex
	newShards *os.File // this build's shards, as they are rendered
	off       int64
	next      indexRecord
	recorded  int   // shards recorded
	saved     bool  // the shards file is in the cache's place
	err       error // a shard could not be recorded: the next build merges all
}

// docOf is the search document of an item: documents are numbered from
// the oldest end of the timeline.
func (b *builder) docOf(it *Item) int { return len(b.m.items) - 1 - it.n }

// docItem is the item of search document d, docOf's inverse.
func (b *builder) docItem(d int) *Item { return b.m.items[len(b.m.items)-1-d] }

// tokenKey hashes what an entry's search tokens are made from beyond
// the build key (see docTokens): its file, and the values the model
// gives it from the file.
func tokenKey(it *Item) [sha256.Size]byte {
	sum := it.loadedSum()
	h := newKeyHash()
	h.write(sum[:])
	amount := ""
	if a := it.Amount(); a != nil {
		amount = a.String()
	}
	h.field(it.URL, it.Title, it.Summary, it.Source, it.Status(), amount, strconv.FormatBool(it.IsEvent()), strconv.FormatBool(it.feedText()))
	for t := range itemTerms(it) {
		h.field(t.class, t.id)
	}
	return h.sum()
}

// tokenKeys are the token keys of items' documents, in document order.
func tokenKeys(items []*Item) [][sha256.Size]byte {
	n := len(items)
	keys := make([][sha256.Size]byte, n)
	const chunk = 1024
	_ = runEach((n+chunk-1)/chunk, func(j int) error {
		for d := j * chunk; d < min(n, (j+1)*chunk); d++ {
			keys[d] = tokenKey(items[n-1-d])
		}
		return nil
	})
	return keys
}

// tokenMarks is the record of documents with token keys keys (its
// shards left to fill), and how many leading documents they share with
// old's: all of old's if they lead, else as many as old's last mark that
// matches covers; 0 without old.
func tokenMarks(keys [][sha256.Size]byte, old *indexRecord) (indexRecord, int) {
	n := len(keys)
	rec := indexRecord{Docs: n, Every: markEvery(n)}
	rec.Marks = make([][sha256.Size]byte, 0, n/rec.Every)
	shared, matching := 0, old != nil
	h := sha256.New() // a running digest, summed at each mark
	for d := 1; d <= n; d++ {
		h.Write(keys[d-1][:])
		want, theirs := [sha256.Size]byte{}, false
		if matching {
			want, theirs = old.sumAt(d)
		}
		if d%rec.Every != 0 && !theirs {
			continue
		}
		sum := [sha256.Size]byte(h.Sum(nil))
		if d%rec.Every == 0 {
			rec.Marks = append(rec.Marks, sum)
		}
		if theirs {
			if sum == want {
				shared = d
			} else {
				matching = false // the digests chain: no later one matches
			}
		}
	}
	rec.Tokens = [sha256.Size]byte(h.Sum(nil))
	return rec, shared
}

// startIndex decides whether this build appends to the last build's
// index, and from which document, and readies the file this build's
// shards go to; before any tokens are handed in.
func (c *cacheRun) startIndex(b *builder, trusted func(path string, k publish.Kept) bool) error {
	n := len(b.m.items)
	ix := &c.index
	var old *indexRecord
	if c.prev != nil {
		old = c.prev.Index
	}
	keys := tokenKeys(b.m.items)
	next, k := tokenMarks(keys, old)
	base, _ := search.ShardCounts(n)
	next.Shards = make([]shardRef, base)
	ix.next = next
	ix.baseKey = baseKey(keys[:search.Split(n)], base)
	if ix.from, ix.reuse = c.appendable(n, k, trusted); ix.from > 0 {
		if ix.reuse {
			ix.next.Shards = old.Shards
		}
		b.tokens.From(ix.from)
		ix.carry = make([]tokRef, ix.from)
		for d := range ix.from {
			r, _ := c.prev.Entries.find(b.docItem(d).URL) // a record without tokens has none to carry
			ix.carry[d] = r.Tokens
		}
	}
	if ix.reuse {
		return nil
	}
	f, err := projfile.CreateTemp(filepath.Join(c.tmp, shardsFile))
	if err != nil {
		return err
	}
	ix.newShards = f
	return nil
}

// baseKey is the key of a base of shards shards made of the documents
// of token keys keys: each of its files has it, under its own path.
// The keys are hashed as they come (a million entries' are 32 MB).
func baseKey(keys [][sha256.Size]byte, shards int) [sha256.Size]byte {
	h := newKeyHash()
	h.field("search base", strconv.Itoa(len(keys)), strconv.Itoa(shards))
	all := sha256.New()
	for _, k := range keys {
		all.Write(k[:])
	}
	h.write(all.Sum(nil))
	return h.sum()
}

// appendable is the document from which this build appends to the last
// build's base, when k, the first document it does not share, is
// above 0, both builds have a base of this build's shard count and the
// shards file is whole (else 0); and whether the base is the last
// build's whole (reuse). When every file of that base is published as
// the cache recorded it (trusted), each will be kept: the shards file
// is then only checked to hold every shard, not read through (42 MB at
// 50,000 entries). A shard is still read, and its sum checked
// (oldShard), for a file that changes during the build.
func (c *cacheRun) appendable(n, k int, trusted func(path string, k publish.Kept) bool) (from int, reuse bool) {
	if k <= 0 || c.prev == nil || c.prev.Index == nil {
		return 0, false
	}
	old := c.prev.Index
	base, _ := search.ShardCounts(n)
	if oldBase, _ := search.ShardCounts(old.Docs); base == 0 || oldBase != base || len(old.Shards) != base {
		return 0, false
	}
	at := search.Split(n)
	from = min(k, search.Split(old.Docs), at)
	reuse = from == at && search.Split(old.Docs) == at
	f, err := os.Open(filepath.Join(c.dir, shardsFile))
	if err != nil {
		return 0, false
	}
	if err := checkShards(f, old.Shards, !reuse || !c.baseKept(base, trusted)); err != nil {
		f.Close()
		return 0, false
	}
	c.index.oldShards, c.index.old = f, old
	return from, reuse
}

// baseKept reports whether each of the base's shards files is recorded
// with this build's base key and published as recorded.
func (c *cacheRun) baseKept(shards int, trusted func(path string, k publish.Kept) bool) bool {
	for i := range shards {
		p := baseShardPath(i)
		if r, ok := c.lookup(p, c.index.baseKey, false); !ok || !trusted(p, r.Kept) {
			return false
		}
	}
	return true
}

// checkShards checks that the shards file holds every shard and, if
// sums, reads it through and checks each shard's sum.
func checkShards(f *os.File, refs []shardRef, sums bool) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	var buf []byte
	for i, r := range refs {
		if r.Len < 2 || r.Off < 0 || r.Off+r.Len > fi.Size() {
			return fmt.Errorf("shard %d: %d bytes at %d", i, r.Len, r.Off)
		}
		if !sums {
			continue
		}
		buf = append(buf[:0], make([]byte, r.Len)...)
		if _, err := f.ReadAt(buf, r.Off); err != nil {
			return fmt.Errorf("shard %d: %w", i, err)
		}
		if crc32.Checksum(buf, castagnoli) != r.Sum {
			return fmt.Errorf("shard %d: damaged", i)
		}
	}
	return nil
}

// oldShard is shard i as the last build rendered it, its sum checked
// (again, unless the base was kept: see appendable). A damaged one
// fails the build; the next finds its file untrusted or the shards file
// damaged, and merges the index whole.
func (c *cacheRun) oldShard(i int) ([]byte, error) {
	ix := &c.index
	r := ix.old.Shards[i]
	buf := make([]byte, r.Len)
	if _, err := ix.oldShards.ReadAt(buf, r.Off); err != nil {
		return nil, fmt.Errorf("search: the build cache's shard %d: %w", i, err)
	}
	if crc32.Checksum(buf, castagnoli) != r.Sum {
		return nil, fmt.Errorf("search: the build cache's shard %d is damaged", i)
	}
	return buf, nil
}

// recordShard writes rendered shard i to this build's shards file. Only
// its place is taken under the lock: workers write their shards at once.
func (c *cacheRun) recordShard(i int, data []byte) {
	ix := &c.index
	ix.mu.Lock()
	if ix.newShards == nil || ix.err != nil || i >= len(ix.next.Shards) || ix.next.Shards[i].Len != 0 || len(data) == 0 {
		ix.mu.Unlock()
		return
	}
	ref := shardRef{Off: ix.off, Len: int64(len(data))}
	ix.next.Shards[i].Len = ref.Len // taken
	ix.off += ref.Len
	ix.mu.Unlock()
	_, err := ix.newShards.WriteAt(data, ref.Off)
	ref.Sum = crc32.Checksum(data, castagnoli)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err != nil {
		ix.err = err
		return
	}
	ix.next.Shards[i] = ref
	ix.recorded++
}

// keptDocTokens is keptTokens for a document the index appends to: the
// tokens are not wanted, only carried to this build's tokens file for
// the next build. It reports whether doc is such a document.
func (c *cacheRun) keptDocTokens(doc int, r tokRef) bool {
	if doc >= c.index.from {
		return false
	}
	c.carry(doc, r, nil)
	return true
}

// carryTokens carries the tokens of the old documents whose page was
// rendered, not kept (a page that shows an entry it cites): the merge
// did not want them, but the next build may.
func (c *cacheRun) carryTokens() {
	for d, r := range c.index.carry {
		if c.toks[d].Len == 0 {
			c.carry(d, r, nil)
		}
	}
	c.index.carry = nil
}

// indexResult is the index's record for the next build, nil when a
// shard could not be recorded.
func (c *cacheRun) indexResult() *indexRecord {
	ix := &c.index
	if ix.reuse {
		return &ix.next
	}
	if !ix.saved || ix.err != nil || ix.recorded != len(ix.next.Shards) {
		return nil
	}
	return &ix.next
}

// saveShards puts this build's shards file in the cache's place.
func (c *cacheRun) saveShards() error {
	ix := &c.index
	if ix.newShards == nil {
		return nil
	}
	err := ix.newShards.Close()
	if err == nil {
		err = os.Rename(ix.newShards.Name(), filepath.Join(c.dir, shardsFile))
	}
	if err != nil {
		os.Remove(ix.newShards.Name())
	}
	ix.newShards, ix.saved = nil, err == nil
	return err
}

// closeIndex lets go of the shards files; an unsaved one is removed.
func (c *cacheRun) closeIndex() {
	ix := &c.index
	if ix.oldShards != nil {
		ix.oldShards.Close()
	}
	if ix.newShards != nil {
		ix.newShards.Close()
		os.Remove(ix.newShards.Name())
	}
}
