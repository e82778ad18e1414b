// Package projfile reads and writes the project's own files (entries, templates,
// assets, feeds/*.yaml) under one rule: regular files only, never through
// a symbolic link, never more than a cap.
//
// Symbolic links are refused rather than followed: a link that stays
// inside the project can still reach what must not be published
// (.git/config), and one that leaves it can reach anything the user can
// read. Special files are refused because reading them never ends
// (/dev/zero) or never starts (a FIFO).
package projfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Caps on what docket reads, by kind of file.
const (
	MaxEntry    = 2 << 20  // a content/ entry: a long article is 100 KB
	MaxConfig   = 16 << 20 // a YAML file under feeds/ or content/site.yaml
	MaxTemplate = 2 << 20  // a template
	MaxAsset    = 32 << 20 // a file under templates/assets/
)

// Sentinel errors, for callers that tell the cases apart.
var (
	ErrNotRegular = errors.New("not a regular file (symbolic links and special files are refused)")
	ErrTooLarge   = errors.New("file too large")
)

// Errors are *fs.PathError, as os's are, so that a caller that names
// the file itself can take just the reason (Reason).

// Regular returns an error naming path unless mode is a directory or a
// regular file: what a walk over the project may descend into or read.
func Regular(path string, mode fs.FileMode) error {
	if mode.IsDir() || mode.IsRegular() {
		return nil
	}
	return notRegular(path, ErrNotRegular)
}

// Open opens path, which must be a regular file and not a link.
func Open(path string) (*os.File, error) {
	f, _, err := open(path, os.Lstat, ErrNotRegular)
	return f, err
}

// OpenInput opens path, a file named on the command line rather than
// one of the project's: a link to a regular file is followed (a labelled
// set linked into a corpus), a FIFO or device is still refused.
func OpenInput(path string) (*os.File, error) {
	f, _, err := open(path, os.Stat, errNotRegularInput)
	return f, err
}

// errNotRegularInput is OpenInput's ErrNotRegular: links are followed.
var errNotRegularInput = errors.New("not a regular file")

// open opens path if stat says it is a regular file, and returns what
// was opened; notReg is the error for one that is not.
func open(path string, stat func(string) (fs.FileInfo, error), notReg error) (*os.File, fs.FileInfo, error) {
	fi, err := stat(path)
	if err != nil {
		return nil, nil, err
	}
	// Checked before opening: opening a FIFO blocks until a writer comes.
	if !fi.Mode().IsRegular() {
		return nil, nil, notRegular(path, notReg)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	// stat and Open are two looks at the path: check what was opened.
	if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(path, notReg)
	}
	return f, fi, nil
}

func notRegular(path string, err error) error {
	return &fs.PathError{Op: "read", Path: filepath.ToSlash(path), Err: err}
}

// ReadFile reads path, a regular file that is not a link, of at most
// limit bytes. It never reads more than limit+1 bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	return ReadFileInto(nil, path, limit)
}

// ReadFileInto is ReadFile reading into buf when it has room (its
// length does not matter), else into a new slice.
func ReadFileInto(buf []byte, path string, limit int64) ([]byte, error) {
	data, err := readRegular(buf, path, limit)
	if err == nil && int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: filepath.ToSlash(path), Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
	}
	return data, err
}

// Within checks the path rel (slash-separated, local) below base: every
// folder on the way must be a real folder, not a link. The file itself
// is checked by ReadFile.
func Within(base, rel string) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("%s: leaves %s", rel, filepath.ToSlash(base))
	}
	dir := base
	parts := strings.Split(rel, "/")
	for _, p := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, p)
		fi, err := os.Lstat(dir)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return notRegular(dir, ErrNotRegular)
		}
	}
	return nil
}

// ReadWithin is Within and ReadFile: base/rel, with no link on the way.
func ReadWithin(base, rel string, limit int64) ([]byte, error) {
	if err := Within(base, rel); err != nil {
		return nil, err
	}
	return ReadFile(filepath.Join(base, filepath.FromSlash(rel)), limit)
}

// Reason is what went wrong with a file, without its path: for messages
// that name the file already.
func Reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
