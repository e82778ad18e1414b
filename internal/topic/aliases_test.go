package topic

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadRefusesNestedAliases: an alias bomb in feeds/entities.yaml (or
// topics.yaml) is refused before it is decoded; ten levels took minutes
// and gigabytes.
func TestLoadRefusesNestedAliases(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"topics.yaml", "entities.yaml"} {
		data, err := os.ReadFile(filepath.Join("../../feeds", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "entities.yaml" {
			bomb := "\nx0: &x0 [a, a]\nx1: &x1 [*x0, *x0]\n"
			data = append(data, bomb...)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "entities.yaml:") || !strings.Contains(err.Error(), "aliases may not nest") {
		t.Fatalf("Load = %v, want the nested alias named", err)
	}
}
