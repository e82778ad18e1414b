package publish

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// countLinks counts os.Link calls for the test, failing them with fail
// when it is not nil.
func countLinks(t *testing.T, fail error) *int {
	n := new(int)
	t.Cleanup(func() { link = os.Link })
	link = func(src, dst string) error {
		*n++
		if fail != nil {
			return &os.LinkError{Op: "link", Old: src, New: dst, Err: fail}
		}
		return os.Link(src, dst)
	}
	return n
}

// TestKeepLinks: a kept page is the published file itself, in a new
// folder and in a reused spare, whatever the spare held there; and what
// Keep returns lets the next build trust the file without reading it.
func TestKeepLinks(t *testing.T) {
	for _, tt := range []struct {
		name  string
		reuse bool
		spare func(dst, src string) error // what the spare holds at the page
		links int                         // links made
	}{
		{"new folder", false, func(string, string) error { return nil }, 1},
		{"spare with an older page", true, func(dst, _ string) error { return os.WriteFile(dst, []byte("an old page"), 0o644) }, 1},
		{"spare with a copy", true, func(dst, _ string) error { return os.WriteFile(dst, []byte("the page"), 0o644) }, 1},
		{"spare with the page kept before", true, func(dst, src string) error { return os.Link(src, dst) }, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out, kept := publishedSite(t, parent, map[string]string{"/a/": "the page"})
			dir := filepath.Join(parent, "next")
			src, dst := filepath.Join(out, "a", "index.html"), filepath.Join(dir, "a", "index.html")
			os.MkdirAll(filepath.Dir(dst), 0o755)
			if err := tt.spare(dst, src); err != nil {
				t.Skip("no hard links here:", err)
			}
			links := countLinks(t, nil)
			w := nextBuild(out, dir, tt.reuse)
			k, ok := w.Keep("/a/", kept["/a/"])
			if !ok {
				t.Fatal("not kept")
			}
			a, _ := os.Stat(src)
			b, _ := os.Stat(dst)
			if !os.SameFile(a, b) || *links != tt.links {
				t.Errorf("the new site's page is the published one: %v, after %d links; want true after %d", os.SameFile(a, b), *links, tt.links)
			}
			if err := w.Settle(); err != nil {
				t.Error(err)
			}
			// Trusted as it is now, the file is not read: a wrong sum
			// does not stop it being kept.
			k.Sum = [32]byte{}
			if _, ok := nextBuild(out, filepath.Join(parent, "after"), false).Keep("/a/", k); !ok {
				t.Error("the next build read the file again: Keep returned what it was before the link")
			}
		})
	}
}

// TestKeepWithoutLinks: where links cannot be made, Keep reports the
// page not kept, leaves the spare's file alone (it may be the page) and
// does not try again.
func TestKeepWithoutLinks(t *testing.T) {
	parent := t.TempDir()
	out, kept := publishedSite(t, parent, map[string]string{"/a/": "page a", "/b/": "page b"})
	dir := filepath.Join(parent, "next")
	spare := filepath.Join(dir, "a", "index.html")
	os.MkdirAll(filepath.Dir(spare), 0o755)
	os.WriteFile(spare, []byte("page a"), 0o644)
	links := countLinks(t, syscall.EXDEV)
	w := nextBuild(out, dir, true)
	for _, p := range []string{"/a/", "/b/"} {
		if _, ok := w.Keep(p, kept[p]); ok {
			t.Errorf("%s kept without a link", p)
		}
	}
	if *links != 1 {
		t.Errorf("%d links tried, want 1", *links)
	}
	if data, err := os.ReadFile(spare); string(data) != "page a" {
		t.Errorf("the spare's page is gone: %q, %v", data, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestKeepLinksSpareCopies: once a link is made, later pages whose spare
// holds a copy are linked in its place too, and nothing is left beside
// them.
func TestKeepLinksSpareCopies(t *testing.T) {
	parent := t.TempDir()
	pages := map[string]string{"/a/": "page a", "/b/": "page b", "/c/": "page c"}
	out, kept := publishedSite(t, parent, pages)
	dir := filepath.Join(parent, "next")
	for p, data := range pages {
		dst := filepath.Join(dir, p, "index.html")
		os.MkdirAll(filepath.Dir(dst), 0o755)
		os.WriteFile(dst, []byte(data), 0o644)
	}
	links := countLinks(t, nil)
	w := nextBuild(out, dir, true)
	for p := range pages {
		if _, ok := w.Keep(p, kept[p]); !ok {
			t.Fatalf("%s not kept", p)
		}
		a, _ := os.Stat(filepath.Join(out, p, "index.html"))
		b, _ := os.Stat(filepath.Join(dir, p, "index.html"))
		if !os.SameFile(a, b) {
			t.Errorf("%s is not the published file", p)
		}
	}
	if *links != len(pages) {
		t.Errorf("%d links made, want %d", *links, len(pages))
	}
	if err := w.Settle(); err != nil {
		t.Error(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*", ".*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
