package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// TestWalkParallel: every file and folder below the root is visited once,
// a folder fn skips is not entered, and an error stops the walk.
func TestWalkParallel(t *testing.T) {
	root := t.TempDir()
	var want []string
	for i := range 40 {
		for j := range 5 {
			rel := fmt.Sprintf("d%d/e%d/f.txt", i, j)
			if i == 7 {
				rel = fmt.Sprintf("skip/e%d/f.txt", j) // under skip/: not visited
			}
			p := filepath.Join(root, rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if i != 7 {
				want = append(want, fmt.Sprintf("d%d/e%d", i, j), rel)
			}
		}
		if i != 7 {
			want = append(want, fmt.Sprintf("d%d", i))
		}
	}
	want = append(want, "skip")
	var (
		mu  sync.Mutex
		got []string
	)
	err := walkParallel(root, func(p string, d fs.DirEntry) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		mu.Lock()
		got = append(got, rel)
		mu.Unlock()
		if rel == "skip" {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("visited %d paths, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}

	stop := errors.New("stop")
	err = walkParallel(root, func(p string, d fs.DirEntry) error {
		if d.Name() == "f.txt" {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("walk with a failing visit = %v, want %v", err, stop)
	}
}
