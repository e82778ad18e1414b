//go:build unix

package projfile

import (
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// readRegular reads at most limit+1 bytes of path, a regular file that
// is not a link, with four system calls: os.Open would add a look at
// the path before it and four fcntl calls and an epoll registration,
// which a regular file refuses, after it. A build reads every entry
// twice, so those were two thirds of its calls on input.
//
// O_NOFOLLOW refuses a link as Lstat did, and O_NONBLOCK keeps the
// open of a FIFO from waiting for a writer; what was opened is then
// checked to be a regular file before it is read.
func readRegular(dst []byte, path string, limit int64) ([]byte, error) {
	fd, err := retry(func() (int, error) {
		return unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_NOCTTY, 0)
	})
	if err != nil {
		// O_NOFOLLOW's refusal of a link is ELOOP on Linux, EMLINK on
		// FreeBSD, EFTYPE on NetBSD; ELOOP is also a loop of links among
		// the folders above. A look at the path tells them apart, only
		// on this path of failure.
		if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, notRegular(path, ErrNotRegular)
		}
		return nil, &fs.PathError{Op: "open", Path: filepath.ToSlash(path), Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: filepath.ToSlash(path), Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, notRegular(path, ErrNotRegular)
	}
	// One byte over the size, so that a file read whole ends in a short
	// read; one over the limit, so that the caller sees a larger file.
	buf := dst[:cap(dst)]
	if need := min(st.Size, limit) + 1; int64(len(buf)) < need {
		buf = make([]byte, need)
	} else {
		buf = buf[:need]
	}
	n := 0
	for n < len(buf) {
		m, err := retry(func() (int, error) { return unix.Read(fd, buf[n:]) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: filepath.ToSlash(path), Err: err}
		}
		if m == 0 {
			break
		}
		n += m
		if int64(n) >= st.Size && n < len(buf) {
			break // a short read at the size the file had: its end
		}
		if n == len(buf) && int64(n) <= limit { // it grew since Fstat
			buf = append(buf, make([]byte, min(int64(n), limit+1-int64(n)))...)
		}
	}
	return buf[:n], nil
}

// retry calls f again while it is interrupted by a signal.
func retry(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
