package publish

// Undo. A patch moves files into public/ one at a time (patch.go). So
// that public/ ends as the old site or the new one whatever stops the
// moves, each step is noted in a journal before it is taken, and what a
// step replaces or removes is moved aside, into the undo folder beside
// out, rather than deleted. When a step fails, apply takes every step
// back (rollBack), last first; when the build is killed, the next build
// of out does, before anything else (Begin). Once every step is taken,
// the journal is removed, which is the commit: from then on the new site
// stands, and what was set aside goes.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The steps a journal notes, one a line: the step, a space and the
// path in out, quoted.
const (
	opNew   = "new"   // a staged file moved to a path that was free
	opAside = "aside" // what stood at a path moved into the undo folder
	opMkdir = "mkdir" // a folder made
	opRmdir = "rmdir" // a folder left empty removed
)

// undoPath is the folder where a patch of out keeps its journal and what
// it set aside.
func undoPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".undo")
}

func journalPath(out string) string { return filepath.Join(undoPath(out), "journal") }

// rename is os.Rename; a test stands in one that fails.
var rename = os.Rename

// stepHook, when a test sets it, runs before each step and each step
// taken back; an error stops there, as a kill would.
var stepHook func() error

// journal notes the steps of one patch of out.
type journal struct {
	out, undo string
	f         *os.File
	line      []byte
	steps     int // noted so far
}

// asidePath is where the step on line n (from 0) of a journal sets aside
// what it moves: a name of its own, in one flat folder.
func asidePath(undo string, n int) string { return filepath.Join(undo, strconv.Itoa(n)) }

// beginUndo starts the journal of a patch of out. A journal already
// there is a stopped patch's, which Begin takes back: one left means
// something else moved files in out, and nothing is done.
func beginUndo(out string) (*applier, error) {
	undo := undoPath(out)
	if _, err := os.Lstat(journalPath(out)); err == nil {
		return nil, fmt.Errorf("%s: the journal of a patch that did not end is there", journalPath(out))
	}
	if err := errors.Join(os.RemoveAll(undo), os.Mkdir(undo, 0o755)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(journalPath(out), os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &applier{out: out, dirs: map[string]bool{}, journal: &journal{out: out, undo: undo, f: f}}, nil
}

// step notes op on rel, then takes it: take gets rel's path in out.
func (j *journal) step(op, rel string, take func(string) error) error {
	if stepHook != nil {
		if err := stepHook(); err != nil {
			return err
		}
	}
	j.line = append(append(j.line[:0], op...), ' ')
	j.line = append(strconv.AppendQuote(j.line, rel), '\n')
	if _, err := j.f.Write(j.line); err != nil {
		return err
	}
	j.steps++
	return take(filepath.Join(j.out, filepath.FromSlash(rel)))
}

// aside moves what stands at rel in out into the undo folder.
func (j *journal) aside(rel string) error {
	dst := asidePath(j.undo, j.steps)
	return j.step(opAside, rel, func(p string) error { return rename(p, dst) })
}

func (j *journal) close() error { return j.f.Close() }

// commit ends a patch of out whose every step was taken.
func commit(out string) error {
	if err := os.Remove(journalPath(out)); err != nil {
		return err
	}
	return os.RemoveAll(undoPath(out))
}

// rollBack takes back the steps noted in out's journal, last first, and
// removes the undo folder: out is the site it was before the patch.
// Without a journal there is nothing to take back (the patch committed,
// or none began). The journal is cut after each step taken back, so
// that a rollBack that is stopped in turn goes on where it stopped.
func rollBack(out string) error {
	undo := undoPath(out)
	data, err := os.ReadFile(journalPath(out))
	if errors.Is(err, fs.ErrNotExist) {
		return os.RemoveAll(undo)
	}
	if err != nil {
		return err
	}
	f, err := os.OpenFile(journalPath(out), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	lines := strings.SplitAfter(string(data), "\n")
	end := int64(len(data))
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		end -= int64(len(l))
		if !strings.HasSuffix(l, "\n") {
			continue // a note cut short (or none): its step was not taken
		}
		op, q, _ := strings.Cut(strings.TrimSuffix(l, "\n"), " ")
		rel, err := strconv.Unquote(q)
		if err != nil || !filepath.IsLocal(filepath.FromSlash(rel)) {
			return fmt.Errorf("%s:%d: not a step: %q", journalPath(out), i+1, l)
		}
		if stepHook != nil {
			if err := stepHook(); err != nil {
				return err
			}
		}
		if err := takeBack(out, asidePath(undo, i), op, rel); err != nil {
			return fmt.Errorf("putting back %s: %w", rel, err)
		}
		if err := f.Truncate(end); err != nil {
			return err
		}
	}
	if err := os.Remove(journalPath(out)); err != nil {
		return err
	}
	return os.RemoveAll(undo)
}

// takeBack undoes one step on rel, if it was taken; an aside step set
// aside at aside.
func takeBack(out, aside, op, rel string) error {
	p := filepath.Join(out, filepath.FromSlash(rel))
	var err error
	switch op {
	case opNew:
		err = os.Remove(p)
	case opAside:
		if _, serr := os.Lstat(aside); serr == nil {
			err = os.Rename(aside, p)
		}
	case opMkdir:
		if empty, _ := emptyDir(p); empty {
			err = os.Remove(p)
		}
	case opRmdir:
		if err = os.Mkdir(p, 0o755); errors.Is(err, fs.ErrExist) {
			err = nil
		}
	default:
		return fmt.Errorf("unknown step %q", op)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil // the step was noted but not taken
	}
	return err
}
