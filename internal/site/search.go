package site

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
//	index.json      the manifest: counts, shard count, chunk size, stop words
//	s/N.json        shard N: {"token": "postings", …} for tokens whose
//	                FNV-1a hash modulo the shard count is N
//	d/N.json        documents N×chunk … N×chunk+chunk-1: [url, title,
//	                date, kind, lang, label, summary] each
//
// A query loads the manifest, one shard per distinct query token and one
// chunk per page of ten results, so what a browser downloads for a query
// does not grow with the site the way one big index would.
//
// Tokens: text is NFKD-folded, combining marks dropped, recomposed (NFC)
// and lower-cased. A run of letters and digits is a word (words of one
// letter and stop words are left out); Han, kana and Hangul have no
// spaces, so each character and each pair of adjacent characters is a
// token: a query "反垄断" looks up 反垄 and 垄断 and keeps documents with
// both. search.js tokenises queries the same way.
//
// Postings: documents are numbered in timeline order (newest first). A
// token's postings are, per document, (gap from the previous document)×4
// + field, where field is where the token was found at best (0 body,
// 1 summary, 2 entities and topics, 3 title), written as a varint in
// base-32 digits of a 64-letter alphabet: letters 0–31 end a number,
// 32–63 carry five bits and go on. A token found in the titles of
// consecutive documents costs one byte per document.

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"docket/internal/text"
)

const (
	searchChunk     = 32    // documents per d/N.json
	searchPerShard  = 32    // documents per shard, to size the shard count
	searchMaxShards = 512   // the cap keeps the manifest and folder small
	searchBodyBytes = 20000 // of an entry's text; the rest adds little
	searchSummary   = 160   // runes of summary shown in a result
)

// Fields where a token was found, best last.
const (
	fieldBody = iota
	fieldSummary
	fieldEntity
	fieldTitle
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

// stopWords are English words too common to help a query; search.js
// drops them from queries too (the manifest lists them).
var stopWords = []string{"an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it",
	"its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with"}

// searchIndex is the rendered index of a build.
type searchIndex struct {
	manifest []byte
	shards   [][]byte
	docs     [][]byte
}

// searchShards is how many shards an index of n documents has. It depends
// on the count alone, so the plan knows the files before the index is made.
func searchShards(n int) int {
	s := 1
	for s*searchPerShard < n && s < searchMaxShards {
		s *= 2
	}
	return s
}

// shardOf is the shard of a token: FNV-1a of its UTF-8 bytes.
func shardOf(tok string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(tok))
	return int(h.Sum32() % uint32(shards))
}

// searchOutputs plans the search page and the index files. The index is
// made once, by whichever of its files is rendered first.
func (b *builder) searchOutputs() []output {
	idx := sync.OnceValues(b.searchIndex)
	outs := []output{
		{"/search/", func() ([]byte, error) {
			return b.page(&Page{Kind: "search", Path: "/search/", Title: "Search"})
		}},
		{"/search/t2s.json", func() ([]byte, error) { return json.Marshal(b.m.rules.SimplifiedPairs()) }},
		{"/search/index.json", func() ([]byte, error) {
			x, err := idx()
			if err != nil {
				return nil, err
			}
			return x.manifest, nil
		}},
	}
	for i := range searchShards(len(b.m.items)) {
		outs = append(outs, output{"/search/s/" + strconv.Itoa(i) + ".json", func() ([]byte, error) {
			x, err := idx()
			if err != nil {
				return nil, err
			}
			return x.shards[i], nil
		}})
	}
	for i := range (len(b.m.items) + searchChunk - 1) / searchChunk {
		outs = append(outs, output{"/search/d/" + strconv.Itoa(i) + ".json", func() ([]byte, error) {
			x, err := idx()
			if err != nil {
				return nil, err
			}
			return x.docs[i], nil
		}})
	}
	return outs
}

// tokenMerger gathers entries' search tokens and merges them into the
// postings in timeline order. Entry pages hand in the tokens of the body
// they parse anyway, so a build parses each body once; searchIndex
// tokenises whatever was not handed in. Workers take entries in timeline
// order, so only the few rendered ahead of the merge wait in memory.
type tokenMerger struct {
	mu     sync.Mutex
	ix     postings
	slots  []map[string]int // tokens handed in ahead of the merge
	next   int              // entries before next are merged
	closed bool             // the index is being made: take nothing more
}

func newTokenMerger(n int) *tokenMerger {
	return &tokenMerger{ix: postings{lists: map[string][]byte{}, last: map[string]int{}}, slots: make([]map[string]int, n)}
}

// wants reports whether entry i's tokens are still to come.
func (tm *tokenMerger) wants(i int) bool {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return !tm.closed && i >= tm.next && tm.slots[i] == nil
}

// put hands in the tokens of entry i; tokens handed in twice, or once the
// index is being made, are dropped.
func (tm *tokenMerger) put(i int, toks map[string]int) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if tm.closed || i < tm.next || tm.slots[i] != nil {
		return
	}
	tm.slots[i] = toks
	for tm.next < len(tm.slots) && tm.slots[tm.next] != nil {
		tm.ix.add(tm.next, tm.slots[tm.next])
		tm.slots[tm.next] = nil
		tm.next++
	}
}

// close ends the handing in and gives up what it holds, so that making
// the index keeps no page waiting on the lock.
func (tm *tokenMerger) close() (postings, []map[string]int, int) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.closed = true
	return tm.ix, tm.slots, tm.next
}

// searchIndex merges the tokens of every published entry and renders the
// index. Entries not handed in are read and tokenised in parallel, a
// batch at a time.
func (b *builder) searchIndex() (*searchIndex, error) {
	items := b.m.items
	ix, slots, next := b.tokens.close()
	const batch = 512
	for next < len(items) {
		start, end := next, min(next+batch, len(items))
		var jobs []func() error
		for i := start; i < end; i++ {
			if slots[i] == nil {
				jobs = append(jobs, func() (err error) {
					slots[i], err = b.readTokens(items[i])
					return err
				})
			}
		}
		if err := run(jobs); err != nil {
			return nil, err
		}
		for i := start; i < end; i++ {
			ix.add(i, slots[i])
			slots[i] = nil
		}
		next = end
	}
	return renderIndex(items, ix.lists)
}

// postings are the inverted lists being built: for each token, the gaps
// between the documents that have it, each with the best field, as varints.
type postings struct {
	lists map[string][]byte
	last  map[string]int // the last document added to each list
}

func (p *postings) add(doc int, toks map[string]int) {
	for _, tok := range slices.Sorted(maps.Keys(toks)) {
		prev, seen := p.last[tok]
		gap := doc + 1
		if seen {
			gap = doc - prev
		}
		p.lists[tok] = appendVarint(p.lists[tok], gap*4+toks[tok])
		p.last[tok] = doc
	}
}

// readTokens reads an entry's body back and tokenises the entry.
func (b *builder) readTokens(it *Item) (map[string]int, error) {
	src, err := it.Text()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return b.docTokens(it, b.bodyText(it, src)), nil
}

// docTokens maps each token of an entry to the best field it is in; body
// is the entry's text.
func (b *builder) docTokens(it *Item, body string) map[string]int {
	toks := make(map[string]int, 256) // about what a 500-word entry has
	add := func(s string, field int) {
		// Traditional folds to Simplified, here and in search.js, so
		// either script finds both.
		searchTokens(b.m.rules.Simplified(s), func(tok []byte) {
			// Index with string(tok) does not allocate; only new tokens do.
			if f, ok := toks[string(tok)]; !ok || f < field {
				toks[string(tok)] = field
			}
		})
	}
	add(it.Title, fieldTitle)
	for _, s := range b.entityNames(it) {
		add(s, fieldEntity)
	}
	add(it.Summary, fieldSummary)
	add(it.Source, fieldSummary)
	add(body, fieldBody)
	return toks
}

// entityNames lists the names, display names and aliases of an entry's
// topics, companies, authorities and jurisdictions, so a query in one
// language finds entries tagged in another ("wechat" finds 微信).
func (b *builder) entityNames(it *Item) []string {
	var names []string
	for _, id := range it.Topics {
		if tp := b.m.rules.Topic(id); tp != nil {
			names = append(names, tp.Name)
			names = append(names, slices.Sorted(maps.Values(tp.Names))...)
		}
	}
	for _, id := range slices.Concat(it.Entities, it.Authorities, it.Jurisdictions) {
		e := b.m.rules.Entity(id)
		if e == nil {
			continue
		}
		names = append(names, e.Name)
		names = append(names, slices.Sorted(maps.Values(e.Names))...)
		for _, lang := range slices.Sorted(maps.Keys(e.Aliases)) {
			for _, a := range e.Aliases[lang] {
				names = append(names, strings.ReplaceAll(a, "*", ""))
			}
		}
	}
	return names
}

// textOf is the text of a parsed Markdown body, without link targets and
// markup, cut at searchBodyBytes: the words as a reader sees them, a
// space between blocks and at line breaks, none inside a word that marks
// split ("snake_case", "anti**trust**").
func textOf(doc ast.Node, src []byte) string {
	var sb strings.Builder
	sb.Grow(min(len(src), searchBodyBytes))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if sb.Len() >= searchBodyBytes {
			return ast.WalkStop, nil
		}
		if !entering {
			if n.Type() == ast.TypeBlock {
				sb.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			sb.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return sb.String()
}

// renderIndex writes the manifest, shards and document chunks.
func renderIndex(items []*Item, postings map[string][]byte) (*searchIndex, error) {
	nShards := searchShards(len(items))
	shards := make([]map[string]string, nShards)
	for i := range shards {
		shards[i] = map[string]string{}
	}
	for tok, p := range postings {
		shards[shardOf(tok, nShards)][tok] = string(p)
	}
	x := &searchIndex{}
	var err error
	x.manifest, err = json.Marshal(map[string]any{
		"version": 1, "docs": len(items), "chunk": searchChunk, "shards": nShards, "stop": stopWords,
	})
	if err != nil {
		return nil, err
	}
	for _, s := range shards {
		data, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		x.shards = append(x.shards, data)
	}
	for start := 0; start < len(items); start += searchChunk {
		data, err := json.Marshal(docRows(items[start:min(start+searchChunk, len(items))]))
		if err != nil {
			return nil, err
		}
		x.docs = append(x.docs, data)
	}
	return x, nil
}

// docRows are the documents of one chunk as search.js shows them.
func docRows(items []*Item) [][]string {
	rows := make([][]string, len(items))
	for i, it := range items {
		kind, label := "news", it.Source
		if it.IsEvent() {
			kind, label = "event", it.EventKind
		}
		rows[i] = []string{strings.TrimPrefix(it.URL, "/"), it.Title, it.Date.Format("2006-01-02"), kind, it.Lang, label, text.Clip(it.Summary, searchSummary)}
	}
	return rows
}

// varint digits: 0–31 end a number, 32–63 carry five bits and continue.
const varintDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

func appendVarint(b []byte, v int) []byte {
	for v >= 32 {
		b = append(b, varintDigits[32+v&31])
		v >>= 5
	}
	return append(b, varintDigits[v])
}

// searchTokens calls emit for each index token of s (see the file's
// comment); a token may come more than once.
func searchTokens(s string, emit func(tok []byte)) {
	s = text.FoldMarks(s) // and lower case, rune by rune below
	var word, pair []byte // word: the UTF-8 of the word being read
	var cjk []rune
	flushWord := func() {
		if len(word) == 0 {
			return
		}
		if n := utf8.RuneCount(word); n > 1 && n <= 40 && (len(word) > stopMax || !stopSet[string(word)]) {
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
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				flushCJK()
				word = append(word, c)
			case 'A' <= c && c <= 'Z':
				flushCJK()
				word = append(word, c+'a'-'A')
			default:
				flushWord()
				flushCJK()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case isCJK(r):
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

// foldSearch is the normal form of text for search (text.Fold): the
// rules' folding. search.js does the same.
func foldSearch(s string) string { return text.Fold(s) }
