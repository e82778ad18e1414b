package content

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// agree checks the fast path against the full parser on one front
// matter: where the fast path takes it, both must give the same entry
// and put each key on the same line. It reports whether the fast path
// took it.
func agree(t *testing.T, fm string, kind Kind) bool {
	t.Helper()
	var fast, full Entry
	ff, ok := fastFrontMatter(fm, kind, &fast)
	if !ok {
		return false
	}
	f, ps := parseFrontMatter("x.md", []byte(fm), 2, kind, &full)
	if len(ps) > 0 || f == nil {
		t.Errorf("fast path took front matter the parser rejects (%v):\n%s", ps, fm)
		return true
	}
	if !reflect.DeepEqual(fast, full) {
		t.Errorf("fast path gives\n%#v\nparser gives\n%#v\nfor:\n%s", fast, full, fm)
	}
	for _, in := range []interner{nil, {}} {
		var kept Entry
		fastFrontMatter(fm, kind, &kept)
		before := stringsOf(reflect.ValueOf(kept))
		compact(&kept, in)
		if !reflect.DeepEqual(kept, full) {
			t.Errorf("compacted (interner %v), the fast path's entry is\n%#v\nnot\n%#v\nfor:\n%s", in != nil, kept, full, fm)
		}
		for _, s := range stringsOf(reflect.ValueOf(kept)) {
			for _, old := range append(before, fm) {
				if within(s, old) {
					t.Errorf("compacted (interner %v), %q still points into %q, made from the front matter:\n%s", in != nil, s, old, fm)
				}
			}
		}
	}
	for k, mv := range f {
		got, want := ff[k], mv.Key.GetToken().Position
		if got == nil {
			t.Errorf("key %s: missing from the fast path's fields:\n%s", k, fm)
			continue
		}
		if spotted[k] && (got.Key.GetToken().Position.Line != want.Line || got.Key.GetToken().Position.Column != want.Column) {
			t.Errorf("key %s: fast path has no position or another than %d:%d:\n%s", k, want.Line, want.Column, fm)
		}
	}
	if len(ff) != len(f) {
		t.Errorf("fast path has %d keys, parser %d:\n%s", len(ff), len(f), fm)
	}
	return true
}

// stringsOf is every string reachable from v, but for times'.
func stringsOf(v reflect.Value) []string {
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return stringsOf(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, stringsOf(v.Index(i))...)
		}
		return out
	case reflect.Struct:
		if v.Type() == timeType {
			return nil
		}
		var out []string
		for i := range v.NumField() {
			out = append(out, stringsOf(v.Field(i))...)
		}
		return out
	}
	return nil
}

// within reports whether s is a non-empty part of the string fm.
func within(s, fm string) bool {
	if s == "" || fm == "" {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	start := uintptr(unsafe.Pointer(unsafe.StringData(fm)))
	return p >= start && p < start+uintptr(len(fm))
}

// TestCompactShares: values entries repeat are one copy for every entry
// read with one interner, and what each entry keeps of its own is one
// string, not its front matter.
func TestCompactShares(t *testing.T) {
	in := interner{}
	var es [2]Entry
	for i, fm := range []string{
		"title: One\ntopics: [topic-1, topic-2]\nsource: Outlet\nfeed: feed-1\nurl: https://a.example/1\nmatched:\n  - {topic: topic-1, term: term, field: title, weight: 2}\n",
		"title: Two\ntopics: [topic-2]\nsource: Outlet\nfeed: feed-1\nurl: https://a.example/2\nmatched:\n  - {topic: topic-2, term: term, field: title, weight: 2}\n",
	} {
		if _, ok := fastFrontMatter(fm, News, &es[i]); !ok {
			t.Fatalf("fast path refused:\n%s", fm)
		}
		compact(&es[i], in)
	}
	same := func(name, a, b string) {
		if unsafe.StringData(a) != unsafe.StringData(b) {
			t.Errorf("%s: %q and %q are two copies", name, a, b)
		}
	}
	same("topic", es[0].Topics[1], es[1].Topics[0])
	same("source", es[0].Source, es[1].Source)
	same("feed", es[0].Feed, es[1].Feed)
	same("matched term", es[0].Matched[0].Term, es[1].Matched[0].Term)
	// An entry's own values sit side by side in one string.
	e := es[0]
	if unsafe.Pointer(unsafe.StringData(e.URL)) != unsafe.Add(unsafe.Pointer(unsafe.StringData(e.Title)), len(e.Title)) {
		t.Errorf("title %q and url %q are not one string", e.Title, e.URL)
	}
}

// TestFastFrontMatter: values the fast path must take, and values it
// must leave to the parser because YAML reads them as something other
// than they look (numbers, booleans, null, escapes, comments).
func TestFastFrontMatter(t *testing.T) {
	tests := []struct {
		name, fm string
		kind     Kind
		fast     bool
	}{
		{"synth news", "title: \"A and a from\"\ndate: 2024-01-11T18:36:00Z\nsummary: \"Up, who.\"\ntopics: [topic-25, topic-27]\nentities: [co-65]\njurisdictions: [region-8]\nsource: Outlet 10\nfeed: feed-10\nurl: https://news10.example/8035\nextracted: true\nmatched:\n  - {topic: topic-25, term: term, field: title, weight: 2}\n", News, true},
		{"fetched news", "title: EU names Alphabet, Amazon, Apple\ndate: 2021-09-28T09:08:00+05:30\nsummary: It's the DMA's list\ntopics:\n- a\n- b\nid: 0123456789\nguid: \"12345\"\nurl: \"https://x.example/a?b=c#d\"\nfetched: 2026-11-24T18:00:00Z\nmatched:\n- topic: a\n  term: blocking each other's links\n  field: body\n  weight: 3.0\n- topic: a\n  term: x\n  field: title\n  offset: 4\n  weight: 0.25\nextracted: false\nbackfilled: true\n", News, true},
		{"quoted term with a comma", "title: T\nmatched:\n  - {topic: a, term: \"x, y\", field: body, offset: 67, weight: 1.5}\n", News, true},
		{"event", "title: Fine\ndate: 2021-04-10\nkind: fine\nauthorities: [samr]\nstatus: final\n", Event, true},
		{"empty list", "title: T\ntopics: []\n", News, true},
		{"chinese title", "title: 阿里巴巴被罚182亿元\nlang: zh\n", News, true},
		{"date only", "title: T\ndate: 2021-09-28\nupdated: \"2021-09-29 10:00\"\n", News, true},
		{"number title", "title: 2024\n", News, false},
		{"octal-looking id", "title: T\nid: 0755\n", News, false},
		{"float title", "title: 1.5\n", News, false},
		{"boolean title", "title: true\n", News, false},
		{"null title", "title: ~\n", News, false},
		{"capital boolean", "title: T\ndraft: True\n", News, false},
		{"escape", "title: \"a\\tb\"\n", News, false},
		{"comment", "title: T # not part of it\n", News, false},
		{"comment line", "# note\ntitle: T\n", News, false},
		{"blank line", "title: T\n\ndate: 2021-09-28\n", News, false},
		{"single quotes", "title: 'It''s'\n", News, false},
		{"literal block", "title: T\nsummary: |\n  two\n  lines\n", News, false},
		{"folded plain", "title: a long\n  title\n", News, false},
		{"unknown key", "title: T\ntitel: U\n", News, false},
		{"key of another kind", "title: T\nkind: fine\n", News, false},
		{"repeated key", "title: T\ntitle: U\n", News, false},
		{"amount and sources", "title: T\namount: {value: 2915000000, currency: EUR}\nsources: [\"https://authority.example/0\"]\n", Event, true},
		{"block sources", "title: T\nsources:\n- https://a.example/1\n- https://a.example/2\n", Event, true},
		{"source with a title", "title: T\nsources:\n- {title: Decision, url: https://a.example/1}\n", Event, false},
		{"no sources", "title: T\nsources: []\n", Event, false},
		{"amount with a repeated key", "title: T\namount: {value: 1, value: 2}\n", Event, false},
		{"amount in exponent form", "title: T\namount: {value: 1.8e10, currency: CNY}\n", Event, false},
		{"related", "title: T\nrelated: [news/2021/09/x]\n", Event, false},
		{"case kind", "title: T\n", Case, false},
		{"page kind", "title: T\n", Page, false},
		{"tab", "title:\tT\n", News, false},
		{"crlf", "title: T\r\n", News, false},
		{"control character", "title: \"a\x01b\"\n", News, false},
		{"line separator", "title: a\u2028b\n", News, false},
		{"exponent weight", "title: T\nmatched:\n  - {topic: a, term: b, field: body, weight: 1e3}\n", News, false},
		{"octal offset", "title: T\nmatched:\n  - {topic: a, term: b, field: body, offset: 010, weight: 1}\n", News, false},
		{"unknown match key", "title: T\nmatched:\n  - {topic: a, term: b, field: body, weight: 1, extra: 2}\n", News, false},
		{"nested list", "title: T\ntopics:\n- - a\n", News, false},
		{"null list", "title: T\ntopics:\ndate: 2021-09-28\n", News, false},
		{"bad date", "title: T\ndate: yesterday\n", News, false},
		{"anchor", "title: &a T\n", News, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := agree(t, tt.fm, tt.kind); got != tt.fast {
				t.Errorf("fast path took it: %v, want %v", got, tt.fast)
			}
		})
	}
}

// TestFastFrontMatterRandom: front matters put together at random from
// pieces that YAML reads in different ways; the fast path may take any
// share of them, but what it takes it must read as the parser does.
func TestFastFrontMatterRandom(t *testing.T) {
	scalars := []string{
		"T", "Outlet 10", "a, b", "It's", "say \"no\"", "a:b", "a: b", "a #b", "a#b", "x:", "-a", "- a", "0123", "0x1F",
		"12", "1.5", "1e3", "+1", "-1", ".5", "true", "yes", "No", "null", "~", ".inf", ".NaN", "2021-09-28", "15:04",
		"\"q\"", "\"a, b\"", "\"a\\\"b\"", "'s'", "阿里巴巴", "a [b]", "{a}", "a}", "%x", "@x", "`x`", "a|b", "a > b",
		"https://x.example/a?b=c#d", "a  b", "a ", "..", "<<", "a\\b", "=", "!x", "*x", "&x", "?x", "\"\"", "_1", "1_000",
	}
	weights := []string{"1", "0.25", "3.0", "07", "1e3", "-1", ".5", "1.", "x", "\"2\"", "99999999999999999999"}
	keys := []string{"title", "summary", "source", "lang", "id", "guid", "feed", "story", "case", "author", "kind", "status"}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	taken := 0
	const n = 20000
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			switch r.IntN(7) {
			case 5:
				b.WriteString("amount: {value: " + pick(weights) + ", currency: " + pick(scalars) + "}\n")
			case 6:
				b.WriteString("sources: [" + pick(scalars) + ", " + pick(scalars) + "]\n")
			case 0, 1:
				b.WriteString(pick(keys) + ": " + pick(scalars) + "\n")
			case 2:
				b.WriteString("topics: [" + pick(scalars) + ", " + pick(scalars) + "]\n")
			case 3:
				b.WriteString("entities:\n- " + pick(scalars) + "\n- " + pick(scalars) + "\n")
			default:
				if r.IntN(2) == 0 {
					b.WriteString("matched:\n  - {topic: " + pick(scalars) + ", term: " + pick(scalars) + ", field: body, weight: " + pick(weights) + "}\n")
				} else {
					b.WriteString("matched:\n- topic: " + pick(scalars) + "\n  term: " + pick(scalars) + "\n  weight: " + pick(weights) + "\n")
				}
			}
		}
		if agree(t, b.String(), []Kind{News, Event}[r.IntN(2)]) {
			taken++
		}
		if t.Failed() {
			return
		}
	}
	if taken < n/40 {
		t.Errorf("the fast path took %d of %d: too few for the test to say much", taken, n)
	}
	t.Logf("fast path took %d of %d", taken, n)
}

// TestFastFrontMatterContent: the project's own entries read the same
// either way.
func TestFastFrontMatterContent(t *testing.T) {
	files, _ := filepath.Glob("../../content/*/*/*/*.md")
	events, _ := filepath.Glob("../../content/events/*.md")
	files = append(files, events...)
	if len(files) < 10 {
		t.Fatalf("found %d entries under content/", len(files))
	}
	taken := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fm, _, err := split(data)
		if err != nil {
			t.Fatal(err)
		}
		kind := News
		if strings.Contains(p, "/events/") {
			kind = Event
		}
		if agree(t, string(fm), kind) {
			taken++
		}
	}
	t.Logf("fast path took %d of %d entries", taken, len(files))
}

// TestLoadSharesPaths: a loaded entry's Rel and Slug are parts of its
// Path, not of the strings the folder walk made (which they would keep
// in memory as long as the entry).
func TestLoadSharesPaths(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{"news/2021/09/item", "events/2021-09-28-event"} {
		p := filepath.Join(root, filepath.FromSlash(rel)+".md")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("---\ntitle: T\ndate: 2021-09-28\nkind: fine\n---\nBody.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tree, ps := LoadFiles(root, nil) // the news item's kind is a problem, not the point
	if len(tree.Docs) != 2 {
		t.Fatalf("load: %d docs, problems %v", len(tree.Docs), ps)
	}
	for _, d := range tree.Docs {
		if !within(d.Rel, d.Path) || !within(d.Slug, d.Path) {
			t.Errorf("%s: rel %q and slug %q are not parts of its path", d.Path, d.Rel, d.Slug)
		}
	}
}
