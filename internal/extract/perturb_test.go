package extract

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"docket/internal/golden"
	"docket/internal/text"
)

// The tuning halves are small, and heuristics fitted to them can lean on
// what their few templates happen to do. TestCorpusPerturbed scores the
// tuning halves again after rewriting each page the way other templates
// differ, keeping its text and structure:
//
//   - opaque: every class and id word replaced by a meaningless token
//     (the same word always by the same token), as on a site whose class
//     names we do not know;
//   - br: every <p> replaced by its content followed by <br><br>, as old
//     portals and many Chinese pages lay out paragraphs;
//   - div: every <p> replaced by a <div>.
//
// A heuristic that holds only for the names or markup of the tuning
// pages loses here. The held-out halves are never perturbed or read.
//
// Floors: the figures measured at the commit that added this test (AEB
// opaque 0.9611, br 0.9684, div 0.9574; articles-zh 0.9720, 0.9685,
// 0.9723; before comments were found by their headings, opaque was
// 0.9389 and 0.9656) less a small margin.
var perturbFloors = map[string]map[string]float64{
	"aeb":         {"opaque": 0.956, "br": 0.963, "div": 0.952},
	"articles-zh": {"opaque": 0.967, "br": 0.963, "div": 0.967},
}

func TestCorpusPerturbed(t *testing.T) {
	root := corpus(t)
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"aeb", "articles-zh"} {
		gold := loadGold(t, filepath.Join(root, set, "ground-truth.json"))
		ids := halfIDs(gold, false)
		pages := make(map[string][]byte, len(ids))
		for _, id := range ids {
			pages[id] = golden.ReadGzip(t, filepath.Join(root, set, "html", id+".html.gz"))
		}
		for _, mode := range []string{"opaque", "br", "div"} {
			preds := make(map[string]*Article, len(ids))
			for _, id := range ids {
				src, _, err := text.Decode(pages[id], "", "")
				if err != nil {
					t.Fatal(err)
				}
				doc, err := html.Parse(bytes.NewReader(src))
				if err != nil {
					t.Fatal(err)
				}
				perturb(doc, mode)
				var b bytes.Buffer
				if err := html.Render(&b, doc); err != nil {
					t.Fatal(err)
				}
				a, err := x.Extract(b.Bytes(), "text/html; charset=utf-8", "")
				if err != nil {
					t.Errorf("%s %s: %v", set, id, err)
					continue
				}
				preds[id] = a
			}
			f1 := scoreF1(gold, preds, ids)
			t.Logf("%s tune, %s: F1 %.4f", set, mode, f1)
			if floor := perturbFloors[set][mode]; f1 < floor {
				t.Errorf("%s tune, %s: F1 %.4f below floor %.3f", set, mode, f1, floor)
			}
		}
	}
}

// perturb rewrites the tree below n as mode says (see TestCorpusPerturbed).
func perturb(n *html.Node, mode string) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		perturb(c, mode)
		if c.Type == html.ElementNode {
			switch {
			case mode == "opaque":
				for i, a := range c.Attr {
					if a.Key == "class" || a.Key == "id" {
						c.Attr[i].Val = opaque(a.Val)
					}
				}
			case mode == "div" && c.DataAtom == atom.P:
				c.DataAtom, c.Data = atom.Div, "div"
			case mode == "br" && c.DataAtom == atom.P:
				for k := c.FirstChild; k != nil; {
					kn := k.NextSibling
					c.RemoveChild(k)
					n.InsertBefore(k, c)
					k = kn
				}
				for range 2 {
					n.InsertBefore(&html.Node{Type: html.ElementNode, DataAtom: atom.Br, Data: "br"}, c)
				}
				n.RemoveChild(c)
			}
		}
		c = next
	}
}

// opaque replaces each word of a class or id value by a token that says
// nothing of it.
func opaque(v string) string {
	var ws []string
	for _, w := range strings.Fields(v) {
		h := fnv.New32a()
		h.Write([]byte(w))
		ws = append(ws, fmt.Sprintf("q%08x", h.Sum32()))
	}
	return strings.Join(ws, " ")
}
