package sources

import (
	"fmt"
	"path/filepath"
	"testing"
)

// ledgerState is a state whose ledger holds n written items of a
// realistic size (~410 bytes each in the file).
func ledgerState(n int) *State {
	s := &State{Feeds: map[string]*FeedState{"reuters": {URL: "https://example.com/feed", Items: 20}}}
	for i := range n {
		s.Written = append(s.Written, ItemRef{
			Feed: "reuters", ID: fmt.Sprintf("%016x", i*7919),
			URL:   fmt.Sprintf("https://www.example.com/technology/regulators-open-an-inquiry-into-the-app-store-terms-%d/", i),
			GUID:  fmt.Sprintf("https://www.example.com/article/%d", i),
			Title: "Regulators open an inquiry into the app store's terms for developers",
			Path:  fmt.Sprintf("news/2026/11/regulators-open-an-inquiry-into-the-app-store-terms-%d.md", i),
		})
	}
	return s
}

// BenchmarkLoadState reads the state of a 50,000-item archive whole, as
// fetch does, and its feeds' records alone, as a build's status page does:
//
//	go test ./internal/sources -run '^$' -bench LoadState
func BenchmarkLoadState(b *testing.B) {
	p := filepath.Join(b.TempDir(), "state.json")
	if err := ledgerState(50000).Save(p); err != nil {
		b.Fatal(err)
	}
	for _, load := range []struct {
		name string
		f    func(string) (*State, error)
	}{{"whole", LoadState}, {"feeds", LoadFeedStates}} {
		b.Run(load.name, func(b *testing.B) {
			for b.Loop() {
				if s, err := load.f(p); err != nil || s.Feeds["reuters"] == nil {
					b.Fatal(err)
				}
			}
		})
	}
}
