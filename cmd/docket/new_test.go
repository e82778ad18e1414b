package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/golden"
)

// golden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if golden.Write(t, file, []byte(got)) {
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update=%s rewrites it):\n--- got\n%s\n--- want\n%s", file, file, got, want)
	}
}

// TestNew runs docket new with flags and titles in the orders editors type
// them, each in a fresh project, and records what it said and made in
// testdata/new.golden.
func TestNew(t *testing.T) {
	tests := [][]string{
		{"event", "--date", "2024-03-04", "Title"},
		{"--date", "2024-03-04", "event", "Title"},
		{"event", "Title", "--date", "2024-03-04"},
		{"event", "EU", "fines", "Apple", "--date=2024-03-04"},
		{"event", "--date", "2024-03-04", "--", "-10% for Apple"},
		{"page", "Corrections"},
		{"page", "国家市场监督管理总局"},
		{"page", ""},
		{"event", "  ", "--date", "2024-03-04"},
		{"event"},
		{},
		{"event", "Title", "--date", "4 March"},
		{"event", "Title", "--dat", "2024-03-04"},
		{"page", "Search"},
	}
	var b strings.Builder
	for _, args := range tests {
		root := t.TempDir()
		os.MkdirAll(filepath.Join(root, "content"), 0o755)
		os.WriteFile(filepath.Join(root, "content", "site.yaml"), []byte("base_url: https://docket.example.org/\n"), 0o644)
		code, out, errs := docket(append([]string{"new", "--root", root}, args...)...)
		fmt.Fprintf(&b, "$ docket new %q\nexit %d\n%s", args, code, out)
		if errs != "" {
			fmt.Fprintf(&b, "stderr: %s", firstLine(errs))
		}
		made, _ := filepath.Glob(filepath.Join(root, "content", "*", "*.md"))
		for _, m := range made {
			data, _ := os.ReadFile(m)
			rel, _ := filepath.Rel(root, m)
			title, _, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n")
			fmt.Fprintf(&b, "file %s: %s\n", filepath.ToSlash(rel), title)
			if code != 0 {
				t.Errorf("new %q failed but made %s", args, rel)
			}
		}
		b.WriteString("\n")
	}
	checkGolden(t, "new.golden", b.String())
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line + "\n"
}

// TestNewFailsCleanly: a new that fails leaves no file behind, so that
// the editor's second try, once the cause is fixed, does not find the
// entry "exists already".
func TestNewFailsCleanly(t *testing.T) {
	const site = "base_url: https://docket.example.org/\n"
	tests := []struct{ name, siteYAML, title, want string }{
		{"unknown key in site.yaml", site + "bogus: 1\n", "Corrections", "bogus"},
		{"site.yaml not YAML", "base_url: [\n", "Corrections", "site.yaml"},
		// A title typed in a Latin-1 terminal would be written as \xNN
		// escapes, which YAML reads back as other letters.
		{"title not UTF-8", site, "Caf\xe9 fined", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newProject(t, tt.siteYAML)
			code, out, errs := docket("new", "--root", root, "page", tt.title)
			if code == 0 || !strings.Contains(errs, tt.want) {
				t.Fatalf("exit %d, %s%s; want a failure naming %q", code, out, errs, tt.want)
			}
			if made, _ := filepath.Glob(filepath.Join(root, "content", "*", "*.md")); len(made) > 0 {
				t.Errorf("the failed new made %v", made)
			}
		})
	}
}

// newProject is a project folder holding only content/site.yaml.
func newProject(t *testing.T, siteYAML string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "site.yaml"), []byte(siteYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestNewEventSlugTaken: an event's permalink is /events/slug/ whatever
// its date, so a second event of the same title on another day is
// refused, naming the first, rather than made and failing the next check.
func TestNewEventSlugTaken(t *testing.T) {
	root := newProject(t, "base_url: https://docket.example.org/\n")
	tests := []struct {
		args []string
		ok   bool
		want string
	}{
		{[]string{"event", "--date", "2024-01-01", "EU fines Apple"}, true, "made content/events/2024-01-01-eu-fines-apple.md"},
		{[]string{"event", "--date", "2024-03-04", "EU fines Apple"}, false, "content/events/2024-01-01-eu-fines-apple.md has /events/eu-fines-apple/ already"},
		{[]string{"event", "--date", "2024-01-01", "EU fines Apple!"}, false, "content/events/2024-01-01-eu-fines-apple.md exists already"},
		{[]string{"event", "--date", "2024-03-04", "EU fines Apple music"}, true, "made content/events/2024-03-04-eu-fines-apple-music.md"},
		{[]string{"event", "--date", "2024-03-05", "Fines Apple"}, true, "made content/events/2024-03-05-fines-apple.md"},
		// A news item's story ID, news/2024/03/06-apple-appeals.md's.
		{[]string{"event", "--date", "2024-03-06", "Apple appeals"}, false, "content/events/2024-03-06-apple-appeals.md would have the story ID of content/news/2024/03/06-apple-appeals.md"},
	}
	news := filepath.Join(root, "content", "news", "2024", "03", "06-apple-appeals.md")
	if err := os.MkdirAll(filepath.Dir(news), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(news, []byte("---\ntitle: 6 Apple appeals\ndate: 2024-03-06\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		code, out, errs := docket(append([]string{"new", "--root", root}, tt.args...)...)
		if (code == 0) != tt.ok || !strings.Contains(out+errs, tt.want) {
			t.Errorf("new %q: exit %d, want ok %v and %q\n%s%s", tt.args, code, tt.ok, tt.want, out, errs)
		}
	}
	if made, _ := filepath.Glob(filepath.Join(root, "content", "events", "*.md")); len(made) != 3 {
		t.Errorf("made %v, want 3 events", made)
	}
}

// TestNewCase: a case is scaffolded with its authority, opened on --date,
// as a draft that check (with --drafts, which renders it too) passes; a
// case without an authority, or with one feeds/entities.yaml does not
// know, is refused and makes no file.
func TestNewCase(t *testing.T) {
	sampleProject(t)
	code, out, errs := docket("new", "case", "SAMR v. Meituan", "--authority", "samr", "--date", "2021-04-26")
	data, err := os.ReadFile(filepath.Join("content", "cases", "samr-v-meituan.md"))
	if code != 0 || err != nil || !strings.Contains(string(data), "authorities: [samr]\n") || !strings.Contains(string(data), "opened: 2021-04-26\n") || !strings.Contains(out, "a draft case") {
		t.Fatalf("exit %d, %v:\n%s%s%s", code, err, out, errs, data)
	}
	if code, out, errs := docket("check", "--drafts"); code != 0 || !strings.Contains(out, "no problems") {
		t.Errorf("check --drafts of the new case: exit %d\n%s%s", code, out, errs)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "case", "No Authority"}, "authority"},
		// An unknown one is told the known ones.
		{[]string{"new", "case", "Unknown Authority", "--authority", "nope"}, "use one of samr, miit, european-commission"},
		{[]string{"new", "case", "Unknown Authority", "--authority", "europen-commission"}, `(did you mean "european-commission"?)`},
	} {
		if code, _, errs := docket(tt.args...); code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", tt.args, code, errs, tt.want)
		}
	}
	if made, _ := filepath.Glob(filepath.Join("content", "cases", "*authority.md")); len(made) != 0 {
		t.Errorf("a refused case made %v", made)
	}
}
