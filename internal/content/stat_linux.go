package content

import (
	"io/fs"
	"syscall"
)

// sysStat adds to st what Linux's stat has beyond fs.FileInfo: the inode
// and the change time, which no one can set (a file rewritten with its
// old size and modification time still gets a new change time).
func sysStat(st *fileStat, fi fs.FileInfo) {
	if s, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.ino = uint64(s.Ino)
		st.ctime = s.Ctim.Nano()
	}
}
