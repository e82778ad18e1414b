package site

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"hash/crc32"
	"io"
	"iter"
)

// The page cache's file is a fixed layout written and read in one pass:
// gob goes through reflection field by field, and took 0.5 s of CPU to
// write a 50,000-entry site's 60,000 records in a build that kept nearly
// all of them. The layout:
//
//	pagesMagic, Build, the index record (length, gob; 0: none),
//	the number of pages and of those with search tokens, then per
//	page, by path:
//	  path (length, bytes), Key, Sum, Size, MTime, CTime, Ino, Dev,
//	  Tokens.Off, Tokens.Len, Tokens.Sum
//	and the CRC-32C of all that, so that a damaged file is no cache.
//
// Lengths and the Kept and tokRef numbers are varints.
const pagesMagic = "docket pages 2\n"

var errPagesDamaged = errors.New("page cache damaged")

// minRecordSize is the fewest bytes a page's record takes: a path of a
// byte, the two sums and eight varints.
const minRecordSize = 2 + 2*sha256.Size + 8

// encode writes c to w in the layout above.
func (c *pageCache) encode(w io.Writer) error {
	e := &pageEncoder{w: bufio.NewWriterSize(w, 64<<10)}
	e.bytes([]byte(pagesMagic))
	e.bytes(c.Build[:])
	var ix []byte
	if c.Index != nil {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(c.Index); err != nil {
			return err
		}
		ix = buf.Bytes()
	}
	e.uvarint(uint64(len(ix)))
	e.bytes(ix)
	withTokens := 0
	for _, r := range c.records() {
		if r.hasTokens() {
			withTokens++
		}
	}
	e.uvarint(uint64(c.Pages.len() + c.Entries.len()))
	e.uvarint(uint64(withTokens))
	for path, r := range c.records() {
		e.uvarint(uint64(len(path)))
		e.bytes([]byte(path))
		e.bytes(r.Key[:])
		e.bytes(r.Sum[:])
		for _, v := range [...]int64{r.Size, r.MTime, r.CTime} {
			e.varint(v)
		}
		for _, v := range [...]uint64{r.Ino, r.Dev} {
			e.uvarint(v)
		}
		e.varint(r.Tokens.Off)
		e.varint(int64(r.Tokens.Len))
		e.uvarint(uint64(r.Tokens.Sum))
	}
	if e.err != nil {
		return e.err
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], e.crc)
	e.w.Write(sum[:])
	return e.w.Flush()
}

// records is the records of both tables, by path.
func (c *pageCache) records() iter.Seq2[string, pageRecord] {
	return func(yield func(string, pageRecord) bool) {
		a, b := &c.Pages, &c.Entries
		i, j := 0, 0
		for i < a.len() || j < b.len() {
			if j == b.len() || i < a.len() && a.path(i) < b.path(j) {
				if !yield(a.path(i), a.recs[i]) {
					return
				}
				i++
			} else {
				if !yield(b.path(j), b.recs[j]) {
					return
				}
				j++
			}
		}
	}
}

type pageEncoder struct {
	w   *bufio.Writer
	crc uint32
	tmp [binary.MaxVarintLen64]byte
	err error
}

func (e *pageEncoder) bytes(b []byte) {
	if e.err == nil {
		e.crc = crc32.Update(e.crc, castagnoli, b)
		_, e.err = e.w.Write(b)
	}
}

func (e *pageEncoder) uvarint(v uint64) { e.bytes(binary.AppendUvarint(e.tmp[:0], v)) }
func (e *pageEncoder) varint(v int64)   { e.bytes(binary.AppendVarint(e.tmp[:0], v)) }

// errOtherBuild is a page cache of another build key.
var errOtherBuild = errors.New("page cache of another build")

// decodePageCache reads a page cache in the layout above, of size bytes.
// With want, a cache of another build key is errOtherBuild, its pages
// not read: a full build after a change to docket or the templates read
// 1.3 million records at a million entries only to drop them.
func decodePageCache(r io.Reader, size int64, want *[sha256.Size]byte) (*pageCache, error) {
	d := &pageDecoder{r: bufio.NewReaderSize(r, 64<<10)}
	if string(d.bytes(len(pagesMagic))) != pagesMagic {
		return nil, errPagesDamaged
	}
	var c pageCache
	copy(c.Build[:], d.bytes(len(c.Build)))
	if want != nil && c.Build != *want {
		return nil, errOtherBuild
	}
	if ix := d.bytes(d.length(1 << 26)); len(ix) > 0 && d.err == nil {
		c.Index = &indexRecord{}
		if err := gob.NewDecoder(bytes.NewReader(ix)).Decode(c.Index); err != nil {
			return nil, errPagesDamaged
		}
	}
	n := d.length(1 << 40)
	withTokens := d.length(uint64(n))
	// Each table has its room at once: grown as it went, it held twice
	// the records at once.
	var pages, entries pageTableBuilder
	most := int(size / minRecordSize)
	pages.grow(min(n-withTokens, most))
	entries.grow(min(withTokens, most))
	var path, last []byte
	for i := range n {
		if d.err != nil {
			break
		}
		path, last = append(last[:0], d.bytes(d.length(1<<16))...), path
		if i > 0 && bytes.Compare(last, path) >= 0 {
			return nil, errPagesDamaged // encode writes each path once, in order
		}
		var p pageRecord
		copy(p.Key[:], d.bytes(len(p.Key)))
		copy(p.Sum[:], d.bytes(len(p.Sum)))
		p.Size, p.MTime, p.CTime = d.varint(), d.varint(), d.varint()
		p.Ino, p.Dev = d.uvarint(), d.uvarint()
		p.Tokens.Off, p.Tokens.Len, p.Tokens.Sum = d.varint(), int32(d.varint()), uint32(d.uvarint())
		if p.hasTokens() {
			entries.add(i, path, p)
		} else {
			pages.add(i, path, p)
		}
	}
	c.Pages, c.Entries = pages.table(), entries.table()
	if c.Entries.len() != withTokens {
		return nil, errPagesDamaged
	}
	crc := d.crc
	sum := d.bytes(4)
	if d.err != nil || binary.LittleEndian.Uint32(sum) != crc {
		return nil, errPagesDamaged
	}
	if _, err := d.r.ReadByte(); err != io.EOF {
		return nil, errPagesDamaged // bytes after the sum
	}
	return &c, nil
}

// pageDecoder reads the layout, summing what it reads; after the first
// error it reads nothing and gives zeros.
type pageDecoder struct {
	r   *bufio.Reader
	crc uint32
	buf []byte
	err error
}

// bytes reads n bytes, valid until the next call.
func (d *pageDecoder) bytes(n int) []byte {
	if d.err != nil {
		return make([]byte, n)
	}
	if cap(d.buf) < n {
		d.buf = make([]byte, n)
	}
	b := d.buf[:n]
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = errPagesDamaged
		clear(b)
		return b
	}
	d.crc = crc32.Update(d.crc, castagnoli, b)
	return b
}

func (d *pageDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.peek())
	return d.took(v, n)
}

func (d *pageDecoder) varint() int64 {
	v, n := binary.Varint(d.peek())
	return int64(d.took(uint64(v), n))
}

// peek is what a varint may take of the bytes ahead, fewer at the end.
func (d *pageDecoder) peek() []byte {
	if d.err != nil {
		return nil
	}
	b, _ := d.r.Peek(binary.MaxVarintLen64)
	return b
}

// took takes the n bytes a varint v was read from, n <= 0 for none.
func (d *pageDecoder) took(v uint64, n int) uint64 {
	if d.err != nil {
		return 0
	}
	if n <= 0 {
		d.err = errPagesDamaged
		return 0
	}
	b, _ := d.r.Peek(n)
	d.crc = crc32.Update(d.crc, castagnoli, b)
	d.r.Discard(n)
	return v
}

// length is a length or count read, at most max: a damaged file is not
// to ask for gigabytes.
func (d *pageDecoder) length(max uint64) int {
	v := d.uvarint()
	if v > max {
		d.err = errPagesDamaged
		return 0
	}
	return int(v)
}
