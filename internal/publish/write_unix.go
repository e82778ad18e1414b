//go:build unix

package publish

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// writeFile writes data at path as a new file, 0o644, in three system
// calls. An os.File of a regular file costs four fcntl calls and a
// failed epoll registration on top of open and close, which at one file
// per page is a large share of a build's system time.
//
// It never writes into a file that is there: that may be a hard link to
// a page of the published site (Keep makes them), and truncating it
// would change the published page too. A file in the way is unlinked and
// a new one made.
func writeFile(path string, data []byte) error {
	_, err := writeFileKept(path, data, nil)
	return err
}

// writeFileKept is writeFile that, given k, fills it in as Keep needs it
// (but its sum) from the new file before closing it, and reports whether
// it did: a stat of the path after (Record) would walk the path again.
func writeFileKept(path string, data []byte, k *Kept) (ok bool, err error) {
	fd, err := openRetry(path)
	if err != nil {
		return false, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	werr := writeAll(func(b []byte) (int, error) { return unix.Write(fd, b) }, data)
	if werr == nil && k != nil {
		var st unix.Stat_t
		if fstat(fd, &st) == nil {
			*k, ok = keptOf(&st), true
		}
	}
	cerr := unix.Close(fd)
	if werr != nil {
		return false, &fs.PathError{Op: "write", Path: path, Err: werr}
	}
	if cerr != nil {
		return false, &fs.PathError{Op: "close", Path: path, Err: cerr}
	}
	return ok, nil
}

// openRetry makes a new file at path, unlinking the one there first if
// need be (see writeFile).
func openRetry(path string) (int, error) {
	fd, err := openNew(path)
	if err == unix.EEXIST {
		if err := unix.Unlink(path); err != nil && err != unix.ENOENT {
			return -1, err
		}
		fd, err = openNew(path)
	}
	return fd, err
}

func openNew(path string) (int, error) {
	for {
		fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// writeAll writes data whole with write, a write(2): it may take less
// than it was given, or be interrupted.
func writeAll(write func([]byte) (int, error), data []byte) error {
	for len(data) > 0 {
		n, err := write(data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return unix.EIO // no progress: give up rather than spin
		}
		data = data[n:]
	}
	return nil
}
