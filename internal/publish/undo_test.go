package publish

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two sites whose patch takes every kind of step: new files, changed
// ones, a file where a folder was and the other way round, removals that
// empty folders, and the manifest.
var (
	undoV1 = map[string]string{
		"/": "home 1", "/a/": "a", "/gone/": "gone", "/deep/er/x.txt": "x",
		"/was-file": "file", "/was-dir/": "dir", "stream:/s.json": "streamed 1", "/b/": "same",
	}
	undoV2 = map[string]string{
		"/": "home 2", "/a/": "a, changed", "/new/page/": "new", "/was-file/": "now a folder",
		"/was-dir": "now a file", "stream:/s.json": "streamed 2", "/b/": "same",
	}
)

var errStopped = errors.New("stopped")

// stopAfter lets n steps (and steps taken back) run, then stops every
// one after, as a kill would; it returns how many were asked for.
func stopAfter(t *testing.T, n int) *int { return hook(t, func(i int) bool { return i > n }) }

// failAt fails step n+1 alone.
func failAt(t *testing.T, n int) { hook(t, func(i int) bool { return i == n+1 }) }

func hook(t *testing.T, stop func(int) bool) *int {
	t.Helper()
	asked := 0
	stepHook = func() error {
		if asked++; stop(asked) {
			return errStopped
		}
		return nil
	}
	t.Cleanup(func() { stepHook = nil })
	return &asked
}

// patchSteps is how many steps patching undoV1 into undoV2 takes.
func patchSteps(t *testing.T) int {
	out := filepath.Join(t.TempDir(), "public")
	publishSite(t, out, undoV1, true)
	asked := stopAfter(t, 1<<30)
	if !publishSite(t, out, undoV2, true) {
		t.Fatal("the build did not patch")
	}
	stepHook = nil
	if *asked < 10 {
		t.Fatalf("only %d steps: the sites do not exercise the patch", *asked)
	}
	return *asked
}

// settled checks that out holds want and that nothing of a patch is
// left beside it.
func settled(t *testing.T, out string, want map[string]string, when string) {
	t.Helper()
	if got := tree(t, out); !maps.Equal(got, want) {
		t.Errorf("%s: site\n%v\nwant\n%v", when, got, want)
	}
	for _, pattern := range []string{".public.undo", ".public.tmp-*"} {
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), pattern)); len(left) > 0 {
			t.Errorf("%s: left beside public/: %v", when, left)
		}
	}
}

// TestPatchStepFails: when any one step of a patch fails, every step
// taken is taken back: public/ is the old site, the error says so, and
// the next build publishes the new one.
func TestPatchStepFails(t *testing.T) {
	whole := filepath.Join(t.TempDir(), "public")
	publishSite(t, whole, undoV2, false)
	want := tree(t, whole)
	fail := func(t *testing.T, how func()) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		publishSite(t, out, undoV1, true)
		before := tree(t, out)
		how()
		_, err := tryPublish(t, out, undoV2, true)
		stepHook, rename = nil, os.Rename
		if err == nil || !strings.Contains(err.Error(), "public/ is left as it was") {
			t.Fatalf("the failed patch said %v", err)
		}
		settled(t, out, before, "after the failed patch")
		publishSite(t, out, undoV2, true)
		settled(t, out, want, "after the next build")
	}
	steps := patchSteps(t)
	for k := range steps {
		fail(t, func() { failAt(t, k) })
	}
	// A step that fails once noted: the rename itself.
	for k := range 6 {
		fail(t, func() {
			calls := 0
			rename = func(src, dst string) error {
				if calls++; calls == k+1 {
					return &os.LinkError{Op: "rename", Old: src, New: dst, Err: errStopped}
				}
				return os.Rename(src, dst)
			}
		})
	}
}

// TestPatchKilled: a build killed after any step of its patch leaves a
// journal from which the next build puts the old site back before it
// begins, even when that too is killed part way.
func TestPatchKilled(t *testing.T) {
	whole := filepath.Join(t.TempDir(), "public")
	publishSite(t, whole, undoV2, false)
	want := tree(t, whole)
	steps := patchSteps(t)
	for k := range steps + 1 {
		for _, back := range []int{0, k / 2, k} { // steps taken back before a second kill
			out := filepath.Join(t.TempDir(), "public")
			publishSite(t, out, undoV1, true)
			before := tree(t, out)
			f, patched := render(t, out, undoV2, true)
			if !patched {
				t.Fatal("the build did not patch")
			}
			// apply, killed after k steps: no rollBack.
			if f.w.old = readListing(out); f.w.old == nil {
				t.Fatal("no listing to patch by")
			}
			stopAfter(t, k)
			err := errors.Join(os.Remove(ListingPath(out)), f.w.moveAll(out))
			if k < steps && !errors.Is(err, errStopped) || k == steps && err != nil {
				t.Fatalf("after %d steps: %v", k, err)
			}
			f.Close()
			stopAfter(t, back)
			if err := rollBack(out); back < k && !errors.Is(err, errStopped) {
				t.Fatalf("the rollback killed after %d of %d: %v", back, k, err)
			}
			stepHook = nil
			g, err := Begin(out)
			if err != nil {
				t.Fatalf("killed after %d steps, %d taken back: %v", k, back, err)
			}
			g.Close()
			settled(t, out, before, "the next build's start") // uncommitted: taken back
			publishSite(t, out, undoV2, true)
			settled(t, out, want, "after the next build")
		}
	}
}

// TestPatchCommitted: a patch killed after its last step but before
// its undo folder was removed is not taken back.
func TestPatchCommitted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publishSite(t, out, undoV1, true)
	publishSite(t, out, undoV2, true)
	want := tree(t, out)
	if err := os.MkdirAll(filepath.Join(undoPath(out), "files", "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	settled(t, out, want, "after the next build's start")
}
