package publish

import (
	"bytes"
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
	f, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
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
	outputs := w.Sums()
	m, err := Manifest{Docket: "test", Outputs: ListHash(outputs), Files: len(outputs)}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(ManifestPath, m); err != nil {
		t.Fatal(err)
	}
	if err := w.Settle(); err != nil {
		t.Fatal(err)
	}
	if err := f.Publish(); err != nil {
		t.Fatal(err)
	}
	return patched
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

// TestPatchFailedBuild: a patching build that ends before it publishes
// leaves the site as it was and nothing of its own beside it.
func TestPatchFailedBuild(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	publishSite(t, out, map[string]string{"/": "home", "/a/": "a"}, true)
	before := tree(t, out)
	f, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	w := f.Writer()
	if ok, err := w.Patch(); !ok || err != nil {
		t.Fatalf("patch: %v, %v", ok, err)
	}
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
}
