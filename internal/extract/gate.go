package extract

import (
	"strings"
	"unicode"

	"docket/internal/text"
)

// Gate thresholds. A usable extract has at least minUsableText of text (in
// measure units: about 45 English words or 85 Chinese characters), no more
// than maxUsableLinks of it inside links, and Confidence of at least
// minUsableConfidence.
const (
	minUsableText       = 250
	maxUsableLinks      = 0.3
	minUsableConfidence = 0.35
	minSummaryOverlap   = 0.3
	minTitleOverlap     = 0.5
	// When the feed gives no summary the alternative is an empty body: a
	// confident extract may then have up to half its text in links (a
	// digest of linked headlines).
	maxLinksAlone      = 0.5
	minConfidenceAlone = 0.6
)

// Headline is the page's own title when the feed's title for it names
// something else (a feed can point its items at other outlets' articles
// under titles of its own): fewer than half of the feed title's
// distinctive words are in the page's title and text. Otherwise, or when
// the page's title is too slight to be a headline ("Home", an ID: fewer
// than three distinctive words), or when the page reads as no article (a
// consent wall, a soft 404: see isArticle), it is "": the feed's title
// stands.
func (a *Article) Headline(feedTitle string) string {
	if !a.isArticle() || len(words(a.Title)) < 3 || overlap(feedTitle, a.Title+"\n"+a.Text) >= minTitleOverlap {
		return ""
	}
	return a.Title
}

// isArticle reports whether the extract has enough confident text to be
// an article at all.
func (a *Article) isArticle() bool {
	return a != nil && a.paragraphs > 0 && a.Confidence >= minUsableConfidence && a.measured >= minUsableText
}

// Usable reports whether the extract may replace the feed's summary of the
// same item: false when it is too short, too link-heavy, low in
// confidence, shorter than the summary itself, or about something else (it
// shares too few of the summary's words). An empty summary skips the last
// two checks, and lets a confident extract have more links. It judges
// Articles made by Extract.
func (a *Article) Usable(feedSummary string) bool {
	if !a.isArticle() {
		return false
	}
	summary := collapseSpace(stripTags(feedSummary))
	if summary == "" {
		return a.linkDensity <= maxUsableLinks || a.linkDensity <= maxLinksAlone && a.Confidence >= minConfidenceAlone
	}
	if sumLen, _ := measure(summary); a.linkDensity > maxUsableLinks || sumLen > a.measured {
		return false
	}
	return overlap(summary, a.Text) >= minSummaryOverlap
}

// overlap is the share of the summary's distinctive words found in text.
// Words are lowercased runs of letters and digits of four or more
// characters; Han and kana count as overlapping pairs (bigrams), since
// those scripts do not separate words.
func overlap(summary, text string) float64 {
	want := words(summary)
	if len(want) < 3 {
		return 1 // too little to judge
	}
	have := words(text)
	found := 0
	for w := range want {
		if have[w] {
			found++
		}
	}
	return float64(found) / float64(len(want))
}

func words(s string) map[string]bool {
	out := make(map[string]bool)
	var word []rune
	var prevCJK rune
	flush := func() {
		if len(word) >= 4 {
			out[string(word)] = true
		}
		word = word[:0]
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case text.IsCJK(r):
			flush()
			if prevCJK != 0 {
				out[string([]rune{prevCJK, r})] = true
			}
			prevCJK = r
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, r)
		default:
			flush()
		}
		prevCJK = 0
	}
	flush()
	return out
}

// stripTags drops markup from a feed summary, which is often HTML.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}
