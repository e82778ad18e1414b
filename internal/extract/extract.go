package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"docket/internal/text"
)

// Article is what Extract learns from one page.
type Article struct {
	Title     string    // headline, without the site name
	URL       string    // canonical address, tracking parameters removed; the page URL when none is declared
	Published time.Time // zero when unknown
	Modified  time.Time // zero when unknown
	Author    string
	SiteName  string
	Lang      string // BCP 47 tag, "" when undeclared
	Image     string // lead image, absolute
	Charset   string // encoding the page was read in
	// Floating: Published was written without a zone (or with one that
	// names several), and its wall-clock time is given as UTC; read it in
	// the source's zone.
	Floating bool

	HTML     string // main content, sanitized: no scripts, styles, frames, handlers or unsafe URLs
	Markdown string // HTML converted to Markdown
	Text     string // plain text, a blank line between paragraphs

	// Confidence in [0, 1] says how much the content looks like one
	// article's text rather than page chrome or a fragment.
	Confidence float64
	// Method names what found the text: "scorer" (the page's structure),
	// "rule" (a site rule of rules.yaml), or a second opinion taken when
	// the first was unsure: "json-ld" (the page's own articleBody) or
	// "density" (the densest run of text lines, see density.go).
	Method string

	paragraphs  int            // blocks of text in the content
	measured    int            // text length in measure units
	linkDensity float64        // share of that text inside links
	ldBody      string         // JSON-LD articleBody, for the second opinion
	lines       []*densityLine // the page's text lines, for the second opinion
	secondTried bool           // the first result was unsure and a second opinion was sought
	firstText   string         // the first opinion's text, when the second replaced it
	head        string         // header lines taken out of the text's head (see dropHead), one a line
}

// ErrNotHTML is returned for input that is binary data (images, archives,
// PDFs) rather than markup. Binary input comes as a *BinaryError, which
// names the content type; errors.Is matches it against ErrNotHTML.
var ErrNotHTML = errors.New("extract: not an HTML page")

// ErrDocument marks a PDF: a primary document (a decision, a filing)
// rather than a page about one. Callers keep the link and the feed's
// summary; errors.Is(err, ErrDocument) holds for it, as does ErrNotHTML.
var ErrDocument = errors.New("extract: a document, not a page")

// DefaultMaxBytes caps the input read; longer pages are cut. News pages are
// far below it, and the cap bounds time and memory on hostile input.
const DefaultMaxBytes = 5 << 20

// Extractor holds the compiled rules, sanitizer and Markdown converter. It
// is safe for concurrent use; build one and reuse it.
type Extractor struct {
	rules    *rules
	policy   *bluemonday.Policy
	md       *converter.Converter
	maxBytes int
	attrs    *attrSet // attributes kept through the parse
}

// New builds an Extractor from the embedded rules.
func New() (*Extractor, error) {
	r, err := parseRules(rulesYAML)
	if err != nil {
		return nil, err
	}
	md := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(), strikethrough.NewStrikethroughPlugin()))
	md.Register.RendererFor("blockquote", converter.TagTypeBlock, renderQuote, converter.PriorityStandard-10)
	return &Extractor{
		rules:    r,
		policy:   newPolicy(),
		md:       md,
		maxBytes: DefaultMaxBytes,
		attrs:    newAttrSet(r.attrs...),
	}, nil
}

var defaultExtractor = sync.OnceValues(New)

// Extract runs a shared default Extractor: see Extractor.Extract.
func Extract(body []byte, contentType, pageURL string) (*Article, error) {
	x, err := defaultExtractor()
	if err != nil {
		return nil, err
	}
	return x.Extract(body, contentType, pageURL)
}

// attempts are tried in order until one finds enough text; each later one
// trusts page templates less (the longest result wins if none does).
var attempts = []flags{
	{stripUnlikely: true, weightClasses: true, cleanCond: true},
	{stripUnlikely: false, weightClasses: true, cleanCond: true},
	{stripUnlikely: false, weightClasses: false, cleanCond: true},
	{stripUnlikely: false, weightClasses: false, cleanCond: false},
}

// enoughText (in measure units) ends the attempts early.
const enoughText = 500

// Extract reads an HTML page: body is the raw response (any charset),
// contentType the HTTP Content-Type header or "", pageURL the address the
// page was fetched from after redirects (relative links resolve against it
// or the page's <base href>). It returns ErrNotHTML for binary input and an
// error for pages it cannot parse; a page without a recognizable article
// gives an Article with metadata, empty text and Confidence 0. Check
// Article.Usable before publishing the text.
func (x *Extractor) Extract(body []byte, contentType, pageURL string) (*Article, error) {
	if len(body) > x.maxBytes {
		body = body[:x.maxBytes]
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrNotHTML)
	}
	if ct, ok := binary(body, contentType); ok {
		return nil, &BinaryError{ContentType: ct}
	}
	src, cs, err := text.Decode(body, contentType, "")
	if err != nil {
		src, cs = bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8"
	}
	page, _ := url.Parse(pageURL)
	p, err := parse(newBudgetReader(&keptReader{src: src, spans: keptSpans(src, x.attrs)}), len(src), page)
	if err != nil {
		return nil, err
	}
	var best *Article
	for i, f := range attempts {
		if i > 0 {
			p.edits.undo()
		}
		a := x.attempt(p, f)
		a.Charset = cs
		if i > 0 {
			// The page defeated the stricter rules.
			a.Confidence = math.Round(a.Confidence*80) / 100
		}
		if best == nil || prose(a) > prose(best)*5/4 && a.linkDensity <= maxUsableLinks {
			best = a
		}
		// a.measured is measure(a.Text): the writer measures each word it writes.
		if a.measured >= enoughText {
			break
		}
	}
	x.complete(best, p)
	best.Author = trimAuthor(best.Author)
	return x.finish(best)
}

// complete gives a its date and author from the page's text when its
// metadata named none, and a second opinion when it is unsure. Both read
// the page's text lines from the tree as it was before any attempt
// pruned it (the chrome holds datelines and bylines, and the density
// opinion weighs the whole page), so the lines are read only then.
func (x *Extractor) complete(a *Article, p *parsed) {
	needText := a.Published.IsZero() || a.Author == ""
	body := findBody(p.doc)
	if body == nil || !needText && !unsure(a) {
		return
	}
	p.edits.undo()
	if !unsure(a) {
		// Dates and authors only: the page's text, without its lines.
		p.m.fillFromText(a, pageText(body))
		return
	}
	a.lines = densityLines(body)
	if needText {
		p.m.fillFromText(a, linesText(a.lines))
	}
	secondOpinion(a, x.rules)
	a.lines = nil
}

// prose is the length of a's text outside links (in measure units): a
// later attempt that keeps more only by keeping menus does not win, nor
// one that is mostly links.
func prose(a *Article) float64 {
	return float64(a.measured) * (1 - a.linkDensity)
}

// parsed is a page parsed and prepared once, with the metadata every
// attempt shares. Attempts run on its tree and undo their removals (see
// edits), so a page is parsed once however many attempts it takes.
type parsed struct {
	doc   *html.Node
	page  *url.URL
	base  *url.URL
	m     meta
	meta  Article // the metadata fields, filled once
	edits edits

	comments []*html.Node // readers' comments found by their headings
}

// parse reads src into a prepared tree and its metadata.
func parse(src io.Reader, size int, page *url.URL) (*parsed, error) {
	doc, err := html.ParseWithOptions(src, html.ParseOptionEnableScripting(false))
	if err != nil {
		return nil, fmt.Errorf("extract: parse: %w", err)
	}
	if err := treeFits(doc, size); err != nil {
		return nil, err
	}
	p := &parsed{doc: doc, page: page}
	prepare(doc, &p.m)
	p.comments = commentSections(p.m.commentHeads)
	p.base = baseURL(page, p.m.base)
	p.m.fill(&p.meta, p.base)
	if p.meta.URL == "" && page != nil {
		p.meta.URL = text.CanonicalURL(page.String(), "")
	}
	return p, nil
}

// attempt runs content selection and cleaning once with the given flags.
func (x *Extractor) attempt(p *parsed, f flags) *Article {
	a := new(Article)
	*a = p.meta
	content, keep, semantic, method, total := x.content(p, f)
	a.Method = method
	x.render(a, content, keep, total, f, p)
	a.Confidence = confidence(a.measured, a.paragraphs, a.linkDensity, semantic)
	return a
}

// render cleans the content nodes and writes them into a's HTML and Text.
// Siblings gathered next to keep, the best element, are judged like any
// block inside it; keep itself always stays. total is the content's text
// length, or -1 when it is to be measured here.
func (x *Extractor) render(a *Article, content []*html.Node, keep *html.Node, total int, f flags, p *parsed) {
	c := cleaner{f: f, r: x.rules, title: strings.ToLower(collapseSpace(a.Title)), edits: &p.edits, total: total}
	if total < 0 {
		c.total = 0
		for _, n := range content {
			l, _, _ := linkText(n)
			c.total += l
		}
	}
	kept := content[:0:0]
	for _, n := range content {
		if t := c.clean(n); n != keep && c.drop(n, t) {
			continue
		}
		kept = append(kept, n)
	}
	a.head = dropHead(kept, &p.edits)
	w := writer{base: p.base}
	for _, n := range kept {
		w.node(n, false)
	}
	a.HTML = w.html.String()
	a.Text = strings.TrimSpace(w.text.String())
	a.paragraphs, a.measured = w.paras, w.chars
	if w.chars > 0 {
		a.linkDensity = float64(w.links) / float64(w.chars)
	}
}

// baseURL resolves a page's <base href> against the address it came from.
// A base that is not http(s) with a host (mailto:, javascript:, "https:")
// is ignored, as it would turn every relative link into one of its kind.
func baseURL(page *url.URL, href string) *url.URL {
	if href == "" {
		return page
	}
	b, err := url.Parse(href)
	if err != nil {
		return page
	}
	if page != nil {
		b = page.ResolveReference(b)
	}
	if b.Scheme != "http" && b.Scheme != "https" || b.Host == "" {
		return page
	}
	return b
}

// content returns the nodes holding the article in document order, the
// one among them that must stay whatever cleaning thinks of it, whether
// a site rule or the page's own markup (not the scorer alone) pointed at
// them, and their text length as the scorer measured it (-1 for a site
// rule's nodes, which it did not measure).
func (x *Extractor) content(p *parsed, f flags) (nodes []*html.Node, keep *html.Node, semantic bool, method string, total int) {
	if p.page != nil {
		if sr, ok := x.rules.site(p.page.Hostname()); ok {
			if nodes := sr.apply(p.doc, &p.edits); len(nodes) > 0 {
				return nodes, nodes[0], true, "rule", -1
			}
		}
	}
	body := findBody(p.doc)
	if body == nil {
		return nil, nil, false, "scorer", 0
	}
	s := newScorer(f, &p.edits)
	defer s.release()
	st := &stat{}
	s.stats[body] = st
	st.chars, st.links, st.commas = s.measureTree(body, st, false)
	for _, c := range p.comments {
		if cs := s.stats[c]; cs != nil && c.Parent != nil {
			s.detach(c, cs)
		}
	}
	s.prune(body, st.chars)
	s.score()
	top := s.top()
	if top == nil {
		return []*html.Node{body}, body, false, "scorer", st.chars
	}
	if first := s.firstPost(top); first != nil {
		return []*html.Node{first}, first, false, "scorer", s.chars([]*html.Node{first})
	}
	semantic = top.DataAtom == atom.Article || strings.EqualFold(attr(top, "itemprop"), "articleBody")
	nodes = s.gather(top)
	return nodes, top, semantic, "scorer", s.chars(nodes)
}

// chars is the text length of nodes, from their stats (detach kept them
// up to date with the tree's removals); -1 when one has none.
func (s *scorer) chars(nodes []*html.Node) int {
	total := 0
	for _, n := range nodes {
		st := s.stats[n]
		if st == nil {
			return -1
		}
		total += st.chars
	}
	return total
}

func findBody(doc *html.Node) *html.Node {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.DataAtom == atom.Html {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.DataAtom == atom.Body {
					return c
				}
			}
		}
	}
	return nil
}

// confidence combines length, paragraph structure and link share.
func confidence(chars, paras int, linkDensity float64, semantic bool) float64 {
	length := clamp(float64(chars-200) / 1300)
	structure := clamp(float64(paras) / 5)
	links := clamp(1 - linkDensity*3)
	c := 0.45*length + 0.25*structure + 0.3*links
	if semantic {
		c += 0.1
	}
	if chars == 0 {
		return 0
	}
	return math.Round(clamp(c)*100) / 100
}

func clamp(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// finish sanitizes the chosen result and converts it to Markdown.
func (x *Extractor) finish(a *Article) (*Article, error) {
	a.HTML, a.Text = dropControls(a.HTML), dropControls(a.Text)
	a.HTML = x.policy.Sanitize(a.HTML)
	if a.HTML == "" {
		return a, nil
	}
	if bracketScan(a.Text) > maxBracketScan {
		a.Markdown = plainMarkdown(a.Text)
		return a, nil
	}
	md, err := x.md.ConvertString(a.HTML)
	if err != nil {
		return nil, fmt.Errorf("extract: markdown: %w", err)
	}
	a.Markdown = strings.TrimSpace(md)
	return a, nil
}

// dropControls removes the control characters but tab and line breaks:
// browsers do not show them, and in the Markdown they would reach a
// terminal (a page's escape sequences) from content/ or `docket extract`.
func dropControls(s string) string {
	i := strings.IndexFunc(s, isDropped)
	if i < 0 {
		return s
	}
	return s[:i] + strings.Map(func(r rune) rune {
		if isDropped(r) {
			return -1
		}
		return r
	}, s[i:])
}

func isDropped(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7F && r <= 0x9F
}

var httpURL = regexp.MustCompile(`^https?://`)

// newPolicy allows exactly the markup the writer produces, as a second line
// of defence: only http(s) and mailto links, only http(s) images.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
		"blockquote", "pre", "code", "table", "thead", "tbody", "tfoot", "tr",
		"th", "td", "caption", "figure", "figcaption", "hr", "br", "dl", "dt",
		"dd", "em", "i", "strong", "b", "sub", "sup", "s", "del", "ins", "mark",
		"q", "cite", "abbr", "small", "u", "div")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src").Matching(httpURL).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	return p
}
