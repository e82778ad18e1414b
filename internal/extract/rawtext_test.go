package extract

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"docket/internal/golden"
	"docket/internal/text"
)

// sameTreeAfterStrip checks that parsing src after stripRawText gives the
// tree of src itself less the text of scripts, styles (JSON-LD kept) and
// comments and the content of <svg>s (which prepare drops whole), and
// that keptReader reads the same bytes as stripRawText returns.
func sameTreeAfterStrip(t *testing.T, src []byte) {
	t.Helper()
	want := renderStripped(t, src, true)
	stripped := stripRawText(src)
	if read, err := io.ReadAll(&keptReader{src: src, spans: keptSpans(src, newAttrSet())}); err != nil || !bytes.Equal(read, stripped) {
		t.Errorf("keptReader read %q (%v), stripRawText gave %q", read, err, stripped)
	}
	got := renderStripped(t, stripped, true)
	if got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("tree differs at byte %d:\n got  …%q\n want …%q", i,
			got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
	}
}

// renderStripped parses src as Extract does and serializes the tree; with
// drop, the text of scripts and styles is removed first (TestStripRawText
// checks apart that JSON-LD stays).
func renderStripped(t *testing.T, src []byte, drop bool) string {
	doc, err := html.ParseWithOptions(bytes.NewReader(src), html.ParseOptionEnableScripting(false))
	if err != nil {
		return "error: " + err.Error()
	}
	if drop {
		keep := newAttrSet()
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			for c, next := n.FirstChild, (*html.Node)(nil); c != nil; c = next {
				next = c.NextSibling
				if c.Type == html.CommentNode {
					c.Data = "" // comments are kept empty
				}
				if c.Type != html.ElementNode {
					continue
				}
				unread := unreadModel(c)
				kept := c.Attr[:0]
				for _, a := range c.Attr {
					if slices.Contains(unread, a.Key) {
						continue
					}
					// The scanner also keeps a name too long to file, judged
					// by its raw bytes: the tokenizer turned each NUL (1 byte)
					// into U+FFFD (3 bytes).
					raw := len(a.Key) - 2*strings.Count(a.Key, "\uFFFD")
					long := raw >= len(attrSet{}.names)
					if long || !strings.Contains(a.Key, "\uFFFD") && keep.has([]byte(a.Key), []byte(c.Data)) {
						kept = append(kept, a)
					}
				}
				c.Attr = kept
				if c.Namespace == "" && (c.DataAtom == atom.Style || c.DataAtom == atom.Script) ||
					c.Namespace == "svg" && c.Data == "svg" && (n.Type != html.ElementNode || n.Namespace == "") {
					for c.FirstChild != nil {
						c.RemoveChild(c.FirstChild)
					}
				}
				walk(c)
			}
		}
		walk(doc)
	}
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		return "error: " + err.Error()
	}
	return b.String()
}

// unreadModel names the attributes of n that nothing reads with the
// values they have: a link's href and rel unless a rel says canonical,
// an <a>'s rel unless it says author, a script's type unless it says
// JSON-LD, a meta's content and keys unless a key is read.
func unreadModel(n *html.Node) []string {
	says := func(key, word string) bool {
		for _, a := range n.Attr {
			if a.Key == key && strings.Contains(strings.ToLower(a.Val), word) {
				return true
			}
		}
		return false
	}
	switch {
	case n.Data == "link" && !says("rel", "canonical"):
		return []string{"href", "rel"}
	case n.Data == "a" && !says("rel", "author"):
		return []string{"rel"}
	case n.Data == "script" && !says("type", "ld+json"):
		return []string{"type"}
	case n.Data == "meta":
		for _, a := range n.Attr {
			if slices.Contains(metaKeyAttrs, a.Key) && metaKeys[strings.ToLower(strings.TrimSpace(a.Val))] {
				return nil
			}
		}
		return metaUnread
	}
	return nil
}

var rawTextCases = []string{
	`<p>a<script>if (a<b) x="</p>"</script><p>b`,
	`<script type="application/ld+json">{"a":1}</script><p>x`,
	`<script type='text/javascript'>var s = "<style>";</script><style>p{}</style><p>x</p>`,
	`<script><!-- document.write("<script>x</script>") --></script><p>after</p>`,
	`<script><!-- old(); //--></script><p>after</p>`,
	`<!-- <script> --><p>in between</p><script>x</script>`,
	`<div title="<script>">text</div><script>y</script>`,
	`<div title=a<script>>text</div><script>y</script>`,
	`<title>a <script> b</title><p>x</p><script>z</script>`,
	`<textarea><script>x</textarea><p>after`,
	`<svg><style>a</svg><p>text</style><script>q</script>`,
	`<svg viewBox="0 0 1 1"><path d="M0 0"/><g><circle r="1"></circle></g></svg><script>q</script><style>s</style><p>x`,
	`<a href="/"><svg><use href="#i"></use></svg></a><script>q</script>`,
	`<svg><svg><path/></svg><script>in svg</script></svg><script>q</script>`,
	`<svg/><script>q</script>`,
	`<svg><title>Logo</title><desc>a <b>bold</b></desc></svg><script>q</script>`,
	`<svg><foreignObject><div><script>x</script></div></foreignObject></svg><script>q</script>`,
	`<svg><p>breaks out</p><style>p{}</style></svg><script>q</script>`,
	`<svg><font color="red">x</font><style>s</style></svg><script>q</script>`,
	`<svg><![CDATA[</svg><script>]]></svg><script>q</script>`,
	`<div><svg><g></div><style>s</style></svg><script>q</script>`,
	`<svg><!-- </svg> --><script>x</script></svg><script>q</script>`,
	`<svg><g></span><style>s</style></g></svg><style>t</style>`,
	`<svg><title></svg><style>s</style><script>q</script>`,
	`<svg><math><style>s</style></math></svg><script>q</script>`,
	`<svg>never closed<script>q</script>`,
	`<math><style>a</style></math><script>q</script>`,
	`<select><noscript><script>x</script></noscript></select><p>y`,
	`<template><col><noscript><script>x</script></noscript></template>`,
	`<noscript><style>a</style><p>b</p></noscript>`,
	`<script/>text</script><p>p`,
	`<SCRIPT>x</SCRIPT ><STYLE>y</style/><p>z`,
	`<script>x</scripty></script><p>z`,
	`<!--->` + `<script>a</script>`,
	`<!-- a --!><script>a</script>`,
	`<!x><?php ?><script>a</script></ x><script>b</script>`,
	`<p =a="b>"><script>x</script>`,
	`<p a = 'x>' b=c/><script>x</script>`,
	`<script>never closed`,
	`<style>never closed`,
	`<p title="never closed><script>x</script>`,
	`<!-- never closed <script>x</script>`,
	`<plaintext><script>x</script>`,
	`<frameset><noscript><script>x</script></noscript></frameset>`,
	`<table><script>x</script><tr><td><style>s</style>y</td></tr></table>`,
	`<script>x</script`,
	`<script src="a.js&amp;b"></script><script>c</script>`,
	`<a/onclick=x>t</a><a class="x"onclick="y"id=z>u</a><p x=1 class=a>v`,
	`<table><input type=hidden onclick=x><tr><td>a</td></tr></table>`,
	`<br data-a/><img data-src="a.jpg" data-foo="b" src=x><p TITLE = "t" ID=i>`,
	`<div x= data-y=1 =z class=c>`,
	`<p><font data-a=1><font data-a=2><font data-a=3><font data-a=4>x</p><p>y`,
	`<p><b onclick=1><b onclick=2><b onclick=3><b onclick=4><a data-a=1><a data-a=2>x</p><p>y`,
	`<link rel=icon href=i.png><link rel=canonical href=/c><link href=x rel="canonical alternate"><a rel="nofollow author" href=/a>a</a>`,
	`<link rel=a\x00b href=c><script type="text/x-&#108;d+json">{}</script>`,
	`<meta name=description content=d><meta name=" Author " content=a><meta itemprop=datePublished content=2020-01-02><meta http-equiv=refresh content=0>`,
	// Hidden elements are parsed like any other: cutting their content
	// before the parse changed trees (an </a> ignored after <object>, a
	// repeated attribute, an <li> closing another).
	`<p>Read <a href=r>report<object data=r.pdf></a></object> here.</p><div hidden><a href=s>share</a></div><p>more`,
	`<div class=story style="padding:0" style="display:none"><p>x</p></div>`,
	`<main role=main role=navigation><p>x</p></main>`,
	`<ul><li>o<section hidden><li>a<li>b</li></li></section>tail</ul>`,
	`<ul><li>a<search hidden><li>b</li></search>c</li></ul>`,
	`<div hidden><p>x</p></div><math></math><frameset><frame src=a></frameset>`,
	`<nav role=navigation><ul><li><a href=/>Home</a></li></ul></nav><p>t`,
	`<ul><li>a<div hidden><li>b</li></div>c</ul>`,
	`<dl><dt>a<div hidden><dd>x</dd></div></dl>`,
	`<p>x<nav hidden><p>y</p></nav>z`,
	`<a href=1>x<div hidden><a href=2>y</a></div>z</a>`,
	`<nobr>x<div hidden><nobr>y</nobr></div>z</nobr>`,
	`<table><div hidden>t<tr><td>x</td></tr></div></table>`,
	`<table><div hidden><table><tr><td>i</td></tr></table></div><tr><td>o</td></tr></table>`,
	`<table><tr><td><div hidden><table><tr><td>i</td></tr></table></div></td></tr></table>`,
	`<p><b>x</p><div hidden><b>y</b>z</div>w`,
	`<div aria-hidden="true"><p>a<div>b</div></p></div><p>c`,
	`<div hidden>x</div><frameset><frame></frameset>`,
	`<div hidden><frameset></frameset></div>`,
	`<form><div hidden><form>x</form></div>y</form>`,
	`<button>a<div hidden><button>b</button></div>c</button>`,
	`<div style="display: none"><script>x</script><svg><path/></svg><!-- c --><img src=a><br/><p>t</p></div><p>after`,
	`<div class="author" hidden>Jane</div><p>x`,
	`<div hidden/>text<p>x</p></div>y`,
	`<select><div hidden>x</div></select>`,
	`<div hidden><noscript><p>x</p></noscript></div>`,
	`<div role="Navigation">x<div>y</div></div>z`,
	`<div hidden><p>x</div>y`,
	`<header role=banner><h1>a<h2>b</h2></h1></header>`,
	`<div hidden><body class=x><html lang=y></div>`,
	`<ul aria-hidden=true><li>a<li>b</ul><p>c`,
	`<div hidden><textarea></div></textarea><p>x</p></div>`,
	`<div hidden><script><!--<script></div></script>--></script></div><p>x`,
}

func TestStripRawText(t *testing.T) {
	for _, c := range rawTextCases {
		sameTreeAfterStrip(t, []byte(c))
	}
	pages, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.html"))
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sameTreeAfterStrip(t, b)
	}
	for in, want := range map[string]string{
		`<script>x()</script><style>p{}</style><p>y`:                       `<script></script><style></style><p>y`,
		`<script type="application/ld+json">{}</script><script>x</script>`: `<script type="application/ld+json">{}</script><script></script>`,
		`<script type="application/ld&#43;json">{}</script>`:               `<script type="application/ld&#43;json">{}</script>`,
		// An inline icon is passed over; one that breaks out stops the cutting.
		`<svg><path d="M0"/></svg><script>x</script>`:                                                       `<svg></svg><script></script>`,
		`<script type="application/json">{"page":1}</script><script type="APPLICATION/LD+JSON">{}</script>`: `<script ></script><script type="APPLICATION/LD+JSON">{}</script>`,
		`<svg><g></span></g></svg><script>x</script>`:                                                       `<svg><g></span></g></svg><script></script>`,
		`<svg><p>x</p></svg><script>x</script>`:                                                             `<svg><p>x</p></svg><script>x</script>`,
		`<svg><style>s</style></svg><script>x</script>`:                                                     `<svg><style>s</style></svg><script>x</script>`,
		// Attributes nothing reads are cut.
		`<div onclick="x()" class="a" data-x='1' data-src=b>`: `<div  class="a"  >`,
		// Some are read on one kind of element only.
		`<img onclick="x()" class="a" data-src=b alt=c>`:                                                           `<img  class="a" data-src=b alt=c>`,
		`<script src="x.js" type=module></script><meta name=a content=b><p content=c>`:                             `<script  ></script><meta  ><p >`,
		`<meta name=viewport content="width=1"><meta property=" OG:Title" content=t><meta name=x&#45;y content=z>`: `<meta  ><meta property=" OG:Title" content=t><meta name=x&#45;y content=z>`,
		// and some only with a value that says something.
		`<link rel=stylesheet href=a.css><link REL="Canonical" href="/c"><a rel=nofollow href=x>y</a><a rel=author href=z>w</a>`: `<link  ><link REL="Canonical" href="/c"><a  href=x>y</a><a rel=author href=z>w</a>`,
		`<link rel="&#99;anonical" href="/c">`: `<link rel="&#99;anonical" href="/c">`,
		`<a/onclick=x>`:                        `<a/onclick=x>`,
		// Comments stay, emptied: they part the text nodes around them.
		`a<!-- note -- more -->b<!-- x --!>c<!--->`: `a<!---->b<!----!>c<!--->`,
	} {
		if got := stripRawText([]byte(in)); string(got) != want {
			t.Errorf("stripRawText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStripRawTextCorpus checks the corpora's pages (DOCKET_CORPUS).
func TestStripRawTextCorpus(t *testing.T) {
	root := corpus(t)
	files, _ := filepath.Glob(filepath.Join(root, "*", "html", "*.html.gz"))
	cut, total := 0, 0
	for _, f := range files {
		src, _, _ := text.Decode(golden.ReadGzip(t, f), "", "")
		s := stripRawText(src)
		cut += len(src) - len(s)
		total += len(src)
		sameTreeAfterStrip(t, src)
	}
	t.Logf("%d pages: %.1f%% of the bytes cut", len(files), 100*float64(cut)/float64(max(total, 1)))
}

func FuzzStripRawText(f *testing.F) {
	for _, c := range rawTextCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameTreeAfterStrip(t, src)
	})
}

// TestTagBytes: the byte classes agree with tagSpace and the three
// punctuation bytes, and nothing else is classed.
func TestTagBytes(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		want := uint8(0)
		switch {
		case tagSpace(b):
			want = byteSpace
		case b == '/':
			want = byteSlash
		case b == '>':
			want = byteGt
		case b == '=':
			want = byteEq
		}
		if tagBytes[b] != want {
			t.Errorf("tagBytes[%q] = %b, want %b", b, tagBytes[b], want)
		}
	}
}
