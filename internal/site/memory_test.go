package site

import (
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"unsafe"
	"weak"

	"docket/internal/content"
)

// TestItemSize: a large archive holds an Item an entry for the whole
// build; past 128 bytes it takes the 144-byte size class.
func TestItemSize(t *testing.T) {
	if n := unsafe.Sizeof(Item{}); n > 128 {
		t.Errorf("Item is %d bytes, more than 128: pack small fields or keep rare ones behind a pointer", n)
	}
}

// TestBuildLetsModelGo: a build lets go of its model once the pages
// are rendered, before the build cache reads their records back; at a
// million entries each is a gigabyte.
func TestBuildLetsModelGo(t *testing.T) {
	called := false
	testHookSettle = func(m weak.Pointer[model]) {
		called = true
		runtime.GC()
		if m.Value() != nil {
			t.Error("the model is still reachable as the output settles")
		}
	}
	defer func() { testHookSettle = nil }()
	if _, err := Build(Options{Root: project(t), Out: filepath.Join(t.TempDir(), "public")}); err != nil {
		t.Fatal(err)
	}
	if !called {
		t.Error("the build did not settle its output")
	}
}

// TestFineChips: a fine's chips, made from its event's terms when asked
// for, are the event's chips without its topics, in the event's order;
// a case's fine has its case's.
func TestFineChips(t *testing.T) {
	s := mustLoad(t, project(t))
	m := s.b.m
	if len(m.fines) == 0 {
		t.Fatal("the fixture has no fines")
	}
	fromEvent := 0
	for _, f := range m.fines {
		var want []Chip
		if f.item != nil {
			fromEvent++
			for _, c := range f.item.Chips() {
				if c.Class != "topic" {
					want = append(want, c)
				}
			}
		} else {
			want = f.Case.Chips
		}
		if got := f.Chips(); !slices.Equal(got, want) {
			t.Errorf("fine %q: chips %v, want %v", f.Title, got, want)
		}
		for _, class := range []string{"authority", "company", "jurisdiction", "topic"} {
			var wantOf []Chip
			for _, c := range want {
				if c.Class == class {
					wantOf = append(wantOf, c)
				}
			}
			if got := f.ChipsOf(class); !slices.Equal(got, wantOf) {
				t.Errorf("fine %q: %s chips %v, want %v", f.Title, class, got, wantOf)
			}
		}
	}
	if fromEvent == 0 {
		t.Error("no fine of an event: the test checks nothing of them")
	}
	// The fixture's one fine, as the old copy made when the fine was
	// filed had it: every class but topics, in the event's order.
	var got []string
	for _, c := range m.fines[0].Chips() {
		got = append(got, c.Class+":"+c.ID)
	}
	if want := []string{"company:alibaba", "authority:samr", "jurisdiction:cn"}; !slices.Equal(got, want) {
		t.Errorf("the fixture's fine has chips %v, want %v", got, want)
	}
}

// TestKnownSumAfterDrop: once a build lets the map of documents go, the
// sum of every content file is still found, by its path, and no other.
func TestKnownSumAfterDrop(t *testing.T) {
	s := mustLoad(t, project(t))
	var docs []*content.Doc
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	s.dropPreview()
	if s.docs != nil || s.rels != nil {
		t.Fatal("the map of documents is still held")
	}
	if len(s.sums.paths) != len(docs) {
		t.Fatalf("%d sums kept, want %d", len(s.sums.paths), len(docs))
	}
	for _, d := range docs {
		sum, ok := s.sums.known("content/" + d.Rel + ".md")
		if !ok || sum != d.Sum {
			t.Errorf("%s: sum not found after the drop", d.Rel)
		}
	}
	for _, rel := range []string{"content/site.yaml", "templates/base.html", "content/news/none.md", "content/" + docs[0].Rel, docs[0].Rel + ".md"} {
		if _, ok := s.sums.known(rel); ok {
			t.Errorf("%s: a sum found for a path that is no loaded document", rel)
		}
	}
}

// itemOf is an item of d alone, as newModel makes it, for tests.
func itemOf(d *content.Doc) *Item { return &Item{entry: newEntry(d, nil)} }
