package content

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// After a checkout gives every file new times, a load takes the cached
// documents on git's word, without reading the files, but never a file
// whose bytes differ from the index: one changed and not added, or one
// git was told not to look at (assume-unchanged).
func TestLoadCacheOnGitsWord(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	defer func(n int64, p int) { gitAfter, probes = n, p }(gitAfter, probes)
	// Only the probe of the cache's first records asks git, until the
	// edits below.
	gitAfter, probes = 1<<62, 3
	// The project is the repository; content is a folder in it.
	repo := t.TempDir()
	root := filepath.Join(repo, "content")
	if err := os.Rename(cacheFixture(t), root); err != nil {
		t.Fatal(err)
	}
	run := gitIn(t, repo)
	run("init", "-q")
	run("add", "-A")
	run("commit", "-q", "-m", "content")
	tax := rules(t)
	cache := filepath.Join(t.TempDir(), "docs")
	// load checks a load's documents against a load without the cache,
	// and its counts: files taken on git's word, then all taken (by stat
	// or git), read and found unchanged, parsed; git < 0 is not checked.
	// The last load's cache is c.
	var c *Cache
	load := func(step string, git, taken, hashed, parsed int64) *Tree {
		t.Helper()
		c = NewCache(cache, [32]byte{7})
		got, ps := LoadFilesCached(root, tax, c)
		if c.Err != nil || len(ps) > 0 {
			t.Fatalf("%s: %v %v", step, c.Err, ps)
		}
		counts := []int64{c.Git.Load(), c.Stat.Load() + c.Git.Load(), c.Hashed.Load(), c.Parsed.Load()}
		if git < 0 {
			git = counts[0]
		}
		if want := []int64{git, taken, hashed, parsed}; !slices.Equal(counts, want) {
			t.Errorf("%s: git, taken, sum, parsed: %v, want %v", step, counts, want)
		}
		want, _ := LoadFiles(root, tax)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the documents differ from a load's without the cache", step)
		}
		return got
	}
	n := int64(len(load("first", 0, 0, 0, 5).Docs))
	// A checkout: every file written again, with new times and inodes.
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	run("checkout", "-q", "--", ".")
	// Checked out an hour ago: stats new enough to be racy are not
	// recorded, and the load after this one is to take every file by
	// its stat.
	hourAgo := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, hourAgo, hourAgo)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	run("update-index", "-q", "--refresh") // as a checkout leaves it
	load("checkout", n, n, 0, 0)
	if !c.git.started.Load() {
		t.Error("checkout: git was asked only after the stat checks failed, not while the cache was read")
	}
	// Nothing changed since: every file is taken by its stat, and git
	// is not asked.
	load("again", 0, n, 0, 0)
	if c.git.started.Load() || c.git.files != nil {
		t.Error("again: git was asked, with every file as the cache recorded it")
	}

	gitAfter = 0

	// Two files changed after the checkout, one of them hidden from
	// git's own look; the others are as checked out. Each keeps its
	// size, which alone would tell it from the bytes cached.
	edit := func(rel string) {
		t.Helper()
		p := filepath.Join(root, rel)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.LastIndexFunc(data, unicode.IsLetter)
		data[i] ^= 'a' ^ 'b' // a letter still: another body, one size
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run("update-index", "--assume-unchanged", "content/pages/about.md")
	edit("pages/about.md")
	edit("news/2021/09/b.md")
	// Both are read and parsed (a mistaken word from git would give the
	// old documents, unlike a load without the cache); the rest are
	// taken by their stat or, if it was too recent to record, by git.
	load("edited", -1, n-2, 0, 2)
}

// With core.autocrlf, a file checked out again holds CRLF where the blob
// git vouches for (and the cache recorded, from the LF file it parsed)
// has LF: git calls the file unchanged, but its bytes are not the ones
// parsed, and the load must read them, as a load without the cache does.
func TestLoadCacheGitAutocrlf(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	defer func(n int64) { gitAfter = n }(gitAfter)
	gitAfter = 0
	root := cacheFixture(t)
	run := gitIn(t, root)
	run("init", "-q")
	run("config", "core.autocrlf", "true")
	run("add", "-A")
	run("commit", "-q", "-m", "content")
	tax := rules(t)
	cache := filepath.Join(t.TempDir(), "docs")
	LoadFilesCached(root, tax, NewCache(cache, [32]byte{7}))
	// Checked out again: with CRLF, an hour ago, and git's index
	// refreshed, as a checkout leaves it.
	p := filepath.Join(root, "pages", "about.md")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	run("checkout", "-q", "--", "pages/about.md")
	hourAgo := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, hourAgo, hourAgo); err != nil {
		t.Fatal(err)
	}
	run("update-index", "-q", "--refresh")
	if data, _ := os.ReadFile(p); !strings.Contains(string(data), "\r\n") {
		t.Skip("git did not check the file out with CRLF")
	}
	c := NewCache(cache, [32]byte{7})
	got, _ := LoadFilesCached(root, tax, c)
	want, _ := LoadFiles(root, tax)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the documents differ from a load's without the cache (git %d, parsed %d)", c.Git.Load(), c.Parsed.Load())
	}
}

// readGitIndex vouches only for files git itself would take by their
// stat: not one racily clean (modified no earlier than the index was
// written), skipped by a sparse checkout, or only meant to be added;
// and only for those under the folder, by their paths in it.
func TestReadGitIndex(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	run := gitIn(t, repo)
	hourAgo, inAnHour := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	run("init", "-q")
	for _, rel := range []string{"top.md", "content/a.md", "content/news/b.md", "content/racy.md", "content/sparse.md"} {
		mtime := hourAgo
		if rel == "content/racy.md" {
			mtime = inAnHour
		}
		writeAt(t, filepath.Join(repo, rel), rel+"\n", mtime)
	}
	run("add", "-A")
	run("update-index", "--skip-worktree", "content/sparse.md")
	writeAt(t, filepath.Join(repo, "content/new.md"), "new\n", hourAgo)
	run("add", "-N", "content/new.md")

	got, err := readGitIndex(filepath.Join(repo, ".git", "index"), "content/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.md", "news/b.md"}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, want) {
		t.Fatalf("vouched for %q, want %q", keys, want)
	}
	if runtime.GOOS == "windows" {
		return // no change time or inode to tell a file by (stat_other.go)
	}
	// What it recorded is the file's stat and blob.
	p := filepath.Join(repo, "content", "news", "b.md")
	st, err := statOf(p)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	if f := got["news/b.md"]; !f.holds(st) || f.blob != gitBlob(data) {
		t.Errorf("news/b.md: %+v does not hold the file (%+v, blob %x)", f, st, gitBlob(data))
	}
	// Another ctime (a write that put the modification time back): the
	// file is not the one recorded.
	writeAt(t, p, "content/news/c.md\n", hourAgo)
	if st, _ := statOf(p); got["news/b.md"].holds(st) {
		t.Error("news/b.md, written again with its old size and time: still held")
	}
}

// The index's versions give the same files; a split index, which the
// decoder does not read, gives none (the load then reads every file).
func TestReadGitIndexFormats(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	run := gitIn(t, repo)
	run("init", "-q")
	hourAgo := time.Now().Add(-time.Hour)
	for _, rel := range []string{"a.md", "news/b.md", "news/c.md"} {
		writeAt(t, filepath.Join(repo, "content", rel), rel, hourAgo)
	}
	run("add", "-A")
	index := filepath.Join(repo, ".git", "index")
	want := []string{"a.md", "news/b.md", "news/c.md"}
	for _, v := range []string{"2", "4"} {
		run("update-index", "--index-version", v)
		got, err := readGitIndex(index, "content/")
		if keys := slices.Sorted(maps.Keys(got)); err != nil || !slices.Equal(keys, want) {
			t.Errorf("index version %s: %q, %v; want %q", v, keys, err, want)
		}
	}
	run("update-index", "--split-index")
	if got, err := readGitIndex(index, "content/"); err == nil || got != nil {
		t.Errorf("split index: %d files, error %v; want none and an error", len(got), err)
	}
}

// gitIn runs git commands in repo, failing the test if one fails.
func gitIn(t *testing.T, repo string) func(args ...string) {
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// writeAt is write, the file then given the modification time mtime.
func writeAt(t *testing.T, path, s string, mtime time.Time) {
	t.Helper()
	write(t, path, s)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}
