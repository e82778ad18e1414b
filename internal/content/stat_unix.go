//go:build unix

package content

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// statOf is the file at path's fileStat, with what unix's stat has
// beyond fs.FileInfo: the inode and the change time, which no one can
// set (a file rewritten with its old size and modification time still
// gets a new change time), and which git's index records too.
func statOf(path string) (fileStat, error) {
	var s unix.Stat_t
	if err := unix.Lstat(path, &s); err != nil {
		return fileStat{}, &fs.PathError{Op: "lstat", Path: path, Err: err}
	}
	if s.Mode&unix.S_IFMT != unix.S_IFREG {
		return fileStat{}, nil // read, which says why it cannot be
	}
	return fileStat{size: s.Size, mtime: s.Mtim.Nano(), ctime: s.Ctim.Nano(), ino: uint64(s.Ino)}, nil
}
