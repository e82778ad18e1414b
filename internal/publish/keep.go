package publish

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Kept is what a build recorded of a file it published, for the next
// build to keep it without rendering it again: its sum for the manifest,
// and its size and modification time (to the second, which survives a
// CI cache's tar) to tell whether it is still the file the build wrote.
type Kept struct {
	Sum   [sha256.Size]byte
	Size  int64
	MTime int64 // Unix seconds
}

// Keep puts the published site's file at sitePath in the new site
// unchanged, as a hard link, if it is still the file k describes; it
// reports whether it did, and what the next build is to know of the
// file. A page kept is never written in place later
// (writeChanged removes a file before writing it), so the link cannot
// change the published page.
func (w *Writer) Keep(sitePath string, k Kept) (Kept, bool) {
	if w.prev == "" {
		return k, false
	}
	rel, ok := localPath(sitePath)
	if !ok {
		return k, false
	}
	src := filepath.Join(w.prev, rel)
	fi, err := os.Lstat(src)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != k.Size || fi.ModTime().Unix() != k.MTime {
		return k, false
	}
	dst := filepath.Join(w.dir, rel)
	if err := w.mkdirLeaf(filepath.Dir(dst)); err != nil {
		return k, false
	}
	if old, err := os.Lstat(dst); err == nil {
		if os.SameFile(old, fi) {
			w.list(k.Sum, sitePath)
			return k, true
		}
		if os.RemoveAll(dst) != nil {
			return k, false
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return k, false
	}
	if os.Link(src, dst) != nil {
		return k, false
	}
	w.list(k.Sum, sitePath)
	return k, true
}

// Record is Kept for a file this build wrote at sitePath with sum.
func (w *Writer) Record(sitePath string, sum [sha256.Size]byte) (Kept, bool) {
	rel, ok := localPath(sitePath)
	if !ok {
		return Kept{}, false
	}
	fi, err := os.Lstat(filepath.Join(w.dir, rel))
	if err != nil || !fi.Mode().IsRegular() {
		return Kept{}, false
	}
	return Kept{Sum: sum, Size: fi.Size(), MTime: fi.ModTime().Unix()}, true
}

// localPath is a site path's file in a site folder: "/x/" is x/index.html.
func localPath(sitePath string) (string, bool) {
	if strings.HasSuffix(sitePath, "/") {
		sitePath += "index.html"
	}
	rel := filepath.FromSlash(strings.TrimPrefix(sitePath, "/"))
	return rel, filepath.IsLocal(rel)
}

// CachePath is the folder where a build keeps what it needs to know of
// out for the next one (internal/site's build cache), beside out.
func CachePath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".cache")
}

// DocsPath is where a build keeps what it parsed of each content file
// for the next one (internal/content's load cache), beside out.
func DocsPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".docs")
}
