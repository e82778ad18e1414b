package publish

// Patching. When the build cache keeps most pages, writing a whole new
// tree costs more than the pages rendered: a folder, a link and a few
// checks for every kept page, and a walk of the new tree to settle it.
// A patching build instead writes the files that differ from the
// published site into a stage folder, and once the render has succeeded
// moves them into public/ one by one and removes the files the build
// did not write. A failed build leaves public/ as it was; while the moves
// run (milliseconds for a few thousand pages), a reader may see some
// pages new and some old, though new pages arrive before the pages that
// link to them. Files no build wrote (public/ is never edited by hand)
// stay until a build writes a whole tree again.
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
	old, err := readListing(w.prev)
	if err != nil || old == nil {
		return false, err
	}
	stage, err := os.MkdirTemp(filepath.Dir(w.prev), "."+filepath.Base(w.prev)+".tmp-")
	if err != nil {
		return false, err
	}
	w.dir, w.reuse, w.patch, w.old = stage, false, true, old
	return true, nil
}

// readListing is the listed paths of the site published at out, sorted,
// or nil when there is no listing or it is not the one build.json was
// made from.
func readListing(out string) ([]string, error) {
	data, err := os.ReadFile(ListingPath(out))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if raw, err := projfile.ReadFile(filepath.Join(out, "build.json"), 1<<20); err != nil || json.Unmarshal(raw, &m) != nil {
		return nil, nil
	}
	lines := strings.SplitAfter(string(data), "\n")
	if n := len(lines); lines[n-1] == "" {
		lines = lines[:n-1]
	}
	paths := make([]string, 0, len(lines))
	h := sha256.New()
	for i, l := range lines {
		if len(l) < 68 || l[64:66] != "  " || l[len(l)-1] != '\n' {
			return nil, nil
		}
		p := l[66 : len(l)-1]
		// Sorted as ListHash sorts, or it is not the listing it hashed.
		if i > 0 && lines[i-1][66:] >= l[66:] || !filepath.IsLocal(p) {
			return nil, nil
		}
		paths = append(paths, p)
		h.Write([]byte(l))
	}
	if hex.EncodeToString(h.Sum(nil)) != m.Outputs || len(paths) != m.Files {
		return nil, nil
	}
	return paths, nil
}

// writeListing keeps the listing of what the build published, less
// build.json, which is not in its own outputs hash.
func (w *Writer) writeListing(out string) error {
	lines := w.Sums()
	lines = slices.DeleteFunc(lines, func(l string) bool { return l[66:] == "build.json\n" })
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	if err := os.MkdirAll(CachePath(out), 0o755); err != nil {
		return err
	}
	f, err := projfile.CreateTemp(ListingPath(out))
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	for _, l := range lines {
		bw.WriteString(l)
	}
	err = errors.Join(bw.Flush(), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), ListingPath(out))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// stage notes a file written into the stage, to be moved into place.
func (w *Writer) stage(rel string) {
	w.mu.Lock()
	w.staged = append(w.staged, rel)
	w.mu.Unlock()
}

// apply moves the staged files into out and removes
// what the last build listed and this one did not write, and the folders
// that leaves empty.
func (w *Writer) apply(out string) error {
	if err := os.Remove(ListingPath(out)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// New files first, then changed ones: a reader who follows a link
	// on a changed page to a new one finds it.
	var changed []string
	for _, rel := range w.staged {
		if _, err := os.Lstat(filepath.Join(out, rel)); err == nil {
			changed = append(changed, rel)
		} else if err := moveInto(filepath.Join(w.dir, rel), out, rel); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
	}
	for _, rel := range changed {
		if err := moveInto(filepath.Join(w.dir, rel), out, rel); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
	}
	written := make([]string, 0, len(w.sums))
	for _, f := range w.sums {
		written = append(written, f.rel())
	}
	slices.Sort(written)
	for _, rel := range w.old {
		if _, ok := slices.BinarySearch(written, rel); ok {
			continue
		}
		p := filepath.Join(out, rel)
		if fi, err := os.Lstat(p); err != nil || fi.IsDir() {
			continue // gone, or a folder of this build's stands there
		}
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			if os.Remove(filepath.Join(out, d)) != nil {
				break // not empty: a file of this build is in it
			}
		}
	}
	return os.RemoveAll(w.dir)
}

// moveInto renames the staged file src to rel in out. A file where a
// folder of rel goes, or a folder where rel goes, is the last build's and
// not this one's (this build wrote rel): it is removed.
func moveInto(src, out, rel string) error {
	dst := filepath.Join(out, rel)
	err := os.Rename(src, dst)
	if err == nil {
		return nil
	}
	// Make the parents, replacing a file that stands where one goes.
	for d, parts := out, strings.Split(path.Dir(rel), "/"); len(parts) > 0 && parts[0] != "."; parts = parts[1:] {
		d = filepath.Join(d, parts[0])
		if fi, err := os.Lstat(d); err == nil && !fi.IsDir() {
			if err := os.Remove(d); err != nil {
				return err
			}
		}
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
	}
	return os.Rename(src, dst)
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
