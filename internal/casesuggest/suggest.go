// Package casesuggest proposes "case:" links for events and news items
// that name no case, from what they share with each case: parties,
// authorities, jurisdictions, the instrument, amounts of money (an
// event's own, or found in the text with money.Find, compared with the
// case's after conversion) and dates (near one of the case's steps). It
// is pure: documents, bodies and rates come in.
package casesuggest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"docket/internal/content"
	"docket/internal/money"
)

// Weights of each kind of evidence, and the score a suggestion needs.
const (
	PartyWeight        = 2.0
	AuthorityWeight    = 2.0
	JurisdictionWeight = 0.5
	InstrumentWeight   = 1.5
	AmountWeight       = 3.0
	DateWeight         = 1.0
	// Threshold is the least score suggested. A suggestion also needs a
	// party or an authority in common, so dates and places alone never
	// link, and evidence of this matter rather than of others of the same
	// companies: the instrument, an amount, or a date near one of the
	// case's steps (a big company is a party to many cases, and a case
	// that is still open spans years of its news). A news item dated
	// before the case opened (less Slack) never links to it.
	Threshold = 4.0
	// Tolerance is how far apart two amounts may be, as a share of the
	// larger, after conversion to euros: rounding in "$2.8 billion".
	Tolerance = 0.05
	// Margin is how far the best case must lead the next for a
	// suggestion to be clear (see Suggestion.Ambiguous).
	Margin = 1.0
	// Slack is how near a step of the case (its opening, its dates, its
	// events) an item's date is evidence: news trails events.
	Slack = 30 * 24 * time.Hour
)

// Item is an unlinked event or news item and its text.
type Item struct {
	Doc  *content.Doc
	Text string // title, summary and body
	// Authority tells an authority's ID from a company's (feeds/
	// entities.yaml): a news item lists both under entities. Nil takes
	// the IDs the cases name as authorities for the authorities.
	Authority func(id string) bool
}

// Case is a case and the amounts and steps it knows: its own and those
// of its linked events.
type Case struct {
	Doc     *content.Doc
	Amounts []Dated
	Steps   []Step
}

// Step is a dated step of a case: its opening, one of its dates, or a
// linked event.
type Step struct {
	Date time.Time
	What string
}

// Dated is an amount of a day.
type Dated struct {
	content.Amount
	Date time.Time
}

// Suggestion is a proposed link and why.
type Suggestion struct {
	Item    *content.Doc
	Case    *content.Doc
	Score   float64
	Reasons []string
	Runner  *Suggestion // the next best case, if any shares a party or authority
}

// Ambiguous reports whether the next best case scores within Margin of
// this one: an item about two matters ("Apple and Meta fined") is for an
// editor to link, not for --apply.
func (s *Suggestion) Ambiguous() bool {
	return s.Runner != nil && s.Runner.Score >= Threshold && s.Score-s.Runner.Score < Margin
}

// Cases gathers the cases of docs and the amounts and dates of the
// entries linked to them.
func Cases(docs []*content.Doc) []*Case {
	by := map[string]*Case{}
	var out []*Case
	for _, d := range docs {
		if d.Kind != content.Case || d.Hidden { // a hidden case is never shown: no links to it
			continue
		}
		c := &Case{Doc: d}
		if !d.Opened.IsZero() {
			c.Steps = append(c.Steps, Step{d.Opened, "opened"})
		}
		if d.Amount != nil {
			day := d.Amount.Date // as the site dates it (amountDay)
			if day.IsZero() {
				day = d.Opened
				for _, cd := range d.Dates {
					day = later(day, cd.Time)
				}
			}
			c.Amounts = append(c.Amounts, Dated{*d.Amount, day})
		}
		for _, cd := range d.Dates {
			c.Steps = append(c.Steps, Step{cd.Time, cd.What})
		}
		by[d.Slug] = c
		out = append(out, c)
	}
	for _, d := range docs {
		c := by[d.Case]
		if c == nil || d.Kind == content.Case {
			continue
		}
		if d.Kind == content.Event {
			c.Steps = append(c.Steps, Step{d.Date, d.Title})
		}
		if d.Amount != nil {
			c.Amounts = append(c.Amounts, Dated{*d.Amount, d.Date})
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Unlinked reports whether d is an event or news item naming no case.
func Unlinked(d *content.Doc) bool {
	return (d.Kind == content.Event || d.Kind == content.News) && d.Case == "" && !d.Hidden
}

// Suggest scores it against every case and returns the best case whose
// score reaches Threshold, or nil.
func Suggest(it Item, cases []*Case, rates *money.Rates) *Suggestion {
	var best, second *Suggestion
	found := money.Find(it.Text, it.Doc.Lang)
	// An event's own amount is its editor's, surer than the text's.
	if a := it.Doc.Amount; a != nil {
		found = append([]money.Amount{{Value: a.Value, Currency: a.Currency}}, found...)
	}
	companies, authorities := it.named(cases)
	for _, c := range cases {
		s := score(it, companies, authorities, found, c, rates)
		if s == nil {
			continue
		}
		if best == nil || s.Score > best.Score || s.Score == best.Score && s.Case.Slug < best.Case.Slug {
			best, second = s, best
		} else if second == nil || s.Score > second.Score {
			second = s
		}
	}
	if best == nil || best.Score < Threshold {
		return nil
	}
	if second != nil {
		best.Runner = second
	}
	return best
}

// named splits the companies the item names from the authorities: its
// authorities, and those of its entities that are authorities.
func (it Item) named(cases []*Case) (companies, authorities []string) {
	isAuthority := it.Authority
	if isAuthority == nil {
		isAuthority = func(id string) bool {
			return slices.ContainsFunc(cases, func(c *Case) bool { return slices.Contains(c.Doc.Authorities, id) })
		}
	}
	authorities = slices.Clone(it.Doc.Authorities)
	for _, id := range it.Doc.Entities {
		if isAuthority(id) {
			authorities = append(authorities, id)
		} else {
			companies = append(companies, id)
		}
	}
	return companies, authorities
}

func score(it Item, companies, authorities []string, found []money.Amount, c *Case, rates *money.Rates) *Suggestion {
	d, cd := it.Doc, c.Doc
	s := &Suggestion{Item: d, Case: cd}
	common := func(named, want []string) []string {
		var out []string
		for _, id := range want {
			if slices.Contains(named, id) && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	p, a := common(slices.Concat(companies, authorities), cd.Parties), common(authorities, cd.Authorities)
	switch {
	case len(p) == 0 && len(a) == 0:
		return nil
	case len(p) == 0 && len(companies) > 0, len(a) == 0 && len(authorities) > 0 && len(cd.Authorities) > 0:
		// It names companies, or authorities, and none of the case's:
		// another matter before the same regulator (Meta's fine is not
		// Apple's case), or the same company before another (India's
		// CCI is not Korea's KFTC).
		return nil
	}
	if len(p) > 0 {
		s.Score += PartyWeight * float64(len(p))
		s.Reasons = append(s.Reasons, "parties "+strings.Join(p, ", "))
	}
	if len(a) > 0 {
		s.Score += AuthorityWeight * float64(len(a))
		s.Reasons = append(s.Reasons, "authorities "+strings.Join(a, ", "))
	}
	if d.Kind == content.News && !d.Date.IsZero() && !cd.Opened.IsZero() && d.Date.Before(cd.Opened.Add(-Slack)) {
		// A report older than the case cannot be about it: the parties
		// are big companies named in much of the news. An editor's
		// event may be (the complaint that led to it).
		return nil
	}
	var js []string
	for _, j := range cd.Jurisdictions {
		if slices.Contains(d.Jurisdictions, j) {
			js = append(js, j)
		}
	}
	if len(js) > 0 {
		s.Score += JurisdictionWeight
		s.Reasons = append(s.Reasons, "jurisdictions "+strings.Join(js, ", "))
	}
	specific := false
	if term := instrumentIn(cd.Instrument, it.Text); term != "" {
		s.Score += InstrumentWeight
		s.Reasons = append(s.Reasons, fmt.Sprintf("instrument %q", term))
		// The law alone ("Sherman Act") is named in many matters: only
		// the instrument as the case writes it is evidence of this one.
		specific = term == strings.TrimSpace(cd.Instrument)
	}
	if head := headline(d); len(head) > 0 && len(c.Amounts) > 0 {
		if _, _, ok := sameAmount(head, d.Date, c.Amounts, rates); !ok {
			return nil // the money it is about is another matter's
		}
	}
	if a, b, ok := sameAmount(found, d.Date, c.Amounts, rates); ok {
		s.Score += AmountWeight
		s.Reasons = append(s.Reasons, fmt.Sprintf("amount %s matches the case's %s", a, b))
		specific = true
	}
	if st, ok := c.near(d.Date); ok {
		s.Score += DateWeight
		s.Reasons = append(s.Reasons, fmt.Sprintf("date %s near the case's %s (%s)", day(d.Date), day(st.Date), st.What))
		specific = true
	}
	if !specific {
		return nil
	}
	s.Score = math.Round(s.Score*10) / 10
	return s
}

// headline is the money an item is about: an event's own amount, else
// the amounts its title names ("Apple fined €1.8 billion").
func headline(d *content.Doc) []money.Amount {
	if a := d.Amount; a != nil {
		return []money.Amount{{Value: a.Value, Currency: a.Currency}}
	}
	return money.Find(d.Title, d.Lang)
}

// near finds the case's step nearest t, if one is within Slack.
func (c *Case) near(t time.Time) (Step, bool) {
	var best Step
	gap := time.Duration(math.MaxInt64)
	for _, st := range c.Steps {
		if g := st.Date.Sub(t).Abs(); !t.IsZero() && !st.Date.IsZero() && g <= Slack && g < gap {
			best, gap = st, g
		}
	}
	return best, gap <= Slack
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// instrumentIn finds the case's instrument, or the law it names before an
// article, a section, a bracket or a comma, in the text: "DMA art. 6(7)"
// → "DMA art. 6(7)" or "DMA"; "Sherman Act § 2" → "Sherman Act".
func instrumentIn(instrument, text string) string {
	instrument = strings.TrimSpace(instrument)
	if instrument == "" {
		return ""
	}
	lower := strings.ToLower(text)
	if strings.Contains(lower, strings.ToLower(instrument)) {
		return instrument
	}
	law := instrument
	for _, sep := range []string{" art", " §", " (", ",", ";"} {
		law, _, _ = strings.Cut(law, sep)
	}
	law = strings.TrimSpace(law)
	if law != instrument && len(law) >= 3 && containsWord(lower, strings.ToLower(law)) {
		return law
	}
	return ""
}

// containsWord reports whether w stands in s not as part of a longer word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		a, b := i+k, i+k+len(w)
		if (a == 0 || !isWordByte(s[a-1])) && (b == len(s) || !isWordByte(s[b])) {
			return true
		}
		i = a + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}

// sameAmount finds an amount of the text within Tolerance of one of the
// case's, both in euros at their own dates' rates (the same currency is
// compared as it is).
func sameAmount(found []money.Amount, when time.Time, known []Dated, rates *money.Rates) (content.Amount, content.Amount, bool) {
	for _, f := range found {
		for _, k := range known {
			a, b := f.Value, k.Value
			if f.Currency != k.Currency {
				ea, ok1 := rates.Convert(f.Value, f.Currency, "EUR", cmp.Or(when, k.Date))
				eb, ok2 := rates.Convert(k.Value, k.Currency, "EUR", k.Date)
				if !ok1 || !ok2 {
					continue
				}
				a, b = ea.Value, eb.Value
			}
			if a > 0 && b > 0 && math.Abs(a-b) <= Tolerance*max(a, b) {
				return content.Amount{Value: f.Value, Currency: f.Currency}, k.Amount, true
			}
		}
	}
	return content.Amount{}, content.Amount{}, false
}
