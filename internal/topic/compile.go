package topic

import (
	"slices"
	"sort"
)

// A layer is one set of patterns whose overlaps are resolved together:
// one per topic, one for all entities, one per context. Within a layer the
// leftmost-longest match wins, so "drug cartel" (negative) hides "cartel"
// and "Competition and Markets Authority" hides "competition" in a topic
// that lists the CMA; across layers matches do not hide each other.

// ref ties a pattern to what it means in one layer.
type ref struct {
	layer  int32
	index  int32 // topic: rule index; entities: entity index; context: 0, or exceptIndex
	term   string
	entity int32 // entity behind an entities: rule term, or -1
}

// pattern is one normalised term: a sequence of tokens, each of which may
// be a stem (matches any token it begins).
type pattern struct {
	parsedTerm
	refs []ref // sorted by layer
}

// matcher is the compiled form of all terms and names. Items are matched
// against it token by token through an index on each pattern's first token.
type matcher struct {
	fold      *folder
	patterns  []pattern
	first     map[string][]int32 // exact first token -> patterns
	stemFirst map[string][]int32 // patterns whose first token is a stem, by stem
	stemLens  []int              // byte lengths present in stemFirst
	topics    int                // layers [0, topics) are topics
}

// exceptIndex marks an except phrase (of a context or an entity): it takes
// part in overlap resolution but is not itself a match in its layer.
const exceptIndex = -1

func (m *matcher) entityLayer() int32       { return int32(m.topics) }
func (m *matcher) contextLayer(c int) int32 { return int32(m.topics + 1 + c) }

// compile builds Rules from checked sources.
func (s *sources) compile() (*Rules, error) {
	f, err := newFolder()
	if err != nil {
		return nil, err
	}
	t, e := s.topics, s.entities
	r := &Rules{
		Topics: t.Topics, Entities: e.Entities, Contexts: t.Contexts,
		Fields: t.Fields.weights, Within: t.Within, Lead: t.Lead, AfterLead: *t.AfterLead,
		Margin: t.Margin,
		topics: map[string]*Topic{}, entities: map[string]*Entity{},
	}
	for i := range r.Topics {
		r.topics[r.Topics[i].ID] = &r.Topics[i]
	}
	entityIndex := map[string]int{}
	for i := range r.Entities {
		r.entities[r.Entities[i].ID] = &r.Entities[i]
		entityIndex[r.Entities[i].ID] = i
	}
	for c := range r.Contexts {
		x := &r.Contexts[c]
		x.Entities = withKinds(x.Entities, x.Kinds, r.Entities)
	}
	for ti := range r.Topics {
		for ri := range r.Topics[ti].Rules {
			x := &r.Topics[ti].Rules[ri]
			x.Entities = withKinds(x.Entities, x.Kinds, r.Entities)
		}
	}
	b := builder{m: &matcher{fold: f, first: map[string][]int32{}, stemFirst: map[string][]int32{}, topics: len(r.Topics)}, keys: map[string]int32{}, named: map[string]int{}}
	for i, en := range r.Entities {
		for _, tr := range entityTerms(nil, i, en) {
			if pt, err := f.parseTerm(tr.text); err == nil && len(pt.toks) > 0 && len(en.Except) > 0 {
				if _, ok := b.named[pt.key()]; !ok {
					b.named[pt.key()] = i
				}
			}
			b.add(tr.text, ref{layer: b.m.entityLayer(), index: int32(i), term: tr.text, entity: int32(i)})
		}
		b.excepts(ref{layer: b.m.entityLayer()}, en)
	}
	for c, x := range r.Contexts {
		b.terms(ref{layer: b.m.contextLayer(c), entity: -1}, x.Terms, x.Entities, r, entityIndex)
		for _, t := range x.Except {
			b.add(t, ref{layer: b.m.contextLayer(c), index: exceptIndex, term: t, entity: -1})
		}
	}
	for ti, tp := range r.Topics {
		for ri, rule := range tp.Rules {
			b.terms(ref{layer: int32(ti), index: int32(ri), entity: -1}, rule.Terms, rule.Entities, r, entityIndex)
		}
	}
	b.finish()
	r.m = b.m
	return r, nil
}

// withKinds adds to ids every entity of the given kinds not already there,
// in the order of entities.yaml.
func withKinds(ids, kinds []string, es []Entity) []string {
	if len(kinds) == 0 {
		return ids
	}
	out := slices.Clone(ids)
	for _, e := range es {
		if slices.Contains(kinds, e.Kind) && !slices.Contains(out, e.ID) {
			out = append(out, e.ID)
		}
	}
	return out
}

type builder struct {
	m     *matcher
	keys  map[string]int32 // normalised key -> pattern
	named map[string]int   // normalised name -> entity with except phrases
}

// terms adds a rule's or a context's terms and the names of its entities.
// A term that is an entity's name brings the entity's except phrases, as
// listing the entity does: "U.S." is not the one in "U.S. dollars".
func (b *builder) terms(base ref, terms map[string][]string, entities []string, r *Rules, idx map[string]int) {
	for _, lang := range sortedKeys(terms) {
		for _, t := range terms[lang] {
			x := base
			x.term = t
			b.add(t, x)
			if pt, err := b.m.fold.parseTerm(t); err == nil && len(pt.toks) > 0 {
				if i, ok := b.named[pt.key()]; ok {
					b.excepts(base, r.Entities[i])
				}
			}
		}
	}
	for _, id := range entities {
		i := idx[id]
		for _, tr := range entityTerms(nil, i, r.Entities[i]) {
			x := base
			x.term, x.entity = tr.text, int32(i)
			b.add(tr.text, x)
		}
		b.excepts(base, r.Entities[i])
	}
}

// excepts adds an entity's except phrases to the layer of base: they hide
// the names inside them there and count for nothing themselves.
func (b *builder) excepts(base ref, e Entity) {
	for _, t := range e.Except {
		b.add(t, ref{layer: base.layer, index: exceptIndex, term: t, entity: -1})
	}
}

// add registers one term. Terms that normalise to nothing are skipped (the
// linter reports them); the same normalised term twice in one layer is kept
// once.
func (b *builder) add(term string, x ref) {
	pt, err := b.m.fold.parseTerm(term)
	if err != nil || len(pt.toks) == 0 {
		return
	}
	key := pt.key()
	id, ok := b.keys[key]
	if !ok {
		id = int32(len(b.m.patterns))
		b.keys[key] = id
		b.m.patterns = append(b.m.patterns, pattern{parsedTerm: pt})
	}
	p := &b.m.patterns[id]
	for _, old := range p.refs {
		if old.layer == x.layer && old.index == x.index {
			return
		}
	}
	p.refs = append(p.refs, x)
}

// finish sorts refs by layer and builds the first-token index.
func (b *builder) finish() {
	m := b.m
	lens := map[int]bool{}
	for id := range m.patterns {
		p := &m.patterns[id]
		sort.SliceStable(p.refs, func(i, j int) bool { return p.refs[i].layer < p.refs[j].layer })
		if p.stems[0] {
			m.stemFirst[p.toks[0]] = append(m.stemFirst[p.toks[0]], int32(id))
			lens[len(p.toks[0])] = true
			continue
		}
		m.first[p.toks[0]] = append(m.first[p.toks[0]], int32(id))
	}
	for n := range lens {
		m.stemLens = append(m.stemLens, n)
	}
	sort.Ints(m.stemLens)
}
