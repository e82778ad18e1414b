package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// Blogs and old portals show several posts on one page, each a dated
// title and a body marked by the same class ("post-body"). The scorer
// then finds the element holding them all. firstPost finds that case:
// two or more elements inside top that share a class with a positive
// hint, each with a paragraph's worth of text, together most of top's
// text, with a date in the text between each one and the next (the next
// post's dateline). The page's own post is the first; a story split into
// chunks around ads has no dates between its chunks.
func (s *scorer) firstPost(top *html.Node) *html.Node {
	total := s.stats[top].chars
	if total == 0 {
		return nil
	}
	byClass := map[string][]*html.Node{}
	var order []string
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if cl := attr(c, "class"); cl != "" && hint(c) > 0 {
				if st := s.stats[c]; st != nil && st.chars >= minPostText {
					if byClass[cl] == nil {
						order = append(order, cl)
					}
					byClass[cl] = append(byClass[cl], c)
					continue // posts do not nest
				}
			}
			find(c)
		}
	}
	find(top)
	for _, cl := range order {
		posts := byClass[cl]
		if len(posts) < 2 {
			continue
		}
		sum := 0
		for _, p := range posts {
			sum += s.stats[p].chars
		}
		if sum*5 < total*3 || !datedBetween(top, posts) {
			continue
		}
		return posts[0]
	}
	return nil
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
