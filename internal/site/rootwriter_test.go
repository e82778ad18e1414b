package site

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// Written in pieces cut anywhere, a page comes out as page() makes it
// with bytes.ReplaceAll on the whole.
func TestRootWriter(t *testing.T) {
	half := cardRoot[:len(cardRoot)/2]
	for _, page := range []string{
		"",
		"no placeholder here",
		`<a href="` + cardRoot + `x/">` + cardRoot + cardRoot + "end",
		cardRoot,
		"tail " + half,               // a placeholder begun, never finished
		half + cardRoot + half + "_", // a false start before a match
		"__" + cardRoot + "/" + cardRoot[1:],
	} {
		want := bytes.ReplaceAll([]byte(page), []byte(cardRoot), []byte("../../"))
		for _, size := range []int{1, 2, 3, 7, len(cardRoot) - 1, len(cardRoot), len(cardRoot) + 1, 1 << 20} {
			var got bytes.Buffer
			rw := newRootWriter(&got, "../../")
			for rest := []byte(page); len(rest) > 0; {
				n := min(size, len(rest))
				if k, err := rw.Write(rest[:n]); err != nil || k != n {
					t.Fatalf("Write = %d, %v", k, err)
				}
				rest = rest[n:]
			}
			if err := rw.Close(); err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("%q in pieces of %d: got %q, want %q", page, size, got.String(), want)
			}
		}
	}
}

// Pieces of mixed lengths, short ones after long ones and placeholders
// cut anywhere between them, still come out as bytes.ReplaceAll makes
// the whole.
func TestRootWriterMixedPieces(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	parts := []string{cardRoot, cardRoot[:5], cardRoot[3:], "_", "<li>", strings.Repeat("x", 100), "\n"}
	for range 300 {
		var page strings.Builder
		for range rng.IntN(40) {
			page.WriteString(parts[rng.IntN(len(parts))])
		}
		want := bytes.ReplaceAll([]byte(page.String()), []byte(cardRoot), []byte("./"))
		var got bytes.Buffer
		rw := newRootWriter(&got, "./")
		for rest := page.String(); len(rest) > 0; {
			n := min(len(rest), 1+rng.IntN(3*len(cardRoot)))
			if _, err := rw.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want) {
			t.Fatalf("%q: got %q, want %q", page.String(), got.String(), want)
		}
	}
}
