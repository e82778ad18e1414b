package main

import (
	"fmt"
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
	// Checked first: a project of 50,000 entries without templates is a
	// minute lost and a folder to clean up.
	if st, err := os.Stat(*templates); err != nil || !st.IsDir() {
		return usageError("no templates folder %q: run synth from a project folder, or give --templates", *templates)
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
