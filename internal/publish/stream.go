package publish

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"docket/internal/projfile"
)

// Stream writes one output as fill produces it, for files that grow
// with the whole archive (the data exports, the sitemap): they never
// have to be in memory whole. The bytes go to a temporary file beside
// the output, hashed on the way, which takes the output's place once
// fill is done; if fill fails, the temporary file is removed and no
// output is written. Like Write, a folder that holds an earlier build
// keeps a file that already has these bytes as it is.
func (w *Writer) Stream(sitePath string, fill func(io.Writer) error) error {
	_, _, err := w.StreamKept(sitePath, fill)
	return err
}

// StreamKept is Stream, returning what the next build needs to Keep the
// file.
func (w *Writer) StreamKept(sitePath string, fill func(io.Writer) error) (Kept, bool, error) {
	sum, err := w.stream(sitePath, fill)
	if err != nil {
		return Kept{}, false, err
	}
	k, ok := w.Record(sitePath, sum)
	return k, ok, nil
}

func (w *Writer) stream(sitePath string, fill func(io.Writer) error) ([sha256.Size]byte, error) {
	var zero [sha256.Size]byte
	dst, err := w.place(sitePath)
	if err != nil {
		return zero, err
	}
	tmp, size, sum, err := streamTemp(dst, fill)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", sitePath, err)
	}
	keep := w.reuse && sameFile(dst, size, sum)
	if w.patch {
		keep = sameFile(w.published(dst), size, sum)
	}
	if keep {
		err = os.Remove(tmp)
	} else {
		err = replaceWith(tmp, dst)
		if err == nil && w.patch {
			w.stage(w.rel(dst))
		}
	}
	if err != nil {
		os.Remove(tmp)
		return zero, err
	}
	w.list(sum, sitePath)
	return sum, nil
}

// place is the file of a site path (see Write), its folder made.
func (w *Writer) place(sitePath string) (dst string, err error) {
	rel, ok := localPath(sitePath)
	if !ok {
		// Term URLs are made from IDs in feeds/, which are not checked
		// to be slugs: "../x" must not write outside the new folder.
		return "", fmt.Errorf("output path %q leaves the site's folder", sitePath)
	}
	dst = filepath.Join(w.dir, rel)
	return dst, w.mkdirLeaf(filepath.Dir(dst))
}

// streamTemp writes what fill writes into a new file beside dst and
// counts and hashes it; the file is removed again if anything fails.
func streamTemp(dst string, fill func(io.Writer) error) (path string, size int64, sum [sha256.Size]byte, err error) {
	f, err := projfile.CreateTemp(dst)
	if err != nil {
		return "", 0, sum, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	h := sha256.New()
	c := &counter{w: io.MultiWriter(f, h)}
	bw := bufio.NewWriterSize(c, 256<<10)
	if err = fill(bw); err != nil {
		return "", 0, sum, err
	}
	if err = bw.Flush(); err != nil {
		return "", 0, sum, err
	}
	h.Sum(sum[:0])
	return f.Name(), c.n, sum, nil
}

// counter counts the bytes written through it.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sameFile reports whether path is a regular file of size bytes with
// the hash sum; a file of another size is not read.
func sameFile(path string, size int64, sum [sha256.Size]byte) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != size {
		return false
	}
	old, err := hashFile(path)
	return err == nil && old == sum
}

// replaceWith renames tmp to dst; a folder an earlier build left at dst
// is removed first (a rename replaces a file or a link itself).
func replaceWith(tmp, dst string) error {
	fi, err := os.Lstat(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case fi.IsDir():
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
	}
	return os.Rename(tmp, dst)
}
