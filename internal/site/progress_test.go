package site

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"docket/internal/golden"
	"docket/internal/synth"
)

// TestLoadProgress: a build says how many entries it has read while it
// reads them, not only once it is done, and never counts back.
func TestLoadProgress(t *testing.T) {
	root := t.TempDir()
	if err := synth.Generate(root, 500, 1); err != nil {
		t.Fatal(err)
	}
	golden.CopyTree(t, "../../templates", filepath.Join(root, "templates"))
	defer func(d time.Duration) { progressEvery = d }(progressEvery)
	progressEvery = time.Millisecond
	var loads []int
	res, err := Build(Options{Root: root, Out: filepath.Join(t.TempDir(), "public"), Progress: func(phase string, done, _ int) {
		if phase == "load" {
			loads = append(loads, done)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	// The first report is 0, as the load starts; the last its entries.
	if len(loads) < 3 || loads[0] != 0 || loads[len(loads)-1] != res.Entries {
		t.Fatalf("load reports %v for %d entries", loads, res.Entries)
	}
	during := loads[1 : len(loads)-1]
	if !slices.IsSorted(during) || slices.Max(during) == 0 {
		t.Errorf("load reports %v while it read %d entries", during, res.Entries)
	}
}
