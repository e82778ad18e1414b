package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/golden"
	"docket/internal/topic"
)

// TestMessages parses each case in testdata/messages.txt, checking IDs
// against the project's feeds/, and compares the problems reported with
// testdata/messages.golden: they must name file and line in plain words.
func TestMessages(t *testing.T) {
	rules, err := topic.Load("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/messages.txt")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range strings.Split(string(data), "\n=== ")[1:] {
		rel, file, _ := strings.Cut(c, "\n")
		_, ps := Parse("content/"+rel+".md", rel, []byte(file), rules)
		b.WriteString(rel + "\n")
		for _, p := range ps {
			b.WriteString("  " + p.Error() + "\n")
		}
	}
	file := filepath.Join("testdata", "messages.golden")
	if golden.Write(t, file, []byte(b.String())) {
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("messages differ from %s (go test -update=messages rewrites it):\n%s", file, b.String())
	}
}
