package search

// Spilling: the postings grow with the archive (the lists ~0.7 KB an
// entry; the vocabulary, mostly rare words and Chinese pairs, about as
// much again), so a large build writes them out in runs once they pass a
// budget, starts afresh, and merges the runs of one shard when that
// shard is rendered.
//
// A run is one file: for each shard in turn, each of its terms as
// uvarint(length) term uvarint(last document) uvarint(length) list. The
// offsets where each shard's records start are kept in memory, so
// rendering a shard reads one section of each run. Spills happen between
// documents, and every run starts with empty lists, so a list's first
// gap in a run is from document -1: the merge rewrites it as the gap
// from the last document of the piece before (spilledShard).

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"
)

// spill is where and when a Postings writes its lists out.
type spill struct {
	dir    string
	budget int // bytes held before a run is written
	shards int
	held   int // bytes of lists in memory, and tokenCost a token
	runs   []spillRun
	err    error // the first failed spill; nothing is spilled after it
}

// spillRun is one file of lists and where each shard's records start in
// it; starts[shards] is the file's length.
type spillRun struct {
	path   string
	starts []int64
}

// SpillTo makes the postings write their lists into files in dir
// and start afresh whenever they hold more than about budget bytes,
// each run in the shards they are rendered in. The caller owns dir and
// removes it.
func (p *Postings) SpillTo(dir string, budget, shards int) {
	if p.terms == nil {
		*p = newPostings()
	}
	p.spill = &spill{dir: dir, budget: budget, shards: shards}
}

// Spilled is how many runs were written.
func (p *Postings) Spilled() int {
	if p.spill == nil {
		return 0
	}
	return len(p.spill.runs)
}

// maybeSpill writes a run if the lists are over budget; after Add.
func (p *Postings) maybeSpill() {
	if s := p.spill; s != nil && s.held > s.budget {
		p.spillNow()
	}
}

// spillRest writes the lists held out, once the postings have spilled
// before and will take no more documents: the tail's postings are then
// held beside the runs, not beside the base's last lists too.
func (p *Postings) spillRest() {
	if s := p.spill; s != nil && len(s.runs) > 0 && s.held > 0 {
		p.spillNow()
	}
}

// spillNow writes a run of every list held, and starts afresh.
func (p *Postings) spillNow() {
	s := p.spill
	if s.err != nil {
		return
	}
	run, err := p.writeRun(filepath.Join(s.dir, "run-"+strconv.Itoa(len(s.runs))))
	if err != nil {
		s.err = fmt.Errorf("search: spilling postings: %w", err)
		return
	}
	s.runs = append(s.runs, run)
	p.index, p.terms, p.lists = tokenIndex{}, map[string]int32{}, listStore{}
	s.held = 0
}

// writeRun writes every list to a new file, shard by shard.
func (p *Postings) writeRun(path string) (run spillRun, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return run, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	w := bufio.NewWriterSize(f, 256<<10)
	run = spillRun{path: path, starts: make([]int64, p.spill.shards+1)}
	var off int64
	var head []byte
	for i, js := range p.byShard(p.spill.shards) {
		run.starts[i] = off
		for _, j := range js {
			l := p.lists.at(j)
			if len(l.list) == 0 {
				continue
			}
			head = binary.AppendUvarint(head[:0], uint64(len(l.term)))
			head = append(head, l.term...)
			head = binary.AppendUvarint(head, uint64(l.last))
			head = binary.AppendUvarint(head, uint64(len(l.list)))
			w.Write(head)
			w.Write(l.list)
			off += int64(len(head) + len(l.list))
		}
	}
	run.starts[p.spill.shards] = off
	return run, w.Flush()
}

// byShard lists the places of each shard's lists, in place order.
func (p *Postings) byShard(shards int) [][]int32 {
	p.flush()
	out := make([][]int32, shards)
	for j := range p.lists.len() {
		i := p.shardOf(int32(j), shards)
		out[i] = append(out[i], int32(j))
	}
	return out
}

// shardOf is the shard of list j. A spilling index writes every run in
// shards, so it hashes each term once and keeps the shard beside it.
func (p *Postings) shardOf(j int32, shards int) int {
	l := p.lists.at(j)
	if p.spill == nil || p.spill.shards != shards {
		return ShardOf(l.term, shards)
	}
	if l.shard == 0 {
		l.shard = uint16(ShardOf(l.term, shards) + 1)
	}
	return int(l.shard - 1)
}

// spilledShard merges shard i's pieces from every run and then the
// lists in memory (places in lists) into each term's postings. It goes
// over the pieces twice, to size each term's postings and then to write
// them, all into one string: grown piece by piece (a million entries
// spill ~100 runs), the lists made garbage several times the shard's
// size, on every worker at once.
func (p *Postings) spilledShard(i, shards int, inMemory []int32) (map[string]string, error) {
	s := p.spill
	if s.err != nil {
		return nil, s.err
	}
	if s.shards != shards {
		return nil, fmt.Errorf("search: postings spilled in %d shards, rendered in %d", s.shards, shards)
	}
	sections := make([][]byte, len(s.runs))
	for k, r := range s.runs {
		b, err := r.section(i)
		if err != nil {
			return nil, err
		}
		sections[k] = b
	}
	each := func(visit func(term string, last int, list []byte)) error {
		for _, b := range sections {
			if err := eachRecord(b, visit); err != nil {
				return err
			}
		}
		for _, j := range inMemory {
			if l := p.lists.at(j); len(l.list) > 0 { // as writeRun writes them
				visit(l.term, int(l.last), l.list)
			}
		}
		return nil
	}
	// A term's postings: their size, the last document of the pieces
	// so far (-1 before the first, whose gap is kept as it is), and
	// where in the string they go.
	type sized struct{ size, last, at int }
	at := map[string]int{} // each term's place in terms
	var terms []sized
	err := each(func(term string, last int, list []byte) {
		j, ok := at[term]
		if !ok {
			j = len(terms)
			at[strings.Clone(term)] = j
			terms = append(terms, sized{last: -1})
		}
		t := &terms[j]
		v, n := readVarint(list)
		t.size += varintLen((v/4-1-t.last)*4+v%4) + len(list) - n
		t.last = last
	})
	if err != nil {
		return nil, err
	}
	total := 0
	for j := range terms {
		terms[j].at, terms[j].last = total, -1
		total += terms[j].size
	}
	all := make([]byte, total)
	err = each(func(term string, last int, list []byte) {
		t := &terms[at[term]]
		v, n := readVarint(list)
		gap := AppendVarint(all[t.at:t.at], (v/4-1-t.last)*4+v%4)
		t.at += len(gap)
		t.at += copy(all[t.at:], list[n:])
		t.last = last
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(at))
	lists := unsafe.String(unsafe.SliceData(all), len(all)) // all is not written again
	for term, j := range at {
		t := terms[j]
		out[term] = lists[t.at-t.size : t.at]
	}
	return out, nil
}

// varintLen is the length of AppendVarint's encoding of v.
func varintLen(v int) int {
	n := 1
	for ; v >= 32; v /= 32 {
		n++
	}
	return n
}

// readVarint reads the first number of a list (see AppendVarint) and
// how many bytes it took.
func readVarint(b []byte) (v, n int) {
	scale := 1
	for n < len(b) {
		d := digitValue[b[n]]
		n++
		if d < 32 {
			return v + int(d)*scale, n
		}
		v += int(d-32) * scale
		scale *= 32
	}
	return v, n
}

var digitValue = func() (t [256]uint8) {
	for i := range varintDigits {
		t[varintDigits[i]] = uint8(i)
	}
	return t
}()

// section is the run's records of shard i.
func (r spillRun) section(i int) ([]byte, error) {
	n := r.starts[i+1] - r.starts[i]
	if n == 0 {
		return nil, nil
	}
	f, err := os.Open(r.path)
	if err != nil {
		return nil, fmt.Errorf("search: reading spilled postings: %w", err)
	}
	defer f.Close()
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, r.starts[i]); err != nil {
		return nil, fmt.Errorf("search: reading spilled postings: %w", err)
	}
	return buf, nil
}

// eachRecord calls visit with each record of a run's section, in order;
// the term is buf's bytes, valid only during the call.
func eachRecord(buf []byte, visit func(term string, last int, list []byte)) error {
	for len(buf) > 0 {
		var fields [3][]byte // term, (last), list
		var last uint64
		for k := range 3 {
			v, m := binary.Uvarint(buf)
			if m <= 0 || (k != 1 && uint64(len(buf)-m) < v) {
				return errCorrupt
			}
			buf = buf[m:]
			if k == 1 {
				last = v
				continue
			}
			fields[k], buf = buf[:v], buf[v:]
		}
		if len(fields[2]) == 0 { // writeRun writes no empty list
			return errCorrupt
		}
		visit(unsafe.String(unsafe.SliceData(fields[0]), len(fields[0])), int(last), fields[2])
	}
	return nil
}

var errCorrupt = fmt.Errorf("search: spilled postings: %w", io.ErrUnexpectedEOF)
