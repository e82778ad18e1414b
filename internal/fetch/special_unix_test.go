//go:build unix

package fetch

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIndexRefusesSpecialFiles: a FIFO or a link to /dev/zero among the
// news files is an error naming it, not a fetch that hangs holding the
// project's lock or reads until memory runs out.
func TestIndexRefusesSpecialFiles(t *testing.T) {
	for name, setup := range map[string]func(p string) error{
		"fifo":     func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"dev zero": func(p string) error { return os.Symlink("/dev/zero", p) },
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "news", "2025", "12")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := setup(filepath.Join(dir, "x.md")); err != nil {
				t.Skip(err)
			}
			done := make(chan error, 1)
			go func() { _, err := loadIndex(root); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "x.md") {
					t.Errorf("error %v, want one naming x.md", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the index hangs on it")
			}
		})
	}
}
