package main

import (
	"os"
	"strings"
	"testing"
)

// TestNeedsProject runs every command that works on a project in a folder
// that is not one: each must say so, exit 2 and create nothing.
func TestNeedsProject(t *testing.T) {
	tests := []struct {
		args []string
		hint string
	}{
		{[]string{"build"}, useRoot},
		{[]string{"check"}, useRoot},
		{[]string{"serve", "--addr", "127.0.0.1:0"}, useRoot},
		{[]string{"new", "event", "EU fines Apple"}, useRoot},
		{[]string{"new", "page", "Corrections"}, useRoot},
		{[]string{"fetch"}, useRoot},
		{[]string{"feeds", "export"}, useRoot},
		{[]string{"select", "--diff"}, useRoot},
		{[]string{"review"}, useRoot},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			code, out, errs := docket(tt.args...)
			want := "not a docket project here (no content/site.yaml): " + tt.hint
			if code != 2 || !strings.Contains(errs, want) {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit 2 and %q", code, errs, out, want)
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("left %s behind", left[0].Name())
			}
		})
	}
	code, _, errs := docket("build", "--root", "no/such/place")
	if code != 2 || !strings.Contains(errs, "not a docket project in no/such/place (no content/site.yaml)") {
		t.Errorf("build --root elsewhere: exit %d, %q", code, errs)
	}
}
