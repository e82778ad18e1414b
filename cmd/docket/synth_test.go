package main

import (
	"path/filepath"
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
