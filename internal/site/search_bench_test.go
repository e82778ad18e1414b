package site

import (
	"path/filepath"
	"testing"

	"docket/internal/golden"
	"docket/internal/search"
	"docket/internal/synth"
)

// BenchmarkSearchIndex is the search index's share of a build, made from
// scratch: every entry read and tokenised, merged and rendered.
func BenchmarkSearchIndex(b *testing.B) {
	root := b.TempDir()
	if err := synth.Generate(root, 2000, 1); err != nil {
		b.Fatal(err)
	}
	golden.CopyTree(b, "../../templates", filepath.Join(root, "templates"))
	s, err := Load(Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s.b.tokens = search.NewMerger(len(s.b.m.items))
		if _, err := s.b.searchIndex(); err != nil {
			b.Fatal(err)
		}
	}
}
