package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSumsLines: the listing names each file by its path in the folder,
// index.html included, whether it was written whole or streamed, and
// Settle finds every file listed.
func TestSumsLines(t *testing.T) {
	tests := []struct {
		sitePath, file string
		stream         bool
	}{
		{"/", "index.html", false},
		{"/news/2021/09/x/", "news/2021/09/x/index.html", false},
		{"/feed.xml", "feed.xml", false},
		{"data/items.json", "data/items.json", true},
		{"/archive/2021/", "archive/2021/index.html", true},
	}
	for _, tc := range tests {
		w := NewWriter(t.TempDir(), false)
		data := []byte("content of " + tc.sitePath)
		var err error
		if tc.stream {
			err = w.Stream(tc.sitePath, func(out io.Writer) error { _, err := out.Write(data); return err })
		} else {
			err = w.Write(tc.sitePath, data)
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.sitePath, err)
		}
		sum := sha256.Sum256(data)
		want := hex.EncodeToString(sum[:]) + "  " + tc.file + "\n"
		if got := w.lines(); len(got) != 1 || got[0] != want {
			t.Errorf("%s: sums %q, want [%q]", tc.sitePath, got, want)
		}
		if err := w.Settle(); err != nil {
			t.Errorf("%s: settle: %v", tc.sitePath, err)
		}
	}
}

// sumLineOf is a file's line in a sha256sum listing.
func sumLineOf(sum [sha256.Size]byte, path string) string {
	return hex.EncodeToString(sum[:]) + "  " + path + "\n"
}

// ListHash is the manifest's hash of a sha256sum listing, made the
// plain way, for the tests to check the build's against: the lines
// sorted by path, bytewise, and hashed.
func ListHash(lines []string) string {
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	h := sha256.New()
	for _, l := range lines {
		io.WriteString(h, l)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// lines are the sha256sum lines of the files w wrote.
func (w *Writer) lines() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	lines := make([]string, len(w.sums))
	for i, f := range w.sums {
		lines[i] = sumLineOf(f.sum, f.rel())
	}
	return lines
}

// TestOutputsHash: the manifest's hash of the files written is ListHash
// of their lines, whose order is not the site paths' ("/a/" is listed
// as a/index.html, after a/b.json and before a/index.htmlx), and the
// listing kept is those lines but build.json's.
func TestOutputsHash(t *testing.T) {
	paths := []string{"/a/", "/a-", "/a/b.json", "/a/index.htmlx", "/", "/a\tb/", "/ab/", "/build.json", "/a/index.html.gz"}
	out := filepath.Join(t.TempDir(), "public")
	w := NewWriter(t.TempDir(), false)
	for _, p := range paths {
		if err := w.Write(p, []byte("page "+p)); err != nil {
			t.Fatal(err)
		}
	}
	lines := w.lines()
	want := ListHash(slices.Clone(lines))
	if got, n := w.OutputsHash(); got != want || n != len(paths) {
		t.Errorf("OutputsHash = %s, %d files; want %s, %d", got, n, want, len(paths))
	}
	if err := w.writeListing(out); err != nil {
		t.Fatal(err)
	}
	listing, err := os.ReadFile(ListingPath(out))
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	lines = slices.DeleteFunc(lines, func(l string) bool { return l[66:] == "build.json\n" })
	if got := string(listing); got != strings.Join(lines, "") {
		t.Errorf("listing:\n%s\nwant:\n%s", got, strings.Join(lines, ""))
	}
}

// TestCompareFiles: files compare as their lines do, for paths made of
// pieces that sort differently as paths and as lines (and a newline,
// which a file name in content/ may hold).
func TestCompareFiles(t *testing.T) {
	pieces := []string{"a", "/", "\t", "\n", "-", "index.html", "index.htmlx", ".gz", "b"}
	rng := rand.New(rand.NewPCG(1, 2))
	path := func() string {
		p := "/"
		for range rng.IntN(4) {
			p += pieces[rng.IntN(len(pieces))]
		}
		return p
	}
	for range 5000 {
		x, y := fileSum{sitePath: path()}, fileSum{sitePath: path()}
		want := strings.Compare(x.rel()+"\n", y.rel()+"\n")
		if got := compareFiles(x, y); got != want {
			t.Fatalf("compareFiles(%q, %q) = %d, want %d", x.sitePath, y.sitePath, got, want)
		}
	}
}

// TestSettleReuse: over an earlier build, Settle keeps the folders of the
// files written (entry folders are not remembered as they are made) and
// removes what the build did not write, folders included.
func TestSettleReuse(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"news/a/index.html", "old/x/index.html", "news/gone/index.html", "stale.txt"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte("before"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w := NewWriter(dir, true)
	for _, p := range []string{"/news/a/", "/news/b/", "/news/b/feed.xml", "/"} {
		if err := w.Write(p, []byte("now "+p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Settle(); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"index.html", "news", "news/a", "news/a/index.html", "news/b", "news/b/feed.xml", "news/b/index.html"}
	if !slices.Equal(got, want) {
		t.Errorf("after settle: %q, want %q", got, want)
	}
}

// TestTreeHashKnown: the tree's hash is ListHash of its files' lines
// whether a file's sum is read or known (a known sum is trusted, so a
// wrong one changes the hash), with names that sort differently as
// paths and as lines.
func TestTreeHashKnown(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{"c/a": "1", "c/a\tb": "2", "c/d/b": "3", "c/ab": "4", "c/a-": "5",
		"c/x/y": "6", "c/x-": "7", "c/x\tz": "8", "c/x\n": "9", "c/x.": "10", "c/w/v/u": "11", "c/w\n/t": "12", "c/a\nb": "13"}
	var lines []string
	for rel, data := range files {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, sumLineOf(sha256.Sum256([]byte(data)), rel))
	}
	want := ListHash(lines)
	tests := []struct {
		name  string
		known func(string) ([sha256.Size]byte, bool)
		same  bool
	}{
		{"none known", nil, true},
		{"some known", func(rel string) ([sha256.Size]byte, bool) {
			return sha256.Sum256([]byte(files[rel])), rel == "c/ab"
		}, true},
		{"a wrong sum known", func(rel string) ([sha256.Size]byte, bool) {
			return sha256.Sum256([]byte("other")), rel == "c/d/b"
		}, false},
	}
	for _, tc := range tests {
		got, n, err := TreeHashKnown(root, tc.known, "c")
		if err != nil || n != len(files) {
			t.Fatalf("%s: %d files, %v", tc.name, n, err)
		}
		if (got == want) != tc.same {
			t.Errorf("%s: hash %s, ListHash %s, want same %v", tc.name, got, want, tc.same)
		}
	}
	// The folders given may be files, and one's name may begin
	// another's: "t" is a file, whose line "t\n" sorts before
	// "t-u/v\n"; given in any order. A top-level folder named
	// build.json is read (find's ! -path ./build.json keeps its files).
	for _, tc := range []struct {
		files map[string]string
		dirs  []string
	}{
		{map[string]string{"t": "1", "t-u/v": "2", "s/x": "3", "s-": "4"}, []string{"t-u", "t", "s", "s-"}},
		{map[string]string{"t": "1", "t-u/v": "2", "s/x": "3", "s-": "4"}, []string{"s-", "s", "t", "t-u"}},
		{map[string]string{"build.json/a": "1", "b": "2", ".h": "3"}, []string{"."}},
	} {
		root := t.TempDir()
		var lines []string
		for rel, data := range tc.files {
			if err := os.MkdirAll(filepath.Join(root, filepath.Dir(rel)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, rel), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(rel, ".") {
				lines = append(lines, sumLineOf(sha256.Sum256([]byte(data)), rel))
			}
		}
		got, n, err := TreeHash(root, tc.dirs...)
		if want := ListHash(lines); err != nil || n != len(lines) || got != want {
			t.Errorf("%q: %d files, hash %s, %v; want %d, ListHash %s", tc.dirs, n, got, err, len(lines), want)
		}
	}
}
