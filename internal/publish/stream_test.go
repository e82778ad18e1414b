package publish

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Stream writes the file Write would, with the same manifest line.
func TestStreamLikeWrite(t *testing.T) {
	data := strings.Repeat("row,1,2\n", 100000) // past the write buffer
	for _, path := range []string{"/data/items.csv", "/x/", "/a/b/c.xml"} {
		a, b := NewWriter(t.TempDir(), false), NewWriter(t.TempDir(), false)
		if err := a.Write(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		err := b.Stream(path, func(w io.Writer) error {
			for part := range strings.SplitAfterSeq(data, "\n") {
				if _, err := io.WriteString(w, part); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if a.lines()[0] != b.lines()[0] {
			t.Errorf("%s: manifest line %q, want %q", path, b.lines()[0], a.lines()[0])
		}
		rel := strings.TrimPrefix(path, "/")
		if strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		got, err := os.ReadFile(filepath.Join(b.dir, rel))
		if err != nil || string(got) != data {
			t.Errorf("%s: streamed file differs (%v)", path, err)
		}
		if fi, err := os.Stat(filepath.Join(b.dir, rel)); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v (%v), want 0644", path, fi.Mode(), err)
		}
		if files := leftovers(t, b.dir); len(files) != 1 {
			t.Errorf("%s: files %v, want the output alone", path, files)
		}
	}
}

// A fill that fails leaves neither the output nor its temporary file, and
// a path outside the folder is refused.
func TestStreamFails(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(dir, false)
	boom := errors.New("boom")
	err := w.Stream("/data/items.json", func(w io.Writer) error {
		io.WriteString(w, "[\n")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	if files := leftovers(t, dir); len(files) != 0 {
		t.Errorf("left behind: %v", files)
	}
	if len(w.lines()) != 0 {
		t.Errorf("a failed stream was listed: %v", w.lines())
	}
	if err := w.Stream("/../x", func(io.Writer) error { return nil }); err == nil {
		t.Error("a path leaving the folder was written")
	}
}

// In a folder holding an earlier build, a file with the same bytes is
// kept as it is (its modification time too); a changed one or a folder
// in its place is replaced.
func TestStreamReuse(t *testing.T) {
	for _, tc := range []struct {
		name, old string
		dir, kept bool
	}{
		{"same", "abc", false, true},
		{"changed", "abd", false, false},
		{"longer", "abcd", false, false},
		{"shorter", "ab", false, false},
		{"folder", "", true, false},
	} {
		dir := t.TempDir()
		dst := filepath.Join(dir, "data", "items.csv")
		if tc.dir {
			os.MkdirAll(filepath.Join(dst, "inner"), 0o755)
		} else {
			os.MkdirAll(filepath.Dir(dst), 0o755)
			os.WriteFile(dst, []byte(tc.old), 0o644)
		}
		before, _ := os.Stat(dst)
		w := NewWriter(dir, true)
		if err := w.Stream("/data/items.csv", func(w io.Writer) error { _, err := io.WriteString(w, "abc"); return err }); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		after, err := os.Stat(dst)
		if got, _ := os.ReadFile(dst); err != nil || string(got) != "abc" {
			t.Errorf("%s: file holds %q (%v)", tc.name, got, err)
		}
		if kept := os.SameFile(before, after); kept != tc.kept {
			t.Errorf("%s: kept the old file: %v, want %v", tc.name, kept, tc.kept)
		}
	}
}

// leftovers lists the files under dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	return files
}
