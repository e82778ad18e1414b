package site

// The build cache. A build keeps, beside public/ (publish.CachePath),
// what each entry page, each numbered page of a listing and each year's
// archive was made from: a key over every input the page's templates
// can reach, and the file the page became; and each entry's search
// tokens. The next build, on a restored cache (a CI system's cache step,
// or the last local build), links a page whose key is unchanged from the
// published site instead of rendering it, and takes a kept entry's
// tokens from the cache instead of parsing its document: a scheduled run
// that fetched 20 items renders their pages and the pages that show
// them, not the archive's.
//
// The keys are only as good as the list of what they cover, so a kind of
// page is kept only while its templates use nothing else (unkeyed, in
// cachecheck.go): a template that reaches, say, the story of an entry or
// the number of entries turns the cache off for that kind. A change to
// docket itself, the templates, settings or rules changes the build key
// and every page is rendered. The cache is never trusted for a page's
// bytes: a page is kept only if the published file is still the one the
// cache records (publish.Writer.Keep), and tests build with and without
// the cache and compare the trees.

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"docket/internal/projfile"
	"docket/internal/publish"
	"docket/internal/search"
)

// pageCache is the build cache's file.
type pageCache struct {
	Build [sha256.Size]byte // the inputs every page shares: see buildKey
	// The records, by path, in two tables: a decoded cache has the
	// records with search tokens, the entry pages', in Entries, which a
	// build on caches lets go once its entry pages are done (entryDone).
	// A cache this build made (result) has them all in Pages.
	Pages, Entries pageTable
	Index          *indexRecord // the search index's shards (indexcache.go); nil for none
}

// pageRecord is one page: the key of its inputs and the file, and for
// an entry page where its search tokens are in the tokens file.
type pageRecord struct {
	Key [sha256.Size]byte
	publish.Kept
	Tokens tokRef
}

// hasTokens reports whether r is an entry page's with search tokens: the
// records pageCache keeps in Entries once decoded.
func (r *pageRecord) hasTokens() bool { return r.Tokens.Len > 0 }

// tokRef is an entry's search tokens in the cache's tokens file: as
// tokens come from the document alone (and the rules, in the build key),
// a kept entry takes them from there instead of reading and parsing its
// file again. Sum (CRC-32C) finds a damaged record, which parses as
// tokens all the same.
type tokRef struct {
	Off int64
	Len int32
	Sum uint32
}

// read is the record r refers to in f, if it is there undamaged.
func (r tokRef) read(f *os.File) ([]byte, bool) {
	if f == nil || r.Len <= 0 {
		return nil, false
	}
	rec := make([]byte, r.Len)
	if _, err := f.ReadAt(rec, r.Off); err != nil || crc32.Checksum(rec, castagnoli) != r.Sum {
		return nil, false
	}
	return rec, true
}

// cacheRun is a build's use of the cache: the previous build's records,
// and this one's, by the output's place in the plan.
type cacheRun struct {
	dir string // the cache's folder (publish.CachePath)
	// tmp is where the run makes its files: dir, or for a run that only
	// reads the cache (docket check's), a folder of its own.
	tmp      string
	readOnly bool
	loaded   chan struct{} // closed once prev is read, or at once if late
	late     bool          // prev is read by start (see openCacheIn)
	prev     *pageCache    // nil: nothing to keep; its tables move to last and lastEntries
	key      [sha256.Size]byte
	// last and lastEntries are the last build's page records the render
	// looks up (prev's Pages and Entries). The entry pages' go once every
	// entry page is done (entryDone): the listings, feeds and search index
	// that follow hold the most memory a build on caches does, and the
	// entry pages' were three in four of the records (~200 MB at a million
	// entries).
	last, lastEntries atomic.Pointer[pageTable]
	entries           atomic.Int64 // entry pages not yet done
	// The previous build's tokens file, and the one this build's records
	// go to as entries hand in their tokens (openTokens): the same file
	// when appending, else a new one; toks are where, by document.
	oldToks *os.File
	newToks *os.File
	mu      sync.Mutex
	tokw    *bufio.Writer
	tokOff  int64
	toks    []tokRef // by search document (indexcache.go's docOf)
	unread  []bool   // toks carried unread: a record this build makes replaces them
	index   indexRun // the search index's shards, see indexcache.go
	items   []*Item
	cards   [][sha256.Size]byte // the items' card keys, by place in the timeline
	// ranks are the items' first chips in the card's order, one more than
	// a card shows, as indices into their terms plus one (0: none), for
	// the keys of listings that leave one out (shown).
	ranks [][cardChips + 1]uint8
	// unkeyed are the names each page kind's templates use that the keys
	// do not cover (unkeyed); a kind with any is always rendered.
	unkeyed map[string][]string
	// This build's records, by the output's place in the plan, go to a
	// temporary file as the outputs are written (record): held in memory
	// they were ~140 B an output for the whole render (a million-entry
	// archive's 160 MB), and only result reads them, once the render is
	// done.
	recMu   sync.Mutex
	recs    *os.File
	recw    *bufio.Writer
	recBuf  []byte
	planned int // the number of outputs in the plan
	// The records read back (result), from the render's end on.
	pagesRead chan struct{} // closed once read; nil: not begun
	pages     pageTable
	pagesErr  error
	kept      atomic.Int64
	rows      rowsRun // the data files' rows (rows.go)
	off       bool    // the build key could not be made (err): keep nothing
	err       error   // why the cache is off, or could not be saved
}

// recordsAhead is the size of the records file up to which it is read
// beside the load: ~150,000 entries. A larger archive's load holds the
// most memory a build does; its records' decoding then adds to the
// build's time rather than to that peak.
var recordsAhead int64 = 32 << 20 // a var: tests make it 0

// The cache folder's files.
const (
	pagesFile  = "pages"
	tokensFile = "tokens"
)

// openCache opens the cache in the folder dir, made if need be: what a
// missing, old or damaged cache holds is not used.
func openCache(dir string) (*cacheRun, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return openCacheIn(dir, dir, false)
}

// readCache opens the cache in dir for a run that only reads it, and
// makes its own files in tmp: it is never saved, nor appended to.
func readCache(dir, tmp string) (*cacheRun, error) { return openCacheIn(dir, tmp, true) }

func openCacheIn(dir, tmp string, readOnly bool) (*cacheRun, error) {
	c := &cacheRun{dir: dir, tmp: tmp, readOnly: readOnly, loaded: make(chan struct{}), rows: rowsRun{recs: map[string]*rowsRecord{}, done: map[string]bool{}}}
	// The last build's records are decoded beside the load, which does
	// not need them; start waits for them. Past recordsAhead bytes start
	// decodes them itself, once the load has let its documents go: at a
	// million entries the records and the documents were 0.6 GB at once.
	if fi, err := os.Stat(filepath.Join(dir, pagesFile)); err == nil && fi.Size() > recordsAhead {
		c.late = true
		close(c.loaded)
	} else {
		go func() {
			defer close(c.loaded)
			c.prev = loadPageCache(filepath.Join(dir, pagesFile), nil)
		}()
	}
	r, err := projfile.CreateTemp(filepath.Join(tmp, pagesFile))
	if err != nil {
		c.close()
		return nil, err
	}
	c.recs, c.recw = r, bufio.NewWriterSize(r, 64<<10)
	return c, nil
}

// forget removes the cache's records, before the site they describe
// changes.
func (c *cacheRun) forget() error {
	var errs []error
	for _, f := range append([]string{filepath.Join(c.dir, pagesFile)}, c.rowsFiles()...) {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// save writes this build's records and tokens in the cache's place;
// restat gives a record as the published file now is.
func (c *cacheRun) save(restat func(path string, k publish.Kept) publish.Kept) error {
	if err := c.saveTokens(); err != nil {
		return err
	}
	// Without its shards the index has no record: the next build merges.
	if err := c.saveShards(); err != nil {
		c.index.err = err
	}
	res, err := c.result()
	if err != nil {
		return err
	}
	for i := range res.Pages.len() {
		r := &res.Pages.recs[i]
		r.Kept = restat(res.Pages.path(i), r.Kept)
	}
	// The rows last (forget removed the last build's): a build that
	// could not save them formats every row next time.
	if err := res.save(filepath.Join(c.dir, pagesFile)); err != nil {
		return err
	}
	return c.saveRows(restat)
}

// close lets go of the files; an unsaved new tokens file is removed.
func (c *cacheRun) close() {
	<-c.loaded
	if c.pagesRead != nil {
		<-c.pagesRead // before the records file goes
	}
	c.closeIndex()
	if c.oldToks != nil {
		c.oldToks.Close()
	}
	// Not the file appended to: the records of the cache on disk are
	// still in it, where it says, whatever this build appended.
	if c.newToks != nil && !c.appending() {
		c.newToks.Close()
		os.Remove(c.newToks.Name())
	}
	if c.recs != nil {
		c.recs.Close()
		os.Remove(c.recs.Name())
		c.recs = nil
	}
}

// loadPageCache reads the cache at path; a missing, old or damaged file
// is no cache.
func loadPageCache(path string, want *[sha256.Size]byte) *pageCache {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil
	}
	c, err := decodePageCache(f, fi.Size(), want)
	if err != nil {
		return nil
	}
	return c
}

// save writes the cache at path through a temporary file, so that a
// reader finds the old cache or the new one.
func (c *pageCache) save(path string) error {
	f, err := projfile.CreateTemp(path)
	if err != nil {
		return err
	}
	err = errors.Join(c.encode(f), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// cachedKinds are the page kinds the cache may keep: entry pages, the
// numbered pages of the timeline, of term listings and of the years'
// archives, the terms' and the years' first pages, and the stories' pages.
var cachedKinds = []string{"entry", "home", "term", "term-front", "archive", "archive-front", "story"}

// start readies the run for a model: the build key, and whether the
// previous build's records may be used; trusted is publish.Writer's,
// for the search index's base (appendable). It reads no story: the
// stories may still be clustering. cardKeys follows once they are placed.
func (c *cacheRun) start(b *builder, trusted func(path string, k publish.Kept) bool) error {
	<-c.loaded
	unkeyed, menu := checkTemplates(b.tmpl)
	key, err := b.buildKey(menu)
	if err != nil {
		// Nothing is kept, and nothing recorded: the site is built as
		// without a cache, and the error said.
		c.prev, c.off, c.err = nil, true, err
		return nil
	}
	c.key, c.unkeyed = key, unkeyed
	if c.late {
		c.prev = loadPageCache(filepath.Join(c.dir, pagesFile), &key)
	}
	if c.prev != nil && c.prev.Build != key {
		c.prev = nil
	}
	if c.prev != nil {
		pages, entries := c.prev.Pages, c.prev.Entries
		c.last.Store(&pages)
		c.lastEntries.Store(&entries)
		defer func() { c.prev.Pages, c.prev.Entries = pageTable{}, pageTable{} }() // last has them
	}
	c.toks, c.unread = make([]tokRef, len(b.m.items)), make([]bool, len(b.m.items))
	if err := c.openTokens(); err != nil {
		return err
	}
	if err := c.startIndex(b, trusted); err != nil {
		c.err = fmt.Errorf("search index: %w", err) // said; the index is merged whole, and not kept
	}
	return nil
}

// cardKeys works out every item's card key once: an item's card is in
// the keys of its page, of its citations' pages and of every listing
// page it is on.
func (c *cacheRun) cardKeys(items []*Item) {
	c.items, c.cards, c.ranks = items, make([][sha256.Size]byte, len(items)), make([][cardChips + 1]uint8, len(items))
	const chunk = 1024
	_ = runEach((len(items)+chunk-1)/chunk, func(k int) error {
		for i := k * chunk; i < min(len(items), (k+1)*chunk); i++ {
			c.cards[i] = cardKey(items[i])
			c.ranks[i] = rankIndices(items[i])
		}
		return nil
	})
}

// rankIndices is ranks' entry for it.
func rankIndices(it *Item) (r [cardChips + 1]uint8) {
	var top [cardChips + 1]*Term
	for i, t := range top[:it.rankTerms("", top[:])] {
		j := slices.Index(it.terms, t)
		if j < 0 || j >= 255 {
			return [cardChips + 1]uint8{} // not to be had: shown works them out
		}
		r[i] = uint8(j + 1)
	}
	return r
}

// inTimeline reports whether it is the timeline's item at its place,
// whose card key and ranks cardKeys worked out.
func (c *cacheRun) inTimeline(it *Item) bool { return it.n < len(c.items) && c.items[it.n] == it }

// shown is it.shownTerms(omit), from the ranks where they are known.
func (c *cacheRun) shown(it *Item, omit string) (top [cardChips]*Term, n int) {
	if !c.inTimeline(it) || c.ranks[it.n][0] == 0 {
		return it.shownTerms(omit)
	}
	for _, j := range c.ranks[it.n] {
		if j == 0 || n == cardChips {
			break
		}
		if t := it.terms[j-1]; t.url != omit {
			top[n] = t
			n++
		}
	}
	return top, n
}

// shownKey writes to h which of it's terms its card shows on a listing
// without the term at omit. Where the ranks are known, they tell it with
// the card key, which covers the terms they index, and omit, which the
// page's fields do: four bytes instead of the shown terms' URLs, on every
// listing page the card is on.
func (c *cacheRun) shownKey(h *keyHash, it *Item, omit string) {
	if c.inTimeline(it) && c.ranks[it.n][0] != 0 {
		h.num(-1) // not a count of URLs
		h.write(c.ranks[it.n][:])
		return
	}
	shown, n := it.shownTerms(omit)
	h.num(n)
	for _, t := range shown[:n] {
		h.field(t.url)
	}
}

// card writes the key of it's card to h.
func (c *cacheRun) card(h *keyHash, it *Item) {
	if c.inTimeline(it) {
		h.write(c.cards[it.n][:])
		return
	}
	sum := cardKey(it) // not in the timeline
	h.write(sum[:])
}

// plan readies the run for a plan of n outputs, the first entries of
// them entry pages.
func (c *cacheRun) plan(n, entries int) {
	c.planned = n
	c.entries.Store(int64(entries))
}

// pageRecordSize is the size of a record in the records file after its
// place and path: the key, the sum, and Kept's five numbers.
const pageRecordSize = 2*sha256.Size + 5*8

// record notes the record of output i, at path, in the records file: its
// place in the plan and its path as uvarints and bytes, then its key,
// its sum and Kept's numbers. A record that cannot be written is lost,
// as for a file not kept: that page is rendered next time.
func (c *cacheRun) record(i int, path string, r pageRecord) {
	c.recMu.Lock()
	defer c.recMu.Unlock()
	b := binary.AppendUvarint(c.recBuf[:0], uint64(i))
	b = binary.AppendUvarint(b, uint64(len(path)))
	b = append(b, path...)
	b = append(b, r.Key[:]...)
	b = append(b, r.Sum[:]...)
	for _, v := range [...]uint64{uint64(r.Size), uint64(r.MTime), uint64(r.CTime), r.Ino, r.Dev} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	c.recw.Write(b) // a write error is kept by recw and found by result
	c.recBuf = b
}

// readRecord reads one record from rd (as record wrote it) into buf;
// io.EOF at the end of the file. The path is valid until buf's next use.
func readRecord(rd *bufio.Reader, buf *[]byte) (i int, path []byte, r pageRecord, err error) {
	n, err := binary.ReadUvarint(rd)
	if err != nil {
		return 0, nil, r, err
	}
	size, err := binary.ReadUvarint(rd)
	if err != nil || size > 1<<20 {
		return 0, nil, r, cmp.Or(err, errDamagedRecord)
	}
	*buf = slices.Grow((*buf)[:0], int(size)+pageRecordSize)[:int(size)+pageRecordSize]
	b := *buf
	if _, err := io.ReadFull(rd, b); err != nil {
		return 0, nil, r, cmp.Or(err, errDamagedRecord)
	}
	path, b = b[:size], b[size:]
	r.Key, b = [sha256.Size]byte(b), b[sha256.Size:]
	r.Sum, b = [sha256.Size]byte(b), b[sha256.Size:]
	var v [5]uint64
	for k := range v {
		v[k], b = binary.LittleEndian.Uint64(b), b[8:]
	}
	r.Size, r.MTime, r.CTime, r.Ino, r.Dev = int64(v[0]), int64(v[1]), int64(v[2]), v[3], v[4]
	return int(n), path, r, nil
}

// errDamagedRecord is a records file that ends inside a record.
var errDamagedRecord = errors.New("build cache: a damaged record")

// lookup is the record of the published file at path, if its key is k.
// An entry page's is looked for among the entry pages' records first;
// another page's is not: a path that was an entry page's is rendered.
func (c *cacheRun) lookup(path string, k [sha256.Size]byte, entry bool) (pageRecord, bool) {
	if entry {
		if r, ok := findIn(c.lastEntries.Load(), path); ok {
			return r, r.Key == k
		}
	}
	r, ok := findIn(c.last.Load(), path)
	return r, ok && r.Key == k
}

// findIn is t.find, and nothing for no table.
func findIn(t *pageTable, path string) (pageRecord, bool) {
	if t == nil {
		return pageRecord{}, false
	}
	return t.find(path)
}

// entryDone notes an entry page done; after the last, the entry pages'
// records are let go.
func (c *cacheRun) entryDone() {
	if c.entries.Add(-1) == 0 {
		c.lastEntries.Store(nil)
	}
}

// rendered lets go of what only the render needed: the last build's
// records and the model's items, which the cache outlives.
func (c *cacheRun) rendered() {
	if !c.readOnly {
		c.carryTokens()
	}
	c.prev, c.items, c.cards, c.ranks, c.index.carry = nil, nil, nil, nil, nil
	c.last.Store(nil)
	c.lastEntries.Store(nil)
	if c.readOnly { // a check's, which saves nothing: no records to read
		return
	}
	// Every output is recorded: the records are read while the site is
	// published, which they do not wait for (80 ms at 50,000 entries).
	c.pagesRead = make(chan struct{})
	go func() {
		defer close(c.pagesRead)
		c.pages, c.pagesErr = c.readPages()
	}()
}

// result is the cache for the next build: the pages' records (see
// readPages) and the search index's.
func (c *cacheRun) result() (*pageCache, error) {
	if c.pagesRead == nil {
		c.pages, c.pagesErr = c.readPages()
	} else {
		<-c.pagesRead
	}
	if c.pagesErr != nil {
		return nil, c.pagesErr
	}
	return &pageCache{Build: c.key, Pages: c.pages, Index: c.indexResult()}, nil
}

// readPages reads the records file: for a path two outputs wrote, the
// later's in the plan.
func (c *cacheRun) readPages() (pageTable, error) {
	if err := c.recw.Flush(); err != nil {
		return pageTable{}, err
	}
	if _, err := c.recs.Seek(0, io.SeekStart); err != nil {
		return pageTable{}, err
	}
	var pages pageTableBuilder
	var buf []byte
	rd := bufio.NewReaderSize(c.recs, 64<<10)
	for {
		i, path, r, err := readRecord(rd, &buf)
		if err == io.EOF {
			return pages.table(), nil
		}
		if err != nil {
			return pageTable{}, err
		}
		if i >= c.planned {
			continue
		}
		if i < len(c.toks) { // an entry page, at its document's place (see writeCachedOutput)
			r.Tokens = c.toks[i]
		}
		pages.add(i, path, r)
	}
}

// putTokens hands an entry's search tokens to the merge, and writes them
// to the cache's tokens file first.
func (b *builder) putTokens(it *Item, d *search.DocTokens) {
	if c := b.cache; c != nil {
		rec := tokenRecs.Get().(*[]byte)
		*rec = appendTokens((*rec)[:0], d)
		c.writeTokens(b.docOf(it), *rec)
		tokenRecs.Put(rec)
	}
	b.tokens.Put(it.n, d)
}

// tokenRecs hold putTokens' records while they are written: made afresh,
// they were a tenth of what a build allocated.
var tokenRecs = sync.Pool{New: func() any { return new([]byte) }}

// writeTokens writes document n's tokens, as appendTokens gives them, to
// the tokens file.
func (c *cacheRun) writeTokens(n int, rec []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokw == nil || (c.toks[n].Len > 0 && !c.unread[n]) {
		return // the cache is off (start), or a good record is there: made, or carried once read
	}
	if _, err := c.tokw.Write(rec); err != nil {
		return // the entry's record will have no tokens: they are made again
	}
	c.toks[n], c.unread[n] = tokRef{c.tokOff, int32(len(rec)), crc32.Checksum(rec, castagnoli)}, false
	c.tokOff += int64(len(rec))
}

// keptTokens hands in a kept entry's tokens from the previous build's
// tokens file; without them, it reads and parses the entry. The index an
// incremental build appends to has them already, and the merge may have
// them or make them itself (search.Merger.Wants): then they are only
// carried.
func (b *builder) keptTokens(it *Item, r tokRef) error {
	c := b.cache
	doc := b.docOf(it)
	if c.keptDocTokens(doc, r) {
		return nil
	}
	if !b.tokens.Wants(it.n) {
		c.carry(doc, r, nil)
		return nil
	}
	if rec, ok := r.read(c.oldToks); ok {
		if d, ok := readTokens(rec); ok {
			c.carry(doc, r, rec)
			b.tokens.Put(it.n, d)
			return nil
		}
	}
	_, err := b.entry(it, false)
	return err
}

// appendTokens appends d's tokens to rec: each its field, its length
// and its bytes.
func appendTokens(rec []byte, d *search.DocTokens) []byte {
	for i := range d.Len() {
		tok, field := d.Tok(i)
		rec = append(rec, byte(field))
		rec = binary.AppendUvarint(rec, uint64(len(tok)))
		rec = append(rec, tok...)
	}
	return rec
}

// readTokens is the set of tokens appendTokens wrote in rec.
func readTokens(rec []byte) (*search.DocTokens, bool) {
	d := search.NewDocTokens()
	for len(rec) > 0 {
		field := int(rec[0])
		n, k := binary.Uvarint(rec[1:])
		if k <= 0 || uint64(len(rec)-1-k) < n {
			d.Release()
			return nil, false
		}
		d.Add(rec[1+k:1+k+int(n)], field)
		rec = rec[1+k+int(n):]
	}
	return d, true
}

// writeCached writes output i of the plan, or keeps the published file
// when its key is unchanged; kept does what the rest of the build needs
// of an output it does not render (nil for nothing).
func (b *builder) writeCached(w *publish.Writer, i int, o output, fill func(io.Writer) error, kind string, key func() ([sha256.Size]byte, error), kept func(pageRecord) error) error {
	c := b.cache
	if c.off || len(c.unkeyed[kind]) > 0 {
		return b.writeOutput(w, o, fill)
	}
	k, err := key()
	if err != nil {
		return err
	}
	if r, ok := c.lookup(o.path, k, kind == "entry"); ok && (o.keyed == nil || !o.keyed.fresh) {
		if f, ok := w.Keep(o.path, r.Kept); ok {
			c.record(i, o.path, pageRecord{Key: k, Kept: f})
			c.kept.Add(1)
			if kept != nil {
				return kept(r)
			}
			return nil
		}
	}
	var f publish.Kept
	var ok bool
	if fill != nil {
		f, ok, err = w.StreamKept(o.path, fill)
	} else {
		var data []byte
		if data, err = o.render(); err != nil {
			return err
		}
		f, ok, err = w.WriteKept(o.path, data)
		b.giveBack(data)
	}
	if ok {
		c.record(i, o.path, pageRecord{Key: k, Kept: f})
	}
	return err
}

// buildKey hashes what every page shares: what parsing depends on
// (loadKey), the options, the templates, the settings, and the parts of
// the model that every page's chrome shows (menu, taxonomies, years).
// menuReads are the names the templates read on the menu's pages.
func (b *builder) buildKey(menuReads []string) ([sha256.Size]byte, error) {
	h := newKeyHash()
	o := b.opts
	// What parsing depends on (docket, feeds/*.yaml, the time zone).
	base, err := loadKey(o.Root)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	h.write(base[:])
	// The root as given: an item's .Path names its file under it, cleaned
	// as the path is (--root ./ names the files as --root . does).
	h.field(o.Version, o.BaseURL, strconv.FormatBool(o.Drafts), filepath.Clean(o.Root))
	// The templates, but not their assets, which pages link to by path.
	tree, err := templatesSum(filepath.Join(o.Root, "templates"))
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	h.write(tree[:])
	for _, p := range []string{filepath.Join(o.Root, "content", "site.yaml"), filepath.Join(o.Root, "feeds", RatesFile)} {
		data, err := projfile.ReadFile(p, projfile.MaxConfig)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return [sha256.Size]byte{}, err
		}
		h.field(filepath.Base(p), string(data))
	}
	// The menu's pages: their place, address and title, and their files
	// if the templates read more of them (a card's names; menuReads, from
	// checkTemplates). A
	// page out of the menu is on no page the cache keeps, so editing it
	// renders only itself.
	whole := slices.ContainsFunc(menuReads, func(name string) bool { return name != "URL" && name != "Title" })
	for _, it := range b.m.pages {
		if it.Menu() <= 0 {
			continue
		}
		if whole {
			sum := it.loadedSum()
			h.write(sum[:])
		}
		h.field(it.URL, it.Title, strconv.Itoa(int(it.Menu())))
	}
	for _, t := range b.m.taxes {
		h.field(t.Key, t.Title, t.URL())
	}
	for _, y := range b.m.years {
		h.field(strconv.Itoa(y))
	}
	return h.sum(), nil
}

// entryKey hashes what an entry page shows beyond what buildKey covers:
// the entry and the cards of the entries it cites or is cited by.
func (b *builder) entryKey(it *Item) ([sha256.Size]byte, error) {
	h := newKeyHash()
	b.cache.card(h, it)
	for _, list := range [][]*Item{it.Related(), it.CitedBy()} {
		h.field(strconv.Itoa(len(list)))
		for _, r := range list {
			b.cache.card(h, r)
		}
	}
	return h.sum(), nil
}

// listingKey hashes what a listing's kept page p (a numbered page or a
// year's archive) shows beyond what buildKey covers: the page's own
// values, its pager's links, and its entries' cards with the chips they
// show there (without the term at omit).
func (b *builder) listingKey(p *Page, items []*Item, omit string) ([sha256.Size]byte, error) {
	return b.listingFields(p, items, omit).sum(), nil
}

// listingFields are listingKey's fields, for frontKey to add to.
func (b *builder) listingFields(p *Page, items []*Item, omit string) *keyHash {
	h := newKeyHash()
	h.field(p.Kind, p.Path, p.Title, p.Lang, p.Description, strconv.Itoa(p.Year), omit)
	if t := p.Term; t != nil {
		h.field(t.ID, t.Name, t.Native, t.Description, t.Class, t.url)
	}
	for _, f := range p.Feeds {
		h.field(f.Title, f.Type, f.URL)
	}
	if pg := p.Pager; pg != nil {
		h.field(strconv.Itoa(pg.Current), pg.NewerLink(), pg.OlderLink())
		for _, s := range pg.Window() {
			h.field(strconv.Itoa(s.Page), s.Label, strconv.FormatBool(s.Current), strconv.FormatBool(s.Gap))
		}
	}
	for _, it := range items {
		b.cache.card(h, it)
		b.cache.shownKey(h, it, omit)
	}
	return h
}

// frontKey is listingKey for a term's first page, which shows beyond
// a numbered page's the term's numbers and its histogram (frontKeyed).
func (b *builder) frontKey(p *Page, items []*Item, omit string) ([sha256.Size]byte, error) {
	h := b.listingFields(p, items, omit)
	t := p.Term
	h.field(strconv.Itoa(t.Events), strconv.Itoa(t.News()), t.Homepage, strconv.Itoa(len(t.Fines)))
	for _, a := range t.Fines {
		h.field(strconv.FormatFloat(a.Value, 'g', -1, 64), a.Currency)
	}
	if e := t.FinesEUR; e != nil {
		h.field("eur", e.Label, e.URL, strconv.FormatFloat(e.EUR, 'g', -1, 64), strconv.Itoa(e.Fines), strconv.Itoa(e.Unrated))
	}
	if hist := p.Histogram(); hist != nil {
		hist.key(h)
	}
	return h.sum(), nil
}

// storyKey hashes what a story's page p shows beyond what buildKey
// covers: the page's values, and its reports' cards in their order with
// which are primary. The story's sources, languages and case come from
// those (Story.Case picks by primary).
func (b *builder) storyKey(p *Page) ([sha256.Size]byte, error) {
	h := newKeyHash()
	st := p.Story
	h.field(p.Kind, p.Path, p.Title, p.Lang, p.Description, st.ID)
	h.num(len(st.Items))
	for _, it := range st.Items {
		b.cache.card(h, it)
		h.num(int(it.primary))
	}
	return h.sum(), nil
}

// cardKey hashes what an item's card shows: its document, and what the
// model adds to it (source, case, story, the chips a card picks).
func cardKey(it *Item) [sha256.Size]byte {
	sum := it.loadedSum()
	h := newKeyHash()
	h.write(sum[:])
	for _, t := range it.terms { // .Chips shows them all
		h.field(t.Class, t.url, t.Name)
	}
	h.field(it.URL, it.Rel, it.SourceType, it.SourceURL())
	caseKey(h, it.Case)
	if s := it.Leads(); s != nil {
		h.field(s.URL(), strconv.Itoa(s.N()), s.Detail())
		caseKey(h, s.Case())
	} else if s := it.story; s != nil { // its standLine
		h.field(s.URL(), strconv.Itoa(s.N()), s.Detail())
	}
	shown, n := it.shownTerms("")
	for _, t := range shown[:n] {
		h.field(t.Class, t.url, t.Name)
	}
	return h.sum()
}

// caseKey writes what a card may show of a case: its file and chips.
func caseKey(h *keyHash, c *Case) {
	if c == nil {
		h.field("")
		return
	}
	h.write(c.Sum[:])
	h.field(c.URL)
	for _, ch := range c.Chips {
		h.field(ch.Class, ch.ID, ch.URL, ch.Label)
	}
}

// keyHash gathers a key's fields and hashes them in one go. A hash
// write per field, through the hash.Hash interface and with each string
// copied to bytes, cost a warm 50,000-entry build about a second of CPU
// (millions of fields: every entry's card and tokens, every kept
// listing page's cards, every search chunk's rows).
type keyHash struct{ buf []byte }

// keyHashes recycles keys' buffers: sum gives them back.
var keyHashes = sync.Pool{New: func() any { return &keyHash{buf: make([]byte, 0, 1024)} }}

func newKeyHash() *keyHash {
	h := keyHashes.Get().(*keyHash)
	h.buf = h.buf[:0]
	return h
}

// field adds strings, each after its length, so that no two lists hash
// alike.
func (h *keyHash) field(ss ...string) {
	for _, s := range ss {
		h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
		h.buf = append(h.buf, s...)
	}
}

func (h *keyHash) write(p []byte) { h.buf = append(h.buf, p...) }

// num adds numbers, which a field's length prefix tells from strings.
func (h *keyHash) num(ns ...int) {
	for _, n := range ns {
		h.buf = binary.AppendVarint(h.buf, int64(n))
	}
}

// sum is the key; h is given back and must not be used again.
func (h *keyHash) sum() [sha256.Size]byte {
	sum := sha256.Sum256(h.buf)
	if cap(h.buf) <= 1<<16 { // a rare large key's buffer is let go
		keyHashes.Put(h)
	}
	return sum
}

// executableSum is the sum of docket's own binary, so that any change to
// docket (a release or a rebuilt checkout) renders every page again.
var executableSum = sync.OnceValues(func() ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	// /proc/self/exe is the running binary even if its file was replaced
	// since it started; os.Executable names the path, which may not be.
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		exe, err := os.Executable()
		if err != nil {
			return sum, err
		}
		if f, err = os.Open(exe); err != nil {
			return sum, err
		}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		io.WriteString(h, bi.String())
	}
	return [sha256.Size]byte(h.Sum(nil)), nil
})

// templatesSum hashes the templates folder as the build reads it: every
// file but hidden ones and the assets, which pages link to by path.
func templatesSum(dir string) ([sha256.Size]byte, error) {
	h := newKeyHash()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case p != dir && strings.HasPrefix(d.Name(), "."), rel == "assets":
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir():
			return nil
		}
		data, err := projfile.ReadFile(p, projfile.MaxTemplate)
		if err != nil {
			return err
		}
		h.field(filepath.ToSlash(rel), string(data))
		return nil
	})
	return h.sum(), err
}
