package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Many Chinese pages, old ones above all, print the article's header
// inside the block that holds its text, one short line each: the
// headline again, a kicker or deck, the byline ("本报记者 张三 李四",
// "作者：某某", a name alone under the headline) and a dateline
// ("2005-04-05 06:40 来源：某报"). The Article carries the headline,
// author and date apart, so dropHead takes these lines out of the text:
// every short line of the content's head down to the last that is a
// byline or a dateline. Lines below it (an editor's note, a picture's
// caption) stay, and so does a head with no byline or dateline in it:
// its short lines may be a list or a poem.

// headMax is how many short lines before the first line of prose are
// looked at: a headline twice, a kicker, a deck, two bylines, a dateline
// and an editor's label.
const headMax = 8

// headLine is one line of the content's head, between block boundaries
// or <br>s, and its text nodes.
type headLine struct {
	nodes []*html.Node
	text  string
}

// bylineCueRE is a reporter's, author's or translator's credit in a
// short line ("光明日报记者 王某", "本报实习生 李某", "作者： 某某",
// "译： Someone", "文/某某").
var bylineCueRE = regexp.MustCompile(`记者|通讯员|实习生|撰稿人|作者|译者|编译|撰文|^(?:文|译|图|翻译)` + anySpace + `[:：/／|｜]`)

// datelineRE is a line that begins with a full date, its time allowed
// ("2003-7-24", "2005年1月2日", "2005-04-05 06:40").
var datelineRE = regexp.MustCompile(`^[\[【(（]?` + anySpace + `(?:19|20)\d\d` + anySpace + `[-/.年]` + anySpace + `\d{1,2}` + anySpace +
	`[-/.月]` + anySpace + `\d{1,2}` + anySpace + `日?(?:` + anySpace + `\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?`)

// bareNamesRE is a line of names alone, each of two or three characters.
var bareNamesRE = regexp.MustCompile(`^\p{Han}{2,3}(?:[ 、]\p{Han}{2,3}){0,4}$`)

// sentencePunct marks a line that is a sentence or clauses, never a
// credit.
const sentencePunct = "。，；！？"

// headKind reports whether line i of the head is a byline or a dateline.
func headKind(line string, i int) bool {
	n := utf8.RuneCountInString(line)
	if n > 30 || strings.ContainsAny(line, sentencePunct) {
		return false
	}
	if bylineCueRE.MatchString(line) {
		return true
	}
	if m := datelineRE.FindStringIndex(line); m != nil && utf8.RuneCountInString(line[m[1]:]) <= 16 {
		return true
	}
	// A name alone, right under a headline (and a kicker at most).
	return i >= 1 && i <= 2 && bareNamesRE.MatchString(line) && !headingWords[line] && surnamed(line)
}

// dropHead removes the header lines at the head of content (see above),
// recording the removals in e, and returns their text, one line each,
// for the author and date readers, which look there.
func dropHead(content []*html.Node, e *edits) string {
	lines := contentHead(content)
	last := -1
	for i, l := range lines {
		if headKind(l.text, i) && !listed(l.nodes[0], content) {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	var b strings.Builder
	for _, l := range lines[:last+1] {
		for _, n := range l.nodes {
			// The text goes, and the inline elements it leaves empty.
			for n.Parent != nil && !isBlock(n.Parent) && n.Parent.FirstChild == n && n.Parent.LastChild == n && !slices.Contains(content, n.Parent) {
				n = n.Parent
			}
			e.remove(n)
		}
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// listed reports whether text node n is in a list item of the content:
// a list's dated entries are a timeline, not the page's dateline.
func listed(n *html.Node, content []*html.Node) bool {
	for p := n.Parent; p != nil && !slices.Contains(content, p); p = p.Parent {
		if p.DataAtom == atom.Li {
			return true
		}
	}
	return false
}

// contentHead returns the content's short lines before its first line of
// prose (one over proseLine characters or closing a sentence), none when
// there are more than headMax of them.
func contentHead(content []*html.Node) []headLine {
	var (
		lines []headLine
		cur   headLine
		text  strings.Builder // cur's text: a line of many inline elements is long
		done  bool            // the first line of prose, or one short line too many, is read
		many  bool            // the latter
	)
	end := func() {
		if done {
			return
		}
		t := collapseSpace(text.String())
		text.Reset()
		if t != "" {
			switch {
			case utf8.RuneCountInString(t) > proseLine || strings.ContainsRune(t, '。'):
				done = true
			case len(lines) == headMax:
				done, many = true, true
			default:
				lines = append(lines, headLine{nodes: cur.nodes, text: t})
			}
		}
		cur = headLine{}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !done; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				cur.nodes = append(cur.nodes, c)
				text.WriteString(c.Data)
			case c.Type != html.ElementNode:
			case c.DataAtom == atom.Br:
				end()
			case isBlock(c) || c.DataAtom == atom.Img:
				end()
				walk(c)
				end()
			default:
				walk(c) // an inline element: its text runs on in the line
			}
		}
	}
	for _, n := range content {
		if done {
			break
		}
		end()
		walk(n)
		end()
	}
	end()
	if !done || many {
		// Short lines only, or many of them: a list or a poem, no head.
		return nil
	}
	return lines
}
