package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Readers' comments are found by their class or id (commentSection)
// when the template names them in a way we know. Many do not ("tie",
// "q5886d2d7", a blog theme's own words), so a comment section is also
// found by the heading readers see over it: "12 Comments", "Leave a
// Reply", "5 responses to “…”", "网友评论", "《…》已有1件评论",
// "发表评论". Such a heading (a block whose whole text it is, not a
// link: "167 comments" in a byline points to the comments, it does not
// head them) starts the section: the largest element it is the first
// text of, or, when that is a heading element (h2 to h6) alone, the
// heading and what follows it in its parent. A bare "Comment" or "评论"
// is no such heading: it names a newspaper's opinion section.

var commentHeadingREs = []*regexp.Regexp{
	regexp.MustCompile(`^(\d+|no|one|two|three) (comments?|responses?|replies|thoughts?)( (on|to) .*)?$`),
	regexp.MustCompile(`^((top rated|most recent|recent|reader|readers'?|latest|all|show|view) )?comments( \(\d+\))?$`),
	regexp.MustCompile(`^(top rated|most recent|recent|reader|readers'?|latest|all|show|view) comment$|^comment \(\d+\)$`),
	regexp.MustCompile(`^(leave|post|add|write|submit) (a|your) (comment|reply|response)$`),
	regexp.MustCompile(`^(join|start) the (discussion|conversation)$`),
	regexp.MustCompile(`^(网友|读者|最新|热门|精彩|全部|相关|我要|发表|查看)(评论|留言|跟帖)(列表|区)?\s*([(（]\d+[)）]|\d+)?$`),
	regexp.MustCompile(`^(评论|留言|跟帖)(列表|区|\s*[(（]\d+[)）])$`),
	regexp.MustCompile(`(已有|共有|共)\s*\d+\s*(条|件|篇)(评论|留言|跟帖)$`),
}

// commentWords must appear in a text for it to be tried as a heading.
var commentWords = []string{"comment", "respons", "repl", "discussion", "conversation", "thought", "评论", "留言", "跟帖"}

// maxCommentHeading is the longest heading text tried, in bytes (a
// heading may repeat the article's title).
const maxCommentHeading = 240

// commentHeading reports text that heads a comment section.
func commentHeading(text string) bool {
	if len(text) > maxCommentHeading {
		return false
	}
	t := strings.ToLower(strings.Trim(collapseSpace(text), " :：[]【】|-—»›>"))
	if !containsAny(t, commentWords) {
		return false
	}
	for _, re := range commentHeadingREs {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// maybeCommentHeading is prepare's cheap test of a text node, made for
// every one on the page in a single pass over its bytes: short, and
// holding a comment word.
func maybeCommentHeading(s string) bool {
	if len(s) > maxCommentHeading {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !commentFirst[c] {
			continue
		}
		for _, w := range commentWords {
			if c|0x20 != w[0] && c != w[0] || len(s)-i < len(w) {
				continue
			}
			if w[0] >= 0x80 && s[i:i+len(w)] == w || w[0] < 0x80 && strings.EqualFold(s[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// commentFirst marks the first bytes of commentWords, in either case.
var commentFirst = func() (t [256]bool) {
	for _, w := range commentWords {
		t[w[0]] = true
		if w[0] >= 'a' && w[0] <= 'z' {
			t[w[0]-('a'-'A')] = true
		}
	}
	return t
}()

// commentSections returns the elements that make up comment sections
// headed by any of heads (text nodes prepare noted), in document order.
func commentSections(heads []*html.Node) []*html.Node {
	var out []*html.Node
	seen := map[*html.Node]bool{}
	for _, t := range heads {
		h := blockOf(t)
		if h == nil || seen[h] || inLink(t) || !commentHeading(textOf(h)) {
			continue
		}
		seen[h] = true
		sec := h
		for p := sec.Parent; p != nil && !pageRoot(p) && firstText(p) == t; p = p.Parent {
			sec = p
		}
		if countDescendants(sec, atom.H1) > 0 {
			continue
		}
		out = append(out, sec)
		if sec != h || !isHeading(h.DataAtom) || pageRoot(sec.Parent) {
			continue
		}
		for n := sec.NextSibling; n != nil; n = n.NextSibling {
			if n.Type == html.ElementNode && countDescendants(n, atom.H1) == 0 && n.DataAtom != atom.H1 {
				out = append(out, n)
			}
		}
	}
	return out
}

// blockOf is the nearest block element holding n.
func blockOf(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if isBlock(p) {
			return p
		}
	}
	return nil
}

func inLink(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.A {
			return true
		}
	}
	return false
}

// pageRoot reports the elements a comment section never is: the page
// itself and its main landmark.
func pageRoot(n *html.Node) bool {
	return n == nil || n.Type != html.ElementNode || n.DataAtom == atom.Body || n.DataAtom == atom.Html || n.DataAtom == atom.Main
}

// firstText is the first text node below n that is not white space.
func firstText(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return c
			}
		case html.ElementNode:
			if t := firstText(c); t != nil {
				return t
			}
		}
	}
	return nil
}

// Comment lists without a heading or a class we know ("list", "items",
// a theme's own words) are found by their shape instead: repeated blocks
// of one tag and class, most of them with a reply control and an author
// or a time, which is what every comment system draws under each
// comment. prepare notes the reply controls; the list is the nearest
// ancestor of one whose children have that shape.

// replyWords label the control under a comment, lowercase.
var replyWords = set("reply", "回复", "回覆", "回應", "antworten", "répondre",
	"responder", "responda", "rispondi", "ответить", "返信", "답글", "답글달기",
	"reageer", "reageren", "odpowiedz", "svara", "svar", "yanıtla")

// replyLabel reports text that is a reply control's whole label.
func replyLabel(s string) bool {
	if len(s) > 24 || len(s) < 2 {
		return false
	}
	return replyWords[strings.ToLower(strings.Trim(s, " \t\n\r\f[]()|·"))]
}

// minCommentBlocks is the fewest comments that make a list.
const minCommentBlocks = 2

// commentLists returns the elements holding lists of comments found by
// their shape around the reply controls marks (text nodes, or the
// parents of dropped reply buttons).
func commentLists(marks []*html.Node) []*html.Node {
	if len(marks) < minCommentBlocks {
		return nil
	}
	isMark := make(map[*html.Node]bool, len(marks))
	for _, m := range marks {
		isMark[m] = true
	}
	var out []*html.Node
	checked := map[*html.Node]bool{}
	for _, m := range marks {
		child := m
		for p, depth := m.Parent, 0; p != nil && !pageRoot(p) && depth < 12; child, p, depth = p, p.Parent, depth+1 {
			if child.Type != html.ElementNode || checked[p] {
				continue
			}
			checked[p] = true
			if commentList(p, child, isMark) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// commentList reports whether list's element children are mostly blocks
// alike to member, and those mostly comments: a reply control and an
// author or a time.
func commentList(list, member *html.Node, isMark map[*html.Node]bool) bool {
	key := postKey{member.DataAtom, attr(member, "class")}
	total, alike, comments := 0, 0, 0
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		total++
		if (postKey{c.DataAtom, attr(c, "class")}) != key {
			continue
		}
		alike++
		if hasMark(c, isMark) && (commentTime(c) || commentAuthor(c)) {
			comments++
		}
	}
	return comments >= minCommentBlocks && comments*3 >= alike*2 && alike*3 >= total*2 &&
		countDescendants(list, atom.H1) == 0
}

func hasMark(n *html.Node, isMark map[*html.Node]bool) bool {
	return isMark[n] || findNode(n, func(c *html.Node) bool { return isMark[c] }) != nil
}

// commentTime reports a time in n: a <time>, a date or time class, or a
// date in its text.
func commentTime(n *html.Node) bool {
	return findNode(n, func(c *html.Node) bool {
		return c.Type == html.ElementNode && (c.DataAtom == atom.Time || classHas(c, "date", "time"))
	}) != nil || commentTimeRE.MatchString(textOf(n)) || len(findDates(textOf(n), 1)) > 0
}

// commentTimeRE is how comments tell their time: "3 hours ago", "5:12 pm",
// "2小时前".
var commentTimeRE = regexp.MustCompile(`(?i)\b\d+\s*(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago\b|\d+\s*(?:秒|分钟|小时|天|周|个月|年)前|\b\d{1,2}:\d{2}\b`)

// commentAuthor reports a commenter's name or picture in n.
func commentAuthor(n *html.Node) bool {
	return findNode(n, func(c *html.Node) bool {
		return c.Type == html.ElementNode && (c.DataAtom == atom.Cite ||
			strings.EqualFold(attr(c, "itemprop"), "author") ||
			classHas(c, "author", "user", "name", "nick", "avatar"))
	}) != nil
}

// classHas reports a class or id of n holding one of the lowercase words.
func classHas(n *html.Node, words ...string) bool {
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && containsAny(strings.ToLower(a.Val), words) {
			return true
		}
	}
	return false
}

// findNode returns the first node below n, n excluded, that ok accepts.
func findNode(n *html.Node, ok func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if ok(c) {
			return c
		}
		if f := findNode(c, ok); f != nil {
			return f
		}
	}
	return nil
}
