//go:build unix

package site

import (
	"fmt"
	"runtime"
	"syscall"
)

// peakRSS is the process's peak resident set in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return ru.Maxrss // bytes there, kilobytes elsewhere
	}
	return ru.Maxrss << 10
}

// flushDisk writes dirty pages out, so that a benchmark's build does not
// share the disk with the write-back of the site it just generated.
func flushDisk() { syscall.Sync() }

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// fileID is what a write, a link or a change of mode changes of the
// file at p besides its bytes: its inode, link count and change time.
func fileID(p string) string {
	var st syscall.Stat_t
	if err := syscall.Lstat(p, &st); err != nil {
		return err.Error()
	}
	return fmt.Sprint(st.Ino, st.Nlink, st.Ctim.Nano())
}
