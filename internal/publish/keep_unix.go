//go:build unix

package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// stat is what Kept records of the regular file at path, its sum left
// out; ok is false for anything else, and a link is not followed.
func stat(path string) (k Kept, ok bool) {
	var st unix.Stat_t
	err := error(unix.EINTR)
	for err == unix.EINTR {
		err = unix.Lstat(path, &st)
	}
	if err != nil || uint32(st.Mode)&unix.S_IFMT != unix.S_IFREG {
		return Kept{}, false
	}
	return keptOf(&st), true
}

// keptOf is Kept for a regular file's stat, without its sum.
func keptOf(st *unix.Stat_t) Kept {
	return Kept{
		Size:  st.Size,
		MTime: st.Mtim.Nano(),
		CTime: st.Ctim.Nano(),
		Ino:   uint64(st.Ino),
		Dev:   uint64(st.Dev),
	}
}

// fstat is unix.Fstat, again when interrupted.
func fstat(fd int, st *unix.Stat_t) error {
	for {
		if err := unix.Fstat(fd, st); err != unix.EINTR {
			return err
		}
	}
}

// linksUnsupported reports whether a failed link says that this file
// system, or this pair of folders, takes no hard links at all, rather
// than something of one file.
func linksUnsupported(err error) bool {
	for _, e := range []error{unix.EXDEV, unix.EPERM, unix.ENOTSUP, unix.EOPNOTSUPP, unix.ENOSYS} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// writable reports whether a build may write into the folder at path as
// it is: the folder is this process's user's and lets its owner write.
// Root writes anywhere, but a folder made read-only is still left so.
func writable(path string) bool {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil || uint32(st.Mode)&unix.S_IFMT != unix.S_IFDIR {
		return false
	}
	return int(st.Uid) == unix.Geteuid() && st.Mode&unix.S_IWUSR != 0
}
