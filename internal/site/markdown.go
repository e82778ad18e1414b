package site

import (
	"bufio"
	"bytes"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"docket/internal/text"
)

// pageKey carries the path of the page being rendered to the link rewriter.
var pageKey = parser.NewContextKey()

// linksKey carries a parse's linkScan to lazyLinkify.
var linksKey = parser.NewContextKey()

// newMarkdown builds the one goldmark instance of a build: GFM, footnotes,
// heading IDs; raw HTML stays off (goldmark's safe default), so an entry
// cannot inject markup.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		// GFM, spelled out to put lazyLinkify in linkify's place.
		goldmark.WithExtensions(lazyLinkify{}, extension.Table, extension.Strikethrough, extension.TaskList,
			extension.Footnote, extension.NewCJK()),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkRewriter{}, 100)),
			// After link reference definitions (100), before tables (200).
			parser.WithParagraphTransformers(util.Prioritized(tableGuard{}, 150)),
		),
	)
}

// parseMarkdown parses src for the page at pagePath. It returns the
// source the tree's segments point into, which is src or, when src nests
// too deep, a copy with the nesting capped (see capNesting): render and
// read text with that one.
func parseMarkdown(md goldmark.Markdown, src []byte, pagePath string) (ast.Node, []byte) {
	src = capNesting(src)
	ctx := parser.NewContext()
	ctx.Set(pageKey, pagePath)
	ctx.Set(linksKey, newLinkScan(src))
	return md.Parser().Parse(gtext.NewReader(src), parser.WithContext(ctx)), src
}

// lazyLinkify is GFM's linkify (autolinks for bare URLs and e-mail
// addresses), tried only where it could find a link. Its parser is
// called at every space of every paragraph and looks for a URL and an
// e-mail address there: a good share of the parsing of a body with few
// or no links. It keeps linkify's triggers and priority, so goldmark
// still splits text nodes where it did (countWords and textOf count on
// them); only tries that would have failed are left out.
type lazyLinkify struct{}

func (lazyLinkify) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(&lazyLinkifyParser{extension.NewLinkifyParser()}, 999)))
}

type lazyLinkifyParser struct{ parser.InlineParser }

func (l *lazyLinkifyParser) Parse(parent ast.Node, block gtext.Reader, pc parser.Context) ast.Node {
	if s, ok := pc.Get(linksKey).(*linkScan); ok {
		// The reader's position is where PeekLine's line starts.
		if _, seg := block.Position(); seg.Start >= 0 && !s.mayLinkAt(seg.Start) {
			return nil
		}
	}
	return l.InlineParser.Parse(parent, block, pc)
}

// linkScan says where in a source linkify could find a link. Linkify
// (goldmark's extension/linkify.go) looks at the line from where it is
// tried, past one trigger character it may skip, and links only what
// starts there with "http:", "https:", "ftp:" or "www." (all lower
// case), or an e-mail address: at most 64 characters of a local part,
// then '@'. Elsewhere every try returns nothing.
type linkScan struct {
	src  []byte
	none bool // the source has none of these anywhere
	from int  // where the search for at started
	at   int  // the first '@' at or after from, or math.MaxInt
}

func newLinkScan(src []byte) *linkScan {
	return &linkScan{src: src, none: !mayLink(src), from: -1, at: -1}
}

// mayLinkAt reports whether a try of linkify at source offset start may
// find a link.
func (s *linkScan) mayLinkAt(start int) bool {
	if s.none {
		return false
	}
	// Tries mostly come in the order of the source, so the '@' found
	// is reused until a try passes it. Not always: footnote definitions
	// are parsed where the first one stands, and a table in a setext
	// heading's paragraph before the heading; a try from before where
	// the search started searches again.
	if s.at < start || start < s.from {
		s.from, s.at = start, math.MaxInt
		if k := bytes.IndexByte(s.src[start:], '@'); k >= 0 {
			s.at = start + k
		}
	}
	if s.at-start <= 1+64 { // a trigger skipped, 64 characters, '@'
		return true
	}
	for i := start; i <= start+1 && i < len(s.src); i++ {
		if c := s.src[i]; (c == 'h' || c == 'f' || c == 'w') && linkPrefix(s.src[i:]) {
			return true
		}
	}
	return false
}

// linkPrefix reports whether b starts as a URL linkify links.
func linkPrefix(b []byte) bool {
	return bytes.HasPrefix(b, []byte("http:")) || bytes.HasPrefix(b, []byte("https:")) ||
		bytes.HasPrefix(b, []byte("ftp:")) || bytes.HasPrefix(b, []byte("www."))
}

// mayLink reports whether linkify could find a link anywhere in src.
func mayLink(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("http")) ||
		bytes.Contains(src, []byte("ftp:")) || bytes.Contains(src, []byte("www."))
}

// renderMarkdown renders a parsed body. With words > 0 it keeps only the
// leading blocks that make up about that many words, and reports whether
// it cut anything.
func renderMarkdown(md goldmark.Markdown, src []byte, doc ast.Node, words int) (string, bool, error) {
	cut := words > 0 && truncate(doc, src, words)
	b := mdPool.Get().(*mdBuf)
	defer mdPool.Put(b)
	b.buf.Reset()
	b.w.Reset(&b.buf)
	if err := md.Renderer().Render(b.w, src, doc); err != nil {
		return "", false, err
	}
	return b.buf.String(), cut, nil
}

// mdBuf is a buffer with the buffered writer goldmark would otherwise
// allocate for every render; mdPool recycles them.
type mdBuf struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var mdPool = sync.Pool{New: func() any {
	b := new(mdBuf)
	b.w = bufio.NewWriter(&b.buf)
	return b
}}

// truncate keeps the top-level blocks within limit words: those before
// the block that takes the count past it, or that block too when no
// text comes before it (a lead is never only an image or a heading), and
// not a heading or a rule last. Cutting between blocks keeps the HTML
// well formed. Keeping the block that passed the limit, as it once did,
// showed an 87-word article whole under an 80-word lead; a first
// paragraph past it is cut inside (cutParagraph), or an article of one
// long paragraph would be shown whole.
func truncate(doc ast.Node, src []byte, limit int) bool {
	n, text := 0, 0 // words, and words of text (not of headings)
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		w := countWords(c, src)
		n += w
		if n < limit {
			if !divides(c) {
				text += w
			}
			continue
		}
		if n > limit && text > 0 {
			c = c.PreviousSibling()
		} else if n > limit && c.Kind() == ast.KindParagraph {
			// The words before it are a heading's or an image's: the
			// paragraph has what is left, and at least half the lead.
			if cutParagraph(c, src, max(limit-(n-w), limit/2)) {
				for c.NextSibling() != nil {
					doc.RemoveChild(doc, c.NextSibling())
				}
				return true
			}
		}
		for divides(c) && c.PreviousSibling() != nil {
			c = c.PreviousSibling()
		}
		cut := c.NextSibling() != nil
		for c.NextSibling() != nil {
			doc.RemoveChild(doc, c.NextSibling())
		}
		return cut
	}
	return false
}

// cutParagraph cuts a paragraph after about limit words: at the last end
// of a sentence past half of them, else after the limit-th word with an
// ellipsis. It reports whether it cut anything.
func cutParagraph(para ast.Node, src []byte, limit int) bool {
	// Words and Han characters before the text node at hand, counted as
	// countWords does the whole block (Han halved once, not per line).
	words, han := 0, 0
	var at *ast.Text
	var pos int
	var whole, stopped bool // pos ends a sentence; a word passed limit
	_ = ast.Walk(para, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := node.(*ast.Text)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		seg := t.Segment
		p, w, h, end, stop := cutText(seg.Value(src), words, han, limit)
		if end >= 0 {
			at, pos, whole = t, seg.Start+end, true
		}
		if stop {
			if !whole { // no sentence ends late enough: cut at the word
				at, pos = t, seg.Start+p
			}
			stopped = true
			return ast.WalkStop, nil
		}
		words, han = words+w, han+h
		return ast.WalkContinue, nil
	})
	if !stopped {
		return false
	}
	at.Segment = at.Segment.WithStop(pos)
	at.SetSoftLineBreak(false)
	at.SetHardLineBreak(false)
	for x := ast.Node(at); x != para; x = x.Parent() {
		for x.NextSibling() != nil {
			x.Parent().RemoveChild(x.Parent(), x.NextSibling())
		}
	}
	if !whole {
		at.Parent().InsertAfter(at.Parent(), at, ast.NewString([]byte("…")))
	}
	return true
}

// cutText reads s, a text after words0 words and han0 Han characters
// (a word each two), for cutParagraph: the offset before the word that
// would pass limit (stop: there is one), the words and Han characters s
// has before it, and the offset after the last end of a sentence past
// half the limit (or -1).
func cutText(s []byte, words0, han0, limit int) (cut, words, han, end int, stop bool) {
	inWord := false
	end = -1
	count := func(w, h int) int { return words0 + w + (han0+h)/2 }
	for i, r := range string(s) {
		switch {
		case text.IsCJK(r):
			inWord = false
			if count(words, han+1) > limit {
				return i, words, han, end, true
			}
			han++
		case unicode.IsSpace(r):
			inWord = false
		case !inWord:
			inWord = true
			if count(words+1, han) > limit {
				return trimEnd(s, i), words, han, end, true
			}
			words++
		}
		if strings.ContainsRune(".!?。！？", r) && count(words, han) >= limit/2 && sentenceEnds(s[i+utf8.RuneLen(r):], r) {
			end = i + utf8.RuneLen(r)
		}
	}
	return len(s), words, han, end, false
}

// sentenceEnds reports whether a stop r followed by rest ends a sentence:
// a full-width stop always, a Latin one before a space or the end.
func sentenceEnds(rest []byte, r rune) bool {
	if r >= 0x3000 {
		return true
	}
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\n'
}

// trimEnd is i less the spaces before it in s.
func trimEnd(s []byte, i int) int {
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	return i
}

// divides reports whether a block heads or parts others: a heading or
// a rule, which a lead does not end on.
func divides(n ast.Node) bool {
	k := n.Kind()
	return k == ast.KindHeading || k == ast.KindThematicBreak
}

// countWords counts words in a block; each Han or kana character counts
// as half a word, about what a reader takes in.
func countWords(n ast.Node, src []byte) int {
	words, han := 0, 0
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			inWord := false // a word is a run of runes that are neither space nor Han
			for _, r := range string(t.Segment.Value(src)) {
				switch {
				case text.IsCJK(r):
					han++
					inWord = false
				case unicode.IsSpace(r):
					inWord = false
				case !inWord:
					inWord = true
					words++
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return words + han/2
}

// linkRewriter makes root-relative links in entries ("/events/x/")
// relative to the page, so the site works from any sub-path. Images load
// when scrolled to and send no Referer: a fetched article's images are
// on its outlet's server, which need not learn which page each reader
// read.
type linkRewriter struct{}

func (linkRewriter) Transform(doc *ast.Document, _ gtext.Reader, pc parser.Context) {
	from, _ := pc.Get(pageKey).(string)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			l.Destination = rewrite(from, l.Destination)
		case *ast.Image:
			l.Destination = rewrite(from, l.Destination)
			l.SetAttributeString("loading", "lazy")
			l.SetAttributeString("referrerpolicy", "no-referrer")
		}
		return ast.WalkContinue, nil
	})
}

func rewrite(from string, dest []byte) []byte {
	// "/" too, the site's root: under a base path it is not the host's.
	if from != "" && len(dest) > 0 && dest[0] == '/' && (len(dest) == 1 || dest[1] != '/') {
		return []byte(rel(rootOf(from), string(dest)))
	}
	return dest
}

// rootOf is the relative path from the page at site path p (a directory
// such as /news/2021/09/x/) back to the site's root: "../../../../".
func rootOf(p string) string {
	return strings.Repeat("../", max(0, strings.Count(p, "/")-1))
}

// rel joins a root prefix and a site path into a link; the root itself is
// "./", since an empty href would mean the current page.
func rel(root, to string) string {
	if r := root + strings.TrimPrefix(to, "/"); r != "" {
		return r
	}
	return "./"
}
