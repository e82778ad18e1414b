// Package golden is the -update flag of docket's golden-file tests, for
// tests only. Golden files are accepted one by one: -update=PATTERN
// rewrites only the files whose slash path (as the test names it, e.g.
// testdata/golden/index.html) matches PATTERN, a path.Match glob or a
// plain substring, and every file it rewrites is named in the test log so
// that each change is reviewed. A bare -update matches every file.
package golden

import (
	"compress/gzip"
	"flag"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// pattern is the -update flag: "" off, "true" (bare -update) every file.
type pattern string

func (p *pattern) String() string     { return string(*p) }
func (p *pattern) Set(s string) error { *p = pattern(s); return nil }
func (p *pattern) IsBoolFlag() bool   { return true } // -update alone means every file

var update pattern

func init() {
	flag.Var(&update, "update", "rewrite the golden files matching `PATTERN` (a glob or a substring of their path; alone: all), naming each")
}

// Updating reports whether -update was given at all.
func Updating() bool { return update != "" && update != "false" }

// Matches reports whether -update covers the golden file name.
func Matches(name string) bool {
	if !Updating() {
		return false
	}
	p := string(update)
	if p == "true" {
		return true
	}
	name = filepath.ToSlash(name)
	ok, _ := path.Match(p, name)
	return ok || strings.Contains(name, p)
}

// Write rewrites the golden file name with got when -update covers it and
// got differs, and says so in the log. It reports whether -update covers
// name (the caller then compares nothing).
func Write(t testing.TB, name string, got []byte) bool {
	t.Helper()
	if !Matches(name) {
		return false
	}
	if old, err := os.ReadFile(name); err == nil && string(old) == string(got) {
		return true
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, got, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("golden: rewrote %s", filepath.ToSlash(name))
	return true
}

// Remove deletes the golden file name, which the test no longer makes,
// when -update covers it, and says so in the log.
func Remove(t testing.TB, name string) bool {
	t.Helper()
	if !Matches(name) {
		return false
	}
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	t.Logf("golden: removed %s", filepath.ToSlash(name))
	return true
}

// ReadTree maps each file's slash path under dir to its content: a built
// site, or a folder of golden files, to compare.
func ReadTree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// CopyTree copies the files under src to dst, making folders and
// replacing files that are there: a fixture project to build in a test's
// temporary folder.
func CopyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ReadGzip returns the uncompressed contents of the gzip file at path,
// as the corpus tests read the compressed corpora.
func ReadGzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}
