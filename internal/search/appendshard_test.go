package search

import (
	"bytes"
	"maps"
	"testing"
)

// appendIndex renders docs as an incremental build does: the index of
// the first k rendered alone, then the rest merged from document k and
// appended to its shards.
func appendIndex(t *testing.T, docs []map[string]int, k int, spillDir string, budget int) *Index {
	t.Helper()
	old, _ := renderDocs(t, docs[:k], "", 0)
	if len(old.Shards) != Shards(len(docs)) {
		t.Fatalf("%d documents have %d shards, %d have %d", k, len(old.Shards), len(docs), Shards(len(docs)))
	}
	tm := NewMerger(len(docs))
	tm.From(k)
	if spillDir != "" {
		tm.SpillTo(spillDir, budget)
	}
	for d := k; d < len(docs); d++ {
		tm.Put(len(docs)-1-d, docOf(docs[d])) // by place in the timeline, newest first
	}
	p, _, next := tm.Close()
	if next != len(docs) {
		t.Fatalf("merged to %d of %d", next, len(docs))
	}
	rows := make([][]string, len(docs))
	x := NewParts(len(docs), func(s, e int) [][]string { return rows[s:e] }, nil, &p)
	x.AppendTo(func(i int) ([]byte, error) { return old.Shards[i], nil })
	ix, err := x.All()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// withOddTerms adds terms that JSON escapes, some only in late
// documents, so that appending meets escaped keys and new terms sorted
// among old ones.
func withOddTerms(docs []map[string]int) []map[string]int {
	for i, d := range docs {
		switch {
		case i%7 == 0:
			d["a<b"] = FieldBody
		case i%11 == 0:
			d["é&è"] = FieldTitle
		}
		if i >= len(docs)-5 {
			d["late<"+string(rune('a'+i%3))] = FieldSummary
			d["zzz-late"] = FieldBody
		}
	}
	return docs
}

// An index made by appending the newer documents to the shards of the
// older ones is the index a full merge makes, byte for byte.
func TestAppendSameIndex(t *testing.T) {
	docs := withOddTerms(randomDocs(3000)) // 128 shards from 2049 documents
	want, _ := renderDocs(t, docs, "", 0)
	for _, tc := range []struct {
		k      int
		budget int // spill the appended postings past this; 0 keeps them
	}{{2999, 0}, {2980, 0}, {2100, 0}, {3000, 0}, {2980, 1}, {2100, 20000}} {
		dir := ""
		if tc.budget > 0 {
			dir = t.TempDir()
		}
		got := appendIndex(t, docs, tc.k, dir, tc.budget)
		if len(got.Shards) != len(want.Shards) {
			t.Fatalf("k=%d: %d shards, want %d", tc.k, len(got.Shards), len(want.Shards))
		}
		for i := range want.Shards {
			if !bytes.Equal(got.Shards[i], want.Shards[i]) {
				t.Errorf("k=%d budget=%d: shard %d differs from a full merge's:\n%.300s\nwant\n%.300s", tc.k, tc.budget, i, got.Shards[i], want.Shards[i])
				break
			}
		}
		if !bytes.Equal(got.Manifest, want.Manifest) {
			t.Errorf("k=%d: manifest %s, want %s", tc.k, got.Manifest, want.Manifest)
		}
	}
}

// A shard to append to that is not one the index renders is an error,
// never a shard made of it.
func TestAppendDamagedShard(t *testing.T) {
	good := []byte(`{"a":"4","b\u003c":"8"}`)
	add := map[string]string{"a": "C", "b<": "C", "c": "4"}
	got, err := appendShard(good, add)
	if err != nil {
		t.Fatal(err)
	}
	// a: doc 0 field 0, then doc 2 (gap 2, field 0: 8); b<: doc 1, then doc 2.
	if want := `{"a":"48","b\u003c":"84","c":"4"}`; string(got) != want {
		t.Errorf("appended %s, want %s", got, want)
	}
	if d := Decode(`48`); !maps.Equal(d, map[int]int{0: 0, 2: 0}) {
		t.Errorf("decoded %v", d)
	}
	for _, bad := range []string{``, `{`, `{"a":"4"`, `{"a":"4",}`, `{"a":4}`, `{"a":"4""b":"4"}`, `{"a":"4!"}`, `{"a":"Z"}`, `{"a":""}`} {
		if _, err := appendShard([]byte(bad), add); err == nil {
			t.Errorf("appended to %q", bad)
		}
	}
	// Postings that do not start after the old ones' last document.
	if _, err := appendShard([]byte(`{"a":"C"}`), map[string]string{"a": "8"}); err == nil {
		t.Error("appended document 1 after document 2")
	}
}
