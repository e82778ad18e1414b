package search

import (
	"fmt"
	"maps"
	"testing"
)

// docOf is a document's tokens from a map, added in the map's order.
func docOf(m map[string]int) *DocTokens {
	d := NewDocTokens()
	for tok, field := range m {
		d.Add([]byte(tok), field)
	}
	return d
}

// contents is what d holds, as a map.
func contents(d *DocTokens) map[string]int {
	m := map[string]int{}
	for i := range d.Len() {
		tok, field := d.Tok(i)
		m[string(tok)] = field
	}
	return m
}

// DocTokens keeps each token once, with its best field, in the order
// tokens first came, through growth of its table and after reuse.
func TestDocTokens(t *testing.T) {
	many := map[string]int{}
	for i := range 5000 { // past the first tables' sizes
		many[fmt.Sprint("w", i)] = i % 4
	}
	for _, tc := range []struct {
		name string
		adds []string // token:field
		want map[string]int
	}{
		{"empty", nil, map[string]int{}},
		{"best field wins", []string{"fine:1", "fine:3", "fine:2"}, map[string]int{"fine": 3}},
		{"distinct", []string{"a:0", "b:1", "反垄:3"}, map[string]int{"a": 0, "b": 1, "反垄": 3}},
		{"prefixes are other tokens", []string{"ab:1", "a:2", "abc:0"}, map[string]int{"ab": 1, "a": 2, "abc": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for round := range 3 { // the pool hands back emptied sets
				d := NewDocTokens()
				var order []string
				for _, a := range tc.adds {
					var tok string
					var field int
					fmt.Sscanf(a[len(a)-1:], "%d", &field)
					tok = a[:len(a)-2]
					if d.Field(tok) < 0 {
						order = append(order, tok)
					}
					d.Add([]byte(tok), field)
				}
				if got := contents(d); !maps.Equal(got, tc.want) {
					t.Fatalf("round %d: holds %v, want %v", round, got, tc.want)
				}
				for i, tok := range order {
					if got, _ := d.Tok(i); string(got) != tok {
						t.Errorf("round %d: token %d is %q, want %q", round, i, got, tok)
					}
				}
				// Sealed, as a Merger does, it still finds what it holds.
				d.seal()
				for tok, field := range tc.want {
					d.Add([]byte(tok), field)
				}
				if got := contents(d); !maps.Equal(got, tc.want) || d.Len() != len(tc.want) {
					t.Fatalf("round %d: sealed and added again, holds %v, want %v", round, got, tc.want)
				}
				d.Release()
			}
		})
	}
	d := docOf(many)
	if got := contents(d); !maps.Equal(got, many) {
		t.Errorf("5000 tokens: holds %d, want %d", len(got), len(many))
	}
	if d.Field("w4999") != 4999%4 || d.Field("w5000") != -1 {
		t.Errorf("Field: w4999 %d, w5000 %d", d.Field("w4999"), d.Field("w5000"))
	}
}
