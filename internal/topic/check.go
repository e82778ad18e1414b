package topic

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Defaults for topics.yaml settings an editor leaves out.
const (
	defaultWithin = 30
	defaultLead   = 60
	minStemLen    = 3
)

var defaultFields = FieldWeights{Title: 2, Summary: 1, Body: 0.5}

// Lint checks the rule files in feedsDir and returns every problem as
// "path:line:col: message": the errors that make Load fail, and mistakes
// that load but cannot be meant (duplicate terms, terms that cannot match
// after normalisation, terms cancelled by a negative twin).
func Lint(feedsDir string) []error {
	src, err := readSources(feedsDir)
	if err != nil {
		return []error{err}
	}
	return src.check(true)
}

// termRef is one term as an editor wrote it, with where it was written.
type termRef struct {
	text string
	keys []any
	loc  *locator
}

// check validates the decoded files. Without lint it returns only the
// errors that make the rules unusable.
func (s *sources) check(lint bool) []error {
	c := checker{src: s, lint: lint, fold: mustFolder()}
	c.entities()
	c.settings()
	c.contexts()
	c.topics()
	return c.errs
}

type checker struct {
	src  *sources
	lint bool
	fold *folder
	errs []error
}

func mustFolder() *folder {
	f, err := newFolder()
	if err != nil {
		panic(err) // t2s.txt is embedded and tested; a bad one is a build bug
	}
	return f
}

func (c *checker) hard(l *locator, keys []any, format string, a ...any) {
	c.errs = append(c.errs, l.errorf(keys, format, a...))
}

func (c *checker) soft(l *locator, keys []any, format string, a ...any) {
	if c.lint {
		c.hard(l, keys, format, a...)
	}
}

func (c *checker) settings() {
	t, l := &c.src.topics, c.src.topicsLoc
	w := &t.Fields.weights
	*w = defaultFields
	for _, f := range []struct {
		set *float64
		to  *float64
	}{{t.Fields.Title, &w.Title}, {t.Fields.Summary, &w.Summary}, {t.Fields.Body, &w.Body}} {
		if f.set != nil {
			*f.to = *f.set
		}
	}
	if *w == (FieldWeights{}) {
		c.hard(l, at("fields"), "field weights are all 0: no term could count")
	}
	if !nonNegative(w.Title) || !nonNegative(w.Summary) || !nonNegative(w.Body) {
		c.hard(l, at("fields"), "field weights must be numbers, not negative")
	}
	if t.Within < 0 {
		c.hard(l, at("within"), "within must not be negative")
	}
	if t.Within == 0 {
		t.Within = defaultWithin
	}
	if t.Lead < 0 {
		c.hard(l, at("lead"), "lead must not be negative")
	}
	if t.Lead == 0 {
		t.Lead = defaultLead
	}
	if t.AfterLead == nil {
		one := 1.0
		t.AfterLead = &one
	}
	if !(*t.AfterLead >= 0 && *t.AfterLead <= 1) {
		c.hard(l, at("after_lead"), "after_lead must be between 0 and 1")
	}
	if !nonNegative(t.Margin) {
		c.hard(l, at("margin"), "margin must be a number, not negative")
	}
}

// nonNegative reports whether x is a finite number of at least 0: YAML
// spells NaN and infinity (.nan, .inf), and NaN passes every comparison
// that looks for a bad value.
func nonNegative(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

func (c *checker) entities() {
	es, l := c.src.entities.Entities, c.src.entitiesLoc
	kinds := map[string]string{}
	owner := map[string]string{} // normalised alias -> entity ID
	for i, e := range es {
		switch {
		case e.ID == "":
			c.hard(l, at("entities", i), "entity without id")
		case kinds[e.ID] != "":
			c.hard(l, at("entities", i, "id"), "duplicate entity id %q", e.ID)
		case !validID(e.ID):
			c.hard(l, at("entities", i, "id"), "entity id %q: use lower-case letters, digits and single hyphens (it becomes a URL)", e.ID)
		}
		switch e.Kind {
		case KindCompany, KindAuthority, KindJurisdiction:
		default:
			c.hard(l, at("entities", i, "kind"), "entity %q: kind %q is not company, authority or jurisdiction", e.ID, e.Kind)
		}
		if e.ID != "" && kinds[e.ID] == "" {
			kinds[e.ID] = e.Kind
		}
		c.aliases(i, e, owner)
		for k, x := range e.Except {
			c.term(termRef{x, at("entities", i, "except", k), l})
		}
	}
	for i, e := range es {
		if e.Jurisdiction != "" && kinds[e.Jurisdiction] != KindJurisdiction {
			c.hard(l, at("entities", i, "jurisdiction"), "entity %q: unknown jurisdiction %q", e.ID, e.Jurisdiction)
		}
	}
}

// aliases checks an entity's own names: each must be able to match, and no
// two entities may share one, or a mention would be credited to both.
func (c *checker) aliases(i int, e Entity, owner map[string]string) {
	seen := map[string]bool{}
	for _, t := range entityTerms(c.src.entitiesLoc, i, e) {
		key, ok := c.term(t)
		if !ok || seen[key] {
			continue // an alias repeating the entity's own name is harmless
		}
		seen[key] = true
		if other, dup := owner[key]; dup && other != e.ID {
			c.soft(t.loc, t.keys, "alias %q of %q is also an alias of %q", t.text, e.ID, other)
			continue
		}
		owner[key] = e.ID
	}
}

// entityTerms lists the names an entity is recognised by: its name, its
// display names and its aliases, in a stable order.
func entityTerms(l *locator, i int, e Entity) []termRef {
	ts := []termRef{{e.Name, at("entities", i, "name"), l}}
	for _, lang := range sortedKeys(e.Names) {
		ts = append(ts, termRef{e.Names[lang], at("entities", i, "names", lang), l})
	}
	for _, lang := range sortedKeys(e.Aliases) {
		for k, a := range e.Aliases[lang] {
			ts = append(ts, termRef{a, at("entities", i, "aliases", lang, k), l})
		}
	}
	return ts
}

// idRE is the form of topic and entity IDs: they name term pages, so they
// must be safe as one URL path segment.
var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validID(id string) bool { return idRE.MatchString(id) }

func (c *checker) contexts() {
	l := c.src.topicsLoc
	ids := map[string]bool{}
	for i, x := range c.src.topics.Contexts {
		c.uniqueID(ids, "contexts", "context", i, x.ID, false)
		if len(x.Terms) == 0 && len(x.Entities) == 0 && len(x.Kinds) == 0 {
			c.hard(l, at("contexts", i), "context %q has neither terms, entities nor kinds", x.ID)
		}
		c.entityRefs(x.Entities, at("contexts", i, "entities"))
		c.kinds(x.Kinds, at("contexts", i, "kinds"))
		seen := map[string]termRef{}
		for _, t := range termList(l, x.Terms, at("contexts", i)) {
			if key, ok := c.term(t); ok {
				c.duplicate(seen, key, t)
			}
		}
		for k, e := range x.Except {
			t := termRef{e, at("contexts", i, "except", k), l}
			if key, ok := c.term(t); ok {
				c.duplicate(seen, key, t)
			}
		}
	}
}

// uniqueID checks the id of the i-th item of section in topics.yaml:
// present, not repeated, and, when it becomes a URL (slug), made of
// lower-case letters, digits and single hyphens.
func (c *checker) uniqueID(ids map[string]bool, section, what string, i int, id string, slug bool) {
	l := c.src.topicsLoc
	switch {
	case id == "":
		c.hard(l, at(section, i), "%s without id", what)
	case ids[id]:
		c.hard(l, at(section, i, "id"), "duplicate %s id %q", what, id)
	case slug && !validID(id):
		c.hard(l, at(section, i, "id"), "%s id %q: use lower-case letters, digits and single hyphens (it becomes a URL)", what, id)
	}
	ids[id] = true
}

func (c *checker) topics() {
	l := c.src.topicsLoc
	ids := map[string]bool{}
	for i, tp := range c.src.topics.Topics {
		c.uniqueID(ids, "topics", "topic", i, tp.ID, true)
		if !(tp.Threshold > 0) || math.IsInf(tp.Threshold, 1) {
			c.hard(l, at("topics", i, "threshold"), "topic %q: threshold must be above 0", tp.ID)
		}
		if tp.Margin != nil && !nonNegative(*tp.Margin) {
			c.hard(l, at("topics", i, "margin"), "topic %q: margin must be a number, not negative", tp.ID)
		}
		if len(tp.Rules) == 0 {
			c.hard(l, at("topics", i), "topic %q has no rules", tp.ID)
		}
		c.topicRules(i, tp)
		c.keep(i, tp)
	}
}

// keep checks that every kind of evidence a keep list needs is given by
// some positive rule, and that every kind a rule gives is needed.
func (c *checker) keep(i int, tp Topic) {
	l := c.src.topicsLoc
	given, needed := map[string]bool{}, map[string]bool{}
	for _, r := range tp.Rules {
		for _, k := range r.Evidence {
			given[k] = given[k] || r.Weight > 0
		}
	}
	for j, need := range tp.Keep {
		if len(need) == 0 {
			c.hard(l, at("topics", i, "keep", j), "topic %q: an empty keep list would keep everything", tp.ID)
		}
		for _, k := range need {
			needed[k] = true
			if !given[k] {
				c.hard(l, at("topics", i, "keep", j), "topic %q: no positive rule gives evidence %q", tp.ID, k)
			}
		}
	}
	for j, r := range tp.Rules {
		for _, k := range r.Evidence {
			if !needed[k] {
				c.soft(l, at("topics", i, "rules", j, "evidence"), "evidence %q is in no keep list of topic %q", k, tp.ID)
			}
		}
	}
}

// topicRules checks each rule of topic i, and that no term is listed
// twice or both for and against the topic.
func (c *checker) topicRules(i int, tp Topic) {
	l := c.src.topicsLoc
	pos, neg := map[string]termRef{}, map[string]termRef{}
	for j, r := range tp.Rules {
		keys := at("topics", i, "rules", j)
		if r.Weight == 0 {
			c.hard(l, append(keys, "weight"), "rule without a weight (or weight 0)")
		} else if math.IsNaN(r.Weight) || math.IsInf(r.Weight, 0) {
			c.hard(l, append(keys, "weight"), "weight must be a number")
		}
		if r.Within < 0 {
			c.hard(l, append(keys, "within"), "within must not be negative")
		}
		if r.NotWithin < 0 {
			c.hard(l, append(keys, "not_within"), "not_within must not be negative")
		}
		if r.NotWithin > 0 && len(r.NotNear) == 0 {
			c.soft(l, append(keys, "not_within"), "not_within without not_near does nothing")
		}
		for k, id := range r.NearAll {
			if slices.Index(r.NearAll, id) < k {
				c.soft(l, append(keys, "near_all", k), "context %q is listed twice in near_all", id)
			}
		}
		for _, ctx := range []struct {
			key string
			ids Names
		}{{"near", r.Near}, {"not_near", r.NotNear}, {"near_all", r.NearAll}, {"requires", r.Requires}} {
			for _, id := range ctx.ids {
				if !c.hasContext(id) {
					c.hard(l, append(keys, ctx.key), "unknown context %q", id)
				}
			}
		}
		if len(r.Terms) == 0 && len(r.Entities) == 0 && len(r.Kinds) == 0 {
			c.hard(l, keys, "rule has neither terms, entities nor kinds")
		}
		c.entityRefs(r.Entities, append(keys, "entities"))
		c.kinds(r.Kinds, append(keys, "kinds"))
		// Rules with different conditions may list a term again on purpose
		// ("cartel" counts, but not near "drug"), so terms are compared
		// between rules with the same conditions only.
		cond := fmt.Sprint(r.Near, r.NotNear, r.NearAll, r.Within, r.NotWithin, r.Requires)
		same, other := pos, neg
		if r.Weight < 0 {
			same, other = neg, pos
		}
		for _, t := range termList(l, r.Terms, keys) {
			key, ok := c.term(t)
			if !ok {
				continue
			}
			c.duplicate(same, cond+key, t)
			if o, clash := other[cond+key]; clash {
				c.soft(t.loc, t.keys, "term %q is cancelled by %q at line %s", t.text, o.text, lineOf(o))
			}
		}
	}
}

func (c *checker) hasContext(id string) bool {
	for _, x := range c.src.topics.Contexts {
		if x.ID == id {
			return true
		}
	}
	return false
}

func (c *checker) entityRefs(ids []string, keys []any) {
	for k, id := range ids {
		found := false
		for _, e := range c.src.entities.Entities {
			found = found || e.ID == id
		}
		if !found {
			c.hard(c.src.topicsLoc, append(keys, k), "unknown entity %q (see %s)", id, filepath.Base(c.src.entitiesPath))
		}
	}
}

// kinds checks that each entity kind a rule or context names exists.
func (c *checker) kinds(kinds []string, keys []any) {
	for k, kind := range kinds {
		switch kind {
		case KindCompany, KindAuthority, KindJurisdiction:
		default:
			c.hard(c.src.topicsLoc, append(keys, k), "kind %q is not company, authority or jurisdiction", kind)
			continue
		}
		if slices.Index(kinds, kind) < k {
			c.soft(c.src.topicsLoc, append(keys, k), "kind %q is listed twice", kind)
		}
		if !slices.ContainsFunc(c.src.entities.Entities, func(e Entity) bool { return e.Kind == kind }) {
			c.soft(c.src.topicsLoc, append(keys, k), "no entity in %s is of kind %q, so it matches nothing",
				filepath.Base(c.src.entitiesPath), kind)
		}
	}
}

// term checks one term's syntax and returns its normalised key. ok is false
// when the term cannot be used.
func (c *checker) term(t termRef) (key string, ok bool) {
	p, err := c.fold.parseTerm(t.text)
	if err != nil {
		c.hard(t.loc, t.keys, "term %q: %v", t.text, err)
		return "", false
	}
	if len(p.toks) == 0 {
		c.soft(t.loc, t.keys, "term %q cannot match: nothing left after normalisation", t.text)
		return "", false
	}
	if p.caps && slices.Contains(p.stems, true) { // once, however many stems
		c.soft(t.loc, t.keys, "term %q: a term in capitals matches only words without a lower-case letter, so its * never reaches a plural such as %q", t.text, strings.TrimSuffix(t.text, "*")+"s")
	}
	for i, tok := range p.toks {
		if !p.stems[i] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(tok)
		switch {
		case ideographic(r):
			c.soft(t.loc, t.keys, "term %q: * has no effect on CJK, which matches inside words already", t.text)
		case utf8.RuneCountInString(tok) < minStemLen:
			c.soft(t.loc, t.keys, "term %q: stem %q is shorter than %d letters and matches too much", t.text, tok, minStemLen)
		}
	}
	return p.key(), true
}

func (c *checker) duplicate(seen map[string]termRef, key string, t termRef) {
	if first, dup := seen[key]; dup {
		c.soft(t.loc, t.keys, "term %q repeats %q at line %s", t.text, first.text, lineOf(first))
		return
	}
	seen[key] = t
}

func lineOf(t termRef) string {
	if line, _, ok := t.loc.position(t.keys); ok {
		return fmt.Sprint(line)
	}
	return "?"
}

// termList flattens terms by language in a stable order.
func termList(l *locator, terms map[string][]string, keys []any) []termRef {
	var ts []termRef
	for _, lang := range sortedKeys(terms) {
		for k, t := range terms[lang] {
			ts = append(ts, termRef{t, append(append([]any{}, keys...), "terms", lang, k), l})
		}
	}
	return ts
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
