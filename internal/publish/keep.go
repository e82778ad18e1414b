package publish

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Kept is what a build recorded of a file it published, for the next
// build to keep it without rendering it again: its sum for the manifest,
// and what tells whether it is still the file the build wrote (see
// trust). Where the system has no change time, inode or device (not
// unix), those are zero.
type Kept struct {
	Sum   [sha256.Size]byte
	Size  int64
	MTime int64 // modification time, Unix nanoseconds
	CTime int64 // inode change time, Unix nanoseconds
	Ino   uint64
	Dev   uint64
}

// sameFile reports whether k and o are the same file as it was, their
// sums left aside.
func (k Kept) sameFile(o Kept) bool {
	o.Sum = k.Sum
	return o == k
}

// link is os.Link; a test stands in a file system without hard links.
var link = os.Link

// Keep puts the published site's file at sitePath in the new site
// unchanged, as a hard link (or, patching, leaves it where it is), if it
// is still the file k describes; it
// reports whether it did, and what the next build is to know of the
// file. A file kept is never written in place later (writeFile makes
// a new file), so the link cannot change the published page.
func (w *Writer) Keep(sitePath string, k Kept) (Kept, bool) {
	// A trial that cannot patch (no listing) would link the published
	// files, which changes their change time: the next build would read
	// them all to trust them.
	if !w.patch && (w.noLinks.Load() || w.trial) {
		return k, false
	}
	rel, cur, ok := w.trusted(sitePath, k)
	if !ok {
		return k, false
	}
	if !w.patch { // a patch leaves the published file where it is
		src := filepath.Join(w.prev, rel)
		if cur, ok = w.linkKept(src, filepath.Join(w.dir, rel), cur); !ok {
			return k, false
		}
	}
	cur.Sum = k.Sum
	w.list(k.Sum, sitePath)
	return cur, true
}

// Trusted reports whether the published file of sitePath is still the
// one k records, as Keep finds it, without keeping it.
func (w *Writer) Trusted(sitePath string, k Kept) bool {
	_, _, ok := w.trusted(sitePath, k)
	return ok
}

// OpenKept opens the published file of sitePath for reading if it is
// still the one k records, as Keep finds it: a build may copy from it
// what it would otherwise make again. Patching or not, the published
// file is never written in place, so what it holds once opened stays.
func (w *Writer) OpenKept(sitePath string, k Kept) (*os.File, bool) {
	rel, _, ok := w.trusted(sitePath, k)
	if !ok {
		return nil, false
	}
	f, err := os.Open(filepath.Join(w.prev, rel))
	return f, err == nil
}

// trusted is Trusted, with the file's path in the site's folder and its
// stat now.
func (w *Writer) trusted(sitePath string, k Kept) (rel string, cur Kept, ok bool) {
	rel, ok = localPath(sitePath)
	if w.prev == "" || !ok {
		return "", Kept{}, false
	}
	src := filepath.Join(w.prev, rel)
	cur, ok = stat(src)
	return rel, cur, ok && trust(src, cur, k)
}

// linkKept puts the published file src, which stat found as cur, at dst
// in the new tree, and returns it as it is there.
func (w *Writer) linkKept(src, dst string, cur Kept) (Kept, bool) {
	if w.mkdirLeaf(filepath.Dir(dst)) != nil {
		return cur, false
	}
	// A reused spare often holds this very file already: a page kept by
	// the build before last is in both folders.
	old, there := stat(dst)
	if there && old.Ino != 0 && old.Ino == cur.Ino && old.Dev == cur.Dev {
		return cur, true
	}
	if !w.linkOver(src, dst, there) {
		return cur, false
	}
	// The link changed the file's change time: the next build is to
	// expect it as it is now.
	return stat(dst)
}

// trust reports whether the file at path, which stat found as cur, is
// still the file k describes. When its size, times, inode and device are
// all as recorded, nothing has written it since the build (a write
// moves the change time, to the file system's clock tick, even when the
// modification time is put back), and it is not read; nor is a copy with
// its times (restoredCopy). When only the size is, it is hashed.
func trust(path string, cur, k Kept) bool {
	if cur.Size != k.Size {
		return false
	}
	if cur.sameFile(k) || restoredCopy(cur, k) {
		return true
	}
	sum, err := hashFile(path)
	return err == nil && sum == k.Sum
}

// restoredCopy reports whether cur, another file than the one k
// describes, is a copy of it with its times, as a CI cache's tar restores
// public/: its size and modification time are the recorded ones, the
// time to the nanosecond or, where the copy's has none (tar's default
// format keeps seconds), to the second. This is rsync's quick check: a
// copy made otherwise, with other bytes, that has both is taken as the
// page; reading every page of a restored site would cost more than the
// render.
func restoredCopy(cur, k Kept) bool {
	if k.Ino == 0 || cur.Ino == k.Ino && cur.Dev == k.Dev {
		return false // no inode to tell, or the same file changed since
	}
	const second = int64(time.Second)
	return cur.MTime == k.MTime || cur.MTime%second == 0 && cur.MTime/second == k.MTime/second
}

// linkOver makes dst a hard link to src, in place of the file there if
// there is one. Until a link has been made, that is through a temporary
// name renamed over dst: the spare's file is replaced only once the link
// is made, so where links cannot be made it is still there for
// writeChanged to find it holds the page. Once links are known to work,
// the file is removed and the link made in its place, which on ext4
// costs a third of a rename over it.
func (w *Writer) linkOver(src, dst string, there bool) bool {
	if there && w.linksWork.Load() {
		if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false
		}
		there = false
	}
	if !there {
		return w.link(src, dst)
	}
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".keep")
	os.Remove(tmp) // a killed build's, if any
	if !w.link(src, tmp) {
		return false
	}
	if os.Rename(tmp, dst) != nil { // a folder is in the way: render
		os.Remove(tmp)
		return false
	}
	return true
}

// link makes a hard link and tells the Writer what it learnt of links
// here. The first failure that says they cannot be made ends Keep for
// this Writer: trying again on every page would cost more than the
// cache saves.
func (w *Writer) link(src, dst string) bool {
	err := link(src, dst)
	switch {
	case err == nil:
		w.linksWork.Store(true)
	case linksUnsupported(err):
		w.noLinks.Store(true)
	}
	return err == nil
}

// Record is Kept for a file this build wrote at sitePath with sum.
func (w *Writer) Record(sitePath string, sum [sha256.Size]byte) (Kept, bool) {
	rel, ok := localPath(sitePath)
	if !ok {
		return Kept{}, false
	}
	k, ok := stat(filepath.Join(w.dir, rel))
	if !ok && w.patch { // not staged: the published file has the bytes
		k, ok = stat(filepath.Join(w.prev, rel))
	}
	k.Sum = sum
	return k, ok
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

// LinksPath is where docket check keeps what it found of the links of
// the site it checked, for the next check (internal/site's links.go).
func LinksPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".links")
}

// DocsPath is where a build keeps what it parsed of each content file
// for the next one (internal/content's load cache), beside out.
func DocsPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".docs")
}
