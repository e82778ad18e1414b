//go:build !unix

package publish

import (
	"errors"
	"io/fs"
	"os"
)

// stat is what Kept records of the regular file at path, its sum left
// out: here only its size and modification time are to be had.
func stat(path string) (k Kept, ok bool) {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return Kept{}, false
	}
	return Kept{Size: fi.Size(), MTime: fi.ModTime().UnixNano()}, true
}

// linksUnsupported reports whether a failed link says links cannot be
// made here. The errors differ by system: any but a missing or existing
// file is taken to.
func linksUnsupported(err error) bool {
	return !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrExist)
}

// writable reports whether a build may write into the folder at path as
// it is: here, whether the folder lets its owner write.
func writable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir() && fi.Mode().Perm()&0o200 != 0
}
