package site

import (
	"bytes"
	"fmt"
	"html/template"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Cards kept come back as they were put, each its own; a card never
// put, one put by another card file and, once the file fails, a new one
// put there are misses (the card is rendered again), never another
// card's bytes. With memory to spare, cards put after the file fails
// are still kept.
func TestCardFile(t *testing.T) {
	withCardFiles(t, []int{0, cardMemory}, testCardFile)
}

func testCardFile(t *testing.T, c *cardFile, memory int) {
	other, err := newCardFile(t.TempDir(), cardMemory) // its spots are in memory
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	docs := make([]*Item, 6)
	cards := []template.HTML{"<li>a</li>", "", "<li>" + template.HTML(strings.Repeat("é", 5000)) + "</li>", "<li>d</li>", "<li>e</li>", "<li>f</li>"}
	for i := range docs {
		docs[i] = &Item{entry: &entry{Rel: string(rune('a' + i))}}
	}
	for i := 1; i < 3; i++ {
		c.put(docs[i], cardDeps{}, cards[i])
	}
	other.put(docs[5], cardDeps{}, cards[5])
	for i := 1; i < 3; i++ {
		if got, ok := c.get(docs[i], cardDeps{}); !ok || got != cards[i] {
			t.Errorf("card %d: %q, %v; want %q", i, got, ok, cards[i])
		}
	}
	c.close() // from here on every write to the file fails
	c.put(docs[3], cardDeps{}, cards[3])
	misses := map[int]bool{0: true, 4: true, 5: true, 3: memory == 0} // never put, never put, another file's, put after the failure
	for i, miss := range misses {
		if got, ok := c.get(docs[i], cardDeps{}); ok == miss || ok && got != cards[i] {
			t.Errorf("card %d: %q, %v; want a miss: %v", i, got, ok, miss)
		}
	}
	given := 0
	err = c.eachCard(docs, func(i int, card []byte) error {
		given++
		if kept := memory > 0 && i >= 1 && i <= 3; kept != (card != nil) || kept && string(card) != string(cards[i]) {
			t.Errorf("eachCard: card %d given as %q", i, card)
		}
		return nil
	})
	if err != nil || given != len(docs) {
		t.Errorf("eachCard gave %d of %d cards, err %v", given, len(docs), err)
	}
}

// withCardFiles runs test in a subtest for each memory budget, with a
// new card file of that budget.
func withCardFiles(t *testing.T, memories []int, test func(t *testing.T, c *cardFile, memory int)) {
	for _, memory := range memories {
		t.Run(fmt.Sprint("memory ", memory), func(t *testing.T) {
			c, err := newCardFile(t.TempDir(), memory)
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			test(t, c, memory)
		})
	}
}

// Before the file fails, every card put is read back exactly.
func TestCardFileRoundTrip(t *testing.T) {
	c, err := newCardFile(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	docs := map[*Item]template.HTML{}
	for i := range 200 {
		d := &Item{entry: &entry{}}
		docs[d] = template.HTML(strings.Repeat("<b>x</b>", i%17) + string(rune('一'+i)))
		c.put(d, cardDeps{}, docs[d])
	}
	for d, want := range docs {
		if got, ok := c.get(d, cardDeps{}); !ok || got != want {
			t.Errorf("card read back as %q, %v; want %q", got, ok, want)
		}
	}
}

// appendTo puts each card after what dst holds and size gives its
// length without reading it; a card not kept leaves dst as it was. So
// for cards in the file and in memory.
func TestCardFileAppendTo(t *testing.T) {
	withCardFiles(t, []int{0, cardMemory}, testCardFileAppendTo)
}

func testCardFileAppendTo(t *testing.T, c *cardFile, memory int) {
	a, b, missing := &Item{entry: &entry{}}, &Item{entry: &entry{}}, &Item{entry: &entry{}}
	c.put(a, cardDeps{}, "<li>a</li>")
	c.put(b, cardDeps{}, template.HTML(strings.Repeat("ü", 3000)))
	dst := []byte("head:")
	dst, ok := c.appendTo(dst, a)
	if !ok || string(dst) != "head:<li>a</li>" {
		t.Fatalf("appendTo a: %q, %v", dst, ok)
	}
	dst, ok = c.appendTo(dst[:0], b)
	if !ok || string(dst) != strings.Repeat("ü", 3000) {
		t.Errorf("appendTo b into a reused slice: %d bytes, %v", len(dst), ok)
	}
	if n, ok := c.size(b); !ok || n != 6000 {
		t.Errorf("size b = %d, %v; want 6000", n, ok)
	}
	if out, ok := c.appendTo([]byte("x"), missing); ok || string(out) != "x" {
		t.Errorf("appendTo a card never put: %q, %v", out, ok)
	}
	if _, ok := c.size(missing); ok {
		t.Error("size of a card never put")
	}
}

// A month's cards are the same whether the cards come from the preview's
// cache, are made into an empty card file or are read back from it, and
// are each item's card with its chips, one after another. Stories'
// heads are among them: the file keeps their stories' cards in their
// places. Written into a listing page's scratch, they are the same.
func TestMonthCardsFromFile(t *testing.T) {
	s := mustLoad(t, project(t))
	b := s.b
	items := listing(b.m.items)
	heads := 0
	for _, it := range items {
		if it.Leads() != nil {
			heads++
		}
	}
	if heads == 0 || len(items) < 3 {
		t.Fatalf("the fixture lists %d items, %d heading a story: the test checks too little", len(items), heads)
	}
	omit := b.m.taxes[0].Terms[0].URL()
	g := MonthGroup{Items: items, omit: omit}
	var want strings.Builder
	for _, it := range items {
		c, err := it.cardWithout(omit)
		if err != nil {
			t.Fatal(err)
		}
		want.WriteString(string(c))
	}
	cached, err := g.Cards()
	if err != nil {
		t.Fatal(err)
	}
	f, err := newCardFile(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()
	b.cards = f
	made, err := g.Cards()
	if err != nil {
		t.Fatal(err)
	}
	read, err := g.Cards()
	if err != nil {
		t.Fatal(err)
	}
	// Into a page's scratch, twice: the second reuses the buffer the
	// first gave back.
	var scratch cardScratch
	g.scratch = &scratch
	var scratched [2]template.HTML
	for i := range scratched {
		h, err := g.Cards()
		if err != nil {
			t.Fatal(err)
		}
		scratched[i] = template.HTML(strings.Clone(string(h)))
		scratch.release()
	}
	for name, got := range map[string]template.HTML{"cached": cached, "made into the file": made, "read from the file": read,
		"into a page's scratch": scratched[0], "into a page's scratch again": scratched[1]} {
		if string(got) != want.String() {
			t.Errorf("cards %s:\n%s\nwant\n%s", name, got, want.String())
		}
	}
	for _, it := range items {
		if _, ok := f.size(it); !ok {
			t.Errorf("%s: its card was not kept in the file (heads a story: %v)", it.Rel, it.Leads() != nil)
		}
	}
}

// eachCard gives every kept card exactly as it was put, in the order
// asked, whatever the order the cards lie in the file: one after another
// (a month of the timeline), backwards, shuffled, far apart (a term's
// cards among many others), larger than a run; a card not kept is nil.
// So with every card in the file, the first chunk's worth in memory and
// the rest in the file, and all in memory but those too large for a
// chunk.
func TestCardFileEachCard(t *testing.T) {
	withCardFiles(t, []int{0, cardChunk, cardMemory}, testCardFileEachCard)
}

func testCardFileEachCard(t *testing.T, c *cardFile, memory int) {
	r := rand.New(rand.NewPCG(3, 4))
	items := make([]*Item, 3000)
	want := map[*Item][]byte{}
	for i := range items {
		items[i] = &Item{entry: &entry{}}
		if i%97 == 5 {
			continue // never put
		}
		n := r.IntN(400)
		switch {
		case i%500 == 7:
			n = maxCardRun + 1000 // a card larger than any run
		case i == 1500:
			n = cardChunk + 1 // too large for memory
		}
		card := []byte(strings.Repeat(string(rune('a'+i%26)), n))
		want[items[i]] = card
		c.put(items[i], cardDeps{}, template.HTML(card))
	}
	every := func(step int) []*Item {
		var out []*Item
		for i := 0; i < len(items); i += step {
			out = append(out, items[i])
		}
		return out
	}
	backwards := slices.Clone(items)
	slices.Reverse(backwards)
	shuffled := slices.Clone(items)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for name, list := range map[string][]*Item{
		"in order":  items,
		"backwards": backwards,
		"shuffled":  shuffled,
		"sparse":    every(37),
		"one":       items[8:9],
		"none":      nil,
	} {
		seen := 0
		err := c.eachCard(list, func(i int, card []byte) error {
			if i != seen {
				t.Fatalf("%s: card %d given at %d", name, i, seen)
			}
			seen++
			w, kept := want[list[i]]
			if !kept {
				if card != nil {
					t.Errorf("%s: card %d never put, given %d bytes", name, i, len(card))
				}
				return nil
			}
			if !bytes.Equal(card, w) {
				t.Errorf("%s: card %d is %d bytes %.20q, want %d bytes %.20q", name, i, len(card), card, len(w), w)
			}
			return nil
		})
		if err != nil || seen != len(list) {
			t.Errorf("%s: %d of %d cards given, err %v", name, seen, len(list), err)
		}
	}
	inMemory := 0
	for _, it := range items {
		if it.card.inMemory() {
			inMemory++
		}
	}
	if ok := map[int]bool{0: inMemory == 0, cardChunk: inMemory > 0 && inMemory < len(want)-1, cardMemory: inMemory == len(want)-1}[memory]; !ok {
		t.Errorf("%d of %d cards in memory with room for %d chunks", inMemory, len(want), memory/cardChunk)
	}
	// Once reads fail, or without a file, every card in the file is nil
	// (the caller renders it); those in memory are still given.
	c.close()
	for name, f := range map[string]*cardFile{"closed file": c, "no file": nil} {
		given := 0
		_ = f.eachCard(items, func(i int, card []byte) error {
			given++
			if inMem := f != nil && items[i].card.inMemory(); inMem != (card != nil) || inMem && !bytes.Equal(card, want[items[i]]) {
				t.Errorf("%s: card %d given %d bytes (in memory: %v)", name, i, len(card), inMem)
			}
			return nil
		})
		if given != len(items) {
			t.Errorf("%s: %d of %d cards given", name, given, len(items))
		}
	}
}

// Cards put while others are read come back whole, in memory and in the
// file: a listing reads cards as another worker puts new ones, and the
// chunks in memory grow meanwhile (run with -race to check they are
// shared safely).
func TestCardFileConcurrent(t *testing.T) {
	c, err := newCardFile(t.TempDir(), 3*cardChunk)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	items := make([]*Item, 9000) // ~4 MB of cards
	want := map[*Item]string{}
	for i := range items {
		items[i] = &Item{entry: &entry{}}
		want[items[i]] = strings.Repeat(string(rune('a'+i%26)), 100+i%700)
	}
	const first = 10 // put before the rest, so in memory
	for _, it := range items[:first] {
		c.put(it, cardDeps{}, template.HTML(want[it]))
	}
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := first + w; i < len(items); i += 2 {
				c.put(items[i], cardDeps{}, template.HTML(want[items[i]]))
			}
		})
	}
	var given atomic.Int64
	for range 2 {
		wg.Go(func() {
			for range 20 {
				_ = c.eachCard(items, func(i int, card []byte) error {
					if card != nil {
						given.Add(1)
						if string(card) != want[items[i]] {
							t.Errorf("card %d read as %d bytes %.20q", i, len(card), card)
						}
					}
					return nil
				})
			}
		})
	}
	wg.Wait()
	inFile := 0
	for i, it := range items {
		if got, ok := c.get(it, cardDeps{}); !ok || string(got) != want[it] {
			t.Fatalf("card %d after the puts: %d bytes, %v", i, len(got), ok)
		}
		if !it.card.inMemory() {
			inFile++
			if i < first {
				t.Errorf("card %d, put first, is in the file", i)
			}
		}
	}
	if len(c.chunks) != 3 || inFile == 0 {
		t.Errorf("%d chunks in memory and %d cards in the file: want 3 and some", len(c.chunks), inFile)
	}
	t.Logf("%d cards given while putting", given.Load())
}
