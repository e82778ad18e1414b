package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"docket/internal/synth"
)

func runSynth(std stdio, args []string) error {
	fs := newFlags(std, "synth", "[-n N] [--seed S] DIR", "Generate a synthetic project of N entries in DIR (for benchmarks), with the templates of this project.")
	n := fs.Int("n", 10000, "number of entries")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same project")
	templates := fs.String("templates", "templates", "templates `folder` to copy")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("want one folder")
	}
	dir := fs.Arg(0)
	if *n < 0 {
		return usageError("-n %d: want 0 or more entries", *n)
	}
	// Checked first: a project of 50,000 entries without templates is a
	// minute lost and a folder to clean up.
	if st, err := os.Stat(*templates); err != nil || !st.IsDir() {
		return usageError("no templates folder %q: run synth from a project folder, or give --templates", *templates)
	}
	if err := synthTarget(dir, *templates); err != nil {
		return err
	}
	if err := synth.Generate(dir, *n, *seed); err != nil {
		return err
	}
	if err := os.CopyFS(filepath.Join(dir, "templates"), os.DirFS(*templates)); err != nil {
		return fmt.Errorf("copy templates: %w", err)
	}
	fmt.Fprintf(std.out, "generated %d entries in %s; build with: docket build --root %s\n", *n, dir, dir)
	return nil
}

// synthTarget refuses a folder synth would mix its project with or
// spoil: one that holds files (a project, or an earlier run of another
// size, whose settings and entries it would overwrite or keep), one
// inside the templates it copies (it would copy itself without end), and
// one inside a project's content/, feeds/ or templates/ (that project's
// build would meet the generated files).
func synthTarget(dir, templates string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if len(entries) > 0 {
		return usageError("%s is not empty: synth writes a new project, give a new or empty folder", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	tpl, err := filepath.Abs(templates)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(tpl, abs); err == nil && filepath.IsLocal(rel) {
		return usageError("%s is inside the templates folder %s", dir, templates)
	}
	for d := filepath.Dir(abs); d != filepath.Dir(d); d = filepath.Dir(d) {
		switch filepath.Base(d) {
		case "content", "feeds", "templates":
			if _, err := os.Stat(filepath.Join(filepath.Dir(d), "content", "site.yaml")); err == nil {
				return usageError("%s is inside %s, a folder of the project in %s", dir, d, filepath.Dir(d))
			}
		}
	}
	return nil
}
