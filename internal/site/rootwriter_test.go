package site

import (
	"bytes"
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
