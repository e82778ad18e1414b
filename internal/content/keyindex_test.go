package content

import (
	"fmt"
	"testing"
)

// TestKeyIndex: the first document of each key is found, a later one of
// the same key is reported with it, and keys that share a hash (every
// key of one length here) stay apart.
func TestKeyIndex(t *testing.T) {
	for _, name := range []string{"maphash", "by length"} {
		var docs []*Doc
		for _, rel := range []string{"a", "b", "a", "cc", "dd", "b", "cc", "dd"} {
			docs = append(docs, &Doc{Rel: rel, Path: fmt.Sprint(len(docs))})
		}
		x := newKeyIndex(docs, func(d *Doc) string { return d.Rel })
		if name == "by length" {
			x.hash = func(k string) uint64 { return uint64(len(k)) }
		}
		var got []string
		for i, d := range docs {
			if prev := x.add(i, d.Rel); prev != nil {
				got = append(got, d.Path+" after "+prev.Path)
			}
		}
		if want := "[2 after 0 5 after 1 6 after 3 7 after 4]"; fmt.Sprint(got) != want {
			t.Errorf("%s: duplicates %v, want %s", name, got, want)
		}
		for k, want := range map[string]string{"a": "0", "b": "1", "cc": "3", "dd": "4", "e": "", "ccc": ""} {
			got := ""
			if d := x.get(k); d != nil {
				got = d.Path
			}
			if got != want {
				t.Errorf("%s: get(%q) = %q, want %q", name, k, got, want)
			}
		}
	}
}
