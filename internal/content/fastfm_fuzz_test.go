package content

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// sameAsGoYAML fails when the fast path accepts fm but go-yaml rejects it
// or reads it differently, before or after compact; declining is always
// allowed.
func sameAsGoYAML(t *testing.T, fm string) {
	for _, kind := range []Kind{News, Event} {
		var fast, full Entry
		if _, ok := fastFrontMatter(fm, kind, &fast); !ok {
			continue
		}
		fl, ps := parseFrontMatter("x.md", []byte(fm), 2, kind, &full)
		if len(ps) > 0 || fl == nil {
			t.Fatalf("kind %v: fast path accepts, go-yaml rejects %v:\n%s", kind, ps, fm)
		}
		if !reflect.DeepEqual(fast, full) {
			t.Fatalf("kind %v: fast path and go-yaml differ\nfast %#v\nfull %#v\n%s", kind, fast, full, fm)
		}
		// What the loader keeps: the same values, copied into its own string.
		for _, in := range []interner{nil, {}} {
			kept := fast
			compact(&kept, in)
			if !reflect.DeepEqual(kept, full) {
				t.Fatalf("kind %v: compacted (interner %v), the entry differs\nkept %#v\nfull %#v\n%s", kind, in != nil, kept, full, fm)
			}
		}
	}
}

// FuzzFastFrontMatter feeds the fast path any bytes.
func FuzzFastFrontMatter(f *testing.F) {
	for _, s := range []string{
		"title: \"A and a from\"\ndate: 2024-01-11T18:36:00Z\nsummary: \"Up, who.\"\ntopics: [topic-25, topic-27]\nentities: [co-65]\nsource: Outlet 10\nfeed: feed-10\nurl: https://news10.example/8035\nextracted: true\nmatched:\n  - {topic: topic-25, term: term, field: title, weight: 2}\n",
		"title: Fine\ndate: 2021-04-10\nkind: fine\nauthorities: [samr]\nstatus: final\namount: {value: 2915000000, currency: EUR}\nsources: [\"https://authority.example/0\"]\n",
		"title: T\nsources:\n- https://a.example/1\ndraft: true\npinned: true\nstory: own\ncase: x-y\n",
		"amount: {currency: EUR, currency: USD}\n",
		"lang: \x80\n",
	} {
		f.Add(s)
	}
	f.Fuzz(sameAsGoYAML)
}

// FuzzFastFrontMatterShapes assembles front matters from the keys and
// values docket writes, which random bytes rarely reach: data picks the
// keys, shapes (scalar, flow list, flow map, block list, block maps) and
// values; extra is one more value.
func FuzzFastFrontMatterShapes(f *testing.F) {
	f.Add([]byte("abcdefghijklmnopqrstuvwxyz0123456789"), "x")
	f.Add([]byte{5, 1, 7, 3, 9, 2, 0, 4, 4, 8, 1, 1, 1, 6}, "a b")
	keys := []string{"title", "date", "updated", "lang", "summary", "draft", "hidden", "topics", "entities", "jurisdictions", "pinned", "case", "story",
		"id", "source", "feed", "url", "guid", "author", "image", "fetched", "matched", "extracted", "backfilled", "kind", "authorities", "status", "amount", "sources", "related", "titel"}
	mapKeys := []string{"value", "currency", "topic", "term", "field", "offset", "weight", "title", "url"}
	values := []string{"T", "EUR", "USD", "1", "0", "1.5", "2021-09-28", "true", "false", "yes", "~", "null", `"q"`, `"a, b"`, `""`, "a b", "https://a.example/x", `"https://a.example/y"`,
		"fine", "final", "samr", "en", "zh", "own", "1e3", "0x1", "a:b", "a#b", "x", "012", "2021-09-28T09:08:00Z", "[]", "[a]", "[a, b]", "{}", "-", "a,b", "'s'", "1.", ".5", "10000000000000000"}
	f.Fuzz(func(t *testing.T, data []byte, extra string) {
		if !utf8.ValidString(extra) || strings.Contains(extra, "\n") {
			return
		}
		next := func(n int) int {
			if len(data) == 0 {
				return 0
			}
			c := data[0]
			data = data[1:]
			return int(c) % n
		}
		value := func() string {
			if next(8) == 0 {
				return extra
			}
			return values[next(len(values))]
		}
		flowMap := func() string {
			var ps []string
			for range 1 + next(5) {
				ps = append(ps, mapKeys[next(len(mapKeys))]+": "+value())
			}
			return "{" + strings.Join(ps, ", ") + "}"
		}
		var b strings.Builder
		for range 1 + next(8) {
			k := keys[next(len(keys))]
			switch next(6) {
			case 0:
				b.WriteString(k + ": " + value() + "\n")
			case 1:
				b.WriteString(k + ": [" + value() + ", " + value() + "]\n")
			case 2:
				b.WriteString(k + ": " + flowMap() + "\n")
			case 3:
				ind := strings.Repeat(" ", next(3)*2)
				b.WriteString(k + ":\n")
				for range 1 + next(3) {
					b.WriteString(ind + "- " + value() + "\n")
				}
			case 4:
				ind := strings.Repeat(" ", next(3)*2)
				b.WriteString(k + ":\n")
				for range 1 + next(3) {
					if next(2) == 0 {
						b.WriteString(ind + "- " + flowMap() + "\n")
						continue
					}
					b.WriteString(ind + "- " + mapKeys[next(len(mapKeys))] + ": " + value() + "\n")
					for range next(4) {
						b.WriteString(ind + "  " + mapKeys[next(len(mapKeys))] + ": " + value() + "\n")
					}
				}
			default:
				b.WriteString(k + ": " + value() + " " + value() + "\n")
			}
		}
		sameAsGoYAML(t, b.String())
	})
}

// FuzzStringScalar checks stringScalar's shortcut against go-yaml's own
// reading of a plain scalar.
func FuzzStringScalar(f *testing.F) {
	for _, s := range []string{
		"null", "Null", "~", "TRUE", "false", "yes", ".inf", "-.Inf", "+.inf", ".NaN",
		"inf", "Infinity", "nan", "NaN.", "1", "-1", "+1", "017", "0x1F", "0o17", "0b101",
		"1_000", "+_1", "_1", ".5", "1.5e3", "1e5", "0x1p-2", "1.2.3", "123456", "2021-09-01", ".12345", "+123456", "-123456",
		"Alibaba fined", "e.5", "ab", "Ünïcode", "-abcdef", "+abcdef",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if v == "" {
			return
		}
		want := token.New(v, v, &token.Position{}).Type == token.StringType
		if got := stringScalar(v); got != want {
			t.Fatalf("stringScalar(%q) = %v, go-yaml reads a string: %v", v, got, want)
		}
	})
}

// FuzzParseKeepsNoBytes: what the load parses from a file's bytes keeps
// nothing of them, so that the load may read the next file into the same
// buffer (readBufs): a document parsed from bytes then overwritten is
// the one parsed from a copy that stays, on the fast path and go-yaml's,
// with the same problems.
func FuzzParseKeepsNoBytes(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2021-09-28\nsummary: \"a \\\"quoted\\\" summary\"\ntopics: [antitrust, interop]\nentities:\n  - alibaba\n  - tencent\nsource: Outlet\nfeed: f\nurl: https://example.org/a\nextracted: true\nmatched:\n  - {topic: antitrust, term: fine, field: title, weight: 2}\n---\nbody\n",
		"---\ntitle: Fined\ndate: 2021-04-10\nkind: fine\nauthorities: [samr]\nstatus: decided\namount: {value: 18228000000, currency: CNY}\nsources:\n  - {title: Decision, url: \"https://example.org/d\"}\nrelated: [news/2021/04/x]\n---\nText.\n",
		"---\ntitle: |\n  block\n  title\ndate: 2021-09-28\n---\n",
		"---\ntitel: T\ndate: 28 Sept\n---\n",
		"---\ntitle: [T\n---\n",
		"---\ntitle: caf\xe9\n---\n",
		"---\ntitle: 微信 opens links\nlang: zh\ndate: 2021-09-17T09:08:00+08:00\n---\n正文\n",
		"---\ntitle: T\ndate: 2021-04-10\nkind: fine\namount: {value: 1, x: 2, y: 3, z: 4, currency: CNY}\n---\n",
	} {
		for kind := range uint8(3) {
			f.Add([]byte(s), kind)
		}
	}
	rels := []string{"news/2021/09/x", "events/2021-04-10-fined", "pages/about"}
	f.Fuzz(func(t *testing.T, src []byte, kind uint8) {
		rel := rels[int(kind)%len(rels)]
		data := append([]byte(nil), src...)
		d, ps := parseRead("p", rel, data, nil, interner{}, false)
		for i := range data {
			data[i] = 'x'
		}
		want, wantPs := parseRead("p", rel, append([]byte(nil), src...), nil, interner{}, false)
		if !reflect.DeepEqual(d, want) || fmt.Sprint(ps) != fmt.Sprint(wantPs) {
			t.Fatalf("the document changed with the bytes it was parsed from\n got %#v %v\nwant %#v %v", d, ps, want, wantPs)
		}
	})
}
