package extract

import (
	"html"
	"strings"
)

// unsureBelow is the confidence under which a second, independent
// opinion is sought.
const unsureBelow = 0.6

// secondOpinion replaces an unsure result by the page's JSON-LD
// articleBody, the publisher's own copy of the text that no template
// heuristic touched, when it reads as more of an article: the two are
// compared by the same confidence measure, the JSON-LD copy counting as
// semantic markup. The page's AMP or print version would be a third
// opinion, but fetching it is fetch's business, not extract's.
func secondOpinion(a *Article) {
	if a.Confidence >= unsureBelow {
		return
	}
	a.secondTried = true
	body := strings.TrimSpace(a.ldBody)
	if body == "" {
		return
	}
	var h, t strings.Builder
	paras, chars := 0, 0
	for _, p := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		p = collapseSpace(p)
		if p == "" {
			continue
		}
		l, _ := measure(p)
		chars += l
		paras++
		h.WriteString("<p>" + html.EscapeString(p) + "</p>")
		if t.Len() > 0 {
			t.WriteString("\n\n")
		}
		t.WriteString(p)
	}
	c := confidence(chars, paras, 0, true)
	if c <= a.Confidence {
		return
	}
	a.firstText = a.Text
	a.HTML, a.Text, a.Confidence, a.Method = h.String(), t.String(), c, "json-ld"
	a.paragraphs, a.measured, a.linkDensity = paras, chars, 0
}
