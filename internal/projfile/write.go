package projfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The writes below go through one temporary file beside the target,
// written and synced to disk before it is published: after a crash the
// target's name shows the whole old file or the whole new one, never
// half of one. Errors are *fs.PathError or wrap one.

// Replace writes data to path: the file is replaced in one step (rename),
// keeping its mode; a new file gets 0644 less the umask.
func Replace(path string, data []byte) error {
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // after the rename this fails harmlessly
	if mode != 0o644 {
		if err := os.Chmod(tmp, mode); err != nil {
			return err
		}
	}
	return os.Rename(tmp, path)
}

// Create writes data to a new file at path, only if no file is there: an
// existing file, an editor's above all, is never overwritten (the error
// wraps fs.ErrExist).
func Create(path string, data []byte) error {
	tmp, err := writeTemp(path, data)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	// A hard link publishes the complete file and fails if the name is
	// taken, in one step; rename would silently replace.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return &fs.PathError{Op: "create", Path: path, Err: fs.ErrExist}
		}
		return err
	}
	return nil
}

// writeTemp writes data, synced, to a new temporary file beside dst and
// returns its name.
func writeTemp(dst string, data []byte) (string, error) {
	f, err := CreateTemp(dst)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// CreateTemp makes an empty file beside dst named ".NAME.tmp-RANDOM": a
// dot file that ends in no ".md", so that one left by a killed run is not
// read as an entry. Its mode is 0644 less the umask, like any file an
// editor makes (os.CreateTemp's is 0600).
func CreateTemp(dst string) (*os.File, error) {
	dir, base := filepath.Split(dst)
	for range 100 {
		name := filepath.Join(dir, "."+base+tempMark+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("projfile: no free temporary name for %s", dst)
}

const tempMark = ".tmp-"

// RemoveTempsOf deletes in dir the temporary files of the named files
// that a killed run left (a whole copy of each, never renamed into
// place). The caller must hold the lock that every writer of those
// files takes, so that none of them is being written.
func RemoveTempsOf(dir string, names ...string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		for _, name := range names {
			if strings.HasPrefix(e.Name(), "."+name+tempMark) && e.Type().IsRegular() {
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Scratch reports whether a file name is an editor's or a system's
// scratch file (a backup, a swap or lock file, docket's own atomic
// writes): never an entry, nor an asset to publish.
func Scratch(name string) bool {
	switch {
	case name == "4913", name == ".DS_Store":
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), strings.HasPrefix(name, ".#"):
		return true
	}
	return IsTemp(name)
}

// IsTemp reports whether a file name is one of the temporary files above
// (or of older versions' ".tmp-*"), which a killed run may leave behind.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".tmp-") || strings.HasPrefix(name, ".") && strings.Contains(name, tempMark)
}
