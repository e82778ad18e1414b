package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"docket/internal/content"
	"docket/internal/golden"
)

// sampleProject copies the shipped sample project into a temporary folder
// and makes it the working directory, as a user who cloned it would be.
func sampleProject(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"content", "feeds", "templates"} {
		if err := os.CopyFS(filepath.Join(root, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	return root
}

// TestBuildRepeated runs build as the README does, in the project folder
// with relative paths, five times over each way of naming public/, and
// after a failed build: every build publishes the same whole site.
func TestBuildRepeated(t *testing.T) {
	sampleProject(t)
	var want map[string]string
	check := func(what string, args ...string) {
		t.Helper()
		code, out, errs := docket(append([]string{"build"}, args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", what, code, out, errs)
		}
		// From the second build on, the build cache keeps pages.
		if kept := strings.Contains(out, "kept ") && strings.Contains(out, " from the last build"); kept != (want != nil) {
			t.Errorf("%s: kept pages %v, want %v:\n%s", what, kept, want != nil, out)
		}
		got := golden.ReadTree(t, "public")
		if want == nil {
			want = got
			if len(want) < 100 || want["index.html"] == "" {
				t.Fatalf("%s: the first build published %d files", what, len(want))
			}
		}
		if !maps.Equal(got, want) {
			t.Fatalf("%s: public/ holds %d files, the first build %d; differ: %v", what, len(got), len(want), diffNames(got, want))
		}
	}
	for i := range 5 {
		check("build " + string(rune('1'+i)))
	}
	for _, args := range [][]string{{"--out", "./public"}, {"--out", "public"}, {"--root", ".", "--out", "./public/"}} {
		for range 3 {
			check(strings.Join(args, " "), args...)
		}
	}

	broken := filepath.Join("content", "news", "broken.md")
	os.WriteFile(broken, []byte("---\ntitle: [\n---\n"), 0o644)
	if code, _, _ := docket("build"); code == 0 {
		t.Fatal("a build with a broken entry succeeded")
	}
	if got := golden.ReadTree(t, "public"); !maps.Equal(got, want) {
		t.Fatalf("a failed build changed public/: %v", diffNames(got, want))
	}
	os.Remove(broken)
	for i := range 3 {
		check("after a failed build " + string(rune('1'+i)))
	}
	if left, _ := filepath.Glob(".public.tmp-*"); len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

// diffNames lists the files that two trees do not share or hold differently.
func diffNames(a, b map[string]string) []string {
	var names []string
	for n := range a {
		if v, ok := b[n]; !ok || v != a[n] {
			names = append(names, n)
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return names
}

// TestSourceDateEpoch: a value docket cannot use is the caller's mistake
// (exit 2), however it is wrong; a usable one builds.
func TestSourceDateEpoch(t *testing.T) {
	sampleProject(t)
	tests := []struct {
		value string
		code  int
	}{
		{"1700000000", 0},
		{"0", 0},
		{"253402300799", 0}, // the last second of 9999
		{"253402300800", 2},
		{"999999999999", 2},
		{"99999999999999999999", 2},
		{"-1", 2},
		{"yesterday", 2},
	}
	for _, tt := range tests {
		t.Setenv("SOURCE_DATE_EPOCH", tt.value)
		if code, _, errs := docket("build"); code != tt.code {
			t.Errorf("SOURCE_DATE_EPOCH=%s: exit %d, want %d: %s", tt.value, code, tt.code, errs)
		}
	}
}

// TestBuildBaseURLFlag: a --base-url that is not an absolute http(s)
// URL is a usage error (exit 2) naming the flag, before any work.
func TestBuildBaseURLFlag(t *testing.T) {
	sampleProject(t)
	for _, u := range []string{"/tracker/", "example.org", "ftp://example.org/", "https://example.org/?q=1"} {
		code, _, errs := docket("build", "--base-url", u)
		if code != 2 || !strings.Contains(errs, "--base-url") {
			t.Errorf("--base-url %s: exit %d, want 2 naming the flag: %s", u, code, errs)
		}
	}
	if _, err := os.Stat("public"); err == nil {
		t.Error("a refused build wrote public/")
	}
	if code, out, errs := docket("build", "--base-url", "https://example.org/tracker"); code != 0 {
		t.Errorf("a good --base-url: exit %d: %s%s", code, out, errs)
	}
}

// TestBuildIntoNewFolder: --out may name a folder in folders that do not
// exist yet, as in a CI job's dist/site/public; twice, the second over
// the first.
func TestBuildIntoNewFolder(t *testing.T) {
	sampleProject(t)
	for range 2 {
		if code, out, errs := docket("build", "--out", filepath.Join("dist", "site", "public")); code != 0 {
			t.Fatalf("exit %d: %s%s", code, out, errs)
		}
	}
	if _, err := os.Stat(filepath.Join("dist", "site", "public", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestBuildRefusesOthersFolders: publishing swaps the output folder
// away whole and reuses it as scratch, so --out naming the project, its
// inputs, a folder of files docket did not build (a build.json not
// docket's included) or a file is refused,
// twice, and every file stays as it was; an empty folder is fine.
func TestBuildRefusesOthersFolders(t *testing.T) {
	root := sampleProject(t)
	os.MkdirAll(filepath.Join("docs"), 0o755)
	os.WriteFile(filepath.Join("docs", "CNAME"), []byte("tracker.example\n"), 0o644)
	os.WriteFile("notes.txt", []byte("an editor's notes\n"), 0o644)
	// A build.json of someone else's is not docket's manifest.
	os.MkdirAll("tools", 0o755)
	os.WriteFile(filepath.Join("tools", "build.json"), []byte(`{"name": "my build config"}`+"\n"), 0o644)
	os.WriteFile(filepath.Join("tools", "make.sh"), []byte("go build ./...\n"), 0o644)
	before := golden.ReadTree(t, ".")
	for _, tt := range []struct{ out, want string }{
		{".", "holds the project"},
		{"..", "holds the project"},
		{"content", "in the project's content/"},
		{filepath.Join("content", "pages"), "in the project's content/"},
		{filepath.Join("templates", "site"), "in the project's templates/"},
		{filepath.Join("feeds", "..", "feeds"), "in the project's feeds/"},
		{filepath.Join(root, "content", "news"), "in the project's content/"},
		{"docs", "docket did not build"},
		{"tools", "docket did not build"},
		{"notes.txt", "notes.txt is a file, not a folder"},
		{filepath.Join("docs", "CNAME"), "is a file, not a folder"},
	} {
		for range 2 {
			code, out, errs := docket("build", "--out", tt.out)
			if code == 0 || !strings.Contains(errs, tt.want) {
				t.Errorf("--out %s: exit %d, want an error saying %q:\n%s%s", tt.out, code, tt.want, out, errs)
			}
		}
	}
	if after := golden.ReadTree(t, "."); !maps.Equal(after, before) {
		t.Errorf("refused builds changed the project: %v", diffNames(after, before))
	}
	os.Mkdir("empty", 0o755)
	if code, out, errs := docket("build", "--out", "empty"); code != 0 {
		t.Errorf("--out an empty folder: exit %d: %s%s", code, out, errs)
	}
}

// TestReservedCoversBuild: every folder the build writes at the top of
// public/ is either a page of the sample or reserved, so that docket new
// refuses, and check reports, a page that would take the site's own
// (a page "Archive" replaced the index of years, "Stories" the stories).
func TestReservedCoversBuild(t *testing.T) {
	sampleProject(t)
	if code, out, errs := docket("build"); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	entries, err := os.ReadDir("public")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || slices.Contains(content.Reserved, e.Name()) {
			continue
		}
		if _, err := os.Stat(filepath.Join("content", "pages", e.Name()+".md")); err != nil {
			t.Errorf("the build writes /%s/, which is no page and not in content.Reserved", e.Name())
		}
	}
	for _, title := range []string{"Archive", "Stories"} {
		if code, _, errs := docket("new", "page", title); code == 0 || !strings.Contains(errs, "would take the site's own") {
			t.Errorf("new page %q: exit %d: %s", title, code, errs)
		}
	}
}
