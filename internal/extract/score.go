package extract

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// flags switch heuristics off one by one when a strict attempt finds too
// little text (see Extractor.Extract).
type flags struct {
	stripUnlikely bool // drop page chrome before scoring
	weightClasses bool // let class/id hints move scores
	cleanCond     bool // drop link-heavy or list-heavy blocks inside the content
}

// stat is what the scorer knows of one element.
type stat struct {
	chars, links, commas int     // whole subtree: text length, text inside links, separators
	own                  int     // text outside links whose nearest block is this element
	seg, segCommas       int     // the run of own text since the last <br>
	points               float64 // paragraph score of the own text, one paragraph per run
	runs                 int     // runs that scored
	blockKids            bool    // has block-level children
	bits                 uint8   // what the class and id say (classBits), once prune has read them
	bitsRead             bool
	score                float64
	scored               bool
}

// endRun closes the current run of own text: a run long enough to be a
// paragraph earns points for its length and clauses. Pages that separate
// paragraphs with <br><br> instead of <p> score like those that do not.
func (s *stat) endRun() {
	if s.seg >= minParagraph {
		s.points += 1 + float64(s.segCommas) + math.Min(float64(s.seg)/100, 3)
		s.runs++
	}
	s.seg, s.segCommas = 0, 0
}

func (s *stat) linkDensity() float64 {
	if s.chars == 0 {
		return 0
	}
	return float64(s.links) / float64(s.chars)
}

// minParagraph is the shortest text (in measure units) that counts as a
// paragraph of prose.
const minParagraph = 25

// scorer finds the element holding the article: each paragraph of prose
// adds to the scores of its nearest ancestors, and the best-scored element,
// discounted by its share of link text, wins.
type scorer struct {
	f      flags
	stats  map[*html.Node]*stat
	slabs  [][]stat     // where newStat takes stats from, a few hundred at a time
	slab   int          // the one in use
	blocks []*html.Node // elements with a paragraph of their own text, in document order
	cands  []*html.Node
	edits  *edits // where removals are recorded
}

// scorers are reused from attempt to attempt and page to page: the map
// and stats of a page's elements were a sixth of the bytes allocated.
var scorers = sync.Pool{New: func() any {
	return &scorer{stats: make(map[*html.Node]*stat, 2048)}
}}

// newScorer returns an empty scorer; put it back with release.
func newScorer(f flags, e *edits) *scorer {
	s := scorers.Get().(*scorer)
	s.f, s.edits = f, e
	return s
}

// release empties s, keeping its memory, for the next newScorer.
func (s *scorer) release() {
	clear(s.stats)
	for i := range s.slabs[:min(s.slab+1, len(s.slabs))] {
		s.slabs[i] = s.slabs[i][:0]
	}
	s.slab = 0
	clear(s.blocks)
	clear(s.cands)
	s.blocks, s.cands, s.edits = s.blocks[:0], s.cands[:0], nil
	scorers.Put(s)
}

// newStat returns a zero stat: pages have hundreds of elements, and one
// allocation for each would cost more than the scoring.
func (s *scorer) newStat() *stat {
	if len(s.slabs) == 0 {
		s.slabs = append(s.slabs, make([]stat, 0, 256))
	}
	if sl := s.slabs[s.slab]; len(sl) == cap(sl) {
		if s.slab++; s.slab == len(s.slabs) {
			s.slabs = append(s.slabs, make([]stat, 0, 256))
		}
	}
	sl := s.slabs[s.slab][:len(s.slabs[s.slab])+1]
	s.slabs[s.slab] = sl
	st := &sl[len(sl)-1]
	*st = stat{}
	return st
}

// measureTree fills stats for every element below n.
func (s *scorer) measureTree(n *html.Node, block *stat, inLink bool) (chars, links, commas int) {
	parent := s.stats[n]
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			l, k := measure(c.Data)
			chars += l
			commas += k
			if inLink {
				links += l
			} else if block != nil {
				block.own += l
				block.seg += l
				block.segCommas += k
			}
		case html.ElementNode:
			if c.DataAtom == atom.Br && block != nil {
				block.endRun()
			}
			st := s.newStat()
			s.stats[c] = st
			b := block
			if isBlock(c) {
				b = st
				if parent != nil {
					parent.blockKids = true
				}
			}
			st.chars, st.links, st.commas = s.measureTree(c, b, inLink || c.DataAtom == atom.A)
			if b == st {
				st.endRun()
			}
			chars += st.chars
			links += st.links
			commas += st.commas
		}
	}
	return chars, links, commas
}

// prune removes page chrome that holds less than a share of the page's
// text and records the paragraph blocks that remain.
func (s *scorer) prune(n *html.Node, total int) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			st := s.stats[c]
			st.bits, st.bitsRead = classBits(c), true
			if relatedHeading(c, st.bits) {
				// "You may also like": the run of teasers after the
				// heading goes with it, however long.
				next = s.detachTeasers(c)
			} else if st.bits&hintComment != 0 && c.DataAtom != atom.Body ||
				s.f.stripUnlikely && unlikely(c, st.bits) && st.chars < total*2/5 {
				s.detach(c, st)
			} else {
				if st.points > 0 && !isHeading(c.DataAtom) {
					s.blocks = append(s.blocks, c)
				}
				s.prune(c, total)
			}
		}
		c = next
	}
}

// detachTeasers detaches the heading h and the run of teasers after it,
// when there is one; it returns the sibling after what it left, where
// pruning goes on. A teaser is an element mostly of links (a list of
// headlines) or, other than a paragraph, one with an image (a card);
// separators between them go too. Prose after the heading ("Related
// work" over cited paragraphs) ends the run, so a heading followed by
// prose is left alone.
func (s *scorer) detachTeasers(h *html.Node) *html.Node {
	end := h.NextSibling
	teasers := 0
	for ; end != nil; end = end.NextSibling {
		if separator(end) {
			continue
		}
		if !s.teaser(end) {
			break
		}
		teasers++
	}
	if teasers == 0 {
		return h.NextSibling
	}
	for n := h; n != end; {
		next := n.NextSibling
		switch st := s.stats[n]; {
		case st != nil:
			s.detach(n, st)
		case n.Type == html.TextNode: // a separator, counted in its parent's text
			l, k := measure(n.Data)
			s.detach(n, &stat{chars: l, commas: k})
		}
		n = next
	}
	return end
}

// teaser reports an element that shows another article: mostly links,
// or an image with its text (not a paragraph, where an image illustrates
// the article).
func (s *scorer) teaser(n *html.Node) bool {
	st := s.stats[n]
	if n.Type != html.ElementNode || st == nil {
		return false
	}
	if st.chars > 0 && st.links*2 >= st.chars {
		return true
	}
	return n.DataAtom != atom.P && (n.DataAtom == atom.Img || countDescendants(n, atom.Img) > 0)
}

// detach removes n and takes its text out of its ancestors' counts.
func (s *scorer) detach(n *html.Node, st *stat) {
	for p := n.Parent; p != nil; p = p.Parent {
		if ps := s.stats[p]; ps != nil {
			ps.chars -= st.chars
			ps.links -= st.links
			ps.commas -= st.commas
		}
	}
	s.edits.remove(n)
}

// unlikely reports page chrome: landmarks and elements with negative hints.
// bits are n's classBits.
func unlikely(n *html.Node, bits uint8) bool {
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.A:
		return false
	case atom.Nav, atom.Aside, atom.Footer, atom.Header:
		return true
	}
	return hintOf(bits) < 0
}

// hint is hint(n), read from n's stat when prune has read it.
func (s *scorer) hint(n *html.Node) int {
	if st := s.stats[n]; st != nil && st.bitsRead {
		return hintOf(st.bits)
	}
	return hint(n)
}

// containerTags hold paragraphs rather than being one: text directly inside
// them scores the element itself instead of its parent.
var containerTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Body: true, atom.Td: true, atom.Center: true, atom.Form: true,
}

// score adds every block's paragraph score to its ancestors.
func (s *scorer) score() {
	for _, b := range s.blocks {
		bs := s.stats[b]
		n := b
		if !tagIn(b.DataAtom, inContainer) || !bs.blockKids && bs.runs == 1 {
			// A paragraph, or a div used as one, scores its parent.
			n = b.Parent
		}
		points := bs.points
		for level := 0; n != nil && n.Type == html.ElementNode && level < 5; level++ {
			cs := s.candidate(n)
			if cs == nil {
				break
			}
			div := 1.0
			if level == 1 {
				div = 2
			} else if level > 1 {
				div = float64(level * 3)
			}
			cs.score += points / div
			n = n.Parent
		}
	}
	for _, c := range s.cands {
		st := s.stats[c]
		st.score *= (1 - st.linkDensity()) * mass(st.chars)
	}
}

// mass discounts candidates with little text, so that a class hint on a
// small box cannot outscore the article: full weight from 1000 units of
// text (about 170 English words), half at none.
func mass(chars int) float64 {
	return math.Min(1, 0.5+float64(chars)/2000)
}

// candidate returns n's stat, giving it its starting score the first time.
func (s *scorer) candidate(n *html.Node) *stat {
	st := s.stats[n]
	if st == nil || st.scored {
		return st
	}
	st.scored = true
	s.cands = append(s.cands, n)
	switch n.DataAtom {
	case atom.Div, atom.Article:
		st.score = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		st.score = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		st.score = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		st.score = -5
	}
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		st.score += 15
	}
	if s.f.weightClasses {
		st.score += 25 * float64(s.hint(n))
	}
	return st
}

// top returns the best candidate after checking whether the article is
// split over several high-scoring siblings (then their common ancestor wins)
// or wrapped in elements that add nothing.
func (s *scorer) top() *html.Node {
	if len(s.cands) == 0 {
		return nil
	}
	sort.SliceStable(s.cands, func(i, j int) bool {
		return s.stats[s.cands[i]].score > s.stats[s.cands[j]].score
	})
	best := s.cands[0]
	bestScore := s.stats[best].score
	var alts []*html.Node
	for _, c := range s.cands[1:min(len(s.cands), 5)] {
		if s.stats[c].score >= bestScore*0.75 && !contains(c, best) && !contains(best, c) {
			alts = append(alts, c)
		}
	}
	if len(alts) >= 2 {
		for p := best.Parent; p != nil && p.DataAtom != atom.Body; p = p.Parent {
			inside := 0
			for _, a := range alts {
				if contains(p, a) {
					inside++
				}
			}
			if inside >= 2 {
				best = s.promote(best, p)
				break
			}
		}
	}
	best = s.climb(best)
	for best.Parent != nil && best.Parent.DataAtom != atom.Body && onlyElementChild(best) {
		best = s.promote(best, best.Parent)
	}
	return best
}

// promote makes anc, which holds n, the candidate in n's place, with at
// least n's score: siblings are later measured against it.
func (s *scorer) promote(n, anc *html.Node) *html.Node {
	as := s.candidate(anc)
	if ns := s.stats[n]; as != nil && ns != nil && as.score < ns.score {
		as.score = ns.score
	}
	return anc
}

// climb moves to a parent that scores better than the candidate: the
// candidate was then only part of the article. The climb stops at an
// ancestor scoring under a third of the candidate's: one far above it
// (the page's wrapper) is not more of the article for beating the weak
// ancestors between them.
func (s *scorer) climb(n *html.Node) *html.Node {
	last := s.stats[n].score
	floor := last / 3
	for p := n.Parent; p != nil && p.DataAtom != atom.Body; p = p.Parent {
		ps := s.stats[p]
		if ps == nil || !ps.scored {
			continue
		}
		if ps.score < floor {
			break
		}
		if ps.score > last {
			n = p
			break
		}
		last = ps.score
	}
	return n
}

func contains(anc, n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == anc {
			return true
		}
	}
	return false
}

func onlyElementChild(n *html.Node) bool {
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && (c.Type == html.ElementNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) != "") {
			return false
		}
	}
	return true
}

// gather returns top and those of its siblings that look like more of the
// same article: well scored, or plain paragraphs of prose.
func (s *scorer) gather(top *html.Node) []*html.Node {
	if top.Parent == nil {
		return []*html.Node{top}
	}
	ts := s.stats[top]
	threshold := math.Max(10, ts.score*0.2)
	topClass := attr(top, "class")
	var out []*html.Node
	for c := top.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c == top {
			out = append(out, c)
			continue
		}
		if c.Type != html.ElementNode || s.hint(c) < 0 {
			continue
		}
		st := s.stats[c]
		if st == nil {
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(c, "class") == topClass {
			bonus = ts.score * 0.2
		}
		if st.scored && st.score+bonus >= threshold || proseBlock(c, st) {
			out = append(out, c)
		}
	}
	return out
}

// proseBlock reports a paragraph that reads as running text.
func proseBlock(n *html.Node, st *stat) bool {
	if n.DataAtom != atom.P && st.own < st.chars*3/4 {
		return false
	}
	ld := st.linkDensity()
	if st.chars > 80 {
		return ld < 0.25
	}
	if st.chars == 0 || ld > 0 {
		return false
	}
	return endsSentence(textOf(n))
}

// endsSentence reports text whose last sentence is closed: by a full
// stop, question or exclamation mark or ellipsis, in the punctuation of
// its script (Latin, CJK, Arabic, Devanagari, Armenian, Ethiopic,
// Myanmar, Khmer), before any closing quotes or brackets ("他说：“不。”").
// Thai and Lao mark no sentence end, so their lines never count as closed:
// a space between clauses also separates a photo credit's words, and
// taking it for a sentence end let page chrome in as prose.
func endsSentence(t string) bool {
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"')]”’」』）》】`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(sentenceEnds, r)
}

// sentenceEnds close a sentence: Latin, CJK (full and half width), Arabic
// question mark and Urdu full stop, Devanagari danda, Armenian full
// stop, Ethiopic full stop, Myanmar and Khmer sections.
const sentenceEnds = ".!?。！？…．｡؟۔।॥։።။។"
