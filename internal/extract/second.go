package extract

import (
	"html"
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// unsureBelow is the confidence under which a second, independent
// opinion is sought.
const unsureBelow = 0.8

// The density reading may replace the first opinion only to extend it:
// text density alone easily settles on a long block of something else (a
// comment thread, a list of teasers), so it may complete what the scorer
// found (a fragment of the article: it holds minAgreement of the first
// opinion's words) but not overrule it, nor add more than maxExtension
// of it, unless the scorer found next to nothing.
const (
	minAgreement = 0.85
	maxExtension = 1.5
)

// extendedBy reports whether text (of length chars) extends a's text.
func (a *Article) extendedBy(text string, chars int) bool {
	if chars <= a.measured {
		return false
	}
	if a.measured < minParagraph*4 {
		return true
	}
	return float64(chars) <= float64(a.measured)*maxExtension && overlap(a.Text, text) >= minAgreement &&
		proseExtension(a.Text, text)
}

// proseExtension reports whether the lines text adds to first (one per
// paragraph, as the density reading writes them) read as more of the
// article: more of their text in lines that end a sentence than not. A byline, a
// credit, a "follow us" line or a subscription prompt after the text
// does not; the paragraphs a template hid from the scorer do.
func proseExtension(first, text string) bool {
	prose, other := 0, 0
	for _, l := range strings.Split(text, "\n\n") {
		if strings.Contains(first, l) {
			continue
		}
		n, _ := measure(l)
		if endsSentence(l) {
			prose += n
		} else {
			other += n
		}
	}
	return prose > other
}

// secondOpinion replaces an unsure result by an independent reading of
// the page when that reads as more of an article, judged by the same
// confidence measure: the page's JSON-LD articleBody (the publisher's own
// copy of the text that no template heuristic touched; it counts as
// semantic markup) and the text-density reading of density.go, which
// shares nothing with the scorer but the page. The page's AMP or print
// version would be a third opinion, but fetching it is fetch's business,
// not extract's.
func secondOpinion(a *Article, r *rules) {
	if !unsure(a) {
		return
	}
	a.secondTried = true
	if h, t, paras, chars := jsonLDText(a.ldBody); chars > 0 && !a.holds(t, chars) {
		a.consider(h, t, paras, chars, 0, true, "json-ld")
	}
	if h, t, paras, chars, ld := densityArticle(a.lines, r, a.Title); a.extendedBy(t, chars) {
		a.consider(h, t, paras, chars, ld, false, "density")
	}
}

// holds reports whether text (of length chars) is a part of a's text
// that a's text goes on from as more of the article: shorter, its words
// found in a's, and the rest of a's text prose (see proseExtension). An
// articleBody cut to a teaser is such a part; it may read as surer than
// the whole, having no links, but it is less of the article.
func (a *Article) holds(text string, chars int) bool {
	return chars < a.measured && overlap(text, a.Text) >= minAgreement && proseExtension(text, a.Text)
}

// unsure reports a result that asks for a second opinion; a site rule
// is the project's own word on the page.
func unsure(a *Article) bool {
	return a.Confidence < unsureBelow && a.Method != "rule"
}

// consider takes another opinion's text when its confidence is higher.
func (a *Article) consider(h, t string, paras, chars int, linkDensity float64, semantic bool, method string) {
	c := confidence(chars, paras, linkDensity, semantic)
	if c <= a.Confidence {
		return
	}
	if a.firstText == "" {
		a.firstText = a.Text
	}
	a.HTML, a.Text, a.Confidence, a.Method = h, t, c, method
	a.paragraphs, a.measured, a.linkDensity = paras, chars, linkDensity
}

// jsonLDText reads an articleBody as paragraphs, one per line.
func jsonLDText(body string) (h, t string, paras, chars int) {
	body = strings.TrimSpace(ldPlain(body))
	if body == "" {
		return "", "", 0, 0
	}
	var hb, tb strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		p = collapseSpace(p)
		if p == "" {
			continue
		}
		l, _ := measure(p)
		chars += l
		paras++
		hb.WriteString("<p>" + html.EscapeString(p) + "</p>")
		if tb.Len() > 0 {
			tb.WriteString("\n\n")
		}
		tb.WriteString(p)
	}
	return hb.String(), tb.String(), paras, chars
}

// ldTag is a whole HTML tag, as publishers leave in an articleBody.
var ldTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>`)

// ldHidden are elements whose content is not text a reader sees.
var ldHidden = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Math: true,
	atom.Textarea: true, atom.Select: true, atom.Head: true, atom.Title: true}

// ldPlain reads an articleBody as the plain text schema.org says it is,
// when a publisher wrote its HTML there (tags, or text whose characters
// are escaped as references, or both): the text of its blocks, one per
// line, without what scripts and styles hold.
func ldPlain(body string) string {
	if !strings.ContainsAny(body, "<&") {
		return body
	}
	if !ldTag.MatchString(body) {
		body = html.UnescapeString(body)
		if !ldTag.MatchString(body) {
			return body
		}
	}
	// Parsed on the page's budget (see hostile.go): an articleBody is
	// as untrusted as the page.
	ctx := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragmentWithOptions(newBudgetReader(strings.NewReader(body)), ctx, xhtml.ParseOptionEnableScripting(false))
	if err != nil {
		return ""
	}
	root := &xhtml.Node{Type: xhtml.DocumentNode}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	if treeFits(root, len(body)) != nil {
		return ""
	}
	// Without blocks, the text's own line breaks still part paragraphs;
	// with them, they are the markup's layout.
	blocks := false
	for _, n := range nodes {
		blocks = blocks || isBlock(n) || countDescendants(n, atom.P, atom.Div, atom.Li, atom.Blockquote,
			atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Tr) > 0
	}
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.TextNode && blocks:
			b.WriteString(squashSpace(n.Data))
			return
		case n.Type == xhtml.TextNode:
			b.WriteString(n.Data)
			return
		case n.Type != xhtml.ElementNode:
			return
		case ldHidden[n.DataAtom]:
			return
		case n.DataAtom == atom.Br:
			b.WriteByte('\n')
			return
		}
		block := isBlock(n)
		if block {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte('\n')
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}
