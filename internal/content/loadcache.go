package content

// The load cache. A build keeps, in a file beside its output, what it
// parsed from each content file: the document, its file's sum, and the
// file's size, modification and change times and inode as a quick check,
// as git's index does. The next load takes a file's document from the
// cache when the file still stats the same (and reads nothing), or when
// its bytes still hash to the sum (a checkout gives every file new
// times); only the rest is parsed. A document is cached only if its file
// had no problem of its own, and the checks between files (Tree.Check,
// Doc.CheckFeed) run on cached documents as on parsed ones: they keep
// where their keys stand (spots), so a problem names the line parsing
// would. What parsing depends on beyond the file (docket itself, the
// taxonomy in feeds/, the machine's time zone) is the caller's key: a
// cache made under another key is not read.

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"docket/internal/projfile"
)

// cacheMagic starts a cache file; a change to the encoding changes it.
const cacheMagic = "docket load cache 4\n"

// Cache is a load's use of the load cache at a path.
type Cache struct {
	path string
	key  [sha256.Size]byte
	// Counts of the last load's files: taken from the cache on their
	// stat alone, on git's word (gitindex.go), after hashing their
	// bytes, and parsed.
	Stat, Git, Hashed, Parsed atomic.Int64
	git                       *gitIndex // the load's
	// Err is why the cache could not be written, if it could not.
	Err error
	// ReadOnly: the load uses the cache but never writes it.
	ReadOnly bool
}

// Loaded is how many files the load has taken so far, one way or
// another; it may be read while the load goes on.
func (c *Cache) Loaded() int {
	return int(c.Stat.Load() + c.Git.Load() + c.Hashed.Load() + c.Parsed.Load())
}

// NewCache is the load cache at path for documents parsed under key.
func NewCache(path string, key [sha256.Size]byte) *Cache {
	return &Cache{path: path, key: key}
}

// fileStat is what tells, without reading it, that a file is as it was.
// One with no times (a zero one, or one too recent to trust, which
// keeps only its size) matches no file: the file is hashed.
type fileStat struct {
	size, mtime, ctime int64
	ino                uint64
	blob               blobID // the file's name in git, from its bytes
}

// same reports whether st, as statOf gives it, is the stat recorded in
// rec: the file is as it was.
func (st fileStat) same(rec fileStat) bool {
	rec.blob = st.blob
	return st == rec && (st.mtime != 0 || st.ctime != 0 || st.ino != 0)
}

// cached is one file's record: its document (without Path) and stat.
type cached struct {
	doc  *Doc
	stat fileStat
}

// racy is how close to a load's start a file's modification time may be
// for its stat not to be trusted by the next load: a file written again
// in the same tick as the load read it would keep its size and time.
const racy = 2 * time.Second

// read returns the records of the cache file, sorted by Rel, or none if
// the file is missing, made under another key, or damaged; their
// documents' paths are under root.
func (c *Cache) read(root string, probe func(cached) bool) []cached {
	f, err := os.Open(c.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	recs, err := c.decode(f, pathPrefix(root), probe)
	if err != nil {
		return nil
	}
	return recs
}

// castagnoli sums a cache file; the processor has instructions for it.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var errNotCache = errors.New("not a load cache of this key")

// probes is how many of the first records decode gives its probe: if
// all of their files fail the stat check, the content is a new checkout
// and git is asked at once.
var probes = 8

// statFails is decode's probe: whether the file of rec fails its stat
// check where git could vouch for it.
func (c *Cache) statFails(root string, rec cached) bool {
	st, err := statOf(fileOf(root, rec.doc.Rel, rec.doc.Path))
	return err == nil && !st.same(rec.stat) && rec.stat.blob != (blobID{})
}

// decode reads what write wrote, its documents' paths from prefix (see
// pathPrefix). Each of the first probes records is given to probe (nil
// for none); if it reports true for all of them, git is asked while the
// rest is decoded.
func (c *Cache) decode(f io.Reader, prefix string, probe func(cached) bool) ([]cached, error) {
	crc := crc32.New(castagnoli)
	r := bufio.NewReaderSize(f, 1<<16)
	head := make([]byte, len(cacheMagic)+sha256.Size)
	if _, err := io.ReadFull(r, head); err != nil || string(head) != cacheMagic+string(c.key[:]) {
		return nil, errNotCache
	}
	crc.Write(head)
	var recs []cached
	var buf []byte
	var size [binary.MaxVarintLen64]byte
	in := interner{}
	for {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > projfile.MaxEntry {
			return nil, errCorrupt
		}
		crc.Write(binary.AppendUvarint(size[:0], n))
		if n == 0 {
			break
		}
		buf = slices.Grow(buf[:0], int(n))[:n]
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		crc.Write(buf)
		// No copy: decodeRecord keeps nothing of the record's bytes.
		rec, ok := decodeRecord(unsafe.String(unsafe.SliceData(buf), len(buf)), prefix, in)
		if !ok || (len(recs) > 0 && recs[len(recs)-1].doc.Rel >= rec.doc.Rel) {
			return nil, fmt.Errorf("record %d: %w", len(recs), errCorrupt)
		}
		recs = append(recs, rec)
		if probe != nil && len(recs) <= probes {
			if !probe(rec) {
				probe = nil
			} else if len(recs) == probes {
				c.git.start()
			}
		}
	}
	return recs, checkEnd(r, crc.Sum32())
}

// checkEnd reads the end of a cache file from r: the sum of all that
// came before (want, as the reader's bytes were summed), then nothing.
func checkEnd(r *bufio.Reader, want uint32) error {
	var sum [4]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil || binary.LittleEndian.Uint32(sum[:]) != want {
		return fmt.Errorf("sum: %w", errCorrupt)
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return fmt.Errorf("after the sum: %w", errCorrupt)
	}
	return nil
}

// encodeRecord writes d and st; d's Path is not written, as the next
// load's root may differ, and its kind and slug are written for the
// next load not to classify the path again (with regular expressions).
func encodeRecord(e *enc, d *Doc, st fileStat) {
	e.str(d.Rel)
	e.int(st.size)
	e.int(st.mtime)
	e.int(st.ctime)
	e.uint(st.ino)
	e.buf = append(e.buf, st.blob[:]...)
	e.str(string(d.Kind))
	e.str(d.Slug)
	e.buf = append(e.buf, d.Sum[:]...)
	e.str(d.spots)
	e.entry(&d.Entry)
}

// decodeRecord reads what encodeRecord wrote, the document's Path being
// prefix + Rel + ".md". Every string of the document is copied out of
// rec (compact, Pack), repeated values through in: rec may be a buffer
// the caller reads the next record into.
func decodeRecord(rec, prefix string, in interner) (cached, bool) {
	dc := &dec{s: rec}
	var c cached
	d := &Doc{}
	rel := dc.str()
	c.stat = fileStat{size: dc.int(), mtime: dc.int(), ctime: dc.int(), ino: dc.uint()}
	if len(dc.s) < len(c.stat.blob) {
		return c, false
	}
	dc.s = dc.s[copy(c.stat.blob[:], dc.s):]
	kind := Kind(dc.str())
	slug := dc.str()
	if len(dc.s) < sha256.Size {
		return c, false
	}
	copy(d.Sum[:], dc.s)
	dc.s = dc.s[sha256.Size:]
	d.spots = strings.Clone(dc.str())
	dc.entry(&d.Entry)
	if dc.err != nil || dc.s != "" || !slices.Contains([]Kind{News, Event, Page, Case}, kind) {
		return c, false
	}
	d.Kind = kindOf(kind)
	d.Path, d.Rel, d.Slug = docPathsFrom(prefix, rel, slug)
	compact(&d.Entry, in)
	c.doc = d
	return c, true
}

// kindOf is the constant equal to k, so that documents share it.
func kindOf(k Kind) Kind {
	for _, c := range []Kind{News, Event, Page, Case} {
		if k == c {
			return c
		}
	}
	return k
}

// records are the records of a cache file, sorted by Rel, with their
// Rels apart: a lookup's search reads one slice, not a document each
// step.
type records struct {
	recs []cached
	rels []string
}

func newRecords(recs []cached) records {
	r := records{recs: recs, rels: make([]string, len(recs))}
	for i, rec := range recs {
		r.rels[i] = rec.doc.Rel
	}
	return r
}

// find is the record of rel, if there is one.
func (r records) find(rel string) (cached, bool) {
	i, ok := slices.BinarySearch(r.rels, rel)
	if !ok {
		return cached{}, false
	}
	return r.recs[i], true
}

// changed reports whether the cache file no longer describes the files
// (n of them, prev the records read): a load that took every file from
// it by its stat leaves it as it is.
func (c *Cache) changed(n, prev int) bool {
	return c.Stat.Load() != int64(n) || prev != n
}

// save writes the records of the documents that had no problem of their
// own, with their stats, through a temporary file, so that a reader
// finds the old cache or the new one. A stat taken within racy of start
// is not kept. docs, probs and stats are by file, in Rel order.
func (c *Cache) save(docs []*Doc, probs []Problems, stats []fileStat, start time.Time) error {
	f, err := projfile.CreateTemp(c.path)
	if err != nil {
		return fmt.Errorf("load cache: %w", err)
	}
	err = c.write(f, docs, probs, stats, start.Add(-racy).UnixNano())
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Rename(f.Name(), c.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("load cache: %w", err)
	}
	return nil
}

// write writes the cache file's bytes to f; see read.
func (c *Cache) write(f io.Writer, docs []*Doc, probs []Problems, stats []fileStat, racyFrom int64) error {
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(f, 1<<16)
	w := io.MultiWriter(bw, crc)
	io.WriteString(w, cacheMagic)
	w.Write(c.key[:])
	var e, rec enc
	for i, d := range docs {
		if d == nil || len(probs[i]) > 0 {
			continue
		}
		st := stats[i]
		if st.mtime >= racyFrom {
			// The size and blob are of the bytes parsed.
			st = fileStat{size: st.size, blob: st.blob}
		}
		rec.buf = rec.buf[:0]
		encodeRecord(&rec, d, st)
		e.buf = binary.AppendUvarint(e.buf[:0], uint64(len(rec.buf)))
		w.Write(e.buf)
		w.Write(rec.buf)
	}
	w.Write([]byte{0})
	bw.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	return bw.Flush()
}

// errStale says a file is not the one the cache recorded.
var errStale = errors.New("changed")

// load is readDoc taking the document from prev (the cache's records)
// when the file is the one recorded there. The file stat'ed as st, or
// failed to with statErr; the st returned is for the next cache.
func (c *Cache) load(root, rel string, tax Taxonomy, in interner, prev records, st fileStat, statErr error) (d *Doc, ps Problems, _ fileStat) {
	rec, have := prev.find(rel)
	var display string
	if have { // its paths are the ones docPaths would make (decode)
		display, rel = rec.doc.Path, rec.doc.Rel
	} else {
		display, rel = docPaths(root, rel)
	}
	st, data, err := c.take(fileOf(root, rel, display), rel, rec, have, st, statErr)
	switch {
	case err == nil:
		return rec.doc, nil, st
	case errors.Is(err, errStale):
		c.Parsed.Add(1)
		d, ps = parseRead(display, rel, data, tax, in, false)
		putReadBuf(data)
		return d, ps, st
	}
	return nil, Problems{{Path: display, Msg: projfile.Reason(err)}}, st
}

// take reports whether the file of the entry at rel, which
// stat'ed as st or failed to (statErr), is the one rec records (nil
// error): by its stat, or git's word for its blob, or else by its sum.
// Otherwise the error is errStale with the file's bytes, to parse, or
// why it could not be read.
func (c *Cache) take(file, rel string, rec cached, have bool, st fileStat, statErr error) (_ fileStat, data []byte, err error) {
	if statErr != nil {
		return st, nil, statErr
	}
	if have && st.same(rec.stat) {
		c.Stat.Add(1)
		st.blob = rec.stat.blob
		return st, nil, nil
	}
	// Git's blob is of the file as cleaned (core.autocrlf, a filter):
	// a file of another size than the bytes parsed is not those bytes.
	if have && rec.stat.blob != (blobID{}) && st.size == rec.stat.size {
		if b, ok := c.git.blob(rel+".md", st); ok && b == rec.stat.blob {
			c.Git.Add(1)
			st.blob = b
			return st, nil, nil
		}
	}
	data, err = projfile.ReadFileInto(getReadBuf(), file, projfile.MaxEntry)
	if err != nil {
		return st, nil, err
	}
	// The size too: the file may have changed since it was stat'ed.
	st.size, st.blob = int64(len(data)), gitBlob(data)
	if have && sha256.Sum256(data) == rec.doc.Sum {
		c.Hashed.Add(1)
		putReadBuf(data)
		return st, nil, nil
	}
	return st, data, errStale
}

// readBufs recycles the buffers the load reads entries into (take), as
// parse keeps nothing of the bytes it is given (the front matter is
// copied to a string first; go-yaml copies what it reads, and problems
// quote in strings of their own). Each file's was a new ~4 KB: at
// 300,000 entries 4% of what a one-shot build allocates. A buffer larger
// than most entries is let go.
var readBufs sync.Pool

func getReadBuf() []byte {
	if p, ok := readBufs.Get().(*[]byte); ok {
		return *p
	}
	return nil
}

func putReadBuf(b []byte) {
	if cap(b) > 0 && cap(b) <= 64<<10 {
		b = b[:0]
		readBufs.Put(&b)
	}
}
