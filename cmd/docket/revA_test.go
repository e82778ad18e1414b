package main

import (
	"strings"
	"testing"
)

// TestSelectEvalFlagsAfterFiles: the usage puts --root after the files;
// a flag there is a flag, not a labelled file named "--root".
func TestSelectEvalFlagsAfterFiles(t *testing.T) {
	reviewWorkspace(t)
	writeFile(t, "labelled.jsonl", `{"id":"a","title":"Regulator probe","topics":["antitrust"],"unsure":false}`+"\n")
	code, out, errs := runCmd("select", "--eval", "labelled.jsonl", "--root", ".")
	if code != 0 || !strings.Contains(out, "labelled.jsonl: 1 examples") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}
