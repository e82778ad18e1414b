package site

// Rows. The data files, /data/items.json and /data/items.csv, hold a row
// an entry in the timeline's order, and formatting them again was 0.4 s
// of a scheduled build's 5 s of CPU (50,000 entries, 20 new). A build
// with a cache notes each row's length under its entry's key (entryKey,
// which with the build key covers every field of a record); the next
// build copies the rows of entries whose key is unchanged from the
// published file, a run of neighbours at a time, and formats the rest.
// The published file is read only while it is the file those lengths
// describe (publish.Writer.OpenKept), and only under the same build key.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path"
	"path/filepath"
	"sync"
	"sync/atomic"

	"docket/internal/projfile"
	"docket/internal/publish"
)

// rowKey is a row's entry key, cut to 16 bytes: enough to tell 10^6
// entries apart, and a third less to hold.
type rowKey [16]byte

// rowsRecord is what a build notes of one data file: the file as it
// wrote it, the lengths of its head and separator, and each row's key
// and length, in the file's order.
type rowsRecord struct {
	build     [sha256.Size]byte
	kept      publish.Kept
	head, sep int
	keys      []rowKey
	lens      []uint32
}

// end is where the record's last row ends.
func (r *rowsRecord) end() int64 {
	n := int64(r.head) + int64(max(len(r.keys)-1, 0))*int64(r.sep)
	for _, l := range r.lens {
		n += int64(l)
	}
	return n
}

// rowSpan is where a row lies in a file.
type rowSpan struct{ off, n int64 }

// spans are the record's rows by key.
func (r *rowsRecord) spans() map[rowKey]rowSpan {
	m := make(map[rowKey]rowSpan, len(r.keys))
	off := int64(r.head)
	for i, k := range r.keys {
		if i > 0 {
			off += int64(r.sep)
		}
		m[k] = rowSpan{off, int64(r.lens[i])}
		off += int64(r.lens[i])
	}
	return m
}

// rowsRun is a cache run's rows: the records this build makes, by site
// path, and whether the file each is of was written and its Kept known.
type rowsRun struct {
	mu     sync.Mutex
	open   func(sitePath string, k publish.Kept) (*os.File, bool) // publish.Writer.OpenKept
	recs   map[string]*rowsRecord
	done   map[string]bool
	copied atomic.Int64
}

// rowsFiles are the data files the cache keeps rows of.
var rowsFiles = []string{"/data/items.json", "/data/items.csv"}

// rowsFile is the cache's file of the rows of sitePath.
func (c *cacheRun) rowsFile(sitePath string) string {
	return filepath.Join(c.dir, "rows-"+path.Base(sitePath))
}

// rowsFiles are the cache's files of rows, all of them.
func (c *cacheRun) rowsFiles() []string {
	var out []string
	for _, p := range rowsFiles {
		out = append(out, c.rowsFile(p))
	}
	return out
}

// rowFile writes a data file through w: head, then rows separated by
// sep, then what follows them (raw).
type rowFile struct {
	w      io.Writer
	sep    []byte
	n      int      // rows written
	src    *os.File // the published file, nil for none
	old    map[rowKey]rowSpan
	run    rowSpan     // rows of src to be copied
	rec    *rowsRecord // this build's, nil without a cache
	key    func(*Item) rowKey
	buf    []byte
	copied *atomic.Int64 // the run's count of rows copied
}

// rowFile starts the data file at sitePath on w with head. Without a
// cache every row is formatted; with one, the last build's rows are
// copied where they can be and this build's are noted.
func (b *builder) rowFile(w io.Writer, sitePath, head, sep string) (*rowFile, error) {
	f := &rowFile{w: w, sep: []byte(sep)}
	if c := b.cache; c != nil && !c.off && c.items != nil {
		f.rec = &rowsRecord{build: c.key, head: len(head), sep: len(sep)}
		f.key = func(it *Item) rowKey {
			k, _ := b.entryKey(it)
			return rowKey(k[:16])
		}
		f.src, f.old = c.lastRows(sitePath)
		f.copied = &c.rows.copied
		c.rows.mu.Lock()
		c.rows.recs[sitePath] = f.rec
		c.rows.mu.Unlock()
	}
	return f, f.raw([]byte(head))
}

// lastRows is the published file of sitePath, open, and its rows by key,
// when the last build noted them under this build's key and the file is
// still the one it wrote.
func (c *cacheRun) lastRows(sitePath string) (*os.File, map[rowKey]rowSpan) {
	data, err := os.ReadFile(c.rowsFile(sitePath))
	if err != nil || c.rows.open == nil {
		return nil, nil
	}
	r, err := decodeRows(data)
	if err != nil || r.build != c.key || r.end() > r.kept.Size {
		return nil, nil
	}
	src, ok := c.rows.open(sitePath, r.kept)
	if !ok {
		return nil, nil
	}
	return src, r.spans()
}

// row writes the row of it: a copy of the last build's when its key is
// unchanged, else what format appends.
func (f *rowFile) row(it *Item, format func([]byte) ([]byte, error)) error {
	var sep []byte
	if f.n > 0 {
		sep = f.sep
	}
	f.n++
	if f.rec == nil {
		_, err := f.formatted(sep, format)
		return err
	}
	k := f.key(it)
	s, ok := f.old[k]
	switch {
	case ok && f.run.n > 0 && s.off == f.run.off+f.run.n+int64(len(sep)):
		// The last build's next row: the separator between is sep.
		f.run.n += int64(len(sep)) + s.n
	case ok:
		if err := f.raw(sep); err != nil {
			return err
		}
		f.run = s
	default:
		n, err := f.formatted(sep, format)
		f.note(k, n)
		return err
	}
	f.note(k, s.n)
	f.copied.Add(1)
	return nil
}

// formatted writes sep and the row format appends, and says how long
// the row is.
func (f *rowFile) formatted(sep []byte, format func([]byte) ([]byte, error)) (int64, error) {
	b, err := format(append(f.buf[:0], sep...))
	if err != nil {
		return 0, err
	}
	f.buf = b
	return int64(len(b) - len(sep)), f.raw(b)
}

// note adds a row of n bytes to this build's record.
func (f *rowFile) note(k rowKey, n int64) {
	f.rec.keys = append(f.rec.keys, k)
	f.rec.lens = append(f.rec.lens, uint32(n))
}

// raw writes p after the rows waiting to be copied.
func (f *rowFile) raw(p []byte) error {
	if err := f.flush(); err != nil {
		return err
	}
	_, err := f.w.Write(p)
	return err
}

// flush copies the rows waiting from the published file.
func (f *rowFile) flush() error {
	if f.run.n == 0 {
		return nil
	}
	n, err := io.Copy(f.w, io.NewSectionReader(f.src, f.run.off, f.run.n))
	if err == nil && n != f.run.n {
		err = fmt.Errorf("published file %s ends early", f.src.Name())
	}
	f.run = rowSpan{}
	return err
}

// close ends the file with tail; it lets go of the published file.
func (f *rowFile) close(tail string) error {
	err := f.raw([]byte(tail))
	if f.src != nil {
		f.src.Close()
	}
	return err
}

// streamed notes that the data file at sitePath was written as k (ok:
// and k is known), for save to write its rows.
func (c *cacheRun) streamed(sitePath string, k publish.Kept, ok bool) {
	c.rows.mu.Lock()
	defer c.rows.mu.Unlock()
	if r := c.rows.recs[sitePath]; r != nil && ok {
		r.kept = k
		c.rows.done[sitePath] = true
	}
}

// saveRows writes the rows of each data file this build wrote, with the
// file as it is now (restat), and removes those of any it did not.
func (c *cacheRun) saveRows(restat func(path string, k publish.Kept) publish.Kept) error {
	var errs []error
	for _, p := range rowsFiles {
		file := c.rowsFile(p)
		r := c.rows.recs[p]
		if r == nil || !c.rows.done[p] {
			if err := os.Remove(file); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		r.kept = restat(p, r.kept)
		errs = append(errs, projfile.Replace(file, r.encode()))
	}
	return errors.Join(errs...)
}

// The rows file's layout: rowsMagic, the build key, the file's Kept (sum,
// then size, times, inode and device as varints), the head's and the
// separator's lengths and the number of rows as uvarints, then per row
// its key and its length (uvarint), and the CRC-32C of all that.
const rowsMagic = "docket rows 1\n"

var errRowsDamaged = errors.New("rows damaged")

func (r *rowsRecord) encode() []byte {
	b := append([]byte(rowsMagic), r.build[:]...)
	b = append(b, r.kept.Sum[:]...)
	for _, v := range [...]int64{r.kept.Size, r.kept.MTime, r.kept.CTime} {
		b = binary.AppendVarint(b, v)
	}
	b = binary.AppendUvarint(b, r.kept.Ino)
	b = binary.AppendUvarint(b, r.kept.Dev)
	for _, v := range [...]int{r.head, r.sep, len(r.keys)} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	for i, k := range r.keys {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(r.lens[i]))
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

func decodeRows(data []byte) (*rowsRecord, error) {
	n := len(data) - 4
	if n < len(rowsMagic) || !bytes.HasPrefix(data, []byte(rowsMagic)) || binary.LittleEndian.Uint32(data[n:]) != crc32.Checksum(data[:n], castagnoli) {
		return nil, errRowsDamaged
	}
	d := &rowsDecoder{b: data[len(rowsMagic):n]}
	r := &rowsRecord{}
	d.copy(r.build[:])
	d.copy(r.kept.Sum[:])
	r.kept.Size, r.kept.MTime, r.kept.CTime = d.varint(), d.varint(), d.varint()
	r.kept.Ino, r.kept.Dev = d.uvarint(), d.uvarint()
	r.head, r.sep = int(d.uvarint()), int(d.uvarint())
	rows := d.uvarint()
	if rows > uint64(len(d.b)) { // a row takes 17 bytes at least
		return nil, errRowsDamaged
	}
	r.keys, r.lens = make([]rowKey, rows), make([]uint32, rows)
	for i := range r.keys {
		d.copy(r.keys[i][:])
		r.lens[i] = uint32(d.uvarint())
	}
	if d.bad || len(d.b) > 0 {
		return nil, errRowsDamaged
	}
	return r, nil
}

// rowsDecoder reads the layout; past its end it reads zeros, and bad.
type rowsDecoder struct {
	b   []byte
	bad bool
}

func (d *rowsDecoder) copy(dst []byte) {
	if len(d.b) < len(dst) {
		d.bad, d.b = true, nil
		return
	}
	d.b = d.b[copy(dst, d.b):]
}

func (d *rowsDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	return d.took(v, n)
}

func (d *rowsDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	return int64(d.took(uint64(v), n))
}

func (d *rowsDecoder) took(v uint64, n int) uint64 {
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}
