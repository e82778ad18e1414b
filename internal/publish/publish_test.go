package publish

import (
	"docket/internal/projfile"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestSettleRefuses: a folder that disagrees with what the build wrote is
// never published, whichever way it disagrees.
func TestSettleRefuses(t *testing.T) {
	tests := []struct {
		name   string
		reuse  bool
		change func(dir string) error
		ok     bool
	}{
		{"as written", false, func(string) error { return nil }, true},
		{"a written file gone", true, func(dir string) error { return os.Remove(filepath.Join(dir, "a/index.html")) }, false},
		{"a written file turned into a link", true, func(dir string) error {
			p := filepath.Join(dir, "b.txt")
			return errors.Join(os.Remove(p), os.Symlink("a/index.html", p))
		}, false},
		{"a file nobody wrote, reused folder", true, func(dir string) error { return os.WriteFile(filepath.Join(dir, "x"), nil, 0o644) }, true},
		{"a folder nobody made, deep in a reused folder", true, func(dir string) error { return os.MkdirAll(filepath.Join(dir, "c/d/x/y"), 0o755) }, true},
		{"a written file gone, deep", true, func(dir string) error { return os.Remove(filepath.Join(dir, "c/d/e/f.txt")) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWriter(t.TempDir(), tt.reuse)
			if err := errors.Join(w.Write("/a/", []byte("page")), w.Write("/b.txt", []byte("b")), w.Write("/c/d/e/f.txt", []byte("f"))); err != nil {
				t.Fatal(err)
			}
			if err := tt.change(w.dir); err != nil {
				t.Fatal(err)
			}
			if err := w.Settle(); (err == nil) != tt.ok {
				t.Fatalf("settle: %v, want ok=%v", err, tt.ok)
			}
			if _, err := os.Lstat(filepath.Join(w.dir, "c/d/x")); tt.ok && err == nil {
				t.Errorf("a folder nobody made is still there after settling")
			}
		})
	}
}

// TestSettleNewFolderPaths: a new folder is not walked, but a path the
// build lists in a form a walk would not find still fails, as in a
// reused folder (where the walk finds a/b.txt, not a//b.txt).
func TestSettleNewFolderPaths(t *testing.T) {
	for _, reuse := range []bool{false, true} {
		w := NewWriter(t.TempDir(), reuse)
		if err := w.Write("/a//b.txt", []byte("b")); err != nil {
			t.Fatal(err)
		}
		if err := w.Settle(); err == nil {
			t.Errorf("reuse=%v: settled a site listing a//b.txt", reuse)
		}
	}
}

// TestPublishSwaps: publishing leaves the new site in place and the old
// one as the spare, with no other folder beside them.
func TestPublishSwaps(t *testing.T) {
	parent := t.TempDir()
	out, tmp := filepath.Join(parent, "public"), filepath.Join(parent, ".public.tmp-1")
	for dir, page := range map[string]string{out: "old", tmp: "new"} {
		os.Mkdir(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644)
	}
	if err := publish(tmp, out); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{out: "new", SparePath(out): "old"} {
		if got, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(got) != want {
			t.Errorf("%s holds %q, want %q", dir, got, want)
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 2 {
		t.Errorf("%d folders after publish, want public/ and the spare", len(entries))
	}
}

// TestBeginLeavesOldSpare: a build does not take the spare of a docket
// from before Keep (.public.spare/), which writes files in place and so
// would write through the links into public/; it removes it.
func TestBeginLeavesOldSpare(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	old := oldSparePath(out)
	os.MkdirAll(old, 0o755)
	os.WriteFile(filepath.Join(old, "index.html"), []byte("old"), 0o644)
	f, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.reused {
		t.Error("the build took the old spare")
	}
	if _, err := os.Lstat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old spare is still there: %v", err)
	}
}

// TestBeginLeavesReadOnlySpare: a spare made read-only (a public/ made
// so, swapped out by a build) is not built in, where every write failed
// and every whole build after it; a writable one is.
func TestBeginLeavesReadOnlySpare(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mode   os.FileMode // of the spare's data/ folder
		reused bool
	}{
		{"writable", 0o755, true},
		{"read-only", 0o555, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			data := filepath.Join(SparePath(out), "data")
			os.MkdirAll(data, 0o755)
			os.WriteFile(filepath.Join(data, "items.json"), []byte("[]"), 0o644)
			os.Chmod(data, tc.mode)
			defer os.Chmod(data, 0o755) // for TempDir's removal
			f, err := Begin(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.reused != tc.reused {
				t.Errorf("reused %v, want %v", f.reused, tc.reused)
			}
		})
	}
}

// TestBeginRemovesKilledBuildsFiles: what a killed build left in the
// caches' places (their temporary files) is removed by the next build,
// and nothing else there is.
func TestBeginRemovesKilledBuildsFiles(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	cache := CachePath(out)
	os.MkdirAll(cache, 0o755)
	// Named as the caches name them, by projfile.CreateTemp.
	stale := []string{filepath.Join(parent, ".public.tmp-1")}
	for _, dst := range []string{filepath.Join(cache, "tokens"), filepath.Join(cache, "pages"), DocsPath(out)} {
		f, err := projfile.CreateTemp(dst)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		stale = append(stale, f.Name())
	}
	kept := []string{filepath.Join(cache, "tokens"), filepath.Join(cache, "pages"), DocsPath(out), filepath.Join(parent, ".notes.tmp-5")}
	for _, p := range slices.Concat(stale[:1], kept) {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range stale {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there: %v", p, err)
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
