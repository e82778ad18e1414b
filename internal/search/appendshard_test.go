package search

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// appendIndex renders docs as an incremental build does after a build
// of prev, whose first k documents are docs' first k: prev's index
// rendered alone, then docs merged from the first document that is
// not in both bases, and appended to prev's base shards.
func appendIndex(t *testing.T, prev, docs []map[string]int, k int, spillDir string, budget int) *Index {
	t.Helper()
	old, _ := renderDocs(t, prev, "", 0)
	if base, _ := ShardCounts(len(docs)); len(old.Shards) != base || base == 0 {
		t.Fatalf("%d documents have %d base shards, %d have %d", len(prev), len(old.Shards), len(docs), base)
	}
	from := min(k, Split(len(prev)), Split(len(docs)))
	tm := NewMerger(len(docs))
	tm.From(from)
	if spillDir != "" {
		tm.SpillTo(spillDir, budget)
	}
	for d := from; d < len(docs); d++ {
		tm.Put(len(docs)-1-d, docOf(docs[d])) // by place in the timeline, newest first
	}
	p, _, next := tm.Close()
	if next != len(docs) {
		t.Fatalf("merged to %d of %d", next, len(docs))
	}
	rows := make([][]string, len(docs))
	x := NewParts(len(docs), func(s, e int) [][]string { return rows[s:e] }, nil, &p)
	x.AppendTo(from, func(i int) ([]byte, error) { return old.Shards[i], nil })
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
	docs := withOddTerms(randomDocs(3000)) // bases of 2944 documents in 128 shards, or 2176
	want, _ := renderDocs(t, docs, "", 0)
	for _, tc := range []struct {
		k      int
		budget int // spill the appended postings past this; 0 keeps them
	}{{2999, 0}, {2980, 0}, {2200, 0}, {3000, 0}, {2980, 1}, {2200, 20000}} {
		dir := ""
		if tc.budget > 0 {
			dir = t.TempDir()
		}
		got := appendIndex(t, docs[:tc.k], docs, tc.k, dir, tc.budget)
		sameIndex(t, fmt.Sprintf("k=%d budget=%d", tc.k, tc.budget), got, want)
	}
}

// sameIndex fails the test unless got's shards and manifest are want's.
func sameIndex(t *testing.T, name string, got, want *Index) {
	t.Helper()
	for part, shards := range map[string][2][][]byte{"base": {got.Shards, want.Shards}, "tail": {got.Tail, want.Tail}} {
		got, want := shards[0], shards[1]
		if len(got) != len(want) {
			t.Fatalf("%s: %d %s shards, want %d", name, len(got), part, len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s: %s shard %d differs from a full merge's:\n%.300s\nwant\n%.300s", name, part, i, got[i], want[i])
				break
			}
		}
	}
	if !bytes.Equal(got.Manifest, want.Manifest) {
		t.Errorf("%s: manifest %s, want %s", name, got.Manifest, want.Manifest)
	}
}

// tails are the documents after k of a last build (prev) and of this
// one (docs), both from base: prev's have terms no other document has,
// which vanish once cut, and docs' terms new to their shards, escaped
// ones among them.
func tails(base []map[string]int, k, prev, n int) (old, docs []map[string]int) {
	old, docs = slices.Clone(base[:k]), slices.Clone(base[:k])
	for d := k; d < prev; d++ {
		m := maps.Clone(base[d])
		m[fmt.Sprintf("gone<%d", d%40)] = FieldBody
		old = append(old, m)
	}
	for d := k; d < n; d++ {
		m := maps.Clone(base[(d*7)%len(base)])
		m[fmt.Sprintf("new>%d", d%30)] = FieldTitle
		m["a<b"] = FieldSummary
		docs = append(docs, m)
	}
	return old, docs
}

// An index whose first k documents are the last build's, the rest
// different (late entries among the newest, newest ones removed, an old
// one edited), made by cutting the last build's shards at k and
// appending, is the index a full merge makes, byte for byte.
func TestAppendAfterCut(t *testing.T) {
	base := withOddTerms(randomDocs(4096))
	type cut struct{ k, prev, n int }
	cases := []cut{
		{2990, 3000, 3005}, // entries dated among the newest
		{2999, 3000, 2999}, // the newest removed
		{2950, 3000, 3000}, // an entry of the tail edited
		{2100, 3000, 3000}, // an entry of the base edited
		{3000, 3000, 3000}, // nothing changed
		{0, 3000, 3000},    // every list cut whole
		{2200, 4095, 2200}, // the split moved back
		{2040, 2050, 2048}, // the last of the base removed
	}
	r := rand.New(rand.NewPCG(11, 13))
	for range 6 { // bases of 128 shards each
		prev, n := 2176+r.IntN(1920), 2176+r.IntN(1920)
		cases = append(cases, cut{r.IntN(min(prev, n) + 1), prev, n})
	}
	for i, tc := range cases {
		old, docs := tails(base, tc.k, tc.prev, tc.n)
		want, _ := renderDocs(t, docs, "", 0)
		got := appendIndex(t, old, docs, tc.k, "", 0)
		sameIndex(t, fmt.Sprintf("k=%d of %d, %d documents", tc.k, tc.prev, tc.n), got, want)
		if i < 4 { // and with the appended postings spilled
			got = appendIndex(t, old, docs, tc.k, t.TempDir(), 1)
			sameIndex(t, fmt.Sprintf("k=%d of %d, %d documents, spilled", tc.k, tc.prev, tc.n), got, want)
		}
	}
}

// A shard to append to that is not one the index renders is an error,
// never a shard made of it.
func TestAppendDamagedShard(t *testing.T) {
	good := []byte(`{"a":"4","b\u003c":"8"}`)
	add := map[string]string{"a": "C", "b<": "C", "c": "4"}
	got, err := appendShard(good, 2, add)
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
		if _, err := appendShard([]byte(bad), 2, add); err == nil {
			t.Errorf("appended to %q", bad)
		}
	}
	// Postings that do not start after the old ones' last document.
	if _, err := appendShard([]byte(`{"a":"C"}`), 3, map[string]string{"a": "8"}); err == nil {
		t.Error("appended document 1 after document 2")
	}
}

// Cutting a shard before document from keeps each list's documents
// below it, drops a term left with none and gives the new postings'
// first gap from the last document kept.
func TestAppendCut(t *testing.T) {
	old := []byte(`{"a":"48","b\u003c":"84","c":"C","d":"4"}`) // a: 0, 2; b<: 1, 2; c: 2; d: 0
	for _, tc := range []struct {
		from int
		add  map[string]string
		want string
	}{
		{2, nil, `{"a":"4","b\u003c":"8","d":"4"}`},
		{2, map[string]string{"c": "D", "e": "C"}, `{"a":"4","b\u003c":"8","c":"D","d":"4","e":"C"}`},
		{1, map[string]string{"b<": "C"}, `{"a":"4","b\u003c":"C","d":"4"}`},
		{0, map[string]string{"d": "4"}, `{"d":"4"}`},
		{3, nil, string(old)},
	} {
		got, err := appendShard(old, tc.from, tc.add)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("from %d, adding %v: %s, want %s", tc.from, tc.add, got, tc.want)
		}
	}
}
