package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Chinese news pages set the story's credits apart in a block of their
// own, above or below the text: the reporters ("本报记者 王燕平 方云凤",
// "新京报记者 彭冲 山东冠县报道", "本报记者罗科苏盈发自北京"), the author
// or the source ("作者： 周思博", "来源：新闻晨报"). Such a block is
// metadata, not article text. A block that merely starts with one of
// these words is not one: an interview's "记者：……？" asks a question, in
// a sentence, with punctuation a credit has none of.

// creditREs match a whole credit block (lowercase, white space collapsed,
// decorations trimmed): the role and names, after an outlet's name
// (a paper, a site, a channel) or set apart from them by a colon or a
// space ("据记者了解" is no credit); or a label, a colon and a value.
var creditREs = []*regexp.Regexp{
	regexp.MustCompile(`^\p{Han}{0,10}(?:报|网|社|台|刊|频道|新闻)\s?` + creditRole + `\s*[:：]?\s*` + hanNames + creditPlace),
	regexp.MustCompile(`^` + creditRole + `(?:\s*[:：]\s*|\s+)` + hanNames + creditPlace),
	regexp.MustCompile(`^(?:作\s*者|来\s*源|稿\s*源|译\s*者|译)\s*[:：]\s*\S`),
}

const (
	creditRole  = `(?:记者|实习生|通讯员)`
	creditPlace = `(?:\s*(?:发自|报道|摄)\p{Han}{0,6}|\s*\p{Han}{2,6}报道)?$` // "发自北京", "北京报道"
)

// maxCredit is the longest credit block, in characters.
const maxCredit = 40

// creditLine reports a block whose whole text is a story's credit.
func creditLine(text string) bool {
	t := strings.Trim(text, " □■●◆-—|【】[]()（）")
	if t == "" || utf8.RuneCountInString(t) > maxCredit || strings.ContainsAny(t, "，。！？；,!?;") {
		return false
	}
	if !strings.Contains(t, "记者") && !strings.Contains(t, "实习生") && !strings.Contains(t, "通讯员") &&
		!strings.ContainsAny(t, ":：") {
		return false // every pattern needs one: the scan is cheap this way
	}
	for _, re := range creditREs {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}

// credit reports a credit block, keeping its text for the byline.
func (c *cleaner) credit(text string) bool {
	if !creditLine(text) {
		return false
	}
	c.credits = append(c.credits, text)
	return true
}

// ownLine reports an inline element that stands on a line of its own:
// nothing but white space between it and a <br> or the edge of its block
// on either side.
func ownLine(n *html.Node) bool {
	return lineEdge(n, func(m *html.Node) *html.Node { return m.PrevSibling }) &&
		lineEdge(n, func(m *html.Node) *html.Node { return m.NextSibling })
}

// lineEdge reports whether, walking from n by step, a line break or the
// end of n's parent comes before any text.
func lineEdge(n *html.Node, step func(*html.Node) *html.Node) bool {
	for m := step(n); m != nil; m = step(m) {
		switch {
		case m.Type == html.TextNode && strings.TrimSpace(m.Data) == "":
		case m.Type == html.ElementNode && (m.DataAtom == atom.Br || isBlock(m)):
			return true
		default:
			return false
		}
	}
	return n.Parent == nil || isBlock(n.Parent)
}
