package publish

// Patching. When the build cache keeps most pages, writing a whole new
// tree costs more than the pages rendered: a folder, a link and a few
// checks for every kept page, and a walk of the new tree to settle it.
// A patching build instead writes the files that differ from the
// published site into a stage folder, and once the render has succeeded
// moves them into public/ one by one and removes the files the build
// did not write. A failed build leaves public/ as it was, and so do
// moves that fail or are killed, which are taken back (undo.go); while
// the moves run (milliseconds for a few thousand pages), a reader may see
// some pages new and some old, though new pages arrive before the pages
// that link to them. Files no build wrote (public/ is never edited by
// hand) stay until a build writes a whole tree again.
//
// What the last build published is known from its listing (ListingPath):
// the sha256sum lines behind build.json's outputs hash, checked against
// it before they are used. A build killed while it moved files leaves
// no build cache (the site forgets it first) and no listing, so the next
// build writes a whole tree again.

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"docket/internal/projfile"
)

// ListingPath is where a build keeps the sha256sum listing of the site
// it published, for the next build to patch it.
func ListingPath(out string) string {
	return filepath.Join(CachePath(out), "published")
}

// Patch makes w, which has written nothing yet, patch the published
// site rather than write a whole one, if the last build's listing is
// there and is build.json's; it reports whether it does.
func (w *Writer) Patch() (bool, error) {
	if w.prev == "" || w.patch || w.Written() > 0 {
		return false, nil
	}
	// Checked now, read when applied: held through the render, the
	// paths were a million entries' largest part after the model.
	if !eachListed(w.prev, nil) {
		return false, nil
	}
	stage := w.dir // a trial's, empty, and never moved into place
	if !w.trial {
		var err error
		if stage, err = os.MkdirTemp(filepath.Dir(w.prev), "."+filepath.Base(w.prev)+".tmp-"); err != nil {
			return false, err
		}
	}
	w.dir, w.reuse, w.patch = stage, false, true
	return true, nil
}

// readListing is the listed paths of the site published at out, sorted,
// or nil when there is no listing, it cannot be read (as for the caches)
// or it is not the one build.json was made from.
func readListing(out string) []string {
	paths := []string{}
	if !eachListed(out, func(rel string) { paths = append(paths, rel) }) {
		return nil
	}
	return paths
}

// eachListed reads the listing of the site published at out, giving fn
// (if not nil) each path, in order, and reports whether the listing is
// whole and build.json's. fn may have been given paths of a listing
// found wrong at the end.
func eachListed(out string, fn func(rel string)) bool {
	var m Manifest
	if raw, err := projfile.ReadFile(filepath.Join(out, "build.json"), 1<<20); err != nil || json.Unmarshal(raw, &m) != nil {
		return false
	}
	f, err := os.Open(ListingPath(out))
	if err != nil {
		return false
	}
	defer f.Close()
	r, h := bufio.NewReaderSize(f, 64<<10), sha256.New()
	var prev []byte
	n := 0
	for ; ; n++ {
		l, err := r.ReadSlice('\n')
		if err == io.EOF && len(l) == 0 {
			break
		}
		if err != nil || len(l) < 68 || string(l[64:66]) != "  " {
			return false // a line cut short, or longer than a path can be
		}
		h.Write(l)
		p := l[66 : len(l)-1]
		// Sorted as the listing is (see Manifest), or it is not the one hashed.
		if n > 0 && string(prev) >= string(p) || !filepath.IsLocal(string(p)) {
			return false
		}
		if fn != nil {
			fn(string(p))
		}
		prev = append(prev[:0], p...)
	}
	// Every line checked whole, the lines hashed are the file.
	return hex.EncodeToString(h.Sum(nil)) == m.Outputs && n == m.Files
}

// writeListing keeps the listing of what the build published, less
// build.json, which is not in its own outputs hash.
func (w *Writer) writeListing(out string) error {
	w.mu.Lock()
	files := w.sums
	w.mu.Unlock()
	if err := os.MkdirAll(CachePath(out), 0o755); err != nil {
		return err
	}
	f, err := projfile.CreateTemp(ListingPath(out))
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	err = errors.Join(writeLines(bw, files, "build.json"), bw.Flush(), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), ListingPath(out))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// cleanPaths is Settle for a patch or a new folder, which are not
// walked: the paths the build lists must be those a walk of the whole
// site would find, each in one clean form.
func (w *Writer) cleanPaths() error {
	for _, f := range w.sums {
		if rel := f.rel(); path.Clean(rel) != rel {
			return fmt.Errorf("the build wrote %s, which is not a clean path; public/ is left as it was", rel)
		}
	}
	return nil
}

// Restat is k as the next build is to find the file at sitePath: the
// moves of a patch change a moved file's change time.
func (w *Writer) Restat(sitePath string, k Kept) Kept {
	rel, ok := localPath(sitePath)
	if !w.patch || !ok {
		return k
	}
	if _, moved := slices.BinarySearch(w.staged, filepath.ToSlash(rel)); !moved {
		return k
	}
	cur, ok := stat(filepath.Join(w.prev, rel))
	if !ok || cur.Size != k.Size {
		return k
	}
	cur.Sum = k.Sum
	return cur
}

// stage notes a file written into the stage, to be moved into place.
func (w *Writer) stage(rel string) {
	w.mu.Lock()
	w.staged = append(w.staged, rel)
	w.mu.Unlock()
}

// apply moves the staged files into out and removes what the last build
// listed and this one did not write, and the folders that leaves empty,
// build.json last. It follows no links in out: a folder on the way is
// checked once to be one, and whatever else stands there is replaced or
// left alone. If a step fails, every step taken is undone (see undo.go):
// out is the site it was, and the error says so.
func (w *Writer) apply(out string) error {
	if w.old = readListing(out); w.old == nil {
		return errors.New("the published site's listing changed during the build; public/ is left as it was")
	}
	if err := os.Remove(ListingPath(out)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := w.moveAll(out); err != nil {
		if uerr := rollBack(out); uerr != nil {
			return fmt.Errorf("%w; putting public/ back failed too: %w", err, uerr)
		}
		return fmt.Errorf("%w; public/ is left as it was", err)
	}
	if err := commit(out); err != nil {
		return err
	}
	return os.RemoveAll(w.dir)
}

// moveAll takes apply's steps, each noted in the journal first.
func (w *Writer) moveAll(out string) (err error) {
	a, err := beginUndo(out)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.close()) }()
	put := func(rel string) error {
		if err := a.move(filepath.Join(w.dir, rel), rel); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		return nil
	}
	slices.Sort(w.staged) // for Restat
	// New files first, then changed ones: a reader who follows a link
	// on a changed page to a new one finds it. The manifest comes last,
	// once the site it describes is in place.
	manifest := path.Base(ManifestPath)
	var changed []string
	for _, rel := range w.staged {
		if rel == manifest {
			continue
		}
		if _, err := os.Lstat(filepath.Join(out, rel)); err == nil {
			changed = append(changed, rel)
		} else if err := put(rel); err != nil {
			return err
		}
	}
	for _, rel := range changed {
		if err := put(rel); err != nil {
			return err
		}
	}
	written := make([]string, 0, len(w.sums))
	for _, f := range w.sums {
		written = append(written, f.rel())
	}
	slices.Sort(written)
	for _, rel := range w.old {
		if _, ok := slices.BinarySearch(written, rel); !ok {
			if err := a.remove(rel); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
		}
	}
	if _, staged := slices.BinarySearch(w.staged, manifest); staged {
		return put(manifest)
	}
	return nil
}

// applier puts files into out without following links, noting each step
// in its journal first (see undo.go).
type applier struct {
	out  string
	dirs map[string]bool // folders of out by path: true if a real folder
	*journal
}

// move renames the staged file src to rel in out, making its folders. A
// file or link where a folder of rel goes, or a folder where rel goes, is
// the last build's or a hand's, not this build's, and is set aside. A
// staged file that is gone was written again with the published bytes.
func (a *applier) move(src, rel string) error {
	if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := a.mkdir(path.Dir(rel)); err != nil {
		return err
	}
	if _, err := os.Lstat(filepath.Join(a.out, rel)); err == nil {
		if err := a.aside(rel); err != nil {
			return err
		}
	}
	return a.step(opNew, rel, func(dst string) error { return rename(src, dst) })
}

// mkdir makes sure rel is a real folder of out, its parents first.
func (a *applier) mkdir(rel string) error {
	if rel == "." || a.dirs[rel] {
		return nil
	}
	if err := a.mkdir(path.Dir(rel)); err != nil {
		return err
	}
	fi, err := os.Lstat(filepath.Join(a.out, rel))
	if err == nil && !fi.IsDir() {
		if err := a.aside(rel); err != nil {
			return err
		}
	}
	if err != nil || !fi.IsDir() {
		if err := a.step(opMkdir, rel, func(p string) error { return os.Mkdir(p, 0o755) }); err != nil {
			return err
		}
	}
	a.dirs[rel] = true
	return nil
}

// isDir reports whether rel and its parents are real folders of out.
func (a *applier) isDir(rel string) bool {
	if rel == "." {
		return true
	}
	ok, seen := a.dirs[rel]
	if !seen {
		fi, err := os.Lstat(filepath.Join(a.out, rel))
		ok = a.isDir(path.Dir(rel)) && err == nil && fi.IsDir()
		a.dirs[rel] = ok
	}
	return ok
}

// remove sets the file rel of out aside, and removes the folders that
// leaves empty; a file only a link reaches, or a folder standing at rel,
// stays.
func (a *applier) remove(rel string) error {
	if !a.isDir(path.Dir(rel)) {
		return nil
	}
	if fi, err := os.Lstat(filepath.Join(a.out, rel)); err != nil || fi.IsDir() {
		return nil // gone, or a folder of this build's stands there
	}
	if err := a.aside(rel); err != nil {
		return err
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if empty, _ := emptyDir(filepath.Join(a.out, d)); !empty {
			break // a file of this build is in it
		}
		if err := a.step(opRmdir, d, os.Remove); err != nil {
			return err
		}
		a.dirs[d] = false
	}
	return nil
}

// emptyDir reports whether the folder at p has nothing in it.
func emptyDir(p string) (bool, error) {
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	return len(names) == 0 && errors.Is(err, io.EOF), nil
}

// rel is a path in the folder w writes, relative to it.
func (w *Writer) rel(dst string) string {
	rel, _ := filepath.Rel(w.dir, dst)
	return filepath.ToSlash(rel)
}

// published is the published site's file for dst, a path in the stage.
func (w *Writer) published(dst string) string {
	return filepath.Join(w.prev, filepath.FromSlash(w.rel(dst)))
}

// writePatch stages data for dst unless the published file holds it
// already.
func (w *Writer) writePatch(dst string, data []byte) error {
	if p := w.published(dst); holds(p, data) {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
			// An earlier write of the path may have staged other bytes.
			if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
	}
	if err := writeFile(dst, data); err != nil {
		return err
	}
	w.stage(w.rel(dst))
	return nil
}

// Staged is how many files a patch has written so far.
func (w *Writer) Staged() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.staged)
}

// File is a file a build wrote: its path in the site, from "/" ("/x/"
// for x/index.html: SitePathForm), its sha256, and the folder it is in now. It
// makes no string of its own: a million-entry site has 1.3 million
// files, and their paths were ~150 MB more.
type File struct {
	SitePath string
	Sum      [sha256.Size]byte
	dir      string
}

// NewFile is the file at rel (slash-separated) in the folder dir.
func NewFile(dir, rel string, sum [sha256.Size]byte) File {
	return File{SitePath: SitePathForm(rel), Sum: sum, dir: dir}
}

// SitePathForm is a site path as File has it: from "/", and a folder's
// page as the folder ("/x/" for "/x/index.html"), as links name it.
func SitePathForm(p string) string {
	if !strings.HasPrefix(p, "/") { // as Write takes it too: "data/x.json"
		p = "/" + p
	}
	if strings.HasSuffix(p, "/index.html") {
		p = strings.TrimSuffix(p, "index.html")
	}
	return p
}

// Rel is the file's path in the site, slash-separated: "x/index.html".
func (f File) Rel() string { return fileSum{sitePath: f.SitePath}.rel() }

// Path is where the file is.
func (f File) Path() string { return filepath.Join(f.dir, filepath.FromSlash(f.Rel())) }

// Files lists the files the build wrote, and where each is now: in the
// folder w writes, or, for a patch, in the published site when that
// holds its bytes already. Call it once the build is done writing.
func (w *Writer) Files() []File {
	w.mu.Lock()
	defer w.mu.Unlock()
	staged := make(map[string]bool, len(w.staged))
	for _, rel := range w.staged {
		staged[rel] = true
	}
	files := make([]File, len(w.sums))
	for i, f := range w.sums {
		files[i] = File{SitePath: SitePathForm(f.sitePath), Sum: f.sum, dir: w.dir}
		if w.patch {
			rel := f.rel()
			if !staged[rel] || !exists(filepath.Join(w.dir, filepath.FromSlash(rel))) {
				files[i].dir = w.prev
			}
		}
	}
	return files
}

// exists reports whether there is a file at p.
func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
