//go:build unix

package publish

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A streamed output gets the mode a written one gets: 0644 less the
// umask, as docket's other files.
func TestStreamModeFollowsUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	w := NewWriter(dir, false)
	if err := w.Write("/written.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := w.Stream("/streamed.txt", func(o io.Writer) error { _, err := io.WriteString(o, "a"); return err }); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"written.txt", "streamed.txt"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o640 {
			t.Errorf("%s: mode %o, want 640", name, got)
		}
	}
}
