package topic

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Item is what the rules read: a feed item's title, its summary (HTML is
// stripped here) and the extracted body (plain text or Markdown).
type Item struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Body    string `json:"body"`
	Lang    string `json:"lang"`
}

// Result is how the rules judged an item.
type Result struct {
	ID            string             `json:"id" yaml:"id"`
	Topics        []string           `json:"topics" yaml:"topics"`
	Entities      []string           `json:"entities" yaml:"entities"`
	Jurisdictions []string           `json:"jurisdictions" yaml:"jurisdictions"`
	Scores        map[string]float64 `json:"scores" yaml:"scores"`
	Matched       []Match            `json:"matched" yaml:"matched"`
}

// Match is one term that counted towards a topic the item is about.
// Offset is in bytes into the field's text as the rules read it (for the
// summary: after its HTML was stripped). Weight is what the match added
// to the score: the rule's weight times the field's.
type Match struct {
	Topic  string  `json:"topic" yaml:"topic"`
	Term   string  `json:"term" yaml:"term"`
	Field  string  `json:"field" yaml:"field"`
	Offset int     `json:"offset" yaml:"offset"`
	Weight float64 `json:"weight" yaml:"weight"`
}

// Selected reports whether the item is about any topic.
func (r Result) Selected() bool { return len(r.Topics) > 0 }

// Classify applies the rules to one item. It is a pure function of the
// rules and the item; see the package documentation for the order of
// evaluation.
func (r *Rules) Classify(it Item) Result {
	return r.evaluate(it).result(r)
}

// fieldText is one field as the rules read it.
type fieldText struct {
	name   string
	text   string
	weight float64
	first  int32 // index of its first token
}

// hit is one occurrence of a pattern: tokens [pos, pos+n).
type hit struct {
	pos, n int32
	pat    int32
}

// use is a hit accepted in one layer, with the ref that explains it.
type use struct {
	hit
	ref ref
}

// verdict is what became of a topic's match.
type verdict struct {
	use
	field  int // index into evaluation.fields
	weight float64
	why    string // empty if it counted
}

// evaluation is everything Classify worked out, kept for explain.
type evaluation struct {
	fields   []fieldText
	toks     []token
	verdicts [][]verdict // by topic, in text order
	scores   []float64
	entities []bool
	ctx      []ctxHits // context hits, by context, for explain
}

func (r *Rules) evaluate(it Item) *evaluation {
	m := r.m
	ev := &evaluation{fields: []fieldText{
		{name: FieldTitle, text: it.Title, weight: r.Fields.Title},
		{name: FieldSummary, text: summaryText(it.Summary), weight: r.Fields.Summary},
		{name: FieldBody, text: it.Body, weight: r.Fields.Body},
	}}
	// Folding rarely grows text much: size the buffers once.
	n := len(ev.fields[0].text) + len(ev.fields[1].text) + len(ev.fields[2].text)
	tk := tokenizer{f: m.fold, buf: make([]byte, 0, n+n/8), toks: make([]token, 0, n/5+8)}
	for i := range ev.fields {
		ev.fields[i].first = int32(len(tk.toks))
		tk.add(ev.fields[i].text)
	}
	ev.toks = tk.toks
	uses := m.resolve(m.find(&tk, ev.fieldOf), len(r.Topics)+1+len(r.Contexts))
	ctx := make([]ctxHits, len(r.Contexts))
	ev.entities = make([]bool, len(r.Entities))
	for _, u := range uses {
		switch l := int(u.ref.layer); {
		case u.ref.index == exceptIndex:
			// it hid shorter names and terms; it means nothing itself
		case l > m.topics:
			ctx[l-m.topics-1].add(u.hit)
		case l == m.topics:
			if r.Entities[u.ref.index].Kind == KindJurisdiction && ev.currencyNext(u.hit) {
				continue // "US$500", "HK$ 1 billion": money, not a place
			}
			ev.entities[u.ref.index] = true
		}
	}
	ev.ctx = ctx
	ev.score(r, uses, ctx)
	return ev
}

// currencyNext reports whether a currency sign follows h in its text at
// once ("US$", "HK$"); after a space only a dollar sign ("US $5"): "EU
// €1.8bn fine" is the EU's.
func (ev *evaluation) currencyNext(h hit) bool {
	f := ev.fields[ev.fieldOf(h.pos)]
	rest := f.text[ev.toks[h.pos+h.n-1].end:]
	if after, ok := strings.CutPrefix(rest, " "); ok {
		return strings.HasPrefix(after, "$")
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.Is(unicode.Sc, r)
}

// fieldOf returns the index of the field that token pos belongs to.
func (ev *evaluation) fieldOf(pos int32) int {
	f := 0
	for f+1 < len(ev.fields) && ev.fields[f+1].first <= pos {
		f++
	}
	return f
}

// find lists every occurrence of every pattern, by position and then
// longest first. A pattern never spans two fields.
func (m *matcher) find(tk *tokenizer, fieldOf func(int32) int) []hit {
	hits := make([]hit, 0, 32)
	toks := tk.toks
	for pos := range toks {
		t := tk.buf[toks[pos].a:toks[pos].b]
		for _, id := range m.first[string(t)] {
			if n := m.matchAt(tk, pos, id); n > 0 && fieldOf(int32(pos)) == fieldOf(int32(pos+n-1)) {
				hits = append(hits, hit{int32(pos), int32(n), id})
			}
		}
		for _, l := range m.stemLens {
			if l > len(t) {
				break
			}
			for _, id := range m.stemFirst[string(t[:l])] {
				if n := m.matchAt(tk, pos, id); n > 0 && fieldOf(int32(pos)) == fieldOf(int32(pos+n-1)) {
					hits = append(hits, hit{int32(pos), int32(n), id})
				}
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		if a.pos != b.pos {
			return cmp.Compare(a.pos, b.pos)
		}
		return cmp.Compare(b.n, a.n)
	})
	return hits
}

// matchAt returns the number of tokens pattern id covers at pos, or 0.
func (m *matcher) matchAt(tk *tokenizer, pos int, id int32) int {
	p := &m.patterns[id]
	if pos+len(p.toks) > len(tk.toks) {
		return 0
	}
	if p.caps && slices.ContainsFunc(tk.toks[pos:pos+len(p.toks)], func(k token) bool { return k.lower }) {
		return 0
	}
	for i := 1; i < len(p.toks); i++ {
		k := tk.toks[pos+i]
		t := string(tk.buf[k.a:k.b])
		if t != p.toks[i] && !(p.stems[i] && strings.HasPrefix(t, p.toks[i])) {
			return 0
		}
	}
	return len(p.toks)
}

// resolve keeps, in each layer, the leftmost-longest hits that do not
// overlap, and returns them with the refs that belong to that layer. Hits
// of the same words are all kept, as one term listed in two rules is: a
// stem in one rule ("monopol*") and a word in another ("monopoly") are
// each tried under their own rule, but one rule takes the words once.
func (m *matcher) resolve(hits []hit, layers int) []use {
	end := make([]int32, layers)        // first free token per layer
	at := make([]int32, layers)         // start of the words taken last per layer
	uses := make([]use, 0, 2*len(hits)) // most hits have a ref or two
	for _, h := range hits {
		last, ok := int32(-1), false
		for _, x := range m.patterns[h.pat].refs {
			if x.layer != last {
				last = x.layer
				same := end[x.layer] == h.pos+h.n && at[x.layer] == h.pos
				ok = h.pos >= end[x.layer] || same
				if ok && !same {
					end[x.layer], at[x.layer] = h.pos+h.n, h.pos
				}
			}
			if ok && !taken(uses, h, x) {
				uses = append(uses, use{h, x})
			}
		}
	}
	return uses
}

// taken reports whether the words of h were already taken by x's rule (or
// entity, or context) under another term.
func taken(uses []use, h hit, x ref) bool {
	for i := len(uses) - 1; i >= 0 && uses[i].pos == h.pos; i-- {
		if u := uses[i]; u.n == h.n && u.ref.layer == x.layer && u.ref.index == x.index {
			return true
		}
	}
	return false
}

// score weighs the topic matches: conditions first, then each term once
// per field, times the field's weight.
func (ev *evaluation) score(r *Rules, uses []use, ctx []ctxHits) {
	ev.verdicts = make([][]verdict, len(r.Topics))
	ev.scores = make([]float64, len(r.Topics))
	type seenKey struct {
		topic, rule int32
		what        int32 // pattern, or -1-entity
		field       int
	}
	var seen []seenKey // few per item: a scan beats a map
	for _, u := range uses {
		t := int(u.ref.layer)
		if t >= len(r.Topics) || u.ref.index == exceptIndex {
			continue
		}
		rule := &r.Topics[t].Rules[u.ref.index]
		f := ev.fieldOf(u.pos)
		v := verdict{use: u, field: f, weight: rule.Weight * ev.fieldWeight(r, f, u.pos)}
		within := int32(rule.Within)
		if within == 0 {
			within = int32(r.Within)
		}
		notWithin := within
		if rule.NotWithin > 0 {
			notWithin = int32(rule.NotWithin)
		}
		what := u.pat // an entity counts once per field, whichever name matched
		if u.ref.entity >= 0 {
			what = -1 - u.ref.entity
		}
		k := seenKey{u.ref.layer, u.ref.index, what, f}
		words := func() string { return " term within " + strconv.Itoa(int(within)) + " words" }
		switch {
		case len(rule.Requires) > 0 && r.nearAny(ctx, rule.Requires, u.hit, anywhere) == "":
			v.why = "no " + strings.Join(rule.Requires, "/") + " term in the item"
		case len(rule.Near) > 0 && r.nearAny(ctx, rule.Near, u.hit, within) == "":
			v.why = "no " + strings.Join(rule.Near, "/") + words()
		case len(rule.NearAll) > 0 && !r.nearAll(ctx, rule.NearAll, u.hit, within):
			v.why = "no " + strings.Join(r.nearMissing(ctx, rule.NearAll, u.hit, within), ", ") + words()
		case len(rule.NotNear) > 0 && r.nearAny(ctx, rule.NotNear, u.hit, notWithin) != "":
			v.why = r.nearAny(ctx, rule.NotNear, u.hit, notWithin) + " term within " + strconv.Itoa(int(notWithin)) + " words"
		case slices.Contains(seen, k):
			v.why = "counted once per field"
		}
		if v.why == "" {
			seen = append(seen, k)
			ev.scores[t] += v.weight
		}
		ev.verdicts[t] = append(ev.verdicts[t], v)
	}
}

// anywhere is a distance no item reaches: requires looks at the whole item.
const anywhere = math.MaxInt32

// evidence lists the kinds of evidence that counted matches of positive
// rules gave topic t, in the order of first appearance.
func (ev *evaluation) evidence(r *Rules, t int) []string {
	var kinds []string
	for _, v := range ev.verdicts[t] {
		rule := &r.Topics[t].Rules[v.ref.index]
		if v.why != "" || rule.Weight <= 0 {
			continue
		}
		for _, k := range rule.Evidence {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	return kinds
}

// keepMet returns the first of the topic's keep lists that the evidence
// fills, and whether there is one. A topic without keep lists needs none.
func keepMet(tp *Topic, kinds []string) ([]string, bool) {
	if len(tp.Keep) == 0 {
		return nil, true
	}
	for _, need := range tp.Keep {
		if !slices.ContainsFunc(need, func(k string) bool { return !slices.Contains(kinds, k) }) {
			return need, true
		}
	}
	return nil, false
}

// selected reports whether the item is about topic t: its score reaches
// the threshold and its evidence fills one of the keep lists.
func (ev *evaluation) selected(r *Rules, t int) bool {
	tp := &r.Topics[t]
	if !reaches(ev.scores[t], tp.Threshold) {
		return false
	}
	_, ok := keepMet(tp, ev.evidence(r, t))
	return ok
}

// reaches reports whether score reaches threshold, allowing for the
// rounding of a sum of decimal weights (0.7 + 0.1 is 0.7999999999999999):
// weights that add up to the threshold reach it, as explain shows them.
func reaches(score, threshold float64) bool { return score >= threshold-1e-9 }

// fieldWeight is the weight of field f at token pos: lower after its lead.
func (ev *evaluation) fieldWeight(r *Rules, f int, pos int32) float64 {
	w := ev.fields[f].weight
	if int(pos-ev.fields[f].first) >= r.Lead {
		w *= r.AfterLead
	}
	return w
}

// ctxHits are one context's hits, in text order (by position), and the
// length of the longest, which bounds how far back one may start and
// still end near a hit.
type ctxHits struct {
	list    []hit
	longest int32
}

func (hs *ctxHits) add(h hit) {
	hs.list = append(hs.list, h)
	hs.longest = max(hs.longest, h.n)
}

// near reports whether a context hit other than h itself lies within
// `within` tokens of h.
func near(ctx ctxHits, h hit, within int32) bool {
	_, ok := nearHit(ctx, h, within)
	return ok
}

// nearHit returns the first context hit other than h itself within
// `within` tokens of h. It looks only at the hits that start near h: a
// page of ten thousand rule terms and as many context words, out of each
// other's reach, cost their product.
func nearHit(ctx ctxHits, h hit, within int32) (hit, bool) {
	from := int64(h.pos) - int64(within) - int64(ctx.longest)
	i, _ := slices.BinarySearchFunc(ctx.list, from, func(c hit, p int64) int { return cmp.Compare(int64(c.pos), p) })
	for _, c := range ctx.list[i:] {
		if int64(c.pos) >= int64(h.pos)+int64(h.n)+int64(within) {
			break // and so are the rest
		}
		switch {
		case c.pos+c.n <= h.pos:
			if h.pos-(c.pos+c.n) < within {
				return c, true
			}
		case h.pos+h.n <= c.pos:
			if c.pos-(h.pos+h.n) < within {
				return c, true
			}
		}
	}
	return hit{}, false
}

// nearAny returns the first of the named contexts with a term near h, or "".
func (r *Rules) nearAny(ctx []ctxHits, ids Names, h hit, within int32) string {
	for _, id := range ids {
		if near(ctx[r.contextIndex(id)], h, within) {
			return id
		}
	}
	return ""
}

// nearAll reports whether every one of the named contexts has a term near h.
func (r *Rules) nearAll(ctx []ctxHits, ids Names, h hit, within int32) bool {
	for _, id := range ids {
		if !near(ctx[r.contextIndex(id)], h, within) {
			return false
		}
	}
	return true
}

// nearMissing returns every one of the named contexts without a term near h.
func (r *Rules) nearMissing(ctx []ctxHits, ids Names, h hit, within int32) []string {
	var missing []string
	for _, id := range ids {
		if !near(ctx[r.contextIndex(id)], h, within) {
			missing = append(missing, id)
		}
	}
	return missing
}

func (r *Rules) contextIndex(id string) int {
	for i := range r.Contexts {
		if r.Contexts[i].ID == id {
			return i
		}
	}
	return -1 // Load refuses rules that name unknown contexts
}

// result turns an evaluation into the Result callers store.
func (ev *evaluation) result(r *Rules) Result {
	res := Result{Topics: []string{}, Scores: map[string]float64{}, Matched: []Match{}}
	for t, tp := range r.Topics {
		if ev.scores[t] != 0 {
			res.Scores[tp.ID] = round2(ev.scores[t])
		}
		if !ev.selected(r, t) {
			continue
		}
		res.Topics = append(res.Topics, tp.ID)
		for _, v := range ev.verdicts[t] {
			if v.why == "" {
				res.Matched = append(res.Matched, Match{
					Topic: tp.ID, Term: v.ref.term, Field: ev.fields[v.field].name,
					Offset: int(ev.toks[v.pos].start), Weight: round2(v.weight),
				})
			}
		}
	}
	res.Entities, res.Jurisdictions = ev.entityIDs(r)
	return res
}

// entityIDs lists the matched companies and authorities, and the
// jurisdictions matched or implied by authorities, in the order of
// entities.yaml.
func (ev *evaluation) entityIDs(r *Rules) (entities, jurisdictions []string) {
	entities, jurisdictions = []string{}, []string{}
	juris := map[string]bool{}
	for i, ok := range ev.entities {
		if !ok {
			continue
		}
		e := &r.Entities[i]
		switch e.Kind {
		case KindJurisdiction:
			juris[e.ID] = true
			continue
		case KindAuthority:
			if e.Jurisdiction != "" {
				juris[e.Jurisdiction] = true
			}
		}
		entities = append(entities, e.ID)
	}
	for _, e := range r.Entities {
		if juris[e.ID] {
			jurisdictions = append(jurisdictions, e.ID)
		}
	}
	return entities, jurisdictions
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
