package site

import (
	"html/template"
	"strings"
	"testing"

	"docket/internal/content"
)

// Cards kept in the file come back as they were put, each its own; a
// forgotten card and, once the file fails, a new one are misses (the
// card is rendered again), never another card's bytes.
func TestCardFile(t *testing.T) {
	c, err := newCardFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]*content.Doc, 5)
	cards := []template.HTML{"<li>a</li>", "", "<li>" + template.HTML(strings.Repeat("é", 5000)) + "</li>", "<li>d</li>", "<li>e</li>"}
	for i := range docs {
		docs[i] = &content.Doc{Rel: string(rune('a' + i))}
	}
	for i := range 3 {
		c.put(docs[i], cardDeps{}, cards[i])
	}
	c.forget(docs[0])
	for i := 1; i < 3; i++ {
		if got, ok := c.get(docs[i], cardDeps{}); !ok || got != cards[i] {
			t.Errorf("card %d: %q, %v; want %q", i, got, ok, cards[i])
		}
	}
	c.close() // from here on every write fails
	c.put(docs[3], cardDeps{}, cards[3])
	for _, i := range []int{0, 3, 4} { // forgotten, put after the failure, never put
		if got, ok := c.get(docs[i], cardDeps{}); ok {
			t.Errorf("card %d: %q, want a miss", i, got)
		}
	}
}

// Before the file fails, every card put is read back exactly.
func TestCardFileRoundTrip(t *testing.T) {
	c, err := newCardFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	docs := map[*content.Doc]template.HTML{}
	for i := range 200 {
		d := &content.Doc{}
		docs[d] = template.HTML(strings.Repeat("<b>x</b>", i%17) + string(rune('一'+i)))
		c.put(d, cardDeps{}, docs[d])
	}
	for d, want := range docs {
		if got, ok := c.get(d, cardDeps{}); !ok || got != want {
			t.Errorf("card read back as %q, %v; want %q", got, ok, want)
		}
	}
}
