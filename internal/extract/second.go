package extract

import (
	"html"
	"strings"
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
	if h, t, paras, chars := jsonLDText(a.ldBody); chars > 0 {
		a.consider(h, t, paras, chars, 0, true, "json-ld")
	}
	if h, t, paras, chars, ld := densityArticle(a.lines, r, a.Title); a.extendedBy(t, chars) {
		a.consider(h, t, paras, chars, ld, false, "density")
	}
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
	body = strings.TrimSpace(body)
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
