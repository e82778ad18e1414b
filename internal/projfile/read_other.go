//go:build !unix

package projfile

import (
	"bytes"
	"io"
	"os"
)

// readRegular reads at most limit+1 bytes of path, a regular file that
// is not a link.
func readRegular(dst []byte, path string, limit int64) ([]byte, error) {
	f, fi, err := open(path, os.Lstat, ErrNotRegular)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Sized from the file, as os.ReadFile does; the limit bounds the read.
	buf := bytes.NewBuffer(dst[:0])
	buf.Grow(int(min(fi.Size(), limit) + bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
