package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"docket/internal/topic"
)

func rules(t *testing.T) *topic.Rules {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "topics.yaml"), "topics:\n  - {id: antitrust, name: Antitrust, threshold: 1, rules: [{weight: 1, terms: {en: [antitrust]}}]}\n")
	write(t, filepath.Join(dir, "entities.yaml"), `entities:
  - {id: cn, name: China, kind: jurisdiction}
  - {id: samr, name: SAMR, kind: authority, jurisdiction: cn}
  - {id: alibaba, name: Alibaba, kind: company}
`)
	r, err := topic.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, rel, src string
		want           []string // problems, in order
	}{
		{"valid news", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28T09:08:00+05:30\ntopics: [antitrust]\nentities: [alibaba, samr]\njurisdictions: [cn]\n---\nBody\n", nil},
		{"valid event", "events/2021-04-10-fine", "---\ntitle: Fine\nkind: fine\nauthorities: [samr]\namount: {value: 18228000000, currency: CNY}\nsources:\n  - https://www.samr.gov.cn/\n  - {title: Decision, url: https://example.org/d}\n---\n", nil},
		{"valid page", "pages/about", "---\ntitle: About\nmenu: 1\n---\nHi\n", nil},
		{"unknown key", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\ncolour: red\n---\n", []string{`p:4:1: unknown key "colour" for a news item`}},
		{"event key on news", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nkind: fine\n---\n", []string{`p:4:1: unknown key "kind"`}},
		{"missing title and date", "news/2021/09/x", "---\nsummary: s\n---\n", []string{"p:2:1: missing title", "p:2:1: missing date"}},
		{"bad date", "news/2021/09/x", "---\ntitle: T\ndate: 28/09/2021\n---\n", []string{`p:3:7: bad date "28/09/2021"`}},
		{"unknown ids", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\ntopics: [antitrust, cooking]\nentities:\n  - alibaba\n  - acme\n---\n", []string{`p:4:21: unknown topic "cooking"`, `p:7:5: unknown entity "acme"`}},
		{"authority must be an authority", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nauthorities: [alibaba]\n---\n", []string{`p:4:15: unknown authority "alibaba": it is one of the entities, list it there`}},
		{"an ID twice", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\ntopics: [antitrust, antitrust]\nentities:\n  - alibaba\n  - alibaba\n---\n", []string{`p:4:21: topic "antitrust" is listed twice: keep one`, `p:7:5: entity "alibaba" is listed twice: keep one`}},
		{"bad event kind", "events/2021-04-10-fine", "---\ntitle: F\nkind: party\n---\n", []string{`p:3:1: unknown event kind "party"`}},
		// go-yaml counts a "\r\n" in a comment as two lines.
		{"CRLF and comments", "events/2021-04-10-fine", "---\r\ntitle: F\r\n# one\r\n# two\r\nkind: fine\r\nsummry: x\r\n---\r\n", []string{`p:6:1: unknown key "summry": did you mean "summary"?`}},
		{"bad currency", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\namount: {value: 1, currency: yuan}\n---\n", []string{`p:4:1: amount currency "yuan"`}},
		{"amount without a value", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\namount: {currency: EUR}\n---\n", []string{`p:4:1: amount: no value, or 0`}},
		{"negative amount", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\namount: {value: -5, currency: EUR}\n---\n", []string{`p:4:1: amount: value -5 is negative`}},
		{"huge amount", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\namount: {value: 2e18, currency: EUR}\n---\n", []string{`p:4:1: amount: value 2e+18 is more than 1e18, which no fine is`}},
		{"infinite amount", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\namount: {value: .inf, currency: EUR}\n---\n", []string{`p:4:1: amount: value is not a number (.nan or .inf)`}},
		{"type error", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\ntopics: {a: b}\n---\n", []string{"p:4:"}},
		{"syntax error", "news/2021/09/x", "---\ntitle: T\ndate: [2021\n---\n", []string{"p:3:"}},
		{"no front matter", "news/2021/09/x", "hello\n", []string{"p:1:1: no front matter"}},
		{"unclosed", "news/2021/09/x", "---\ntitle: T\n", []string{"p:1:1: front matter is not closed"}},
		{"bad slug", "news/2021/09/Bad_Name", "---\ntitle: T\ndate: 2021-09-28\n---\n", []string{`p: bad file name "Bad_Name"`}},
		{"wrong place", "misc/x", "---\ntitle: T\n---\n", []string{"p: not a place for an entry"}},
		{"month 13", "news/2021/13/x", "---\ntitle: T\ndate: 2021-09-28\n---\n", []string{`p: bad month "13" in the folder`}},
		{"month 00", "news/2021/00/x", "---\ntitle: T\ndate: 2021-09-28\n---\n", []string{`p: bad month "00" in the folder`}},
		{"reserved page", "pages/search", "---\ntitle: S\n---\n", []string{`p: page name "search"`}},
		{"javascript url", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nurl: javascript:alert(1)\n---\n", []string{`p:4:1: url "javascript:alert(1)" is not an http(s) URL`}},
		{"data image", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nimage: data:image/png;base64,AA\n---\n", []string{`p:4:1: image "data:image/png;base64,AA" is not`}},
		{"relative url", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nurl: //evil.example/x\n---\n", []string{`p:4:1: url "//evil.example/x" is not`}},
		{"uppercase scheme is fine", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nurl: HTTPS://example.org/x\n---\n", nil},
		{"javascript source", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nsources:\n  - https://ok.example/\n  - {title: x, url: 'JavaScript:alert(1)'}\n---\n", []string{`p:6:5: sources "JavaScript:alert(1)" is not`}},
		{"source without a url", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nsources:\n  - https://ok.example/\n  - {title: The decision}\n  - \"\"\n---\n", []string{`p:6:5: sources: entry 2 has no url`, `p:7:5: sources: entry 3 has no url`}},
		{"bad lang", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nlang: english!\n---\n", []string{`p:4:1: lang "english!" is not a BCP 47`}},
		{"good lang", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nlang: zh-Hant-TW\n---\n", nil},
		{"invalid utf-8 in body", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\n---\nok\nab\xffc\n", []string{"p:6:3: invalid UTF-8 (byte 0xff)"}},
		{"invalid utf-8 in title", "news/2021/09/x", "---\ntitle: é\xc3\ndate: 2021-09-28\n---\n", []string{"p:2:9: invalid UTF-8"}},
		{"misspelt amount key", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\namount: {valu: 1, currency: EUR}\n---\n", []string{`p:4:10: amount: want {value: 18228000000, currency: CNY}, not "valu" here`}},
		{"misspelt source key", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nsources:\n  - {title: x, link: https://a.example/}\n---\n", []string{`p:5:16: sources: want a list of URLs or {title: …, url: …}, not "link" here`}},
		{"end of document", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\n...\ntopics: [antitrust]\n---\n", []string{"p:4:1: '...' ends the front matter"}},
		{"an authority pays", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nentities: [alibaba, samr]\namount: {value: 5, currency: EUR, paid_by: [samr]}\n---\n", []string{`p:5:1: amount: paid_by "samr" is an authority`}},
		{"a company pays", "events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nentities: [alibaba, samr]\namount: {value: 5, currency: EUR, paid_by: [alibaba]}\n---\n", nil},
		{"long summary", "news/2021/09/x", "---\ntitle: T\ndate: 2021-09-28\nsummary: " + strings.Repeat("a", MaxSummary+1) + "\n---\n", []string{"p:4:1: summary is 4097 bytes"}},
	}
	r := rules(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := Parse("p", tt.rel, []byte(tt.src), r)
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(tt.want), ps)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(ps[i].Error(), w) {
					t.Errorf("problem %d = %q, want prefix %q", i, ps[i].Error(), w)
				}
			}
		})
	}
}

// A number where text is wanted is the text as written: a version 1.10
// or a number 0123 is not 1.1 or 83 (0123 read as octal).
func TestParseNumbersAsText(t *testing.T) {
	src := "---\ntitle: 1.10\nkind: fine\nstatus: 0123\nsummary: 0x1F\ntopics: [1.0, 007]\n---\n"
	d, ps := Parse("p", "events/2021-04-10-fine", []byte(src), nil)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	got := []string{d.Title, d.Status, d.Summary, strings.Join(d.Topics, " ")}
	if want := []string{"1.10", "0123", "0x1F", "1.0 007"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseValues(t *testing.T) {
	src := "---\ntitle: Fine\nkind: fine\namount: {value: 18228000000, currency: CNY}\nsources:\n  - https://a.example/\n  - {title: B, url: https://b.example/}\nrelated: [news/2021/04/x]\n---\n\nBody text.\n"
	d, ps := Parse("p", "events/2021-04-10-alibaba-fine", []byte(src), nil)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if d.Slug != "alibaba-fine" || d.Permalink() != "/events/alibaba-fine/" {
		t.Errorf("slug %q permalink %q", d.Slug, d.Permalink())
	}
	if !d.Date.Equal(time.Date(2021, 4, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date from file name = %v", d.Date)
	}
	if got := d.Amount.String(); got != "CNY 18.228 billion" {
		t.Errorf("amount = %q", got)
	}
	if len(d.Sources) != 2 || d.Sources[0].URL != "https://a.example/" || d.Sources[1].Title != "B" {
		t.Errorf("sources = %+v", d.Sources)
	}
	if body, err := d.Text(); err != nil || string(body) != "\nBody text.\n" {
		t.Errorf("body = %q, %v", body, err)
	}
}

func TestLoadCrossChecks(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	write(t, filepath.Join(root, "news/2021/04/x.md"), "---\ntitle: X\ndate: 2021-04-10\n---\n")
	write(t, filepath.Join(root, "events/2021-04-10-fine.md"), "---\ntitle: A\nkind: fine\nrelated: [news/2021/04/x, news/2021/04/nope, events/2022-01-01-fine, nope]\n---\n")
	write(t, filepath.Join(root, "events/2022-01-01-fine.md"), "---\ntitle: B\nkind: fine\n---\n")
	write(t, filepath.Join(root, "site.yaml"), "title: t\n")
	tree, ps := Load(root, nil)
	if len(tree.Docs) != 3 {
		t.Fatalf("loaded %d docs", len(tree.Docs))
	}
	want := []string{
		"events/2022-01-01-fine.md: permalink /events/fine/ is also used by",
		`events/2021-04-10-fine.md:4:27: related "news/2021/04/nope": no such news item (content/news/2021/04/nope.md was deleted, or did not load)`,
		`events/2021-04-10-fine.md:4:46: related "events/2022-01-01-fine" is an event, not a news item`,
		`events/2021-04-10-fine.md:4:70: related "nope" is not a news item: use a path like news/2021/09/slug`,
	}
	if len(ps) != len(want) {
		t.Fatalf("problems:\n%v", ps)
	}
	for i, w := range want {
		if !strings.Contains(ps[i].Error(), w) {
			t.Errorf("problem %d = %q, want %q", i, ps[i].Error(), w)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Alibaba apps start offering WeChat Pay option", "alibaba-apps-start-offering-wechat-pay-option"},
		{"  Déjà vu: Kartellamt prüft Übernahme ", "deja-vu-kartellamt-pruft-ubernahme"},
		{"Don't block links!", "dont-block-links"},
		{"Facebook schließt Parse; Łódź, Ærø", "facebook-schliesst-parse-lodz-aero"},
		{"工信部要求平台解除屏蔽 WeChat", "wechat"},
		{"工信部要求平台解除屏蔽", "gong-xin-bu-yao-qiu-ping-tai-jie-chu-ping-bi"},
		{"新华网", "xin-hua-wang"},
		{"新華網", "xin-hua-wang"}, // Traditional characters read the same
		{"21世纪经济报道", "21-shi-ji-jing-ji-bao-dao"},
		{"「阿里巴巴」被罚182亿元", "a-li-ba-ba-bei-fa-182-yi-yuan"},
		{"公正取引委員会が調査", "item-"}, // Japanese: no Mandarin readings
		{"공정거래위원회", "item-"},
		{"2021", "2021-"},
		{"../../etc/passwd", "etc-passwd"},
		{strings.Repeat("word ", 40), strings.TrimSuffix(strings.Repeat("word-", 12), "-")},
		{"Con", "con-"}, // names Windows keeps for devices: con.md cannot be checked out there
		{"NUL", "nul-"},
		{"Com 1", "com-1"},
		{"LPT9", "lpt9-"},
		{"Console", "console"},
	}
	for _, tt := range tests {
		got := Slug(tt.in)
		if !strings.HasPrefix(got, tt.want) || !ValidSlug(got) {
			t.Errorf("Slug(%q) = %q, want %q…", tt.in, got, tt.want)
		}
	}
	for _, device := range []string{"Con", "NUL", "LPT9", "aux"} {
		if s := Slug(device); windowsDevice.MatchString(s) {
			t.Errorf("Slug(%q) = %q, a Windows device name", device, s)
		}
	}
	if Slug("工信部") == Slug("市场监管总局") {
		t.Error("distinct Chinese titles share a slug")
	}
}

// TestSlugOfExistingFile checks that an entry's permalink comes from its
// file name, so that files written with the hashed slugs of earlier
// versions keep their permalinks.
func TestSlugOfExistingFile(t *testing.T) {
	for rel, want := range map[string]string{
		"events/2021-04-10-item-56e81cab": "/events/item-56e81cab/",
		"news/2021/09/item-68110b1c":      "/news/2021/09/item-68110b1c/",
		"pages/about":                     "/about/",
	} {
		d, _ := Parse(rel+".md", rel, []byte("---\ntitle: 新华网\ndate: 2021-04-10\nkind: fine\n---\n"), nil)
		if d == nil || d.Permalink() != want {
			t.Errorf("%s: got %v, want permalink %s", rel, d, want)
		}
	}
}

func TestCreateNeverOverwrites(t *testing.T) {
	root := t.TempDir()
	if err := Create(root, "news/2021/09/a.md", []byte("one")); err != nil {
		t.Fatal(err)
	}
	err := Create(root, "news/2021/09/a.md", []byte("two"))
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second create: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "news/2021/09/a.md")); string(b) != "one" {
		t.Errorf("file = %q", b)
	}
	for _, bad := range []string{"../x.md", "/etc/x.md", "news/../../x.md"} {
		if err := Create(root, bad, nil); err == nil {
			t.Errorf("Create(%q) succeeded", bad)
		}
	}
	left, _ := filepath.Glob(filepath.Join(root, "news/2021/09/.*tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestRenderRoundTrip(t *testing.T) {
	yes := true
	e := &Entry{
		Title: "Alibaba: apps add \"WeChat Pay\"", Date: time.Date(2021, 9, 28, 9, 8, 0, 0, time.FixedZone("", 5*3600+1800)),
		Source: "Reuters", Feed: "devdiscourse", URL: "https://example.com/a?b=c", Topics: []string{"interoperability"},
		Matched:   []Match{{Topic: "interoperability", Term: "WeChat Pay", Field: "title", Offset: 20, Weight: 3}},
		Extracted: &yes, Summary: "Line one.\nLine two.",
	}
	data, err := Render(e, "Body **text**.")
	if err != nil {
		t.Fatal(err)
	}
	d, ps := Parse("p", strings.TrimSuffix(NewsPath(e.Date, Slug(e.Title)), ".md"), data, nil)
	if len(ps) > 0 {
		t.Fatalf("%v\n%s", ps, data)
	}
	if d.Title != e.Title || !d.Date.Equal(e.Date) || d.Summary != e.Summary || d.Matched[0] != e.Matched[0] || !*d.Extracted {
		t.Errorf("round trip changed the entry:\n%s\n%+v", data, d.Entry)
	}
	if body, err := d.Text(); err != nil || string(body) != "\nBody **text**.\n" {
		t.Errorf("body = %q, %v", body, err)
	}
}

// FuzzSlugPath checks that no title can make a path outside content/.
func FuzzSlugPath(f *testing.F) {
	for _, s := range []string{"Alibaba fined", "../../x", "工信部", "", "a/b\\c", "\x00", "..", "CON"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		s := Slug(title)
		if !ValidSlug(s) {
			t.Fatalf("Slug(%q) = %q is not a valid slug", title, s)
		}
		for _, p := range []string{NewsPath(time.Now(), title), EventPath(time.Now(), title), PagePath(title)} {
			if !filepath.IsLocal(p) || strings.Contains(p, "..") {
				t.Fatalf("path %q escapes content/", p)
			}
		}
	})
}

// FuzzParse checks that no file makes Parse panic and that every problem is
// located in the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\ntitle: T\ndate: 2021-09-28\n---\nbody"))
	f.Add([]byte("---\n: :\n---\n"))
	f.Add([]byte("---\n- a\n---\n"))
	f.Add([]byte("---\r\ntitle: [\r\n---\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, ps := Parse("p", "news/2021/09/x", data, nil)
		for _, p := range ps {
			if p.Path != "p" || p.Line < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

// TestSetPlain: the shortcut for strings, lists of strings and booleans
// decodes as go-yaml does, and leaves everything else to it; numbers it
// takes as text as written, where go-yaml gives 2021 alike but 1.10 as
// 1.1 (TestParseNumbersAsText).
func TestSetPlain(t *testing.T) {
	for _, tt := range []struct {
		src   string
		taken bool // by the shortcut, into a string or a []string
	}{
		{`v: plain words`, true}, {`v: "quoted \"and\" \u00e9scaped\n"`, true}, {`v: 'single ''quoted'''`, true},
		{`v: 微信`, true}, {`v: [a, "b c", 'd']`, true}, {"v:\n  - one\n  - \"two\"", true}, {`v: []`, true},
		{`v: true`, true}, {`v: false`, true},
		{`v: 2021`, true}, {`v: "true"`, true}, {`v: ~`, false}, {"v: |\n  block\n", false}, {`v: [1, x]`, true}, {`v: !!str 12`, false},
	} {
		file, err := parser.ParseBytes([]byte(tt.src), 0)
		if err != nil {
			t.Fatal(err)
		}
		var node ast.Node
		switch b := file.Docs[0].Body.(type) {
		case *ast.MappingValueNode:
			node = b.Value
		case *ast.MappingNode:
			node = b.Values[0].Value
		}
		taken := false
		for _, typ := range []reflect.Type{stringType, stringsType, boolType, boolPtrType} {
			got, want := reflect.New(typ).Elem(), reflect.New(typ).Elem()
			if !setPlain(got, node) {
				continue
			}
			taken = true
			if err := decodeValue(want, node); err != nil {
				t.Errorf("%s: the shortcut took what go-yaml refuses: %v", tt.src, err)
			} else if !reflect.DeepEqual(got.Interface(), want.Interface()) {
				t.Errorf("%s: shortcut %#v, go-yaml %#v", tt.src, got, want)
			}
		}
		if taken != tt.taken {
			t.Errorf("%s: taken by the shortcut = %v, want %v", tt.src, taken, tt.taken)
		}
	}
}

// TestLoadRefusesSpecialFiles: links, devices and FIFOs in content/ are
// problems naming the file, and Load neither hangs on them nor reads
// them without end; an oversized entry is refused without reading it all.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	good := filepath.Join(root, "news/2021/04/good.md")
	write(t, good, "---\ntitle: X\ndate: 2021-04-10\n---\n")
	write(t, filepath.Join(root, "news/2021/04/big.md"), "---\ntitle: X\ndate: 2021-04-10\n---\n"+strings.Repeat("x", 2<<20))
	for name, target := range map[string]string{"zero.md": "/dev/zero", "link.md": good, "dir": "/etc"} {
		if err := os.Symlink(target, filepath.Join(root, "news/2021/04", name)); err != nil {
			t.Fatal(err)
		}
	}
	fifo := filepath.Join(root, "news/2021/04/fifo.md")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs:", err)
	}
	tree, ps := Load(root, nil)
	if len(tree.Docs) != 1 {
		t.Errorf("loaded %d docs, want 1", len(tree.Docs))
	}
	want := map[string]string{"big.md": "file too large", "dir": "not a regular file", "fifo.md": "not a regular file", "link.md": "not a regular file", "zero.md": "not a regular file"}
	got := map[string]string{}
	for _, p := range ps {
		got[filepath.Base(p.Path)] = p.Msg
	}
	for name, msg := range want {
		if !strings.Contains(got[name], msg) {
			t.Errorf("%s: problem %q, want %q", name, got[name], msg)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("problems:\n%v", ps)
	}
}

func TestCheckFeed(t *testing.T) {
	known := func(id string) bool { return id == "reuters" }
	for _, tc := range []struct {
		src, want string
	}{
		{"---\ntitle: T\ndate: 2021-09-28\nfeed: reuters\n---\n", ""},
		{"---\ntitle: T\ndate: 2021-09-28\n---\n", ""},
		{"---\ntitle: T\ndate: 2021-09-28\nfeed: nope\n---\n", `p:4:1: unknown feed "nope"`},
	} {
		d, ps := Parse("p", "news/2021/09/x", []byte(tc.src), nil)
		if len(ps) > 0 {
			t.Fatal(ps)
		}
		got := d.CheckFeed(known).Error()
		if !strings.HasPrefix(got, tc.want) || (tc.want == "") != (got == "") {
			t.Errorf("CheckFeed = %q, want %q", got, tc.want)
		}
	}
}

// TestDocSize: a large archive holds a Doc an entry for the whole build.
// An object over 512 bytes that holds pointers carries an 8-byte header,
// so past 760 bytes a Doc takes the size class of 896, not 768 (128 B
// more an entry).
func TestDocSize(t *testing.T) {
	if n := unsafe.Sizeof(Doc{}); n > 760 {
		t.Errorf("Doc is %d bytes, more than 760: keep rare fields behind a pointer", n)
	}
}

// TestForgetSpots: a document that forgot where its keys stand still
// reports a problem found after parsing, at the front matter's start.
func TestForgetSpots(t *testing.T) {
	src := "---\ntitle: T\ndate: 2021-09-28\nfeed: nope\n---\n"
	d, ps := Parse("p", "news/2021/09/x", []byte(src), nil)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	known := func(string) bool { return false }
	for _, want := range []string{`p:4:1: unknown feed "nope"`, `p:2:1: unknown feed "nope"`} {
		if got := d.CheckFeed(known).Error(); !strings.HasPrefix(got, want) {
			t.Errorf("CheckFeed = %q, want %q", got, want)
		}
		d.ForgetSpots()
	}
	if d.spots != "" {
		t.Error("spots still held")
	}
}

// TestAmountString: amounts for people, rounded to three decimals of their
// unit, whole units with their thousands apart under a million, cents
// under a thousand; one that rounds up to the next unit takes that unit.
func TestAmountString(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{18.228e9, "EUR 18.228 billion"},
		{1.03e12, "EUR 1.03 trillion"}, // KRW 1,030 billion: was "KRW 1030 billion"
		{999.9996e9, "EUR 1 trillion"},
		{999.4e9, "EUR 999.4 billion"},
		{5e6, "EUR 5 million"},
		{999999700, "EUR 1 billion"}, // a conversion; was "EUR 1000 million"
		{999.5e6, "EUR 999.5 million"},
		{1234.5, "EUR 1,235"},
		{719057.172, "EUR 719,057"}, // KRW 1 billion, converted
		{950000, "EUR 950,000"},
		{999999.6, "EUR 1 million"},
		{1000, "EUR 1,000"},
		{999.996, "EUR 1,000"},
		{6.978, "EUR 6.98"},
		{12, "EUR 12"},
		{0.5, "EUR 0.5"},
	}
	for _, tt := range tests {
		if got := (Amount{Value: tt.v, Currency: "EUR"}).String(); got != tt.want {
			t.Errorf("%g: %q, want %q", tt.v, got, tt.want)
		}
	}
}

// TestAmountPaidBy: an amount's payers are some of the entry's own
// companies: an event's entities, a case's parties.
func TestAmountPaidBy(t *testing.T) {
	const caseFM = "---\ntitle: C\ncase_id: X.1\nparties: [a, b]\nauthorities: [r]\nstage: decision\nstatus: closed\nopened: 2021-01-01\n"
	for _, tt := range []struct{ rel, src, want string }{
		{"events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nentities: [a, b]\namount: {value: 5, currency: EUR, paid_by: [a]}\n---\n", ""},
		{"events/2021-04-10-fine", "---\ntitle: F\nkind: fine\nentities: [a]\namount: {value: 5, currency: EUR, paid_by: [b]}\n---\n", `p:5:1: amount: paid_by "b" is not in entities`},
		{"cases/c", caseFM + "amount: {value: 5, currency: EUR, paid_by: [b]}\n---\n", ""},
		{"cases/c", caseFM + "amount: {value: 5, currency: EUR, paid_by: [z]}\n---\n", `p:9:1: amount: paid_by "z" is not in parties`},
	} {
		d, ps := Parse("p", tt.rel, []byte(tt.src), nil)
		if got := ps.Err(); (got == nil) != (tt.want == "") || got != nil && !strings.Contains(got.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.src, got, tt.want)
		}
		if tt.want == "" && (d.Amount == nil || len(d.Amount.PaidBy) != 1) {
			t.Errorf("%s: amount %+v", tt.src, d.Amount)
		}
	}
}

// The folders are walked in parallel, and the problems come in the
// order of a walk all the same: a folder's names in order ("a" before
// "a-b.md"), each folder's files where its name falls.
func TestWalkContentOrder(t *testing.T) {
	root := t.TempDir()
	good := filepath.Join(root, "good.md")
	write(t, good, "---\ntitle: X\ndate: 2021-04-10\n---\n")
	for _, name := range []string{"a.md", "a-b.md", "a/x.md", "a/b/y.md", "b/z.md", "b.md"} {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(good, p); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(root, "a/b/c.md"), "")
	write(t, filepath.Join(root, ".hidden/d.md"), "")
	rels, ps, err := walkContent(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, strings.TrimPrefix(p.Path, filepath.ToSlash(root)+"/"))
	}
	if want := []string{"a/b/y.md", "a/x.md", "a-b.md", "a.md", "b/z.md", "b.md"}; !slices.Equal(got, want) {
		t.Errorf("problems in the order %q, want %q", got, want)
	}
	if want := []string{"a/b/c", "good"}; !slices.Equal(rels, want) {
		t.Errorf("entries %q, want %q", rels, want)
	}
}

// TestTextKept: a document that keeps its body (Parse, ReadWhole) gives
// it from Text exactly, and without a copy; one read by ReadDoc reads it
// from the file.
func TestTextKept(t *testing.T) {
	const body = "Alibaba was fined.\n\nWeChat opened links.\n"
	src := "---\ntitle: T\ndate: 2021-09-28\n---\n" + body
	root := filepath.Join(t.TempDir(), "content")
	write(t, filepath.Join(root, "news", "2021", "09", "x.md"), src)
	parsed, _ := Parse("p", "news/2021/09/x", []byte(src), nil)
	whole, _ := ReadWhole(root, "news/2021/09/x", nil)
	read, _ := ReadDoc(root, "news/2021/09/x", nil)
	for _, tc := range []struct {
		name   string
		d      *Doc
		copies float64
	}{{"Parse", parsed, 0}, {"ReadWhole", whole, 0}, {"ReadDoc", read, -1}} {
		if tc.d == nil {
			t.Fatalf("%s: no document", tc.name)
		}
		got, err := tc.d.Text()
		if err != nil || string(got) != body {
			t.Errorf("%s: Text = %q, %v; want %q", tc.name, got, err, body)
		}
		if tc.copies < 0 {
			continue
		}
		if n := testing.AllocsPerRun(10, func() { _, _ = tc.d.Text() }); n != tc.copies {
			t.Errorf("%s: Text allocates %v times, want %v", tc.name, n, tc.copies)
		}
	}
}
