package site

// The links record. Reading every page for its links was most of a
// check on the build's caches (7 s of 11 at 50,000 entries), though
// nearly every page was a file the last check had read. So a check
// keeps, beside public/ (publish.LinksPath), the files of the site it
// checked, and for each page it found whole (each of its links led to
// one of those files) the files it links to. Such a page, at the same
// path with the same bytes, has the same links: while each of its
// files is still in the site, it is whole and not read again. (Per
// page, because some file is gone on most runs, as a story's page when
// the story takes another name, and the pages that linked to it have
// most often changed too.) The record is keyed by docket's binary,
// which does the reading, and the base path links are resolved under.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"

	"docket/internal/projfile"
	"docket/internal/publish"
)

// checkRecorded is checkFiles with the links record at record ("" for
// none); recErr says why the record could not be kept.
func checkRecorded(files []publish.File, basePath, record string) (broken []string, read int, recErr, err error) {
	var last *linksRecord
	key, keyErr := linksRecordKey(basePath)
	if record != "" && keyErr == nil {
		last = readLinks(record, key)
	}
	broken, next, read, err := checkFiles(files, basePath, last)
	if err != nil || record == "" {
		return broken, read, nil, err
	}
	if keyErr != nil {
		return broken, read, keyErr, nil
	}
	return broken, read, next.write(record, key), nil
}

// linkKey is a path's, or a page's, 128-bit hash.
type linkKey [16]byte

// pathKey is the key of a file at rel, a path in the site.
func pathKey(rel string) linkKey {
	sum := sha256.Sum256([]byte("path\x00" + rel))
	return linkKey(sum[:16])
}

// linkedPageKey is the key of a page: its path and its bytes.
func linkedPageKey(f publish.File) linkKey {
	h := sha256.New()
	h.Write([]byte("page\x00" + f.Rel() + "\x00"))
	h.Write(f.Sum[:])
	return linkKey(h.Sum(nil)[:16])
}

// linksRecord is what a check found of a site's links: its files, and
// the pages it found whole, with the files each links to, by their
// place in files, encoded (encodeTargets) as the record file keeps them:
// ~80 a page, they took 0.5 GB as []int32 at a million entries.
type linksRecord struct {
	files []linkKey
	whole map[linkKey][]byte
}

// encodeTargets encodes sorted places in a site's files as the first
// and then the differences, as uvarints.
func encodeTargets(t []int32) []byte {
	var tmp [binary.MaxVarintLen32]byte
	size, prev := 0, int32(0)
	for _, i := range t { // held until the record is written: no spare room
		size += len(binary.AppendUvarint(tmp[:0], uint64(i-prev)))
		prev = i
	}
	enc, prev := make([]byte, 0, size), 0
	for _, i := range t {
		enc = binary.AppendUvarint(enc, uint64(i-prev))
		prev = i
	}
	return enc
}

// eachTarget calls fn with each place enc encodes, until fn returns
// false; it reports whether all were given (false for a damaged enc).
func eachTarget(enc []byte, fn func(int32) bool) bool {
	prev := uint64(0)
	for len(enc) > 0 {
		d, n := binary.Uvarint(enc)
		if n <= 0 || d > math.MaxInt32-prev {
			return false
		}
		prev, enc = prev+d, enc[n:]
		if !fn(int32(prev)) {
			return false
		}
	}
	return true
}

// linksMagic starts a record file; a change to the encoding changes it.
const linksMagic = "docket links 3\n"

// linksRecordKey is the key of the records of checks by this docket
// of a site at basePath.
func linksRecordKey(basePath string) ([sha256.Size]byte, error) {
	exe, err := executableSum()
	if err != nil {
		return exe, err
	}
	return sha256.Sum256(append(exe[:], "\x00"+basePath...)), nil
}

// readLinks reads the record at path; nil when it is missing, made
// under another key or damaged.
func readLinks(path string, key [sha256.Size]byte) *linksRecord {
	data, err := os.ReadFile(path)
	head := len(linksMagic) + len(key)
	if err != nil || len(data) < head+sha256.Size {
		return nil
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) ||
		string(body[:len(linksMagic)]) != linksMagic || !bytes.Equal(body[len(linksMagic):head], key[:]) {
		return nil
	}
	d := decoder{b: body[head:]}
	nf, nw := d.uvarint(), d.uvarint()
	if nf > uint64(len(d.b))/16 || nw > uint64(len(d.b))/17 {
		return nil
	}
	r := &linksRecord{files: make([]linkKey, nf), whole: make(map[linkKey][]byte, nw)}
	for i := range r.files {
		r.files[i] = d.key()
	}
	// Each page's targets stay where they are in data, checked here.
	for range nw {
		k, n := d.key(), d.uvarint()
		if n > uint64(len(d.b)) {
			return nil
		}
		t := d.b[:n:n]
		if !eachTarget(t, func(i int32) bool { return uint64(i) < nf }) {
			return nil
		}
		r.whole[k], d.b = t, d.b[n:]
	}
	if d.bad || len(d.b) > 0 {
		return nil
	}
	return r
}

// decoder reads a record's body; bad is set once it runs short.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) key() (k linkKey) {
	if len(d.b) < len(k) {
		d.bad, d.b = true, nil
		return k
	}
	copy(k[:], d.b)
	d.b = d.b[len(k):]
	return k
}

// write writes the record at path under key, through a temporary
// file, so that a reader finds the old record or the new one.
func (r *linksRecord) write(path string, key [sha256.Size]byte) error {
	f, err := projfile.CreateTemp(path)
	if err != nil {
		return err
	}
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
	w.WriteString(linksMagic)
	w.Write(key[:])
	var num []byte
	uvarint := func(v int) { num = binary.AppendUvarint(num[:0], uint64(v)); w.Write(num) }
	uvarint(len(r.files))
	uvarint(len(r.whole))
	for _, k := range r.files {
		w.Write(k[:])
	}
	for k, t := range r.whole {
		w.Write(k[:])
		uvarint(len(t))
		w.Write(t)
	}
	err = w.Flush() // a write error is kept by w
	if err == nil {
		_, err = f.Write(h.Sum(nil))
	}
	if err = errors.Join(err, f.Close()); err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
