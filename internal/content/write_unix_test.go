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
