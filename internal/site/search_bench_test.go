package site

import (
	"testing"

	"docket/internal/search"
)

// BenchmarkSearchIndex is the search index's share of a build, made from
// scratch: every entry read and tokenised, merged and rendered.
func BenchmarkSearchIndex(b *testing.B) {
	root := synthProject(b, 2000)
	s := loadSynth(b, root)
	for b.Loop() {
		s.b.tokens = search.NewMerger(len(s.b.m.items))
		if _, _, err := s.b.searchIndex(); err != nil {
			b.Fatal(err)
		}
	}
}
