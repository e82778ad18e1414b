package site

// Search: the site ships its own compact, sharded index (internal/search
// makes it, see its package comment) and a small script
// (templates/assets/search.js) that queries it in the browser. Here the
// site hands it each entry's tokens and rows.

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/yuin/goldmark/ast"

	"docket/internal/search"
	"docket/internal/text"
)

// searchOutputs plans the search page and the index files. The index is
// merged once, by whichever of its files is rendered first, and each file
// renders its own part of it: the files are never in memory all at once.
// A chunk of documents is a page the build cache keeps when its rows are
// unchanged: an incremental build changes the newest chunk's.
func (b *builder) searchOutputs() []output {
	nChunks := (len(b.m.items) + search.Chunk - 1) / search.Chunk
	nBase, nTail := search.ShardCounts(len(b.m.items))
	idx := &indexParts{b: b, left: 2 + nBase + nTail}
	outs := []output{
		{"/search/", func() ([]byte, error) {
			return b.page(&Page{Kind: "search", Path: "/search/", Title: "Search"})
		}, nil},
		{"/search/t2s.json", func() ([]byte, error) { return json.Marshal(b.m.rules.SimplifiedPairs()) }, nil},
		{facetIndexPath, b.facetIndex, nil}, // facets.go: the filters' index, over the same documents
		{"/search/index.json", idx.file((*search.Parts).Manifest), nil},
	}
	for i := range nBase {
		o := output{baseShardPath(i), idx.file(func(x *search.Parts) ([]byte, error) {
			data, err := x.Shard(i)
			if c := b.cache; c != nil && err == nil {
				c.recordShard(i, data) // for the next build to append to
			}
			return data, err
		}), nil}
		if c := b.cache; c != nil {
			// When the base is the last build's, its file is kept unless
			// it changed since; else it is rendered, to be recorded in
			// the shards file, which the next build appends to.
			o.keyed = &keyedOutput{kind: "search", key: func() ([sha256.Size]byte, error) { return c.index.baseKey, nil }, fresh: !c.index.reuse}
		}
		outs = append(outs, o)
	}
	for i := range nTail {
		outs = append(outs, output{"/search/t/" + strconv.Itoa(i) + ".json", idx.file(func(x *search.Parts) ([]byte, error) { return x.TailShard(i) }), nil})
	}
	outs = append(outs, output{"/search/terms.json", idx.file((*search.Parts).Terms), nil})
	for i := range nChunks {
		outs = append(outs, output{"/search/d/" + strconv.Itoa(i) + ".json", idx.chunk(i), &keyedOutput{kind: "search", key: idx.chunkKey(i)}})
	}
	return outs
}

// baseShardPath is the path of base shard i.
func baseShardPath(i int) string { return "/search/s/" + strconv.Itoa(i) + ".json" }

// indexParts holds the merged search index for the files made from it.
// The preview server keeps it for as long as the model. A one-shot build
// (writeAll) renders each file once, so the postings are let go once the
// last of them is rendered: the pages rendered after them need not share
// the memory with the whole site's postings.
type indexParts struct {
	b    *builder
	mu   sync.Mutex
	x    *search.Parts
	rows func(start, end int) [][]string // the documents' rows, kept once x is let go
	err  error
	made bool
	// files made from x not yet rendered by a one-shot build; base shards
	// that are kept never are, and the postings, of the tail alone then,
	// are let go with the builder
	left int
}

// errIndexReleased is what a one-shot build gets for rendering a file of
// the index again once every file was rendered and the index let go.
var errIndexReleased = errors.New("search: the index was let go once its files were rendered")

// file makes an output's render function for one file of the index.
func (h *indexParts) file(render func(*search.Parts) ([]byte, error)) func() ([]byte, error) {
	return func() ([]byte, error) {
		h.mu.Lock()
		h.make()
		x, err := h.x, h.err
		if h.b.oneShot {
			if h.left--; h.left <= 0 {
				h.x, h.err = nil, cmp.Or(h.err, errIndexReleased)
			}
		}
		h.mu.Unlock()
		if err != nil {
			return nil, err
		}
		return render(x)
	}
}

// make merges the index, once; under the lock.
func (h *indexParts) make() {
	if !h.made {
		h.x, h.rows, h.err = h.b.searchIndex()
		h.made = true
	}
}

// docRows are the rows of chunk i's documents. They need the terms'
// places, not the postings, so they outlive the index.
func (h *indexParts) docRows(i int) ([][]string, error) {
	h.mu.Lock()
	h.make()
	rows, err := h.rows, h.err
	h.mu.Unlock()
	if rows == nil {
		return nil, cmp.Or(err, errIndexReleased)
	}
	n := len(h.b.m.items)
	return rows(i*search.Chunk, min((i+1)*search.Chunk, n)), nil
}

// chunk renders d/i.json, as search.Parts.Docs does.
func (h *indexParts) chunk(i int) func() ([]byte, error) {
	return func() ([]byte, error) {
		rows, err := h.docRows(i)
		if err != nil {
			return nil, err
		}
		return json.Marshal(rows)
	}
}

// chunkKey is the key of d/i.json for the build cache: its rows, which
// are all the file is made of.
func (h *indexParts) chunkKey(i int) func() ([sha256.Size]byte, error) {
	return func() ([sha256.Size]byte, error) {
		rows, err := h.docRows(i)
		if err != nil {
			return [sha256.Size]byte{}, err
		}
		k := newKeyHash()
		k.field("search chunk", strconv.Itoa(len(rows)))
		for _, r := range rows {
			k.field(strconv.Itoa(len(r)))
			k.field(r...)
		}
		return k.sum(), nil
	}
}

// searchIndex merges the tokens of every published entry into the index
// its files are rendered from, by document: from the oldest entry.
// Entries not handed in are read and tokenised in parallel, a batch at a
// time. A build that appends to the last build's index (indexcache.go)
// merges only the documents after it. It returns the documents' rows too
// (see search.Render).
func (b *builder) searchIndex() (*search.Parts, func(start, end int) [][]string, error) {
	items := b.m.items
	n := len(items)
	ix, slots, next := b.tokens.Close()
	const batch = 512
	for next < n {
		start, end := next, min(next+batch, n)
		var jobs []func() error
		for d := start; d < end; d++ {
			if slots[d] == nil {
				jobs = append(jobs, func() (err error) {
					slots[d], err = b.readTokens(items[n-1-d])
					if err == nil && b.cache != nil { // else the next build makes them again
						b.cache.writeTokens(d, appendTokens(nil, slots[d]))
					}
					return err
				})
			}
		}
		if err := run(jobs); err != nil {
			return nil, nil, err
		}
		for d := start; d < end; d++ {
			ix.Add(d, slots[d])
			slots[d].Release()
			slots[d] = nil
		}
		next = end
	}
	b.spilled = ix.Spilled()
	terms, place := b.searchTerms(items)
	rows := func(start, end int) [][]string {
		docs := make([]*Item, 0, end-start)
		for d := start; d < end; d++ {
			docs = append(docs, items[n-1-d])
		}
		return docRows(docs, place)
	}
	x := search.NewParts(n, rows, terms, &ix)
	if c := b.cache; c != nil && c.index.from > 0 {
		x.AppendTo(c.index.from, c.oldShard)
	}
	return x, rows, nil
}

// readTokens reads an entry's body back and tokenises the entry.
func (b *builder) readTokens(it *Item) (*search.DocTokens, error) {
	src, err := it.Text()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return b.docTokens(it, b.bodyText(it, src)), nil
}

// docTokens maps each token of an entry to the best field it is in; body
// is the entry's text.
func (b *builder) docTokens(it *Item, body string) *search.DocTokens {
	toks := search.NewDocTokens()
	add := func(s string, field int) {
		// Traditional folds to Simplified, here and in search.js, so
		// either script finds both.
		search.Tokens(b.m.rules.Simplified(s), func(tok []byte) { toks.Add(tok, field) })
	}
	add(it.Title, search.FieldTitle)
	// The names of what the entry is filed under, so that a query in one
	// language finds entries tagged in another ("wechat" finds 微信).
	for t := range itemTerms(it) {
		for _, tok := range b.termTokens(t) {
			toks.Add([]byte(tok), search.FieldTerm) // Add copies it: the conversion needs no allocation
		}
	}
	add(it.Summary, search.FieldSummary)
	add(it.Source, search.FieldSummary)
	if it.IsEvent() { // what its page says of it
		add(it.Status(), search.FieldSummary)
		if it.Amount() != nil {
			add(it.Amount().String(), search.FieldSummary)
		}
	}
	add(body, search.FieldBody)
	return toks
}

// termTokens is the tokens of t's names, in order, as terms.json lists
// them and each entry filed under t is indexed by: made once a term
// rather than once for each such entry (thousands for a topic), and
// kept by the model, whose rules they come from.
func (b *builder) termTokens(t termRef) []string {
	if v, ok := b.m.termToks.Load(t); ok {
		return v.([]string)
	}
	_, names := b.termNames(t)
	var toks []string
	for _, s := range names {
		search.Tokens(b.m.rules.Simplified(s), func(tok []byte) { toks = append(toks, string(tok)) })
	}
	v, _ := b.m.termToks.LoadOrStore(t, toks)
	return v.([]string)
}

// termRef is something an entry is filed under: a topic, an entity (a
// company, an authority or a jurisdiction) or, for an event, its kind.
type termRef struct{ class, id string }

// termClasses orders terms.json.
var termClasses = []string{"topic", "entity", "kind"}

// itemTerms are what it is filed under, in order: walked, not listed.
// The index's making asks for every entry's at once as it begins, and
// their slices were garbage that the collection then running counted
// as live (at 200,000 entries 27 MB of the 90 MB the heap rose by).
func itemTerms(it *Item) iter.Seq[termRef] {
	return func(yield func(termRef) bool) {
		for _, id := range it.Topics {
			if !yield(termRef{"topic", id}) {
				return
			}
		}
		for _, ids := range [3][]string{it.Entities, it.Authorities, it.Jurisdictions} {
			for _, id := range ids {
				if !yield(termRef{"entity", id}) {
					return
				}
			}
		}
		if it.IsEvent() && it.EventKind() != "" {
			yield(termRef{"kind", it.EventKind()})
		}
	}
}

// termNames are a term's label, as a result says it matched through it
// ("topic Antitrust"), and its names: name, names in other languages and
// aliases. A term the rules no longer know has none.
func (b *builder) termNames(t termRef) (string, []string) {
	switch t.class {
	case "kind":
		return "kind " + t.id, []string{t.id}
	case "topic":
		tp := b.m.rules.Topic(t.id)
		if tp == nil {
			return "", nil
		}
		return "topic " + tp.Name, append([]string{tp.Name}, slices.Sorted(maps.Values(tp.Names))...)
	}
	e := b.m.rules.Entity(t.id)
	if e == nil {
		return "", nil
	}
	names := append([]string{e.Name}, slices.Sorted(maps.Values(e.Names))...)
	for _, lang := range slices.Sorted(maps.Keys(e.Aliases)) {
		for _, a := range e.Aliases[lang] {
			names = append(names, strings.ReplaceAll(a, "*", ""))
		}
	}
	return e.Kind + " " + e.Name, names
}

// searchTerms lists the terms of the entries for terms.json, ordered by
// class and ID, and their places there. An entry's own places are found
// when its chunk is rendered (termPlaces): kept for every entry until
// then they were the index's largest state that grew with the archive.
func (b *builder) searchTerms(items []*Item) ([]search.Term, map[termRef]int) {
	seen := map[termRef]bool{}
	for _, it := range items {
		for t := range itemTerms(it) {
			seen[t] = true
		}
	}
	sorted := slices.SortedFunc(maps.Keys(seen), func(a, c termRef) int {
		return cmp.Or(cmp.Compare(slices.Index(termClasses, a.class), slices.Index(termClasses, c.class)), cmp.Compare(a.id, c.id))
	})
	place := make(map[termRef]int, len(sorted))
	var terms []search.Term
	for _, t := range sorted {
		label, _ := b.termNames(t)
		if label == "" {
			continue
		}
		place[t] = len(terms)
		terms = append(terms, search.Term{Label: label, Tokens: b.termTokens(t)})
	}
	return terms, place
}

// termPlaces are the places in terms.json of what an entry is filed
// under, ascending, each once: an authority may be listed as an entity
// too.
func termPlaces(it *Item, place map[termRef]int) []int {
	var places []int
	for t := range itemTerms(it) {
		if n, ok := place[t]; ok {
			places = append(places, n)
		}
	}
	slices.Sort(places)
	return slices.Compact(places)
}

// textOf is the text of a parsed Markdown body, without link targets and
// markup, cut at search.BodyBytes: the words as a reader sees them, a
// space between blocks and at line breaks, none inside a word that marks
// split ("snake_case", "anti**trust**").
func textOf(doc ast.Node, src []byte) string {
	var sb strings.Builder
	sb.Grow(min(len(src), search.BodyBytes))
	writeText(&sb, doc, src)
	return sb.String()
}

// withText calls use with the text of a parsed Markdown body (textOf),
// held in a pooled buffer: use must not keep it. An entry page's text
// goes only to its search tokens, which copy what they keep; a new
// string for each was 3% of what a large build allocates.
func withText(doc ast.Node, src []byte, use func(string)) {
	buf := textBufs.Get().(*bytes.Buffer)
	buf.Reset()
	buf.Grow(min(len(src), search.BodyBytes))
	writeText(buf, doc, src)
	if buf.Len() == 0 {
		use("")
	} else {
		use(unsafe.String(&buf.Bytes()[0], buf.Len()))
	}
	if buf.Cap() <= 2*search.BodyBytes {
		textBufs.Put(buf)
	}
}

var textBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// textSink is what writeText writes to: a strings.Builder or a
// bytes.Buffer.
type textSink interface {
	Write([]byte) (int, error)
	WriteByte(byte) error
	Len() int
}

// writeText writes textOf's text to w.
func writeText(w textSink, doc ast.Node, src []byte) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if w.Len() >= search.BodyBytes {
			return ast.WalkStop, nil
		}
		if !entering {
			if n.Type() == ast.TypeBlock {
				w.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			w.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				w.WriteByte(' ')
			}
		case *ast.String:
			w.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
}

// docRows are the documents of one chunk as search.js shows them: URL,
// title, date, kind, language, source or event kind, summary, the places
// of its terms in terms.json (place); and, for a report of a story of several,
// the story's page and its count of reports, so that a result links to
// its story as its card does.
func docRows(items []*Item, place map[termRef]int) [][]string {
	rows := make([][]string, len(items))
	for i, it := range items {
		kind, label := "news", it.Source
		if it.IsEvent() {
			kind, label = "event", it.EventKind()
		}
		rows[i] = []string{strings.TrimPrefix(it.URL, "/"), it.Title, it.Date.Format("2006-01-02"), kind, it.Lang, label, text.Clip(it.Summary, search.SummaryRunes), search.TermList(termPlaces(it, place))}
		if st := it.Story(); st != nil {
			rows[i] = append(rows[i], strings.TrimPrefix(st.URL(), "/"), strconv.Itoa(st.N()))
		}
	}
	return rows
}
