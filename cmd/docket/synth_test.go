package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSynthPassesCheck: a generated project, with this project's
// templates, is one docket check finds no problem in.
func TestSynthPassesCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "synth")
	if code, _, errs := runCmd("synth", "-n", "300", "--seed", "3", "--templates", filepath.Join("..", "..", "templates"), dir); code != 0 {
		t.Fatalf("synth: exit %d: %s", code, errs)
	}
	if code, out, errs := runCmd("check", "--root", dir); code != 0 {
		t.Fatalf("check: exit %d:\n%s%s", code, out, errs)
	}
}

// TestSynthNeedsTemplates: run outside a project folder, synth says what
// is missing before it writes anything.
func TestSynthNeedsTemplates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "synth")
	code, _, errs := runCmd("synth", "-n", "10", "--templates", filepath.Join(t.TempDir(), "none"), dir)
	if code != 2 || !strings.Contains(errs, "no templates folder") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("synth wrote %s before failing: %v", dir, err)
	}
}

// TestSynthRefusesTarget: synth writes a project from scratch, so it
// refuses, before writing anything, a count below zero and a folder it
// would mix with or spoil: one that holds files (a project of its own,
// or an earlier run of another size), one inside the templates it
// copies (which would copy itself without end), and one inside another
// project's content/, feeds/ or templates/ (whose build it would break).
func TestSynthRefusesTarget(t *testing.T) {
	tmp := t.TempDir()
	project := filepath.Join(tmp, "project")
	for _, f := range []string{"content/site.yaml", "feeds/topics.yaml", "templates/base.html"} {
		p := filepath.Join(project, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("keep\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	templates := filepath.Join(project, "templates")
	for _, c := range []struct {
		name, n, dir, want string
	}{
		{"negative count", "-5", filepath.Join(tmp, "neg"), "-n"},
		{"project folder", "5", project, "not empty"},
		{"inside the templates", "5", filepath.Join(templates, "x"), "inside"},
		{"inside content", "5", filepath.Join(project, "content", "bench"), "inside"},
		{"inside feeds", "5", filepath.Join(project, "feeds", "bench"), "inside"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCmd("synth", "-n", c.n, "--templates", templates, c.dir)
			if code != 2 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, want 2 and %q: %s", code, c.want, errs)
			}
		})
	}
	// Nothing was written: the project holds its three files only.
	var files []string
	filepath.WalkDir(tmp, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if len(files) != 3 {
		t.Errorf("synth wrote %d files", len(files)-3)
	}
	if data, _ := os.ReadFile(filepath.Join(project, "content", "site.yaml")); string(data) != "keep\n" {
		t.Errorf("site.yaml overwritten: %q", data)
	}
	// An empty folder, and a new one beside a project, are fine.
	empty := filepath.Join(tmp, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{empty, filepath.Join(project, "bench")} {
		if code, _, errs := runCmd("synth", "-n", "0", "--templates", templates, dir); code != 0 {
			t.Errorf("synth %s: exit %d: %s", dir, code, errs)
		}
	}
}
