package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Blogs, forums and old portals show several posts on one page, each a
// dated title or author line and a body marked by the same class
// ("post-body", or a forum's "t_msg" with no hint at all). The scorer then
// finds the element holding them all. firstPost finds that case: two or
// more container elements inside top of one tag and class (not a
// negative hint), none inside another, each with a paragraph's worth of
// text, the first with a post's, together most of top's text, with a date
// in the text between each one and the next (the next post's dateline,
// or this one's footer). The page's own post is the first; a story split
// into chunks around ads has no dates between its chunks, and paragraphs
// (<p>) are never posts, so dated subheadings do not split a story.
func (s *scorer) firstPost(top *html.Node) *html.Node {
	total := s.stats[top].chars
	if total == 0 {
		return nil
	}
	groups := map[postKey][]*html.Node{}
	var order []postKey
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if k, ok := s.postCandidate(c); ok {
				if g := groups[k]; len(g) == 0 || !contains(g[len(g)-1], c) {
					if g == nil {
						order = append(order, k)
					}
					groups[k] = append(g, c)
				}
			}
			find(c)
		}
	}
	find(top)
	for _, k := range order {
		if posts := groups[k]; s.arePosts(top, posts, total) {
			return posts[0]
		}
	}
	return nil
}

// postKey groups elements that may be posts: one tag, one class value.
type postKey struct {
	tag   atom.Atom
	class string
}

// postCandidate reports whether n may be one post of several.
func (s *scorer) postCandidate(n *html.Node) (postKey, bool) {
	cl := attr(n, "class")
	if cl == "" || !postTags[n.DataAtom] || s.hint(n) < 0 {
		return postKey{}, false
	}
	st := s.stats[n]
	return postKey{n.DataAtom, cl}, st != nil && st.chars >= minParagraph
}

// postTags are the elements that hold a post: containers, not paragraphs.
var postTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Td: true,
	atom.Table: true, atom.Li: true, atom.Dd: true, atom.Blockquote: true,
}

// arePosts applies firstPost's tests to one group.
func (s *scorer) arePosts(top *html.Node, posts []*html.Node, total int) bool {
	if len(posts) < 2 || s.stats[posts[0]].chars < minPostText {
		return false
	}
	sum := 0
	for _, p := range posts {
		sum += s.stats[p].chars
	}
	return sum*5 >= total*3 && datedBetween(top, posts)
}

// minPostText is the least text (in measure units) of a post.
const minPostText = 300

// datedBetween reports whether the text between each of posts (in
// document order, inside top) and the next holds a date.
func datedBetween(top *html.Node, posts []*html.Node) bool {
	member := make(map[*html.Node]bool, len(posts))
	for _, p := range posts {
		member[p] = true
	}
	var segs []*strings.Builder
	seen := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode && seen > 0 && seen < len(posts):
				segs[seen-1].WriteString(c.Data)
			case member[c]:
				seen++
				segs = append(segs, &strings.Builder{})
			case c.Type == html.ElementNode:
				walk(c)
			}
		}
	}
	walk(top)
	for _, b := range segs[:len(posts)-1] {
		if len(allDates(b.String())) == 0 {
			return false
		}
	}
	return true
}
