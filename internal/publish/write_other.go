//go:build !unix

package publish

import (
	"errors"
	"io/fs"
	"os"
)

// writeFile writes data at path as a new file, never into the file that
// is there, which may be a hard link to a published page (see
// write_unix.go).
func writeFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	return errors.Join(werr, f.Close())
}

// writeFileKept is writeFile that, given k, fills it in as Keep needs it
// (but its sum) and reports whether it did: here by path, once written.
func writeFileKept(path string, data []byte, k *Kept) (ok bool, err error) {
	if err := writeFile(path, data); err != nil || k == nil {
		return false, err
	}
	*k, ok = stat(path)
	return ok, nil
}
