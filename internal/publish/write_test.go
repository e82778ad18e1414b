package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFile: writeFile leaves exactly the bytes given, over a longer
// or shorter file as well as a new one, and names the file when it fails.
func TestWriteFile(t *testing.T) {
	big := strings.Repeat("x", 3<<20) // more than one write may take
	tests := []struct {
		name, before, data string
	}{
		{"new file", "", "page"},
		{"over a longer file", "an older, longer page", "short"},
		{"over a shorter file", "old", "a newer, longer page"},
		{"empty", "something", ""},
		{"large", "", big},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "index.html")
			if tt.before != "" {
				if err := os.WriteFile(p, []byte(tt.before), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := writeFile(p, []byte(tt.data)); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.data {
				t.Errorf("file holds %d bytes, want %d", len(got), len(tt.data))
			}
		})
	}
	t.Run("missing folder", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "no", "index.html")
		err := writeFile(p, []byte("page"))
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != p || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("err = %v, want a path error naming %s that is ErrNotExist", err, p)
		}
	})
}

// TestWriteFileNotThroughLink: a file in the way that is a hard link to
// a published page is replaced, not written into, in a new folder as in
// a reused one: the published page keeps its bytes.
func TestWriteFileNotThroughLink(t *testing.T) {
	dir := t.TempDir()
	published := filepath.Join(dir, "published.html")
	if err := os.WriteFile(published, []byte("published page"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "index.html")
	if err := os.Link(published, p); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := writeFile(p, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(published); string(got) != "published page" {
		t.Errorf("the published page holds %q after a write at its link", got)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("the file written holds %q, want %q", got, "new")
	}
}
