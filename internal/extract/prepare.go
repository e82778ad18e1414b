package extract

import (
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// junkTags never hold article text; they are dropped with their content.
var junkTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Link: true, atom.Meta: true,
	atom.Template: true, atom.Svg: true, atom.Canvas: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Option: true, atom.Audio: true,
	atom.Video: true, atom.Source: true, atom.Track: true, atom.Map: true,
	atom.Frame: true, atom.Frameset: true, atom.Applet: true, atom.Dialog: true,
	atom.Base: true, atom.Title: true, atom.Label: true,
}

// junkRoles are ARIA landmarks and widgets that are page chrome.
var junkRoles = set("navigation", "banner", "complementary", "contentinfo",
	"dialog", "alertdialog", "menu", "menubar", "search", "tooltip", "toolbar")

// prepare makes one pass over the whole document: it records the metadata
// found in head and body, drops markup that is never content (scripts,
// styles, forms controls, hidden and ARIA chrome elements, comments) and
// resolves lazy-loaded images.
func prepare(doc *html.Node, m *meta) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch c.Type {
			case html.CommentNode, html.DoctypeNode:
				n.RemoveChild(c)
			case html.TextNode:
				if maybeCommentHeading(c.Data) {
					m.commentHeads = append(m.commentHeads, c)
				}
			case html.ElementNode:
				m.collect(c)
				if tagLink(c) {
					m.tagLinks = append(m.tagLinks, c)
				}
				if dropEarly(c) {
					n.RemoveChild(c)
				} else if c.DataAtom == atom.Noscript {
					rescueNoscript(c)
				} else {
					if c.DataAtom == atom.Img {
						fixImage(c)
					}
					walk(c)
				}
			}
			c = next
		}
	}
	walk(doc)
	dropTagLists(m.tagLinks)
}

// tagLink reports a link to one of the page's tags ("the tag for the
// current document", HTML's rel=tag).
func tagLink(n *html.Node) bool {
	return n.DataAtom == atom.A && slices.Contains(strings.Fields(strings.ToLower(attr(n, "rel"))), "tag")
}

// dropTagLists drops each run of two or more tag links with nothing but
// separators between them (", ", " | ", line breaks): the page's tag
// list. A tag link inside a sentence ("the fine against Google") is text.
func dropTagLists(links []*html.Node) {
	for _, a := range links {
		if a.Parent == nil {
			continue // in a run already dropped
		}
		run, n := []*html.Node{a}, 1
		for c := a.NextSibling; c != nil && (tagLink(c) || separator(c)); c = c.NextSibling {
			if tagLink(c) {
				n++
			}
			run = append(run, c)
		}
		if n < 2 || !listOfRun(a.Parent, run) {
			continue
		}
		for _, c := range run {
			if c.Parent != nil {
				c.Parent.RemoveChild(c)
			}
		}
	}
}

// listOfRun reports a run of tag links that is its parent's text but for
// a label ("Tags:"): inside a sentence ("the fines against Google,
// Apple and Meta") the run is text.
func listOfRun(parent *html.Node, run []*html.Node) bool {
	inRun := 0
	for _, c := range run {
		inRun += inkBytes(c)
	}
	return inkBytes(parent)-inRun <= maxTagLabel
}

// maxTagLabel is the most text, in bytes other than white space, beside
// a tag list in its parent: "Tags:", "Schlagwörter:", "标签：".
const maxTagLabel = 24

// inkBytes counts the bytes of n's text that are not white space.
func inkBytes(n *html.Node) int {
	if n.Type == html.TextNode {
		k := 0
		for i := 0; i < len(n.Data); i++ {
			if c := n.Data[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				k++
			}
		}
		return k
	}
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		k += inkBytes(c)
	}
	return k
}

// separator reports what stands between the links of a list: a line
// break, or text of punctuation and white space only.
func separator(n *html.Node) bool {
	return n.Type == html.ElementNode && n.DataAtom == atom.Br ||
		n.Type == html.TextNode && strings.Trim(n.Data, " \t\r\n,;|·/•-–—") == ""
}

// dropEarly reports elements removed whatever the page looks like.
func dropEarly(n *html.Node) bool {
	if tagIn(n.DataAtom, inJunk) || n.Namespace != "" {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			// Icons and decorative wrappers; real text is never hidden
			// from screen readers on purpose.
			if a.Val == "true" {
				return true
			}
		case "role":
			if junkRoles[strings.ToLower(a.Val)] {
				return true
			}
		case "style":
			if hiddenStyle(a.Val) {
				return true
			}
		}
	}
	return false
}

func hiddenStyle(style string) bool {
	if !strings.Contains(style, "none") && !strings.Contains(style, "hidden") {
		return false
	}
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

// rescueNoscript keeps the images a <noscript> holds for browsers without
// scripts (replacing the lazy placeholder just before it) and drops any other
// noscript content, which is usually "please enable JavaScript".
func rescueNoscript(ns *html.Node) {
	imgs := countDescendants(ns, atom.Img)
	if imgs == 0 || ns.Parent == nil {
		remove(ns)
		return
	}
	if prev := prevElement(ns); prev != nil && prev.DataAtom == atom.Img {
		remove(prev)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				if c.DataAtom == atom.Img {
					fixImage(c)
				}
				walk(c)
			}
		}
	}
	walk(ns)
	unwrap(ns)
}

func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
		if p.Type == html.TextNode && strings.TrimSpace(p.Data) != "" {
			return nil
		}
	}
	return nil
}

// lazySrcAttrs hold the real image address on lazy-loading pages.
var lazySrcAttrs = []string{"data-src", "data-original", "data-lazy-src",
	"data-lazy", "data-url", "data-hi-res-src", "data-full-src", "data-img-src"}

// fixImage points src at the real image of a lazy-loaded <img>.
func fixImage(img *html.Node) {
	if src := attr(img, "src"); src != "" && !placeholderSrc(src) {
		return
	}
	for _, k := range lazySrcAttrs {
		if v := strings.TrimSpace(attr(img, k)); v != "" && !placeholderSrc(v) {
			setAttr(img, "src", v)
			return
		}
	}
	for _, k := range []string{"data-srcset", "srcset", "data-lazy-srcset"} {
		if v := largestSrcset(attr(img, k)); v != "" {
			setAttr(img, "src", v)
			return
		}
	}
}

// placeholderSrc reports an image address that stands in for the real
// one until a script loads it: a data URL, a blank, or an animation
// ("preloaderbig.gif", "spinner.svg"; a photo named fidget-spinner.jpg
// is a photo).
func placeholderSrc(src string) bool {
	s := strings.ToLower(src)
	animation := strings.HasSuffix(s, ".gif") || strings.HasSuffix(s, ".svg")
	return strings.HasPrefix(s, "data:") || containsAny(s, placeholderWords) ||
		animation && containsAny(path.Base(s), animationWords)
}

var (
	placeholderWords = []string{"placeholder", "blank.gif", "spacer.gif", "pixel.gif", "lazy"}
	animationWords   = []string{"loader", "loading", "spinner"}
)

// largestSrcset picks the widest candidate of a srcset attribute, or the
// last one when no widths are given.
func largestSrcset(srcset string) string {
	best, bestW := "", -1
	for _, cand := range strings.Split(srcset, ",") {
		f := strings.Fields(cand)
		if len(f) == 0 || placeholderSrc(f[0]) {
			continue
		}
		w := 0
		if len(f) > 1 {
			w = atoiPrefix(f[1])
		}
		if w >= bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

// atoiPrefix parses the leading digits of s ("640w" is 640).
func atoiPrefix(s string) int {
	n := 0
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1<<20; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
