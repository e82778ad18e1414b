package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// publishSite builds files (site path: bytes) into out as a build does,
// the manifest last, patching out when patch says to try; it reports
// whether the build patched. Paths starting "stream:" are streamed.
func publishSite(t *testing.T, out string, files map[string]string, patch bool) bool {
	t.Helper()
	patched, err := tryPublish(t, out, files, patch)
	if err != nil {
		t.Fatal(err)
	}
	return patched
}

// tryPublish is publishSite, returning Publish's error.
func tryPublish(t *testing.T, out string, files map[string]string, patch bool) (bool, error) {
	t.Helper()
	f, patched := render(t, out, files, patch)
	defer f.Close()
	return patched, f.Publish()
}

// render is publishSite up to Publish; close the Folder.
func render(t *testing.T, out string, files map[string]string, patch bool) (*Folder, bool) {
	t.Helper()
	f, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	w := f.Writer()
	patched := false
	if patch {
		if patched, err = w.Patch(); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		data := files[p]
		if sp, ok := strings.CutPrefix(p, "stream:"); ok {
			err = w.Stream(sp, func(w io.Writer) error { _, err := io.WriteString(w, data); return err })
		} else {
			err = w.Write(p, []byte(data))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	outputs, n := w.OutputsHash()
	m, err := Manifest{Docket: "test", Outputs: outputs, Files: n}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(ManifestPath, m); err != nil {
		t.Fatal(err)
	}
	if err := w.Settle(); err != nil {
		t.Fatal(err)
	}
	return f, patched
}

// patching begins a build of out that patches it; close the Folder.
func patching(t *testing.T, out string) (*Folder, *Writer) {
	t.Helper()
	f, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	w := f.Writer()
	if ok, err := w.Patch(); !ok || err != nil {
		f.Close()
		t.Fatalf("patch: %v, %v", ok, err)
	}
	return f, w
}

// tree is every file and folder under dir: a file's bytes, "/" for a
// folder.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			got[rel] = "/"
			return nil
		}
		data, err := os.ReadFile(p)
		got[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestPatchMatchesSwap: a site patched in place from the last one is the
// tree a whole build writes, whatever changed between them.
func TestPatchMatchesSwap(t *testing.T) {
	v1 := map[string]string{
		"/":              "home 1",
		"/a/":            "a",
		"/gone/":         "gone",         // its folder goes with it
		"/deep/er/x.txt": "x",            // and empty parents
		"/was-file":      "file",         // a folder in v2
		"/was-dir/":      "dir",          // a file in v2
		"stream:/s.json": "streamed 1",   // changes
		"stream:/t.json": "same",         // does not
		"/b/":            "same in both", // kept as it is
	}
	v2 := map[string]string{
		"/":              "home 2",
		"/a/":            "a, changed",
		"/new/page/":     "new",
		"/was-file/":     "now a folder",
		"/was-dir":       "now a file",
		"stream:/s.json": "streamed 2",
		"stream:/t.json": "same",
		"/b/":            "same in both",
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if publishSite(t, out, v1, true) {
		t.Fatal("the first build patched: there was nothing to patch")
	}
	unchanged, _ := stat(filepath.Join(out, "b", "index.html"))
	if !publishSite(t, out, v2, true) {
		t.Fatal("the second build did not patch")
	}
	whole := filepath.Join(t.TempDir(), "public")
	publishSite(t, whole, v2, false)
	got, want := tree(t, out), tree(t, whole)
	if !maps.Equal(got, want) {
		t.Errorf("patched site:\n%v\nwhole build:\n%v", got, want)
	}
	if now, _ := stat(filepath.Join(out, "b", "index.html")); now.Ino != unchanged.Ino {
		t.Error("a page with the same bytes was written again")
	}
	if leftover, _ := filepath.Glob(filepath.Join(parent, ".public.tmp-*")); len(leftover) > 0 {
		t.Errorf("left beside public/: %v", leftover)
	}
	// The third build patches from the second's listing.
	v2["/a/"] = "a, third"
	if !publishSite(t, out, v2, true) {
		t.Fatal("the third build did not patch")
	}
	if got, _ := os.ReadFile(filepath.Join(out, "a", "index.html")); string(got) != "a, third" {
		t.Errorf("/a/ holds %q", got)
	}
}

// TestPatchTrustsOnlyItsListing: a build patches only from the listing
// the last build's build.json was made from.
func TestPatchTrustsOnlyItsListing(t *testing.T) {
	tests := []struct {
		name   string
		change func(out string) error
	}{
		{"no listing", func(out string) error { return os.Remove(ListingPath(out)) }},
		{"a sum in the listing changed", func(out string) error {
			data, _ := os.ReadFile(ListingPath(out))
			data[0] ^= 1
			return os.WriteFile(ListingPath(out), data, 0o644)
		}},
		{"a line of the listing gone", func(out string) error {
			data, _ := os.ReadFile(ListingPath(out))
			return os.WriteFile(ListingPath(out), data[bytes.IndexByte(data, '\n')+1:], 0o644)
		}},
		{"another build.json", func(out string) error {
			return os.WriteFile(filepath.Join(out, "build.json"), []byte(`{"outputs": "0"}`), 0o644)
		}},
		{"no build.json", func(out string) error { return os.Remove(filepath.Join(out, "build.json")) }},
		// The listing's hash, but a count no listing has.
		{"a negative count of files", func(out string) error { return recount(out, -1) }},
		{"a count past the listing", func(out string) error { return recount(out, 1<<40) }},
		{"a listing that cannot be read", func(out string) error {
			return errors.Join(os.Remove(ListingPath(out)), os.Mkdir(ListingPath(out), 0o755))
		}},
		// Listings that hash as build.json says but that no build writes.
		{"a path outside the site", func(out string) error {
			return forge(out, sumLineOf([32]byte{}, "../outside"), sumLineOf([32]byte{}, "a/index.html"))
		}},
		{"out of order", func(out string) error {
			return forge(out, sumLineOf([32]byte{}, "b.txt"), sumLineOf([32]byte{}, "a/index.html"))
		}},
	}
	site := map[string]string{"/": "home", "/a/": "a", "/b.txt": "b"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			publishSite(t, out, site, true)
			if err := tt.change(out); err != nil {
				t.Fatal(err)
			}
			if publishSite(t, out, site, true) {
				t.Error("the build patched from a listing that is not the site's")
			}
			if got := tree(t, out); got["a/index.html"] != "a" || got["b.txt"] != "b" {
				t.Errorf("site after the whole build: %v", got)
			}
		})
	}
}

// recount sets the count of files in out's build.json to n.
func recount(out string, n int) error {
	p := filepath.Join(out, "build.json")
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	m.Files = n
	if data, err = m.Marshal(); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// forge writes lines as the listing and a build.json that hashes them.
func forge(out string, lines ...string) error {
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	m, err := Manifest{Outputs: hex.EncodeToString(h.Sum(nil)), Files: len(lines)}.Marshal()
	if err != nil {
		return err
	}
	return errors.Join(os.WriteFile(ListingPath(out), []byte(strings.Join(lines, "")), 0o644),
		os.WriteFile(filepath.Join(out, "build.json"), m, 0o644))
}

// TestPatchFollowsNoLinks: a link in public/ (put there by hand) is not
// followed to write or remove files where it points: a folder the site
// TestPatchReadsListingWhenApplied: a patch checks the listing as it
// begins but holds none of it through the render (a million entries'
// paths); it reads it again to apply, and a listing that changed in
// between fails the build, public/ left as it was.
func TestPatchReadsListingWhenApplied(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publishSite(t, out, undoV1, true)
	before := tree(t, out)
	f, patched := render(t, out, undoV2, true)
	if !patched || f.w.old != nil {
		t.Fatalf("patched %v, holding %d listed paths through the render", patched, len(f.w.old))
	}
	data, err := os.ReadFile(ListingPath(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ListingPath(out), append(data, data[:68]...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := f.Publish(); err == nil || !strings.Contains(err.Error(), "listing changed") {
		t.Errorf("publishing on a changed listing: %v", err)
	}
	f.Close()
	settled(t, out, before, "after the refused patch")
}

// needs there replaces it, and otherwise it stays.
func TestPatchFollowsNoLinks(t *testing.T) {
	for _, next := range []map[string]string{
		{"/": "home", "/d/x.txt": "x"}, // the site needs d/
		{"/": "home", "/e.txt": "e"},   // it does not: d/y.txt goes
	} {
		out := filepath.Join(t.TempDir(), "public")
		publishSite(t, out, map[string]string{"/": "home", "/d/y.txt": "y"}, true)
		outside := t.TempDir()
		os.WriteFile(filepath.Join(outside, "y.txt"), []byte("theirs"), 0o644)
		if err := errors.Join(os.RemoveAll(filepath.Join(out, "d")), os.Symlink(outside, filepath.Join(out, "d"))); err != nil {
			t.Fatal(err)
		}
		if !publishSite(t, out, next, true) {
			t.Fatal("the build did not patch")
		}
		if got := tree(t, outside); len(got) != 1 || got["y.txt"] != "theirs" {
			t.Errorf("the folder the link points to holds %v", got)
		}
		fi, err := os.Lstat(filepath.Join(out, "d"))
		if _, needed := next["/d/x.txt"]; needed {
			got, _ := os.ReadFile(filepath.Join(out, "d", "x.txt"))
			if err != nil || !fi.IsDir() || string(got) != "x" {
				t.Errorf("public/d is not a folder holding x.txt (%v, %q)", err, got)
			}
		} else if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("the link was not left alone: %v", err)
		}
	}
}

// TestPatchWrittenTwice: a path written twice holds the later bytes,
// whether or not they are the published ones.
func TestPatchWrittenTwice(t *testing.T) {
	for _, last := range []string{"published", "third"} {
		out := filepath.Join(t.TempDir(), "public")
		publishSite(t, out, map[string]string{"/a.txt": "published"}, true)
		f, w := patching(t, out)
		err := errors.Join(w.Write("/a.txt", []byte("second")), w.Write("/a.txt", []byte(last)), w.Settle(), f.Publish())
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(out, "a.txt")); string(got) != last {
			t.Errorf("a.txt holds %q, want %q", got, last)
		}
	}
}

// TestPatchFailedBuild: a patching build that ends before it publishes
// leaves the site as it was and nothing of its own beside it.
func TestPatchFailedBuild(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	publishSite(t, out, map[string]string{"/": "home", "/a/": "a"}, true)
	before := tree(t, out)
	f, w := patching(t, out)
	if err := w.Write("/a/", []byte("changed")); err != nil {
		t.Fatal(err)
	}
	f.Close() // the render failed: no Publish
	if got := tree(t, out); !maps.Equal(got, before) {
		t.Errorf("site after a failed build: %v, want %v", got, before)
	}
	if leftover, _ := filepath.Glob(filepath.Join(parent, ".public.tmp-*")); len(leftover) > 0 {
		t.Errorf("left beside public/: %v", leftover)
	}
	// With a spare to give back: it is still there, as it was.
	publishSite(t, out, map[string]string{"/": "home", "/a/": "a"}, false)
	spare := tree(t, SparePath(out))
	f, _ = patching(t, out)
	f.Close()
	if got := tree(t, SparePath(out)); len(spare) == 0 || !maps.Equal(got, spare) {
		t.Errorf("spare after a failed build: %v, want %v", got, spare)
	}
}

// TestPatchRestat: what the next build is to expect of a file a patch
// moved into place is the file as it is there.
func TestPatchRestat(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publishSite(t, out, map[string]string{"/a/": "a", "/b/": "b"}, true)
	f, w := patching(t, out)
	defer f.Close()
	moved, _, err := w.WriteKept("/a/", []byte("a, changed"))
	if err != nil {
		t.Fatal(err)
	}
	kept, _, err := w.WriteKept("/b/", []byte("b"))
	if err := errors.Join(err, w.Settle(), f.Publish()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		k    Kept
	}{{"/a/", moved}, {"/b/", kept}} {
		cur, _ := stat(filepath.Join(out, filepath.FromSlash(c.path), "index.html"))
		if got := w.Restat(c.path, c.k); !got.sameFile(cur) || got.Sum != c.k.Sum {
			t.Errorf("%s: restat %+v, the file is %+v", c.path, got, cur)
		}
	}
}

// BenchmarkReadListing reads the listing of a site of 64,000 files, as
// a build on a 50,000-entry site's cache does before it patches.
func BenchmarkReadListing(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		b.Fatal(err)
	}
	lines := make([]string, 64000)
	for i := range lines {
		lines[i] = sumLineOf(sha256.Sum256([]byte{byte(i), byte(i >> 8)}), fmt.Sprintf("news/2024/%02d/entry-%06d/index.html", i%12+1, i))
	}
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	if err := os.MkdirAll(CachePath(out), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := forge(out, lines...); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if got := readListing(out); len(got) != len(lines) {
			b.Fatalf("read %d paths, want %d", len(got), len(lines))
		}
	}
}

// TestFiles: each file a build wrote is listed once, from "/" however
// the build named it, with its path in the site and where its bytes
// are: in the new folder, or for a patch in the published site when
// the build did not write it again.
func TestFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"/": "home", "/a/": "a", "/a/x.css": "css", "data/items.json": "[]", "/b/index.html": "b"}
	publishSite(t, out, v1, true)
	for _, patch := range []bool{false, true} {
		f, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		w := f.Writer()
		if patch {
			if ok, err := w.Patch(); err != nil || !ok {
				t.Fatalf("patch: %v, %v", ok, err)
			}
		}
		v2 := maps.Clone(v1)
		v2["/a/"] = "a, changed"
		for _, p := range slices.Sorted(maps.Keys(v2)) {
			if err := w.Write(p, []byte(v2[p])); err != nil {
				t.Fatal(err)
			}
		}
		got := map[string]string{}
		for _, file := range w.Files() {
			if !strings.HasPrefix(file.SitePath, "/") {
				t.Errorf("site path %q", file.SitePath)
			}
			data, err := os.ReadFile(file.Path())
			if err != nil {
				t.Fatal(err)
			}
			if sha256.Sum256(data) != file.Sum {
				t.Errorf("%s: the bytes at %s are not the sum's", file.Rel(), file.Path())
			}
			inOut := strings.HasPrefix(file.Path(), out+string(filepath.Separator))
			if want := patch && file.Rel() != "a/index.html"; inOut != want {
				t.Errorf("patch %v: %s is at %s", patch, file.Rel(), file.Path())
			}
			got[file.Rel()] = string(data)
		}
		want := map[string]string{"index.html": "home", "a/index.html": "a, changed", "a/x.css": "css", "data/items.json": "[]", "b/index.html": "b"}
		if !maps.Equal(got, want) {
			t.Errorf("patch %v: files %v, want %v", patch, got, want)
		}
		f.Close()
	}
}
