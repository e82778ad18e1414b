package search

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"docket/internal/text"
)

func tokensOf(s string) []string {
	var out []string
	Tokens(s, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

func TestSearchTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The EU fines Apple's App Store", "eu fines apple app store"},
		{"Café DÉCISION Ｗｅｃｈａｔ", "cafe decision wechat"}, // accents and full-width forms fold
		{"反垄断", "反 反垄 垄 垄断 断"},
		{"微信Pay 2021", "微 微信 信 pay 2021"},
		{"a I x", ""}, // one-letter words and stop words are left out
		{"the then an ant with without its it's are area", "then ant without area"},
		{strings.Join(stopWords, " "), ""},
		{"Urząd Ochrony", "urzad ochrony"},
		{"한국 公平", "한 한국 국 公 公平 平"},
		// The long-vowel mark (script Common) is part of the kana run.
		{"コーヒー", "コ コー ー ーヒ ヒ ヒー ー"},
	} {
		if got := strings.Join(tokensOf(tc.in), " "); got != tc.want {
			t.Errorf("tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestVarintRoundTrip(t *testing.T) {
	want := map[int]int{0: FieldBody, 1: FieldTitle, 7: FieldSummary, 40: FieldTerm, 100000: FieldBody}
	var p []byte
	prev := -1
	for _, doc := range []int{0, 1, 7, 40, 100000} {
		p = AppendVarint(p, (doc-prev)*4+want[doc])
		prev = doc
	}
	got := Decode(string(p))
	if len(got) != len(want) {
		t.Fatalf("decoded %v, want %v", got, want)
	}
	for doc, f := range want {
		if got[doc] != f {
			t.Errorf("doc %d: field %d, want %d", doc, got[doc], f)
		}
	}
}

// slowTokens is searchTokens as the file's comment defines it, rune by
// rune, without the fast path for ASCII.
func slowTokens(s string) []string {
	var out []string
	var word []rune
	var cjk []rune
	flush := func() {
		if n := len(word); n > 1 && n <= 40 && !slices.Contains(stopWords, string(word)) {
			out = append(out, string(word))
		}
		for i := range cjk {
			out = append(out, string(cjk[i]))
			if i+1 < len(cjk) {
				out = append(out, string(cjk[i:i+2]))
			}
		}
		word, cjk = word[:0], cjk[:0]
	}
	for _, r := range text.Fold(s) {
		switch {
		case text.IsCJK(r):
			if len(word) > 0 {
				flush()
			}
			cjk = append(cjk, r)
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r):
			if len(cjk) > 0 {
				flush()
			}
			word = append(word, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func FuzzSearchTokens(f *testing.F) {
	for _, s := range []string{"The EU fines Apple", "反垄断 微信", "Ｗｅｃｈａｔ ǅ ﬁ", "e\u0301\u0301", "\xff\xfe", "WeChat微信Pay2021 Café İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokensOf(s), slowTokens(s); !slices.Equal(got, want) {
			t.Fatalf("tokens of %q: %q, by the definition %q", s, got, want)
		}
		Tokens(s, func(b []byte) {
			tok := string(b)
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("token %q from %q", tok, s)
			}
			if tok != text.Fold(tok) {
				t.Fatalf("token %q is not in normal form", tok)
			}
			for _, again := range tokensOf(tok) {
				if again == tok {
					return
				}
			}
			t.Fatalf("token %q does not tokenise to itself: %q", tok, tokensOf(tok))
		})
	})
}

// TestSearchFoldsAsRules: the index folds as the topic rules do, so the
// query "lodz" (folded the same way by search.js) finds "Łódź".
func TestSearchFoldsAsRules(t *testing.T) {
	if got := tokensOf("Łódź Straße"); !slices.Equal(got, []string{"lodz", "strasse"}) {
		t.Errorf("tokens %q, want [lodz strasse]", got)
	}
}

func TestStem(t *testing.T) {
	for _, tc := range []struct{ words, stem string }{
		{"fine fines fined fining", "fine"},
		{"rule rules ruled ruling", "rule"},
		{"investigation investigations", "investig"},
		{"regulator regulators regulated", "regul"},
		{"news", "news"},
		{"2021 g7 反垄 café", ""}, // not words of a–z: as they are
	} {
		for _, w := range strings.Fields(tc.words) {
			want := cmp.Or(tc.stem, w)
			if got := Stem(w); got != want {
				t.Errorf("Stem(%q) = %q, want %q", w, got, want)
			}
		}
	}
}

// TestPostingsStems: forms of one word in one document make one posting,
// with the best field of them, whatever order they come in.
func TestPostingsStems(t *testing.T) {
	for range 20 { // map order, and so docOf's, varies from run to run
		var p Postings
		p.Add(0, docOf(map[string]int{"fines": FieldTitle, "fined": FieldBody, "fine": FieldTerm}))
		p.Add(3, docOf(map[string]int{"fining": FieldBody, "fine": FieldTerm}))
		p.Add(4, docOf(map[string]int{"fine": FieldTerm, "fined": FieldSummary}))
		p.flush()
		if p.lists.len() != 1 || p.lists.at(0).term != "fine" {
			t.Fatalf("lists %+v, want one for fine", p.lists.blocks)
		}
		got := Decode(string(p.lists.at(0).list))
		want := map[int]int{0: FieldTitle, 3: FieldBody, 4: FieldSummary}
		if !maps.Equal(got, want) {
			t.Fatalf("postings %v, want %v", got, want)
		}
	}
}

// TestMergerLimit: with a limit, a worker too far ahead of the merge
// waits until the entries before it are handed in and merged.
func TestMergerLimit(t *testing.T) {
	tm := NewMerger(10)
	tm.Limit(2)
	got := make(chan bool)
	// Place 4 of 10 in the timeline is document 5; the merge goes from
	// document 0, the entry at place 9.
	go func() { got <- tm.Wants(4) }()
	for i := range 4 {
		select {
		case <-got:
			t.Fatalf("Wants(4) returned with the merge at %d, limit 2", i)
		case <-time.After(20 * time.Millisecond):
		}
		tm.Put(9-i, docOf(map[string]int{"word": FieldBody}))
	}
	select {
	case want := <-got:
		if !want {
			t.Error("Wants(4) = false for tokens still to come")
		}
	case <-time.After(stallWait / 2):
		t.Fatal("Wants(4) still waiting with the merge at 4")
	}
	ix, _, next := tm.Close()
	if next != 4 || ix.Base.lists.len() != 1 {
		t.Errorf("merged to %d with %d lists, want 4 and 1", next, ix.Base.lists.len())
	}
	if tm.slots != nil || tm.ix.Base.lists.blocks != nil {
		t.Error("the merger keeps its postings after Close")
	}
}

// TestMergerLimitStall: an entry that is never handed in holds the merge
// back once, for stallWait; after that no one waits for it again.
func TestMergerLimitStall(t *testing.T) {
	tm := NewMerger(10)
	tm.Limit(2)
	start := time.Now()
	if !tm.Wants(5) {
		t.Error("Wants(5) = false")
	}
	if d := time.Since(start); d < stallWait {
		t.Errorf("gave up after %v, want %v", d, stallWait)
	}
	start = time.Now()
	if !tm.Wants(7) || time.Since(start) > stallWait/2 {
		t.Errorf("waited again for the same stalled entry: %v", time.Since(start))
	}
}

// TestListStore: lists keep their places and their addresses as more
// are added, across blocks.
func TestListStore(t *testing.T) {
	for _, n := range []int{1, listBlock - 1, listBlock, listBlock + 1, 3*listBlock + 7} {
		var s listStore
		first := (*postingList)(nil)
		for i := range n {
			if j := s.add(strconv.Itoa(i)); int(j) != i {
				t.Fatalf("n=%d: list %d added at %d", n, i, j)
			}
			if i == 0 {
				first = s.at(0)
				first.list = append(first.list, 1)
			}
		}
		if s.len() != n || s.at(0) != first || len(first.list) != 1 {
			t.Errorf("n=%d: len %d, the first list moved or lost its postings", n, s.len())
		}
		for _, j := range []int{0, n / 2, n - 1} {
			if l := s.at(int32(j)); l.term != strconv.Itoa(j) || l.last != -1 {
				t.Errorf("n=%d: list %d is %q (last %d)", n, j, l.term, l.last)
			}
		}
	}
}

// TestSplit: the split moves in blocks of a sixteenth of the largest
// power of two up to the count, never back as documents are added, and
// leaves a tail of at most a sixteenth of the index.
func TestSplit(t *testing.T) {
	for _, tc := range []struct{ docs, split, base, tail int }{
		{0, 0, 0, 0},
		{1, 1, 1, 0},
		{31, 31, 1, 0},
		{32, 32, 1, 1},
		{33, 32, 1, 1},
		{3000, 2944, 128, 4},
		{50020, 49152, 512, 64},
		{51200, 51200, 512, 64},
		{131_072, 131_072, 512, 256},
		{140_000, 139_264, 1024, 256},
		{300_000, 294_912, 2048, 512},
		{1_000_000, 983040, 4096, 512},
		{10_000_000, 9_961_472, 4096, 2048},
	} {
		base, tail := ShardCounts(tc.docs)
		if got := Split(tc.docs); got != tc.split || base != tc.base || tail != tc.tail {
			t.Errorf("%d documents: split %d, %d+%d shards, want %d, %d+%d", tc.docs, got, base, tail, tc.split, tc.base, tc.tail)
		}
	}
	last := 0
	for docs := range 200_000 {
		at := Split(docs)
		if at < last || at > docs || (docs-at)*16 > docs {
			t.Fatalf("%d documents: split %d after %d", docs, at, last)
		}
		last = at
	}
}

// TestPostingsAcrossFlushes: postings kept back for a sorted batch
// (flush) come out as if each had gone into its list at once, in lists
// that take documents from several batches and forms of one word.
func TestPostingsAcrossFlushes(t *testing.T) {
	forms := []string{"fine", "fines", "fined", "probe", "probes", "market"}
	r := rand.New(rand.NewPCG(3, 4))
	var p Postings
	want := map[string]map[int]int{} // by term: document -> best field
	docs := 3 * pendingMax / 40
	for doc := range docs {
		m := map[string]int{}
		for range 40 { // some repeat: fewer distinct tokens
			tok := forms[r.IntN(len(forms))]
			if r.IntN(2) == 0 {
				tok = "w" + strconv.Itoa(r.IntN(3000))
			}
			m[tok] = max(m[tok], r.IntN(FieldTitle+1))
		}
		for tok, field := range m {
			term := Stem(tok)
			if want[term] == nil {
				want[term] = map[int]int{}
			}
			want[term][doc] = max(want[term][doc], field)
		}
		p.Add(doc, docOf(m))
	}
	p.flush()
	if p.lists.len() != len(want) {
		t.Fatalf("%d lists, want %d", p.lists.len(), len(want))
	}
	for j := range p.lists.len() {
		l := p.lists.at(int32(j))
		if got := Decode(string(l.list)); !maps.Equal(got, want[l.term]) {
			t.Fatalf("%s: %d documents, want %d; first differences: %v", l.term, len(got), len(want[l.term]), firstDiff(got, want[l.term]))
		}
	}
}

// firstDiff is a document whose field differs between two postings, for
// a failure's message.
func firstDiff(got, want map[int]int) string {
	for d, f := range want {
		if g, ok := got[d]; !ok || g != f {
			return fmt.Sprintf("document %d: field %d, want %d (present: %v)", d, g, f, ok)
		}
	}
	for d := range got {
		if _, ok := want[d]; !ok {
			return fmt.Sprintf("document %d is not wanted", d)
		}
	}
	return "none"
}
