package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/publish"
)

// age sets the modification time of the project's files rel (all of
// content/'s entries when none is given) to at: a load trusts no stat
// taken within seconds of a file's last change (content.racy), and a
// test writes its files just before it builds.
func age(t *testing.T, root string, at time.Time, rels ...string) {
	t.Helper()
	if len(rels) == 0 {
		rels = entryFiles(t, root)
	}
	for _, rel := range rels {
		if err := os.Chtimes(filepath.Join(root, rel), at, at); err != nil {
			t.Fatal(err)
		}
	}
}

// entryFiles lists the project's entries, relative to root.
func entryFiles(t *testing.T, root string) []string {
	t.Helper()
	var rels []string
	err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			rels = append(rels, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rels
}

// A build on the last build's load cache writes the site a build
// without it writes, through edits, additions, removals, a checkout that
// gives every file a new time and a change to the rules; and it parses
// only the files that changed.
func TestLoadCacheMatchesFullBuild(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	newer := time.Date(2021, 12, 2, 9, 0, 0, 0, time.UTC)
	type step struct {
		name   string
		change func(t *testing.T, root string)
		// How many entries the build should parse, and take from the
		// cache by their sum (the rest by their stat); -1 for all.
		parsed, hashed int
	}
	steps := []step{
		{name: "nothing changed", change: func(*testing.T, string) {}},
		{name: "a checkout", change: func(t *testing.T, root string) {
			age(t, root, old.Add(time.Minute))
		}, hashed: -1},
		{name: "nothing changed since", change: func(*testing.T, string) {}},
		{name: "an entry edited", change: func(t *testing.T, root string) {
			edit(t, root, "content/news/2021/04/marketplace-fined.md", "title: ", "title: Retitled ")
			age(t, root, old, "content/news/2021/04/marketplace-fined.md")
		}, parsed: 1},
		{name: "an entry added", change: func(t *testing.T, root string) {
			addItem(t, root, "added-one", newer)
			age(t, root, old, "content/news/2021/12/added-one.md")
		}, parsed: 1},
		{name: "an entry removed", change: func(t *testing.T, root string) {
			if err := os.Remove(filepath.Join(root, "content/news/2021/09/old-item.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "an entry edited just now", change: func(t *testing.T, root string) {
			edit(t, root, "content/pages/about.md", "title: ", "title: Renamed ")
		}, parsed: 1},
		{name: "and then not", change: func(*testing.T, string) {}, hashed: 1},
		{name: "the rules", change: func(t *testing.T, root string) {
			edit(t, root, "feeds/topics.yaml", "name: ", "name: Renamed ")
		}, parsed: -1},
	}
	root := project(t)
	age(t, root, old)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		s.change(t, root)
		n := len(entryFiles(t, root))
		res, incr := buildTree(t, root, out)
		_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
		sameTrees(t, incr, full)
		parsed, hashed := s.parsed, s.hashed
		if parsed < 0 {
			parsed = n
		}
		if hashed < 0 {
			hashed = n
		}
		if res.Unparsed != n-parsed || res.Hashed != hashed {
			t.Errorf("step %d (%s): took %d of %d files from the cache, %d of them by their sum; want %d and %d",
				i, s.name, res.Unparsed, n, res.Hashed, n-parsed, hashed)
		}
		if t.Failed() {
			t.Fatalf("step %d (%s) failed", i, s.name)
		}
	}
}

// A damaged load cache is no cache: the build parses every file and
// writes the site a build without it writes.
func TestLoadCacheDamaged(t *testing.T) {
	damages := map[string]func([]byte) []byte{
		"a byte changed": func(b []byte) []byte { b[len(b)/2] ^= 1; return b },
		"cut short":      func(b []byte) []byte { return b[:len(b)-5] },
		"grown":          func(b []byte) []byte { return append(b, 0) },
		"not a cache":    func([]byte) []byte { return []byte("not a cache\n") },
		"empty":          func([]byte) []byte { return nil },
	}
	root := project(t)
	age(t, root, time.Now().Add(-time.Hour))
	_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			buildTree(t, root, out)
			path := publish.DocsPath(out)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, damage(data), 0o644); err != nil {
				t.Fatal(err)
			}
			res, incr := buildTree(t, root, out)
			sameTrees(t, incr, full)
			if res.Unparsed != 0 {
				t.Errorf("took %d files from a damaged cache", res.Unparsed)
			}
		})
	}
}

// A problem is reported as a build without the cache reports it, with
// file, line and column: in a file edited since the last build, and
// between files, one of which the cache gave.
func TestLoadCacheSameProblems(t *testing.T) {
	changes := map[string]func(t *testing.T, root string){
		"broken front matter": func(t *testing.T, root string) {
			edit(t, root, "content/news/2021/09/old-item.md", "title: ", "title: [unclosed ")
		},
		"a related item removed": func(t *testing.T, root string) {
			if err := os.Remove(filepath.Join(root, "content/news/2021/04/marketplace-fined.md")); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			root := project(t)
			age(t, root, time.Now().Add(-time.Hour))
			out := filepath.Join(t.TempDir(), "public")
			buildTree(t, root, out)
			change(t, root)
			_, cachedErr := Build(Options{Root: root, Out: out})
			_, fullErr := Build(Options{Root: root, Out: filepath.Join(t.TempDir(), "full")})
			if fullErr == nil || cachedErr == nil {
				t.Fatalf("the build did not fail: %v, without the cache %v", cachedErr, fullErr)
			}
			if cachedErr.Error() != fullErr.Error() {
				t.Errorf("with the cache:\n%v\nwithout:\n%v", cachedErr, fullErr)
			}
		})
	}
}
