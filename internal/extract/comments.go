package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Readers' comments are found by their class or id (hintComment)
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
		for _, w := range commentBy[s[i]] {
			if len(s)-i < len(w) {
				continue
			}
			if w[0] >= 0x80 && s[i:i+len(w)] == w || w[0] < 0x80 && strings.EqualFold(s[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// commentBy files commentWords by their first byte, in either case: a
// byte is compared with the words that can start there only.
var commentBy = func() (t [256][]string) {
	for _, w := range commentWords {
		t[w[0]] = append(t[w[0]], w)
		if w[0] >= 'a' && w[0] <= 'z' {
			t[w[0]-('a'-'A')] = append(t[w[0]-('a'-'A')], w)
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
