package site

import (
	"cmp"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"docket/internal/search"
)

// lookup finds a token's documents in a built site's index, by its stem.
func lookup(t *testing.T, out, tok string) map[int]int {
	t.Helper()
	tok = search.Stem(tok)
	var m struct{ Shards, Tail int }
	readJSON(t, filepath.Join(out, "search/index.json"), &m)
	docs := map[int]int{}
	for part, n := range map[string]int{"s": m.Shards, "t": m.Tail} {
		if n == 0 {
			continue
		}
		var shard map[string]string
		readJSON(t, filepath.Join(out, "search", part, strconv.Itoa(search.ShardOf(tok, n))+".json"), &shard)
		maps.Copy(docs, search.Decode(shard[tok]))
	}
	return docs
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
		if strings.Contains(strings.ToLower(docs[doc][1]), "marketplace") && f != search.FieldTitle {
			t.Errorf("%q: field %d for a title match", docs[doc][1], f)
		}
	}
	for _, row := range docs {
		if (len(row) != 8 && len(row) != 10) || strings.HasPrefix(row[0], "/") {
			t.Errorf("document row %q", row)
		}
	}
}

// The search index knows stories: each report of a story of several is
// found by its own words, and its row links to the story's page with its
// count of reports.
func TestSearchKnowsStories(t *testing.T) {
	out := build(t, project(t))
	var docs [][]string
	readJSON(t, filepath.Join(out, "search/d/0.json"), &docs)
	var stories []struct {
		ID, URL string
		Reports []struct{ URL, Title string }
	}
	readJSON(t, filepath.Join(out, "data/stories.json"), &stories)
	if len(stories) == 0 {
		t.Fatal("the fixture has no story of several reports")
	}
	for _, st := range stories {
		for _, r := range st.Reports {
			i := slices.IndexFunc(docs, func(row []string) bool { return strings.HasSuffix(r.URL, "/"+row[0]) })
			if i < 0 {
				t.Errorf("story %s: report %s is not in the search index", st.ID, r.URL)
				continue
			}
			row := docs[i]
			if len(row) != 10 || row[8] != "stories/"+st.ID+"/" || row[9] != strconv.Itoa(len(st.Reports)) {
				t.Errorf("story %s: row of %s is %q, want its story's page and %d reports", st.ID, r.URL, row, len(st.Reports))
			}
			var tok string
			search.Tokens(r.Title, func(b []byte) { tok = cmp.Or(tok, string(b)) })
			if _, ok := lookup(t, out, tok)[i]; !ok {
				t.Errorf("story %s: %q does not find report %q", st.ID, tok, r.Title)
			}
		}
	}
}

func firstKey(m map[int]int) int {
	for k := range m {
		return k
	}
	return -1
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

// An entry's tokens include the names of what it is filed under, made
// once a term; a new name given in the rules reaches them at the
// preview's next update, not only at the next load.
func TestSearchTermNamesFollowRules(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	field := func(tok string) int {
		s.mu.RLock()
		defer s.mu.RUnlock()
		for _, it := range s.b.m.items {
			if slices.Contains(it.Entities, "tencent") {
				toks := s.b.docTokens(it, "")
				defer toks.Release()
				return toks.Field(tok)
			}
		}
		t.Fatal("no entry is filed under tencent")
		return 0
	}
	if f := field("tencent"); f != search.FieldTerm {
		t.Fatalf("tencent is in field %d, want the term field %d", f, search.FieldTerm)
	}
	if f := field("holdings"); f != -1 {
		t.Fatalf("holdings is in field %d before the rules name it", f)
	}
	p := filepath.Join(root, "feeds/entities.yaml")
	d, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(strings.Replace(string(d), "name: Tencent,", "name: Tencent Holdings,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update([]string{"feeds/entities.yaml"}); err != nil {
		t.Fatal(err)
	}
	if f := field("holdings"); f != search.FieldTerm {
		t.Errorf("after the rules name it, holdings is in field %d, want %d", f, search.FieldTerm)
	}
}

// TestSearchIndexEitherWay: the index is the same whether entry pages
// handed in their tokens (a build), some did (pages rendered out of
// order), or none did (the preview server asking for the index first).
func TestSearchIndexEitherWay(t *testing.T) {
	root := synthProject(t, 700) // more than a batch
	index := func(render func(b *builder)) [][]byte {
		s, err := Load(Options{Root: root})
		if err != nil {
			t.Fatal(err)
		}
		render(s.b)
		x, err := mustIndexErr(s)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Concat(x.Shards, x.Tail, x.Docs)
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
		x, err := mustIndexErr(s)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		return slices.Concat(x.Shards, x.Tail, x.Docs)
	}
	s := mustLoad(t, root)
	none := index(entries(func(int) bool { return false }))
	if got := during(s); !slices.EqualFunc(got, none, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("pages rendered while the index was made changed it")
	}
	// A build's limit on tokens waiting for the merge: 4 workers in
	// timeline order, most of them far ahead of the merge at times.
	limited := index(func(b *builder) {
		b.tokens.Limit(8)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < len(b.m.items); i += 4 {
					if _, err := b.entryPage(b.m.items[i]); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
	})
	for name, got := range map[string][][]byte{
		"all":     index(entries(func(int) bool { return true })),
		"some":    index(entries(func(i int) bool { return i%3 == 0 })),
		"limited": limited,
	} {
		if !slices.EqualFunc(got, none, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Errorf("%s entries rendered first: the index differs from one made without them", name)
		}
	}
}

// TestSearchFindsFines: in the shipped sample, the term fine finds every
// event of kind fine, whether or not its words say so, and every entry
// whose title has a form of the word.
func TestSearchFindsFines(t *testing.T) {
	out := buildSample(t)
	var items []struct {
		Title     string
		EventKind string `json:"event_kind"`
	}
	readJSON(t, filepath.Join(out, "data/items.json"), &items)
	var m struct{ Docs, Chunk int }
	readJSON(t, filepath.Join(out, "search/index.json"), &m)
	found := map[string]int{}
	for doc, f := range lookup(t, out, "fining") {
		var rows [][]string
		readJSON(t, filepath.Join(out, "search/d", strconv.Itoa(doc/m.Chunk)+".json"), &rows)
		found[rows[doc%m.Chunk][1]] = f
	}
	form := regexp.MustCompile(`(?i)\bfin(e|es|ed|ing)\b`)
	fines := 0
	for _, it := range items {
		f, ok := found[it.Title]
		switch {
		case form.MatchString(it.Title) && f != search.FieldTitle:
			t.Errorf("%q: found %v in field %d, want the title", it.Title, ok, f)
		case it.EventKind == "fine" && !ok:
			t.Errorf("event %q of kind fine not found", it.Title)
		}
		if it.EventKind == "fine" {
			fines++
		}
	}
	if fines < 3 {
		t.Errorf("%d fines in the sample, want several", fines)
	}
}

// TestSearchIndexesEvents: an event is found by its status, amount and
// authorities, each in its field, and its row names its kind among its
// terms, so a match through the kind says so.
func TestSearchIndexesEvents(t *testing.T) {
	out := build(t, project(t))
	var docs [][]string
	readJSON(t, filepath.Join(out, "search/d/0.json"), &docs)
	event := slices.IndexFunc(docs, func(row []string) bool { return row[1] == "Ministry orders platforms to unblock each other's links" })
	fine := slices.IndexFunc(docs, func(row []string) bool { return row[1] == "Regulator fines a marketplace for exclusivity deals" })
	for _, tc := range []struct {
		tok        string
		doc, field int
	}{
		{"order", event, search.FieldTitle},   // its kind is in its title too
		{"force", event, search.FieldSummary}, // status: in force
		{"paid", fine, search.FieldSummary},
		{"billion", fine, search.FieldSummary}, // amount: CNY 18.228 billion
		{"cny", fine, search.FieldSummary},
		{"samr", fine, search.FieldTerm}, // an authority, by its alias
		{"fine", fine, search.FieldTitle},
	} {
		if f, ok := lookup(t, out, tc.tok)[tc.doc]; !ok || f != tc.field {
			t.Errorf("%q: in %q found %v, field %d, want field %d", tc.tok, docs[tc.doc][1], ok, f, tc.field)
		}
	}
	var terms [][]string
	readJSON(t, filepath.Join(out, "search/terms.json"), &terms)
	for _, n := range strings.Fields(docs[event][7]) {
		i, _ := strconv.Atoi(n)
		if terms[i][0] == "kind order" {
			return
		}
	}
	t.Errorf("the order's terms %q do not name its kind", docs[event][7])
}

// TestSearchIndexLetGo: a one-shot build lets the merged index go once
// it has rendered every file of it; the preview server, which renders
// files on demand and again after a save, keeps it. Either way the files
// are those of the whole index rendered at once.
func TestSearchIndexLetGo(t *testing.T) {
	root := synthProject(t, 100)
	files := func(b *builder) []output {
		var outs []output
		for _, o := range b.searchOutputs() {
			if o.path == "/search/index.json" || o.path == "/search/terms.json" ||
				strings.HasPrefix(o.path, "/search/s/") || strings.HasPrefix(o.path, "/search/t/") || strings.HasPrefix(o.path, "/search/d/") {
				outs = append(outs, o)
			}
		}
		return outs
	}
	want, err := mustIndexErr(mustLoad(t, root))
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := slices.Concat([][]byte{want.Manifest}, want.Shards, want.Tail, [][]byte{want.Terms}, want.Docs)
	for _, oneShot := range []bool{false, true} {
		s := mustLoad(t, root)
		s.b.oneShot = oneShot
		outs := files(s.b)
		if len(outs) != len(wantFiles) {
			t.Fatalf("%d index files planned, want %d", len(outs), len(wantFiles))
		}
		for i, o := range outs {
			got, err := o.render()
			if err != nil {
				t.Fatalf("oneShot %v: %s: %v", oneShot, o.path, err)
			}
			if string(got) != string(wantFiles[i]) {
				t.Errorf("oneShot %v: %s differs from the index rendered whole", oneShot, o.path)
			}
		}
		_, err := outs[0].render()
		switch {
		case oneShot && !errors.Is(err, errIndexReleased):
			t.Errorf("a build rendered %s again after every file was written: error %v, want the index let go", outs[0].path, err)
		case !oneShot && err != nil:
			t.Errorf("the preview could not render %s again: %v", outs[0].path, err)
		}
	}
}

// TestWithText: the text an entry page hands its search tokens, from a
// pooled buffer, is textOf's, body after body: a buffer reused does not
// leave one body's text in the next.
func TestWithText(t *testing.T) {
	md := newMarkdown()
	bodies := []string{
		"Regulators *fined* the [platform](https://example.org/x) for anti**trust** breaches.\n\nA second paragraph,\nwith a soft break.",
		"",
		"短文本：微信 与 淘宝 的链接",
		"- one\n- two\n\n> quoted `code`",
		strings.Repeat("word ", search.BodyBytes/4), // cut at search.BodyBytes
		"last",
	}
	for range 2 {
		for _, body := range bodies {
			doc, src := parseMarkdown(md, []byte(body), "/news/x/")
			want := textOf(doc, src)
			var got string
			withText(doc, src, func(s string) { got = strings.Clone(s) })
			if got != want {
				t.Errorf("%.40q: withText gives %.60q, textOf %.60q", body, got, want)
			}
		}
	}
}
