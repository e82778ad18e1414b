package topic

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"docket/internal/text"
)

// Explain writes a readable account of how the rules judged an item: for
// each topic its score against the threshold and every match, where it
// was found, what it added or why it did not count; then the entities and
// jurisdictions recognised.
func (r *Rules) Explain(w io.Writer, it Item) error {
	ev := r.evaluate(it)
	res := ev.result(r)
	var b strings.Builder
	if it.ID != "" {
		fmt.Fprintf(&b, "item %s\n", it.ID)
	}
	fmt.Fprintf(&b, "title: %s\n", text.OneLine(it.Title, 120))
	for t, tp := range r.Topics {
		verdict := "not selected"
		if ev.selected(r, t) {
			verdict = "SELECTED"
		}
		fmt.Fprintf(&b, "\n%s: score %s, threshold %s: %s\n", tp.ID, num(ev.scores[t]), num(tp.Threshold), verdict)
		if len(tp.Keep) > 0 {
			kinds := ev.evidence(r, t)
			met, ok := keepMet(&tp, kinds)
			fmt.Fprintf(&b, "  evidence: %s; keep needs %s: %s\n", list(kinds), keepNeeds(tp.Keep), metText(met, ok))
		}
		for _, v := range ev.verdicts[t] {
			ev.writeVerdict(&b, r, tp, v)
		}
	}
	fmt.Fprintf(&b, "\nentities: %s\n", list(res.Entities))
	fmt.Fprintf(&b, "jurisdictions: %s\n", list(res.Jurisdictions))
	_, err := io.WriteString(w, b.String())
	return err
}

func (ev *evaluation) writeVerdict(b *strings.Builder, r *Rules, tp Topic, v verdict) {
	f := ev.fields[v.field]
	first, last := ev.toks[v.pos], ev.toks[v.pos+v.n-1]
	found := f.text[first.start:last.end]
	rule := tp.Rules[v.ref.index]
	fw, where := ev.fieldWeight(r, v.field, v.pos), f.name
	if fw != f.weight {
		where += " after lead"
	}
	how := fmt.Sprintf("rule %d weight %s x %s %s", v.ref.index+1, num(rule.Weight), where, num(fw))
	if len(rule.Evidence) > 0 {
		how += ", evidence " + strings.Join(rule.Evidence, "+")
	}
	if v.ref.entity >= 0 {
		how += ", entity " + r.Entities[v.ref.entity].ID
	}
	if v.why == "" {
		how += ev.nearWords(r, rule, v.hit)
	}
	score := signed(v.weight)
	if v.why != "" {
		score, how = "0", "not counted: "+v.why
	}
	term := strconv.Quote(v.ref.term)
	if !strings.EqualFold(found, v.ref.term) {
		term += " as " + strconv.Quote(text.OneLine(found, 60))
	}
	fmt.Fprintf(b, "  %6s  %s@%d  %s  (%s)\n", score, f.name, first.start, term, how)
}

// nearWords names, for a counted match, the context term that met its
// rule's near (the first context that has one) and each of its near_all
// contexts: `, near bigtech "Google"`.
func (ev *evaluation) nearWords(r *Rules, rule Rule, h hit) string {
	within := int32(rule.Within)
	if within == 0 {
		within = int32(r.Within)
	}
	var b strings.Builder
	word := func(id string) bool {
		c, ok := nearHit(ev.ctx[r.contextIndex(id)], h, within)
		if ok {
			f := ev.fields[ev.fieldOf(c.pos)]
			fmt.Fprintf(&b, ", near %s %q", id, text.OneLine(f.text[ev.toks[c.pos].start:ev.toks[c.pos+c.n-1].end], 40))
		}
		return ok
	}
	for _, id := range rule.Near {
		if word(id) {
			break
		}
	}
	for _, id := range rule.NearAll {
		word(id)
	}
	return b.String()
}

// keepNeeds writes keep lists as "actor+action or law".
func keepNeeds(keep [][]string) string {
	alts := make([]string, len(keep))
	for i, need := range keep {
		alts[i] = strings.Join(need, "+")
	}
	return strings.Join(alts, " or ")
}

func metText(met []string, ok bool) string {
	if !ok {
		return "not met"
	}
	return "met (" + strings.Join(met, "+") + ")"
}

func num(x float64) string { return strconv.FormatFloat(round2(x), 'f', -1, 64) }

func signed(x float64) string {
	if x >= 0 {
		return "+" + num(x)
	}
	return num(x)
}

func list(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	return strings.Join(xs, ", ")
}
