package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"docket/internal/synth"
)

func tokensOf(s string) []string {
	var out []string
	searchTokens(s, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

func TestSearchTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The EU fines Apple's App Store", "eu fines apple app store"},
		{"Café DÉCISION Ｗｅｃｈａｔ", "cafe decision wechat"}, // accents and full-width forms fold
		{"反垄断", "反 反垄 垄 垄断 断"},
		{"微信Pay 2021", "微 微信 信 pay 2021"},
		{"a I x", ""}, // one-letter words and stop words are left out
		{"Urząd Ochrony", "urzad ochrony"},
		{"한국 公平", "한 한국 국 公 公平 平"},
	} {
		if got := strings.Join(tokensOf(tc.in), " "); got != tc.want {
			t.Errorf("tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// decodePostings reads postings back the way search.js does.
func decodePostings(p string) map[int]int {
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

func TestVarintRoundTrip(t *testing.T) {
	want := map[int]int{0: fieldBody, 1: fieldTitle, 7: fieldSummary, 40: fieldEntity, 100000: fieldBody}
	var p []byte
	prev := -1
	for _, doc := range []int{0, 1, 7, 40, 100000} {
		p = appendVarint(p, (doc-prev)*4+want[doc])
		prev = doc
	}
	got := decodePostings(string(p))
	if len(got) != len(want) {
		t.Fatalf("decoded %v, want %v", got, want)
	}
	for doc, f := range want {
		if got[doc] != f {
			t.Errorf("doc %d: field %d, want %d", doc, got[doc], f)
		}
	}
}

// lookup finds a token's documents in a built site's index.
func lookup(t *testing.T, out, tok string) map[int]int {
	t.Helper()
	var m struct{ Shards int }
	readJSON(t, filepath.Join(out, "search/index.json"), &m)
	var shard map[string]string
	readJSON(t, filepath.Join(out, "search/s", strconv.Itoa(shardOf(tok, m.Shards))+".json"), &shard)
	return decodePostings(shard[tok])
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestSearchIndex(t *testing.T) {
	out := build(t, project(t))
	var docs [][]string
	readJSON(t, filepath.Join(out, "search/d/0.json"), &docs)
	titles := func(hits map[int]int) []string {
		var ts []string
		for doc := range hits {
			ts = append(ts, docs[doc][1])
		}
		slices.Sort(ts)
		return ts
	}
	// The fixture's Chinese item is found by its text and, through the
	// aliases of the entities it is tagged with, by an English name.
	zh := "工信部要求平台解除屏蔽网址链接"
	for _, tok := range []string{"屏蔽", "miit"} {
		if got := titles(lookup(t, out, tok)); !slices.Contains(got, zh) {
			t.Errorf("%q finds %q, want %q among them", tok, got, zh)
		}
	}
	// 按期 is only in its body.
	if hits := lookup(t, out, "按期"); len(hits) != 1 || docs[firstKey(hits)][1] != zh {
		t.Errorf("body text not indexed: 按期 finds %q", titles(hits))
	}
	for doc, f := range lookup(t, out, "marketplace") {
		if strings.Contains(strings.ToLower(docs[doc][1]), "marketplace") && f != fieldTitle {
			t.Errorf("%q: field %d for a title match", docs[doc][1], f)
		}
	}
	for _, row := range docs {
		if len(row) != 7 || strings.HasPrefix(row[0], "/") {
			t.Errorf("document row %q", row)
		}
	}
}

func firstKey(m map[int]int) int {
	for k := range m {
		return k
	}
	return -1
}

// slowTokens is searchTokens as the file's comment defines it, rune by
// rune, without the fast path for ASCII.
func slowTokens(s string) []string {
	var out []string
	var word []rune
	var cjk []rune
	flush := func() {
		if n := len(word); n > 1 && n <= 40 && !stopSet[string(word)] {
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
	for _, r := range foldSearch(s) {
		switch {
		case isCJK(r):
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
		searchTokens(s, func(b []byte) {
			tok := string(b)
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("token %q from %q", tok, s)
			}
			if tok != foldSearch(tok) {
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

// TestSearchFoldsTraditional: a Traditional title is indexed in Simplified
// characters, which is also what search.js turns a Traditional query into.
func TestSearchFoldsTraditional(t *testing.T) {
	root := project(t)
	os.WriteFile(filepath.Join(root, "content/news/2021/09/tw.md"), []byte("---\ntitle: 公平會調查平台壟斷\ndate: 2021-09-03\nlang: zh\n---\n"), 0o644)
	out := build(t, root)
	var docs [][]string
	readJSON(t, filepath.Join(out, "search/d/0.json"), &docs)
	found := false
	for doc := range lookup(t, out, "垄断") {
		found = found || docs[doc][1] == "公平會調查平台壟斷"
	}
	if !found {
		t.Error("垄断 does not find the entry written 壟斷")
	}
	if hits := lookup(t, out, "壟斷"); len(hits) != 0 {
		t.Errorf("Traditional tokens are in the index: %v", hits)
	}
	var pairs string
	readJSON(t, filepath.Join(out, "search/t2s.json"), &pairs)
	if !strings.Contains(pairs, "壟垄") {
		t.Error("search/t2s.json lacks the pair 壟垄")
	}
}

// TestSearchIndexEitherWay: the index is the same whether entry pages
// handed in their tokens (a build), some did (pages rendered out of
// order), or none did (the preview server asking for the index first).
func TestSearchIndexEitherWay(t *testing.T) {
	root := t.TempDir()
	if err := synth.Generate(root, 700, 1); err != nil { // more than a batch
		t.Fatal(err)
	}
	copyTree(t, "../../templates", filepath.Join(root, "templates"))
	index := func(render func(b *builder)) [][]byte {
		s, err := Load(Options{Root: root})
		if err != nil {
			t.Fatal(err)
		}
		render(s.b)
		x, err := s.b.searchIndex()
		if err != nil {
			t.Fatal(err)
		}
		return append(x.shards, x.docs...)
	}
	entries := func(pick func(i int) bool) func(b *builder) {
		return func(b *builder) {
			for i := len(b.m.items) - 1; i >= 0; i-- { // backwards: nothing merges until the end
				if pick(i) {
					if _, err := b.entryPage(b.m.items[i]); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	// Pages rendered while the index is being made, as the preview
	// server may: they neither wait for it nor change it.
	during := func(s *Site) [][]byte {
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < len(s.b.m.items); i += 4 {
					if _, err := s.b.entryPage(s.b.m.items[i]); err != nil {
						t.Error(err)
					}
				}
			})
		}
		x, err := s.b.searchIndex()
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		return append(x.shards, x.docs...)
	}
	s, err := Load(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	none := index(entries(func(int) bool { return false }))
	if got := during(s); !slices.EqualFunc(got, none, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("pages rendered while the index was made changed it")
	}
	for name, got := range map[string][][]byte{
		"all":  index(entries(func(int) bool { return true })),
		"some": index(entries(func(i int) bool { return i%3 == 0 })),
	} {
		if !slices.EqualFunc(got, none, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("%s entries rendered first: the index differs from one made without them", name)
		}
	}
}

// TestSearchFoldsAsRules: the index folds as the topic rules do, so the
// query "lodz" (folded the same way by search.js) finds "Łódź".
func TestSearchFoldsAsRules(t *testing.T) {
	if got := tokensOf("Łódź Straße"); !slices.Equal(got, []string{"lodz", "strasse"}) {
		t.Errorf("tokens %q, want [lodz strasse]", got)
	}
}
