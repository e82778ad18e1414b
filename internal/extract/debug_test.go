package extract

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"testing"

	"golang.org/x/net/html"
)

func TestDebugTop(t *testing.T) {
	path := os.Getenv("DEBUG_PAGE")
	if path == "" {
		t.Skip()
	}
	f, _ := os.Open(path)
	gz, _ := gzip.NewReader(f)
	raw, _ := io.ReadAll(gz)
	src, _ := toUTF8(raw, "")
	doc, _ := html.ParseWithOptions(bytes.NewReader(src), html.ParseOptionEnableScripting(false))
	var m meta
	prepare(doc, &m)
	body := findBody(doc)
	s := newScorer(attempts[0])
	st := &stat{}
	s.stats[body] = st
	st.chars, st.links, st.commas = s.measureTree(body, st, false)
	s.prune(body, st.chars)
	s.score()
	top := s.top()
	for i, c := range s.cands[:min(8, len(s.cands))] {
		fmt.Printf("cand %d %s %v score=%.1f chars=%d ld=%.2f\n", i, c.Data, c.Attr, s.stats[c].score, s.stats[c].chars, s.stats[c].linkDensity())
	}
	fmt.Printf("TOP %s %v score=%.1f\n", top.Data, top.Attr, s.stats[top].score)
	for _, g := range s.gather(top) {
		fmt.Printf("  gather %s %v\n", g.Data, g.Attr)
	}
}
