package search

// Spilling: the posting lists grow with every document (about 0.7 KB
// an entry), the only part of the index that grows linearly with the
// archive, so a large build writes them out in runs once they pass a
// budget and reads a shard's pieces back when that shard is rendered.
//
// Spills happen between documents, and a list keeps its last document
// in memory, so the gap that starts a list's next piece is already
// relative to the last document of the piece before: a term's postings
// are its pieces concatenated, in the order they were written, then what
// is still in memory.
//
// A run is one file: for each shard in turn, each of its lists that has
// bytes as uvarint(place in lists), uvarint(length), bytes. The offsets
// where each shard's records start are kept in memory, so rendering a
// shard reads one section of each run.

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// spill is where and when a Postings writes its lists out.
type spill struct {
	dir    string
	budget int // bytes of lists held before a run is written
	shards int
	held   int // bytes of lists in memory
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
// whenever they hold more than budget bytes, for an index of docs
// documents (the count fixes the shards, see Shards). The caller owns
// dir and removes it.
func (p *Postings) SpillTo(dir string, budget, docs int) {
	if p.index == nil {
		*p = newPostings()
	}
	p.spill = &spill{dir: dir, budget: budget, shards: Shards(docs)}
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
	s := p.spill
	if s == nil || s.err != nil || s.held <= s.budget {
		return
	}
	run, err := p.writeRun(filepath.Join(s.dir, "run-"+strconv.Itoa(len(s.runs))))
	if err != nil {
		s.err = fmt.Errorf("search: spilling postings: %w", err)
		return
	}
	s.runs = append(s.runs, run)
	for j := range p.lists {
		p.lists[j].list, p.lists[j].at = nil, 0
	}
	s.held = 0
}

// writeRun writes every list with bytes to a new file, shard by shard.
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
			l := &p.lists[j]
			if len(l.list) == 0 {
				continue
			}
			head = binary.AppendUvarint(head[:0], uint64(j))
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
	out := make([][]int32, shards)
	for j := range p.lists {
		i := p.shardOf(int32(j), shards)
		out[i] = append(out[i], int32(j))
	}
	return out
}

// shardOf is the shard of list j. A spilling index writes every run in
// shards, so it hashes each term once and keeps the shard beside it.
func (p *Postings) shardOf(j int32, shards int) int {
	l := &p.lists[j]
	if p.spill == nil || p.spill.shards != shards {
		return ShardOf(l.term, shards)
	}
	if l.shard == 0 {
		l.shard = uint16(ShardOf(l.term, shards) + 1)
	}
	return int(l.shard - 1)
}

// spilled reads shard i's pieces from every run, each list's pieces
// concatenated in the order they were written, by place in lists.
func (p *Postings) spilled(i, shards int) (map[int32][]byte, error) {
	s := p.spill
	if s == nil || len(s.runs) == 0 {
		return nil, s.failed()
	}
	if s.err != nil {
		return nil, s.err
	}
	if s.shards != shards {
		return nil, fmt.Errorf("search: postings spilled in %d shards, rendered in %d", s.shards, shards)
	}
	pieces := map[int32][]byte{}
	for _, r := range s.runs {
		if err := r.read(i, pieces); err != nil {
			return nil, err
		}
	}
	return pieces, nil
}

func (s *spill) failed() error {
	if s == nil {
		return nil
	}
	return s.err
}

// read appends shard i's records of the run to pieces.
func (r spillRun) read(i int, pieces map[int32][]byte) error {
	n := r.starts[i+1] - r.starts[i]
	if n == 0 {
		return nil
	}
	f, err := os.Open(r.path)
	if err != nil {
		return fmt.Errorf("search: reading spilled postings: %w", err)
	}
	defer f.Close()
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, r.starts[i]); err != nil {
		return fmt.Errorf("search: reading spilled postings: %w", err)
	}
	for len(buf) > 0 {
		j, k := binary.Uvarint(buf)
		if k <= 0 {
			return errCorrupt
		}
		size, m := binary.Uvarint(buf[k:])
		if m <= 0 || uint64(len(buf)-k-m) < size {
			return errCorrupt
		}
		buf = buf[k+m:]
		pieces[int32(j)] = append(pieces[int32(j)], buf[:size]...)
		buf = buf[size:]
	}
	return nil
}

var errCorrupt = fmt.Errorf("search: spilled postings: %w", io.ErrUnexpectedEOF)
