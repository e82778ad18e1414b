package site

import (
	"bytes"
	"testing"
)

// TestReplaceShorter: in place, the root prefix goes where bytes.ReplaceAll
// puts it.
func TestReplaceShorter(t *testing.T) {
	half := cardRoot[:len(cardRoot)/2]
	for _, page := range []string{
		"", "no placeholder", cardRoot, cardRoot + cardRoot,
		`<a href="` + cardRoot + `x/">` + cardRoot + "end",
		half + cardRoot + half, "__" + cardRoot + "/" + cardRoot[1:],
	} {
		for _, root := range []string{"", "./", "../../", cardRoot} {
			want := bytes.ReplaceAll([]byte(page), cardRootBytes, []byte(root))
			if got := replaceShorter([]byte(page), cardRootBytes, root); !bytes.Equal(got, want) {
				t.Errorf("%q with %q: got %q, want %q", page, root, got, want)
			}
		}
	}
}

// TestLend: a lent page is taken back once, by its bytes; other bytes and
// roots longer than the placeholder are not lent.
func TestLend(t *testing.T) {
	b := &builder{}
	buf := bytes.NewBufferString("<a href=\"" + cardRoot + "x/\">")
	data, ok := b.lend(buf, "../")
	if !ok || string(data) != `<a href="../x/">` {
		t.Fatalf("lend = %q, %v", data, ok)
	}
	if _, ok := b.lend(bytes.NewBufferString(cardRoot), cardRoot+"longer/"); ok {
		t.Error("lent with a root longer than the placeholder")
	}
	if _, ok := b.lend(new(bytes.Buffer), "./"); ok {
		t.Error("lent an empty page")
	}
	b.giveBack([]byte("not lent"))
	if _, ok := b.lent.Load(&data[0]); !ok {
		t.Fatal("the lent page is not held")
	}
	b.giveBack(data)
	if _, ok := b.lent.Load(&data[0]); ok {
		t.Error("the lent page was not taken back")
	}
}

// TestChipLines: a list of chips renders chip by chip as Page.Chip does.
func TestChipLines(t *testing.T) {
	s := mustLoad(t, project(t))
	for _, it := range s.b.m.items {
		cs := it.Chips()
		if len(cs) < 2 {
			continue
		}
		p := s.b.newPage(&Page{Kind: "entry", Path: it.URL})
		lines, err := p.ChipLines(cs)
		if err != nil || len(lines) != len(cs) {
			t.Fatalf("ChipLines = %d lines, %v; want %d", len(lines), err, len(cs))
		}
		for i, c := range cs {
			want, _ := p.Chip(c)
			if lines[i] != want || want == "" {
				t.Errorf("chip %d: %q, want %q", i, lines[i], want)
			}
		}
		return
	}
	t.Fatal("no entry with two chips in the test site")
}
