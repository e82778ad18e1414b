package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/golden"
	"docket/internal/lock"
	"docket/internal/publish"
)

// TestSpareReused: a build writes into the site before last, and what it
// finds there cannot change what it publishes or reach outside.
func TestSpareReused(t *testing.T) {
	root := project(t)
	out := build(t, root)
	want := golden.ReadTree(t, out)
	wholeBuild(t, root) // the first site is now the spare
	spare := publish.SparePath(filepath.Join(root, "public"))
	if _, err := os.Stat(filepath.Join(spare, "index.html")); err != nil {
		t.Fatalf("no spare after the second build: %v", err)
	}

	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	os.WriteFile(secret, []byte("keep"), 0o644)
	put := func(rel, data string) {
		p := filepath.Join(spare, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	replace := func(rel string, make func(p string) error) {
		p := filepath.Join(spare, rel)
		os.RemoveAll(p)
		if err := make(p); err != nil {
			t.Fatal(err)
		}
	}
	put("stale.html", "old")                               // not in the site
	put("gone/deep/page.html", "old")                      // a whole folder not in the site
	put("robots.txt", strings.ToUpper(want["robots.txt"])) // same size, other bytes
	put("feed.json", want["feed.json"]+" ")                // one byte longer
	replace("sitemap.xml", func(p string) error { return os.Symlink(secret, p) })
	replace("topics", func(p string) error { return os.Symlink(outside, p) })
	replace("404.html", func(p string) error { return os.MkdirAll(filepath.Join(p, "x"), 0o755) })
	replace("sources", func(p string) error { return os.WriteFile(p, []byte("a file"), 0o644) })
	os.Chmod(spare, 0o700) // as builds before the spare made public/
	fi, _ := os.Stat(out)

	wholeBuild(t, root)
	if got := golden.ReadTree(t, out); !equalTrees(got, want) {
		for name := range want {
			if got[name] != want[name] {
				t.Errorf("%s differs from a build into a new folder", name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s is left over from the spare", name)
			}
		}
	}
	if after, _ := os.Stat(out); after.Mode() != fi.Mode() {
		t.Errorf("public/ is %v after a build into the spare, was %v", after.Mode(), fi.Mode())
	}
	if data, _ := os.ReadFile(secret); string(data) != "keep" {
		t.Errorf("the build wrote through a link in the spare: %.40q", data)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("the build wrote into a linked folder: %d entries", len(entries))
	}
}

// wholeBuild builds root into a whole new tree, as without a build
// cache: a build on one patches public/ and leaves the spare alone.
func wholeBuild(t *testing.T, root string) {
	t.Helper()
	if err := os.RemoveAll(publish.CachePath(filepath.Join(root, "public"))); err != nil {
		t.Fatal(err)
	}
	build(t, root)
}

// TestFailedBuildKeepsSpare: a build that fails gives its folder back as
// the spare and leaves no temporary folder.
func TestFailedBuildKeepsSpare(t *testing.T) {
	root := project(t)
	build(t, root)
	wholeBuild(t, root)
	os.WriteFile(filepath.Join(root, "content/news/2021/09/broken.md"), []byte("---\ntitle: [\n---\n"), 0o644)
	if _, err := Build(Options{Root: root}); err == nil {
		t.Fatal("a broken entry built")
	}
	if _, err := os.Stat(filepath.Join(publish.SparePath(filepath.Join(root, "public")), "index.html")); err != nil {
		t.Errorf("the spare is gone after a failed build: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".public.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

// TestBuildLockAndStale: a build refuses while another holds public/'s
// lock, and the next build removes what killed builds left beside it.
func TestBuildLockAndStale(t *testing.T) {
	root := project(t)
	build(t, root)
	out := filepath.Join(root, "public")
	release, err := lock.AcquireFile(publish.LockPath(out), "build")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Root: root}); !errors.Is(err, lock.ErrBusy) {
		t.Errorf("a second build at once: %v, want the lock's refusal", err)
	}
	release()

	for _, dir := range []string{".public.tmp-123", ".public.tmp-456.old"} {
		os.MkdirAll(filepath.Join(root, dir, "topics"), 0o755)
	}
	build(t, root)
	if left, _ := filepath.Glob(filepath.Join(root, ".public.tmp-*")); len(left) > 0 {
		t.Errorf("killed builds' folders are still there: %v", left)
	}
}
