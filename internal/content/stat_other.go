//go:build !unix

package content

import "os"

// statOf is the file at path's fileStat: size and modification time
// alone tell a file changed here, and git's index is not taken.
func statOf(path string) (fileStat, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return fileStat{}, err
	}
	if !fi.Mode().IsRegular() {
		return fileStat{}, nil // read, which says why it cannot be
	}
	return fileStat{size: fi.Size(), mtime: fi.ModTime().UnixNano()}, nil
}
