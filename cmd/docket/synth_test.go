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
