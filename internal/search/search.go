// Package search makes the site's search index: tokens, Postings, shards
// and document chunks, as plain JSON that templates/assets/search.js reads.
// It knows nothing of entries: internal/site hands it tokens and rows.
//
// Search: the site ships its own compact, sharded index and a small
// script (templates/assets/search.js) that queries it in the browser.
//
// Why not Pagefind: it would add a Node binary to every build, its output
// is not promised to be byte-identical for identical input, it knows
// nothing of our entity aliases (a query for "wechat" must find 微信 items
// tagged with the entity), and its loader and WebAssembly alone weigh
// more than the whole of this. Our index is plain JSON, made in Go
// during the build, deterministic, and tested with the rest of the site.
//
// Layout, under /search/:
//
//	index.json      the manifest: counts, split, shard counts, chunk
//	                size, stop words
//	s/N.json        base shard N: {"term": "Postings", …} of the
//	                documents before the split, for terms whose FNV-1a
//	                hash modulo the base's shard count is N
//	t/N.json        tail shard N: the same of the documents from the
//	                split on, modulo the tail's shard count
//	d/N.json        documents N×chunk … N×chunk+chunk-1: [url, title,
//	                date, kind, lang, label, summary, terms] each
//	terms.json      what entries are filed under, see below
//
// A query loads the manifest, a base and a tail shard per distinct query
// token and one chunk per page of ten results, so what a browser
// downloads for a query does not grow with the site the way one big
// index would.
//
// Base and tail: the split is the document count rounded down to a
// multiple of a block, a sixteenth of the largest power of two up to the
// count (Split): 2,048 documents at 50,000, so it moves once in 2,048
// documents, and the tail holds at most about a sixteenth of the index.
// New entries are the newest, so a build that adds a few changes only
// the tail's postings, and the base shards, nearly all of the index,
// stay the files they were: a scheduled build rewrites, and a deploy
// uploads, only the tail. A site of fewer than 32 documents is all base.
//
// Tokens: text is NFKD-folded, combining marks dropped, recomposed (NFC)
// and lower-cased. A run of letters and digits is a word (words of one
// letter and stop words are left out); Han, kana and Hangul have no
// spaces, so each character and each pair of adjacent characters is a
// token: a query "反垄断" looks up 反垄 and 垄断 and keeps documents with
// both.
//
// Terms: the index keeps a token's stem (Stem): "fined", "fines" and
// "fining" are all "fine". Only English is stemmed (see Stem).
// search.js tokenises and stems queries the same way; a test in
// internal/site runs both over the sample's text and random strings.
//
// Postings: documents are numbered in timeline order from the oldest
// end: document 0 is the oldest entry, the newest is docs-1. Entries that
// arrive are newer than the rest, so the documents already in the index
// keep their numbers and their Postings only grow at the end: a build on
// the last one's cache appends the new documents' postings to each shard
// (after an entry dated among them, cut at it, see appendshard.go)
// instead of merging the whole archive again (internal/site's
// indexcache.go). Each part's lists start from document -1: a tail
// list's first gap is its first document's number plus one. A term's
// Postings are, per document, (gap from the previous document)×4
// + field, where field is where the term was found at best (0 only in
// the name of a term the entry is filed under, 1 body, 2 summary,
// 3 title), written as a varint in base-32 digits of a 64-letter
// alphabet: letters 0–31 end a number, 32–63 carry five bits and go on.
// A term found in the titles of consecutive documents costs one byte per
// document.
//
// terms.json lists what entries are filed under (topics, companies,
// authorities, jurisdictions, event kinds), each [label, term…], and a
// document row names its own by their place there, so search.js can say
// which one a match came through ("matched via topic Antitrust"). It is
// loaded only for a result that matched that way.
package search

import (
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"docket/internal/text"
)

const (
	Chunk        = 32    // documents per d/N.json
	perShard     = 32    // documents per shard, to size the shard count
	bigShards    = 512   // enough below 131,072 documents, perBigShard a shard
	perBigShard  = 256   // past that a shard holds up to this many documents
	maxShards    = 4096  // 244 documents a shard at a million
	BodyBytes    = 20000 // of an entry's text; the rest adds little
	SummaryRunes = 160   // runes of summary shown in a result
)

// Fields where a token was found, best last: a match in the entry's own
// words ranks above one only through the name of a topic or company it
// is filed under.
const (
	FieldTerm = iota
	FieldBody
	FieldSummary
	FieldTitle
)

// stopSet holds stopWords, for lookups; no stop word is longer than
// stopMax bytes, so longer words need no lookup.
var stopSet, stopMax = func() (map[string]bool, int) {
	m, longest := map[string]bool{}, 0
	for _, w := range stopWords {
		m[w], longest = true, max(longest, len(w))
	}
	return m, longest
}()

// stopFirst marks the first bytes of stop words.
var stopFirst = func() (first [256]bool) {
	for _, w := range stopWords {
		first[w[0]] = true
	}
	return first
}()

// stopWords are English words too common to help a query; search.js
// drops them from queries too (the manifest lists them).
var stopWords = []string{"an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it",
	"its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with"}

// Index is the rendered index of a build.
type Index struct {
	Manifest []byte   // index.json
	Shards   [][]byte // s/N.json
	Tail     [][]byte // t/N.json
	Docs     [][]byte // d/N.json
	Terms    []byte   // terms.json
}

// Term is something entries are filed under, as search.js names it
// ("topic Antitrust"), with the tokens of its names and aliases.
type Term struct {
	Label  string
	Tokens []string
}

// Stem is the index term of a token: a word of the letters a–z by the
// Snowball English (Porter2) stemmer, anything else as it is. A query
// has no language, so one stemmer applies to every word, whatever the
// entry's language; it is English's because search.js must stem
// identically and its Porter2 fits in 80 lines of JavaScript. French and
// Spanish (kljensen/snowball), German and Italian (Snowball's generated
// Go) are each several times larger to mirror; no Go stemmer for Polish
// exists.
func Stem(tok string) string {
	if !stemmable(tok) {
		return tok
	}
	return english.Stem(tok, true)
}

// stemmable: words of three letters a–z or more; the stemmer leaves
// shorter ones alone.
func stemmable(tok string) bool { return len(tok) >= 3 && lettersAZ(tok) }

func lettersAZ(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// Shards is how many shards an index of n documents has. It depends
// on the count alone, so the plan knows the files before the index is made.
// A search reads one shard a term, and the build holds a few at once
// while it merges their spilled postings: with 512 shards at most, a
// million entries made shards of 1.5 MB on average. So past 512 shards
// (131,072 documents) the count doubles again to keep each at most
// perBigShard documents, up to maxShards.
func Shards(n int) int {
	s := 1
	for s*perShard < n && s < bigShards {
		s *= 2
	}
	for s*perBigShard < n && s < maxShards {
		s *= 2
	}
	return s
}

// Split is the first document of the tail of an index of docs
// documents: docs rounded down to a multiple of its block.
func Split(docs int) int { return docs - docs%block(docs) }

// block is a sixteenth of the largest power of two up to docs, at least
// 1: the most documents a tail holds is one less.
func block(docs int) int {
	b := 1
	for b*32 <= docs {
		b *= 2
	}
	return b
}

// ShardCounts are how many base and tail shards an index of docs
// documents has: none for an empty base. The tail has as many shards as
// its largest would, however many documents it holds, so that the count
// changes only with the base's: a search page that read the manifest
// before a deploy looks a term up in the shard that has it after.
func ShardCounts(docs int) (base, tail int) {
	if at := Split(docs); at > 0 {
		base = Shards(at)
	}
	if b := block(docs); b > 1 {
		tail = Shards(b - 1)
	}
	return base, tail
}

// ShardOf is the shard of a token: FNV-1a of its UTF-8 bytes.
func ShardOf(tok string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(tok))
	return int(h.Sum32() % uint32(shards))
}

// Merger gathers entries' search tokens and merges them into the
// Postings in document order (oldest first). Entries are handed in by
// their place in the timeline, newest first, as the site lists them:
// entry i of n is document n-1-i. Entry pages hand in the tokens of the body
// they parse anyway, so a build parses each body once; Index
// tokenises whatever was not handed in. Workers take entries in timeline
// order, so only the few rendered ahead of the merge wait in memory.
//
// The merge itself runs outside the lock: the worker whose entry lets it
// go on takes the entries that are ready and merges them while the
// others keep handing theirs in. A build renders entry pages oldest
// first for this. On a large vocabulary merging is a good
// part of the build, and under the lock every page worker queued on it.
type Merger struct {
	mu      sync.Mutex
	done    sync.Cond // signalled when a merge stops
	ix      Merged
	slots   []*DocTokens // tokens handed in ahead of the merge, by document
	next    int          // documents before next are merged or being merged
	merging bool         // a worker is merging, outside the lock
	closed  bool         // the index is being made: take nothing more

	// With a limit, a worker more than limit entries ahead of the merge
	// waits for it (see Limit); advanced is closed whenever next moves.
	limit    int
	advanced chan struct{}
	stalled  int // the next a wait gave up on: no one waits for it again
}

// NewMerger gathers the tokens of n documents.
func NewMerger(n int) *Merger {
	tm := &Merger{ix: NewMerged(n), slots: make([]*DocTokens, n)}
	tm.done.L = &tm.mu
	return tm
}

// doc is the document of the entry at place i of the timeline.
func (tm *Merger) doc(i int) int { return len(tm.slots) - 1 - i }

// From makes the merge start at document k, before any tokens are handed
// in: the documents below k are in an index made before (an incremental
// build appends to it), so their tokens are not wanted.
func (tm *Merger) From(k int) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.next = max(tm.next, min(k, len(tm.slots)))
}

// Limit makes workers more than n entries ahead of the merge wait in
// Wants until it catches up: a single merge is slower than the page
// workers on a large vocabulary, and the token maps waiting for it were a
// build's largest use of memory (about 8 KB an entry at 50,000). A wait
// gives up after stallWait, and no one waits again for the same entry
// (one whose page fails never hands its tokens in; Index tokenises
// whatever was not). Only a full build sets a limit: a preview server
// renders pages on demand, out of order, and must never wait.
func (tm *Merger) Limit(n int) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.limit, tm.advanced, tm.stalled = n, make(chan struct{}), -1
}

const stallWait = time.Second

// SpillTo makes the merged postings spill into dir past budget bytes
// (see Postings.SpillTo); before any tokens are handed in.
func (tm *Merger) SpillTo(dir string, budget int) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.ix.SpillTo(dir, budget)
}

// Wants reports whether the tokens of the entry at place i of the
// timeline are still to come. With a limit it may first wait for the
// merge to come within reach.
func (tm *Merger) Wants(i int) bool {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	d := tm.doc(i)
	var timeout <-chan time.Time
	for tm.limit > 0 && !tm.closed && d-tm.next >= tm.limit && tm.next != tm.stalled {
		if timeout == nil {
			t := time.NewTimer(stallWait)
			defer t.Stop()
			timeout = t.C
		}
		advanced := tm.advanced
		tm.mu.Unlock()
		select {
		case <-advanced:
			tm.mu.Lock()
		case <-timeout:
			tm.mu.Lock()
			tm.stalled = tm.next
		}
	}
	return !tm.closed && d >= tm.next && tm.slots[d] == nil
}

// moved tells waiting workers that next moved; under the lock.
func (tm *Merger) moved() {
	if tm.advanced != nil {
		close(tm.advanced)
		tm.advanced = make(chan struct{})
	}
}

// Put hands in the tokens of the entry at place i of the timeline, which
// the merger then owns; tokens handed in twice, or once the index is
// being made, are dropped.
func (tm *Merger) Put(i int, toks *DocTokens) {
	tm.mu.Lock()
	d := tm.doc(i)
	if tm.closed || d < tm.next || tm.slots[d] != nil {
		tm.mu.Unlock()
		toks.Release()
		return
	}
	toks.seal() // the table is for adding tokens; waiting, toks only gives them
	tm.slots[d] = toks
	if tm.merging {
		tm.mu.Unlock() // the merging worker will take it
		return
	}
	tm.merging = true
	var batch []*DocTokens
	for {
		start := tm.next
		for ; !tm.closed && tm.next < len(tm.slots) && tm.slots[tm.next] != nil; tm.next++ {
			batch = append(batch, tm.slots[tm.next])
			tm.slots[tm.next] = nil
		}
		if len(batch) > 0 {
			tm.moved()
		}
		if len(batch) == 0 {
			tm.merging = false
			tm.done.Broadcast()
			tm.mu.Unlock()
			return
		}
		tm.mu.Unlock()
		for k, toks := range batch {
			tm.ix.Add(start+k, toks)
			toks.Release()
			batch[k] = nil
		}
		batch = batch[:0]
		tm.mu.Lock()
	}
}

// Close ends the handing in and gives up what it holds (the postings,
// the tokens not merged by document, and the first document not merged),
// once a merge under way is done, so that making the index keeps no page waiting on
// the lock.
func (tm *Merger) Close() (Merged, []*DocTokens, int) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.closed = true
	tm.moved()
	for tm.merging {
		tm.done.Wait()
	}
	// The caller's now: the merger keeps no reference, so the postings
	// are freed as soon as the caller is done with them.
	ix, slots := tm.ix, tm.slots
	tm.ix, tm.slots = Merged{}, nil
	return ix, slots, tm.next
}

// Merged are an index's postings in two parts (see Split): the base's,
// of the documents before At, and the tail's, of the documents from At.
type Merged struct {
	At         int
	Base, Tail Postings
	docs       int
	inTail     bool // a document of the tail was added
}

// NewMerged makes the empty postings of an index of docs documents.
func NewMerged(docs int) Merged {
	return Merged{At: Split(docs), Base: newPostings(), Tail: newPostings(), docs: docs}
}

// SpillTo makes both parts spill into dir past budget bytes (see
// Postings.SpillTo); before any document is added. The tail's runs have
// a folder of their own, as both number theirs from 0: one that cannot
// be made fails the tail's first run, and so the build, instead of
// leaving postings out.
func (m *Merged) SpillTo(dir string, budget int) {
	base, tail := ShardCounts(m.docs)
	m.Base.SpillTo(dir, budget, base)
	tailDir := filepath.Join(dir, "tail")
	os.Mkdir(tailDir, 0o700)
	m.Tail.SpillTo(tailDir, budget, tail)
}

// Add adds document doc to its part; documents are added in order.
func (m *Merged) Add(doc int, toks *DocTokens) {
	if doc < m.At {
		m.Base.Add(doc, toks)
		return
	}
	if !m.inTail {
		m.inTail = true
		m.Base.spillRest()
	}
	m.Tail.Add(doc, toks)
}

// Spilled is how many runs the postings wrote.
func (m *Merged) Spilled() int { return m.Base.Spilled() + m.Tail.Spilled() }

// Postings are the inverted lists being built: for each term, the gaps
// between the documents that have it, each with the best field, as varints.
type Postings struct {
	index tokenIndex       // a token's place in lists: the tokens of a stem share one
	terms map[string]int32 // a term's place in lists
	lists listStore
	spill *spill // nil: the lists stay in memory (see spill.go)
	// postings added but not yet in their lists (flush), each its list's
	// place, document and field as place<<32 | doc<<2 | field (a
	// document's number fits in 30 bits: a billion entries); and room
	// to sort them
	pending, sorted []uint64
}

type postingList struct {
	term    string
	last    int32  // the last document added to the list
	gap, at int32  // its gap from the one before, where its varint starts in list
	field   int8   // its field
	shard   uint16 // its shard+1 once a spill asked, else 0
	list    []byte
}

// listStore holds the lists in blocks of listBlock, so that a new list
// never moves the ones before it: appending to one slice of a million
// lists copies them at each doubling, and holds both copies meanwhile.
type listStore struct {
	blocks [][]postingList
	n      int32
}

const listBlock = 1024

// at is list j.
func (s *listStore) at(j int32) *postingList {
	u := uint32(j) // unsigned: a shift and a mask, not a signed division
	return &s.blocks[u/listBlock][u%listBlock]
}

// len is how many lists there are.
func (s *listStore) len() int { return int(s.n) }

// add adds an empty list for term and returns its place.
func (s *listStore) add(term string) int32 {
	if s.n%listBlock == 0 {
		s.blocks = append(s.blocks, make([]postingList, 0, listBlock))
	}
	b := &s.blocks[len(s.blocks)-1]
	*b = append(*b, postingList{term: term, last: -1})
	s.n++
	return s.n - 1
}

// tokenCost is about what a new token costs the postings in memory
// beside its bytes (its entry in index, a list, the term), for a
// spill's budget.
const tokenCost = 112

func newPostings() Postings {
	return Postings{terms: map[string]int32{}}
}

// Add adds document doc, numbered from the oldest entry, with its tokens and
// their best fields; documents are added in order. Tokens of one stem
// share a list, which keeps the best field of them: the order tokens come
// in does not matter.
func (p *Postings) Add(doc int, toks *DocTokens) {
	if p.terms == nil {
		*p = newPostings()
	}
	p.index.touch(toks.toks)
	for i := range toks.Len() {
		t := toks.toks[i]
		b := toks.buf[t.off:t.end]
		s := p.index.find(b, t.hash)
		j := s.place - 1
		if j < 0 { // stemmed once per token, not per document
			tok := string(b)
			j = p.place(tok)
			p.index.set(s, tok, t.hash, j)
			if p.spill != nil {
				p.spill.held += tokenCost + len(tok)
			}
		}
		p.pending = append(p.pending, uint64(j)<<32|uint64(doc)<<2|uint64(t.field))
	}
	if p.spill != nil {
		p.spill.held += 8 * toks.Len()
	}
	if len(p.pending) >= pendingMax {
		p.flush()
	}
	p.maybeSpill()
}

// pendingMax is how many postings Add keeps before flush puts them in
// their lists.
const pendingMax = 1 << 16

// flush puts the pending postings in their lists, list by list. Added
// document by document, each posting was a look-up of its list and of
// the list's end in memory no cache holds; sorted by list, the lists are
// visited in the order they lie in and each once a batch.
func (p *Postings) flush() {
	if len(p.pending) == 0 {
		return
	}
	grown := 0
	for _, v := range p.sortPending() {
		j, doc, field := int32(v>>32), int32(uint32(v)>>2), int(v&3)
		l := p.lists.at(j)
		before := len(l.list)
		if l.last == doc { // another form of a word already in this document
			if field > int(l.field) {
				l.field = int8(field)
				l.list = AppendVarint(l.list[:l.at], int(l.gap)*4+field)
			}
		} else {
			l.gap, l.field, l.at = doc-l.last, int8(field), int32(len(l.list))
			l.list = AppendVarint(l.list, int(l.gap)*4+field)
			l.last = doc
		}
		grown += len(l.list) - before
	}
	if p.spill != nil {
		p.spill.held += grown - 8*len(p.pending)
	}
	p.pending = p.pending[:0]
}

// sortPending sorts the pending postings by list, keeping the order of
// documents within each (a radix sort, a byte of the list's place at a
// time), and returns them.
func (p *Postings) sortPending() []uint64 {
	a := p.pending
	if cap(p.sorted) < len(a) {
		p.sorted = make([]uint64, len(a), cap(a))
	}
	tmp := p.sorted[:len(a)]
	lists := uint64(p.lists.len())
	for shift := 32; lists>>(shift-32) > 0; shift += 8 {
		var at [256]int
		for _, v := range a {
			at[byte(v>>shift)]++
		}
		n := 0
		for d, c := range at {
			at[d], n = n, n+c
		}
		for _, v := range a {
			d := byte(v >> shift)
			tmp[at[d]] = v
			at[d]++
		}
		a, tmp = tmp, a
	}
	p.pending, p.sorted = a, tmp
	return a
}

// place is where the list of a new token's term is, made if need be.
// Stems are words of a–z: a token with any other character is a term no
// other token shares.
func (p *Postings) place(tok string) int32 {
	if !lettersAZ(tok) {
		return p.lists.add(tok)
	}
	term := Stem(tok)
	j, ok := p.terms[term]
	if !ok {
		j = p.lists.add(term)
		p.terms[term] = j
	}
	return j
}

// Render writes the manifest, shards, document chunks and terms; rows
// are the documents in document order (oldest first), each [url, title, date, kind,
// lang, label, summary, terms], terms being places in terms.
func Render(rows [][]string, terms []Term, p *Merged) (*Index, error) {
	return NewParts(len(rows), func(start, end int) [][]string { return rows[start:end] }, terms, p).All()
}

// Parts is a merged index that renders one file at a time. A build
// writes each file as it is made, so the rendered index, about as large
// as the postings again and a shard's map of copies on top, is never in
// memory whole beside the postings it is made from.
type Parts struct {
	docs  int
	rows  func(start, end int) [][]string
	terms []Term
	m     *Merged
	// each base and tail shard's lists, by their place in their postings
	base, tail [][]int32
	// old, when set, is each base shard as an earlier index rendered it:
	// cut before document from, the base's postings are appended to it
	// (see AppendTo).
	old  func(shard int) ([]byte, error)
	from int
}

// NewParts readies the files of an index of docs documents, whose
// postings m split at Split(docs); rows gives the rows of documents
// start to end-1 (see Render) when their chunk is rendered. m must not
// change after.
func NewParts(docs int, rows func(start, end int) [][]string, terms []Term, m *Merged) *Parts {
	base, tail := ShardCounts(docs)
	return &Parts{docs: docs, rows: rows, terms: terms, m: m, base: m.Base.byShard(base), tail: m.Tail.byShard(tail)}
}

// Manifest renders index.json.
func (x *Parts) Manifest() ([]byte, error) {
	return json.Marshal(map[string]any{
		"version": 4, "docs": x.docs, "chunk": Chunk, "split": x.m.At, "shards": len(x.base), "tail": len(x.tail), "stop": stopWords,
	})
}

// Shard renders base shard s/i.json: each term's spilled pieces, if
// any, then what is in memory, after the shard as rendered before if it
// has one.
func (x *Parts) Shard(i int) ([]byte, error) {
	m, err := shardLists(&x.m.Base, x.base, i)
	if err != nil {
		return nil, err
	}
	if x.old != nil {
		old, err := x.old(i)
		if err != nil {
			return nil, err
		}
		return appendShard(old, x.from, m)
	}
	return marshalShard(m), nil
}

// TailShard renders tail shard t/i.json.
func (x *Parts) TailShard(i int) ([]byte, error) {
	m, err := shardLists(&x.m.Tail, x.tail, i)
	if err != nil {
		return nil, err
	}
	return marshalShard(m), nil
}

// shardLists are the postings of shard i's terms in p, whose shards
// hold the places of their lists, each list's first gap from document -1.
func shardLists(p *Postings, shards [][]int32, i int) (map[string]string, error) {
	if s := p.spill; s != nil && (len(s.runs) > 0 || s.err != nil) {
		return p.spilledShard(i, len(shards), shards[i])
	}
	m := make(map[string]string, len(shards[i]))
	for _, j := range shards[i] {
		l := p.lists.at(j)
		m[l.term] = string(l.list)
	}
	return m, nil
}

// Chunks is how many document chunks the index has.
func (x *Parts) Chunks() int { return (x.docs + Chunk - 1) / Chunk }

// Docs renders d/i.json.
func (x *Parts) Docs(i int) ([]byte, error) {
	return json.Marshal(x.rows(i*Chunk, min((i+1)*Chunk, x.docs)))
}

// Terms renders terms.json.
func (x *Parts) Terms() ([]byte, error) { return json.Marshal(termRows(x.terms)) }

// All renders every file.
func (x *Parts) All() (*Index, error) {
	ix := &Index{}
	var err error
	if ix.Manifest, err = x.Manifest(); err != nil {
		return nil, err
	}
	for i := range x.base {
		data, err := x.Shard(i)
		if err != nil {
			return nil, err
		}
		ix.Shards = append(ix.Shards, data)
	}
	for i := range x.tail {
		data, err := x.TailShard(i)
		if err != nil {
			return nil, err
		}
		ix.Tail = append(ix.Tail, data)
	}
	for i := range x.Chunks() {
		data, err := x.Docs(i)
		if err != nil {
			return nil, err
		}
		ix.Docs = append(ix.Docs, data)
	}
	if ix.Terms, err = x.Terms(); err != nil {
		return nil, err
	}
	return ix, nil
}

// termRows are terms as terms.json lists them: [label, term…], each
// term once.
func termRows(terms []Term) [][]string {
	rows := make([][]string, len(terms))
	for i, t := range terms {
		row := []string{t.Label}
		for _, tok := range t.Tokens {
			if s := Stem(tok); !slices.Contains(row[1:], s) {
				row = append(row, s)
			}
		}
		rows[i] = row
	}
	return rows
}

// TermList is how a document row names its terms: their places in the
// terms of Render, space-separated.
func TermList(places []int) string {
	b := make([]byte, 0, 4*len(places))
	for i, n := range places {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return string(b)
}

// varint digits: 0–31 end a number, 32–63 carry five bits and continue.
const varintDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// AppendVarint appends v in the index's text varint (search/s/N.json),
// which the facet index shares so that one decoder reads both.
func AppendVarint(b []byte, v int) []byte {
	for v >= 32 {
		b = append(b, varintDigits[32+v&31])
		v >>= 5
	}
	return append(b, varintDigits[v])
}

// Tokens calls emit for each index token of s (see the file's
// comment); a token may come more than once.
func Tokens(s string, emit func(tok []byte)) {
	s = text.FoldMarks(s) // and lower case, rune by rune below
	var word, pair []byte // word: the UTF-8 of the word being read
	var cjk []rune
	flushWord := func() {
		if len(word) == 0 {
			return
		}
		// A word that starts in ASCII and is at most 40 bytes long has
		// as many runes as the limits need to know: more than one if
		// more than one byte, at most 40. Only a stop word's first letter
		// sends a word to the map.
		n := len(word)
		if n > 40 || word[0] >= utf8.RuneSelf {
			n = utf8.RuneCount(word)
		}
		if n > 1 && n <= 40 && (len(word) > stopMax || !stopFirst[word[0]] || !stopSet[string(word)]) {
			emit(word)
		}
		word = word[:0]
	}
	flushCJK := func() {
		for i := range cjk {
			pair = utf8.AppendRune(pair[:0], cjk[i])
			emit(pair)
			if i+1 < len(cjk) {
				emit(utf8.AppendRune(pair, cjk[i+1]))
			}
		}
		cjk = cjk[:0]
	}
	for i := 0; i < len(s); {
		// ASCII, most of the text, without decoding or Unicode tables.
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			// The flushes are called only when they have something to
			// do: a closure call for every letter cost more than the rest.
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				if len(cjk) > 0 {
					flushCJK()
				}
				word = append(word, c)
			case 'A' <= c && c <= 'Z':
				if len(cjk) > 0 {
					flushCJK()
				}
				word = append(word, c+'a'-'A')
			default:
				if len(word) > 0 {
					flushWord()
				}
				if len(cjk) > 0 {
					flushCJK()
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case text.IsCJK(r):
			flushWord()
			cjk = append(cjk, r)
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r):
			flushCJK()
			word = utf8.AppendRune(word, unicode.ToLower(r))
		default:
			flushWord()
			flushCJK()
		}
	}
	flushWord()
	flushCJK()
}

// Decode reads postings back the way search.js does: each document with
// the field the token was found in at best.
func Decode(p string) map[int]int {
	docs := map[int]int{}
	doc, v, scale := -1, 0, 1
	for _, ch := range p {
		d := strings.IndexRune(varintDigits, ch)
		if d >= 32 {
			v += (d - 32) * scale
			scale *= 32
			continue
		}
		v += d * scale
		doc += v / 4
		docs[doc] = v % 4
		v, scale = 0, 1
	}
	return docs
}
