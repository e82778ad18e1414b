//go:build unix

package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCreateFollowsUmask: a new file is 0644 less the umask, as an
// editor's would be, not os.CreateTemp's 0600.
func TestCreateFollowsUmask(t *testing.T) {
	root := t.TempDir()
	if err := Create(root, "news/2026/11/a.md", []byte("x")); err != nil {
		t.Fatal(err)
	}
	umask := syscall.Umask(0o22)
	syscall.Umask(umask)
	st, err := os.Stat(filepath.Join(root, "news/2026/11/a.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fs.FileMode(0o644 &^ umask); st.Mode().Perm() != want {
		t.Errorf("mode %v, want %v", st.Mode().Perm(), want)
	}
}

// TestCreateRefusesLinks: a folder on the way that is a link, to
// anywhere, is refused and nothing is written through it; the loader
// would not follow it, and it may lead out of content/.
func TestCreateRefusesLinks(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "content"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(root, "news", "2025"), filepath.Join(root, "pages"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"news/2026": outside,                      // out of content/
		"news/2024": filepath.Join(root, "pages"), // to another folder inside
		"events":    outside,                      // at the top
	}
	for rel, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "news", "2023"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"news/2026/11/a.md", "news/2024/01/b.md", "events/c.md", "news/2023/01/d.md"} {
		if err := Create(root, rel, []byte("x")); err == nil {
			t.Errorf("Create(%q) wrote through a link or a file", rel)
		}
	}
	if err := Create(root, "news/2025/11/e.md", []byte("x")); err != nil {
		t.Errorf("a real folder: %v", err)
	}
	err := filepath.WalkDir(outside, func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != outside {
			t.Errorf("written outside content/: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(root, "pages", "*")); len(left) > 0 {
		t.Errorf("written through a link inside content/: %v", left)
	}
}

// TestCreateRefusesLinkedRoot: content/ itself a link is refused as a
// folder on the way is, given with or without its final slash; the
// loader reports such a content/ and reads nothing through it.
func TestCreateRefusesLinkedRoot(t *testing.T) {
	base := t.TempDir()
	real, root := filepath.Join(base, "elsewhere"), filepath.Join(base, "content")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, root); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{root, root + string(filepath.Separator)} {
		if err := Create(r, "news/2026/11/a.md", []byte("x")); err == nil {
			t.Errorf("Create under %q wrote through the link", r)
		}
	}
	if entries, _ := os.ReadDir(real); len(entries) != 0 {
		t.Errorf("written through the linked content/: %v", entries)
	}
}
