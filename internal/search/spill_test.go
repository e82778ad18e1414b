package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// randomDocs makes n documents of Zipf-drawn words, some in several
// forms of one stem and several fields, so lists are rewritten within a
// document and share stems.
func randomDocs(n int) []map[string]int {
	r := rand.New(rand.NewPCG(7, 9))
	z := rand.NewZipf(r, 1.2, 1, 5000)
	forms := []string{"", "s", "ed", "ing"}
	docs := make([]map[string]int, n)
	for i := range docs {
		toks := map[string]int{}
		for range 5 + r.IntN(60) {
			w := fmt.Sprintf("w%dx", z.Uint64()) + forms[r.IntN(len(forms))]
			toks[w] = max(toks[w], r.IntN(4))
		}
		if r.IntN(3) == 0 {
			toks["反垄"] = FieldTitle
		}
		docs[i] = toks
	}
	return docs
}

func renderDocs(t *testing.T, docs []map[string]int, spillDir string, budget int) (*Index, int) {
	t.Helper()
	p := NewMerged(len(docs))
	if spillDir != "" {
		p.SpillTo(spillDir, budget)
	}
	for i, toks := range docs {
		p.Add(i, docOf(toks))
	}
	rows := make([][]string, len(docs))
	for i := range rows {
		rows[i] = []string{fmt.Sprint("/", i)}
	}
	ix, err := Render(rows, nil, &p)
	if err != nil {
		t.Fatal(err)
	}
	return ix, p.Spilled()
}

// A spilling index renders the same files as one kept in memory,
// whether it spilled once, often or after every document.
func TestSpillSameIndex(t *testing.T) {
	docs := randomDocs(3000)
	want, _ := renderDocs(t, docs, "", 0)
	for _, tc := range []struct {
		budget    int
		minSpills int
	}{
		{0, 3000},    // a run after every document
		{1000, 20},   // many small runs
		{50000, 1},   // a few
		{1 << 30, 0}, // never: the budget is not reached
	} {
		got, runs := renderDocs(t, docs, t.TempDir(), tc.budget)
		if runs < tc.minSpills || (tc.minSpills == 0 && runs != 0) {
			t.Errorf("budget %d: %d runs, want at least %d", tc.budget, runs, tc.minSpills)
		}
		if len(got.Shards) != len(want.Shards) {
			t.Fatalf("budget %d: %d shards, want %d", tc.budget, len(got.Shards), len(want.Shards))
		}
		for i := range want.Shards {
			if !bytes.Equal(got.Shards[i], want.Shards[i]) {
				t.Errorf("budget %d: shard %d differs from the index kept in memory", tc.budget, i)
			}
		}
	}
}

// A spill that cannot be written fails the shards instead of leaving
// postings out.
func TestSpillError(t *testing.T) {
	p := NewMerged(10)
	p.Base.SpillTo(filepath.Join(t.TempDir(), "missing"), 0, Shards(10))
	for i, toks := range randomDocs(10) {
		p.Add(i, docOf(toks))
	}
	x := NewParts(10, func(int, int) [][]string { return nil }, nil, &p)
	if _, err := x.Shard(0); err == nil {
		t.Error("a failed spill rendered a shard without error")
	}
}

// Spilled shards read their pieces from every run: a run whose file is
// gone is an error, not a shorter list.
func TestSpillRunGone(t *testing.T) {
	dir := t.TempDir()
	p := NewMerged(10)
	p.Base.SpillTo(dir, 0, Shards(10))
	for i, toks := range randomDocs(10) {
		p.Add(i, docOf(toks))
	}
	if err := os.Remove(filepath.Join(dir, "run-0")); err != nil {
		t.Fatal(err)
	}
	x := NewParts(10, func(int, int) [][]string { return nil }, nil, &p)
	if _, err := x.All(); err == nil {
		t.Error("the shards rendered without one of their runs")
	}
}

// TestSpillRestAtTail: once the tail's first document comes, a base that
// has spilled writes out what it still holds, so that its last lists
// are not held beside the tail's; one that never spilled keeps them.
func TestSpillRestAtTail(t *testing.T) {
	docs := randomDocs(3000)
	for _, tc := range []struct {
		budget int
		spills bool
	}{{20000, true}, {1 << 30, false}} {
		p := NewMerged(len(docs))
		p.SpillTo(t.TempDir(), tc.budget)
		for d := range p.At {
			p.Add(d, docOf(docs[d]))
		}
		held := p.Base.lists.len()
		p.Add(p.At, docOf(docs[p.At]))
		if got := p.Base.lists.len(); tc.spills && (held == 0 || got != 0) || !tc.spills && got != held {
			t.Errorf("budget %d: the base held %d lists before the tail, %d after", tc.budget, held, got)
		}
	}
}

// BenchmarkSpilledShard renders every shard of an index spilled in ~100
// runs, as a million-entry build does: its allocations are garbage the
// build's workers make at once.
func BenchmarkSpilledShard(b *testing.B) {
	docs := randomDocs(20000)
	p := NewMerged(len(docs))
	p.SpillTo(b.TempDir(), 200000)
	for i, toks := range docs {
		p.Add(i, docOf(toks))
	}
	x := NewParts(len(docs), func(start, end int) [][]string { return nil }, nil, &p)
	for b.Loop() {
		for i := range x.base {
			if _, err := x.Shard(i); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(p.Spilled()), "runs")
	b.ReportMetric(float64(len(x.base)), "shards")
}

// eachRecord reads a run's records, and a damaged section (cut short,
// a length past its end, an empty list) is an error, never a panic or
// a list made of the next record's bytes.
func TestEachRecord(t *testing.T) {
	rec := func(term string, last int, list string) []byte {
		b := binary.AppendUvarint(nil, uint64(len(term)))
		b = append(b, term...)
		b = binary.AppendUvarint(b, uint64(last))
		b = binary.AppendUvarint(b, uint64(len(list)))
		return append(b, list...)
	}
	two := append(rec("ab", 7, "xyz"), rec("c", 300, "q")...)
	tests := []struct {
		name string
		buf  []byte
		want string // the records read, "term last list;" each
		bad  bool
	}{
		{"two records", two, "ab 7 xyz;c 300 q;", false},
		{"none", nil, "", false},
		{"cut short", two[:len(two)-1], "ab 7 xyz;", true},
		{"a length past the end", append(rec("a", 1, "x"), 0x05, 'b'), "a 1 x;", true},
		{"an empty list", append(rec("a", 1, "x"), rec("b", 2, "")...), "a 1 x;", true},
	}
	for _, tc := range tests {
		var got strings.Builder
		err := eachRecord(tc.buf, func(term string, last int, list []byte) {
			fmt.Fprintf(&got, "%s %d %s;", term, last, list)
		})
		if got.String() != tc.want || (err != nil) != tc.bad {
			t.Errorf("%s: read %q, err %v; want %q, an error: %v", tc.name, got.String(), err, tc.want, tc.bad)
		}
	}
}
