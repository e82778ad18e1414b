package text

import (
	"net/url"
	"os"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ raw, base, want string }{
		{"https://News.Example.COM/a?utm_source=rss&utm_medium=x&id=3#top", "", "https://news.example.com/a?id=3"},
		{"http://example.com:80/a?fbclid=1&gclid=2", "", "http://example.com/a"},
		{"/2026/story?b=2&a=1", "https://example.com/feed", "https://example.com/2026/story?b=2&a=1"},
		{"story.html", "https://example.com/news/feed.xml", "https://example.com/news/story.html"},
		{"https://example.com", "", "https://example.com/"},
		{"javascript:alert(1)", "https://example.com/", ""},
		{"mailto:a@example.com", "", ""},
		{"https://user:pw@example.com/", "", ""},
		{"  ", "https://example.com/", ""},
		{"https://example.com/a?mc_cid=1&ref=home", "", "https://example.com/a?ref=home"},
	}
	for _, tt := range tests {
		if got := CanonicalURL(tt.raw, tt.base); got != tt.want {
			t.Errorf("CanonicalURL(%q, %q) = %q, want %q", tt.raw, tt.base, got, tt.want)
		}
	}
}

// TestCanonicalShortcut: the URLs CanonicalURL returns without parsing
// are among those parsing returns unchanged; the shortcut leaves some of
// those to the parser too.
func TestCanonicalShortcut(t *testing.T) {
	tests := []struct {
		raw   string
		short bool
	}{
		{"https://www.example.com/2023/09/06/eu-lists-gatekeepers.html", true},
		{"http://news.example/a/b/", true},
		{"https://1.2.3.4/x//y/./../z~_", true},
		{"https://News.example/a", false},        // a host to lower-case
		{"https://example.com", false},           // no path: "/" is added
		{"https://example.com:443/a", false},     // a port
		{"https://example.com./a", false},        // a trailing dot
		{"https://example.com/a?id=3", false},    // a query, maybe tracking
		{"https://example.com/a#top", false},     // a fragment
		{"https://example.com/%7Ea", false},      // an escape
		{"https://例子.测试/路径", false},              // not ASCII
		{"ftp://example.com/a", false},           // not the web
		{" https://example.com/a", false},        // to be trimmed
		{"https://user@example.com/a", false},    // a user
		{"https://[::1]/a", false},               // an address in brackets
		{"https://example.com/a b", false},       // a space
		{"https://example.com/a,b;c=d@e", false}, // characters left to the parser
	}
	for _, tt := range tests {
		if got := canonicalAlready(tt.raw); got != tt.short {
			t.Errorf("canonicalAlready(%q) = %v, want %v", tt.raw, got, tt.short)
		}
		if want := canonicalURL(tt.raw, ""); tt.short && want != tt.raw {
			t.Errorf("canonicalURL(%q) = %q, but the shortcut keeps it", tt.raw, want)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>One &amp; <b>two</b></p><p>Three</p>`, "One & two\n\nThree"},
		{`<script>alert(1)</script>Safe<style>p{}</style>`, "Safe"},
		{`a<br>b`, "a\n\nb"},
		{"AT&amp;T&nbsp;fined", "AT&T fined"},
		{`<img src=x onerror=alert(1)>`, ""},
		{"The <b>anti</b>trust case", "The antitrust case"},
		{"<table><tr><td>Google</td><td>Apple</td></tr></table>", "Google\n\nApple"},
		{"Google&#8217;s &amp; Apple&apos;s tw&oacute;rca", "Google’s & Apple's twórca"},
	}
	for _, tt := range tests {
		if got := HTMLToText(tt.in); got != tt.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCanonicalURL: the result is empty or an absolute http(s) URL without
// fragment or tracking keys, and canonicalising it again changes nothing.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://News.Example.COM/a?utm_source=rss&id=3#top", "/rel/path?x=1&fbclid=2", "javascript:alert(1)",
		"http://[::1]:80/x", "https://example.com:443", "//cdn.example/x", "https://例子.测试/路径?q=中文", "%zz",
		"https://news.example/2024/03/a-b_c.html", "http://1.2.3.4/x//y/./../z~", "https://a-.b/-",
	} {
		f.Add(s, "https://base.example/feed/")
	}
	f.Fuzz(func(t *testing.T, raw, base string) {
		got := CanonicalURL(raw, base)
		if canonicalAlready(raw) && canonicalURL(raw, base) != raw {
			t.Fatalf("canonicalURL(%q, %q) = %q, but the shortcut keeps it", raw, base, canonicalURL(raw, base))
		}
		if got == "" {
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
			t.Fatalf("CanonicalURL(%q, %q) = %q: not a clean absolute URL (%v)", raw, base, got, err)
		}
		for _, kv := range strings.Split(u.RawQuery, "&") {
			key, _, _ := strings.Cut(kv, "=")
			if k, err := url.QueryUnescape(key); err == nil && isTracking(strings.ToLower(k)) {
				t.Fatalf("tracking key %q left in %q", k, got)
			}
		}
		if again := CanonicalURL(got, ""); again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", raw, got, again)
		}
	})
}

// TestFold: the rules' folding; "lodz" finds "Łódź".
func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Łódź", "lodz"}, {"Straße", "strasse"}, {"ＷｅＣｈａｔ", "wechat"}, {"Café İstanbul", "cafe istanbul"},
		{"Ærø", "aero"}, {"plain ascii", "plain ascii"}, {"ﬁne", "fine"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, p := range Spellings {
		r := []rune(p[0])[0]
		if got, ok := Spell(r); !ok || got != p[1] {
			t.Errorf("Spell(%q) = %q, %v; want %q", p[0], got, ok, p[1])
		}
	}
	if _, ok := Spell('e'); ok {
		t.Error("Spell('e') spelled a plain letter")
	}
}

// TestSearchJSFolds: templates/assets/search.js spells out the same
// letters as Spellings, so the search box folds as the index does.
func TestSearchJSFolds(t *testing.T) {
	js, err := os.ReadFile("../../templates/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	var pairs []string
	for _, p := range Spellings {
		pairs = append(pairs, `["`+p[0]+`", "`+p[1]+`"]`)
	}
	want := "const SPELL = new Map([" + strings.Join(pairs, ", ") + "]);"
	if !strings.Contains(string(js), want) {
		t.Errorf("search.js lacks the line\n%s", want)
	}
}

func TestLangTag(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", " en_US ": "en-US", "zh-cn": "zh-CN", "zh-Hant-TW": "zh-Hant-TW",
		"": "", "English": "", "en--": "", strings.Repeat("x", 100): "",
	} {
		if got := LangTag(in); got != want {
			t.Errorf("LangTag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrittenIn(t *testing.T) {
	tests := []struct{ lang, title, want string }{
		{"en", "EU fines Google", "en"},
		{"en", "市场监管总局对阿里巴巴罚款182亿元", "zh"},
		{"en", "公取委、グーグルに排除措置命令", "ja"},
		{"pl", "공정위, 구글에 과징금 부과", "ko"},
		{"", "微信开放淘宝外链", "zh"},
		{"", "EU fines Google", ""},
		{"zh-TW", "公平會對高通處以罰鍰", "zh-TW"},                                               // a Chinese tag stays as declared
		{"ja", "公正取引委員会", "ja"},                                                        // Han alone in a Japanese feed is Japanese
		{"en", "Alibaba (阿里巴巴) fined by SAMR over its choose-one-of-two policy", "en"}, // a name in Han in English text
		{"zh", "Apple opens iOS to rival app stores", "zh"},                            // Latin text: the script cannot tell which language
	}
	for _, tt := range tests {
		if got := WrittenIn(tt.lang, tt.title); got != tt.want {
			t.Errorf("WrittenIn(%q, %q) = %q, want %q", tt.lang, tt.title, got, tt.want)
		}
	}
}

// BenchmarkCanonicalURL: a URL as fetch stored it, which is returned as
// it is, and one to clean.
func BenchmarkCanonicalURL(b *testing.B) {
	for _, raw := range []string{
		"https://www.example.com/2023/09/06/eu-lists-gatekeepers-under-competition-rules.html",
		"https://www.Example.com/2023/09/06/eu-lists-gatekeepers.html?utm_source=rss#top",
	} {
		b.Run(map[bool]string{true: "stored", false: "to-clean"}[canonicalAlready(raw)], func(b *testing.B) {
			for b.Loop() {
				if CanonicalURL(raw, "") == "" {
					b.Fatal("empty")
				}
			}
		})
	}
}
