package site

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParseMarkdown parses the bodies of a synthetic archive's
// first 200 entries (DOCKET_BENCH_ROOT, made by docket synth), as entry
// pages do.
func BenchmarkParseMarkdown(b *testing.B) {
	root := os.Getenv("DOCKET_BENCH_ROOT")
	if root == "" {
		b.Skip("set DOCKET_BENCH_ROOT to a project made by docket synth")
	}
	files, _ := filepath.Glob(filepath.Join(root, "content/news/*/*/*.md"))
	var bodies [][]byte
	for _, f := range files[:min(200, len(files))] {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, src)
	}
	md := newMarkdown()
	for b.Loop() {
		for _, src := range bodies {
			if doc, _ := parseMarkdown(md, src, "/news/x/"); doc.FirstChild() == nil {
				b.Fatal("nothing parsed")
			}
		}
	}
}
