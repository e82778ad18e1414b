package content

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"docket/internal/yamlerr"
)

// Case is the kind of a case file: content/cases/<slug>.md, the matter
// behind events and news items ("SAMR v. Alibaba"), which link to it with
// "case: slug".
const Case Kind = "case"

// Stages are the steps of a matter, in order. A case is at one of them.
//
//	complaint      a complaint was filed or a matter was referred
//	investigation  an authority opened an investigation or a court case began
//	objections     a statement of objections, preliminary findings or a complaint in court
//	decision       an authority decided (a fine, an order, a specification)
//	appeal         the decision is under appeal
//	judgment       a court ruled
//	compliance     the decision or law applies and compliance is watched
//	closed         nothing is pending
var Stages = []string{"complaint", "investigation", "objections", "decision", "appeal", "judgment", "compliance", "closed"}

// CaseStatuses are the statuses a case may have.
var CaseStatuses = []string{"open", "closed"}

// CaseDate is a date of a matter: a hearing, a deadline, a compliance date.
type CaseDate struct {
	Date string    `yaml:"date" json:"-"`
	What string    `yaml:"what" json:"what"`
	Time time.Time `yaml:"-" json:"date"` // Date parsed, by check
}

// caseKeys are the keys a case file accepts.
var caseKeys = []string{"title", "summary", "lang", "draft", "hidden", "updated",
	"case_id", "parties", "authorities", "jurisdictions", "instrument", "stage", "status", "opened", "dates", "sources", "amount"}

var caseRE = regexp.MustCompile(`^cases/([^/]+)$`)

// classifyCase tells a case file from its path, as classify does.
func classifyCase(rel string) (string, bool, error) {
	m := caseRE.FindStringSubmatch(rel)
	if m == nil {
		return "", false, nil
	}
	return m[1], true, checkSlug(m[1])
}

// CasePath is where a case lives: cases/slug.md.
func CasePath(slug string) string { return "cases/" + safeSlug(slug) + ".md" }

// checkCase validates the keys only a case has; positions come from f.
func (d *Doc) checkCase(f fields) Problems {
	var ps Problems
	at := func(key string, i int, msg string) { ps = append(ps, d.at(f, key, i, msg)) }
	missing := func(key, how string) bool {
		if f[key] == nil && f[reported+key] == nil {
			at(key, -1, "missing "+key+": add "+how)
			return true
		}
		return false
	}
	if !missing("stage", "'stage:' with one of "+strings.Join(Stages, ", ")) && !slices.Contains(Stages, d.Stage) && f[reported+"stage"] == nil {
		at("stage", -1, fmt.Sprintf("unknown stage %q%s: use one of %s", d.Stage, yamlerr.DidYouMean(d.Stage, Stages), strings.Join(Stages, ", ")))
	}
	if !missing("status", "'status: open' or 'status: closed'") && !slices.Contains(CaseStatuses, d.Status) && f[reported+"status"] == nil {
		at("status", -1, fmt.Sprintf("case status %q: use open or closed", d.Status))
	}
	missing("opened", "'opened: YYYY-MM-DD', when the matter began")
	if len(d.Authorities) == 0 && f[reported+"authorities"] == nil {
		at("authorities", -1, "a case needs authorities: the authority or court, as IDs from feeds/entities.yaml")
	}
	for i := range d.Dates {
		cd := &d.Dates[i]
		t, err := ParseDate(cd.Date)
		if err != nil {
			at("dates", i, fmt.Sprintf("dates: bad date %q: write it as 2021-09-28", cd.Date))
		}
		cd.Time = t
		if strings.TrimSpace(cd.What) == "" {
			at("dates", i, "dates: each date needs 'what:', e.g. {date: 2026-03-01, what: hearing}")
		}
	}
	if d.Amount != nil {
		ps = append(ps, d.checkAmount(f)...)
	}
	return ps
}

// checkParties checks a case's parties against the entities of tax.
func (d *Doc) checkParties(f fields, tax Taxonomy) Problems {
	var ps Problems
	for i, id := range d.Parties {
		if !tax.Accepts("entities", id) {
			ps = append(ps, d.at(f, "parties", i, fmt.Sprintf("unknown party %q%s: add it to feeds/entities.yaml or fix the ID", id, yamlerr.DidYouMean(id, tax.IDs()))))
		}
	}
	return ps
}

// checkPayers reports an authority named as paying an amount: a fine is
// counted for the companies that pay it, and an authority's would count
// for none.
func (d *Doc) checkPayers(f fields, tax Taxonomy) Problems {
	var ps Problems
	if d.Amount == nil {
		return nil
	}
	for _, id := range d.Amount.PaidBy {
		if tax.Accepts("authorities", id) {
			ps = append(ps, d.at(f, "amount", -1, fmt.Sprintf("amount: paid_by %q is an authority: name the companies that pay", id)))
		}
	}
	return ps
}

// checkAmount checks an amount's value and currency code.
func (d *Doc) checkAmount(f fields) Problems {
	var ps Problems
	a := d.Amount
	switch {
	case a.Value != a.Value || math.IsInf(a.Value, 0):
		ps = append(ps, d.at(f, "amount", -1, "amount: value is not a number (.nan or .inf): write digits, such as {value: 18228000000, currency: CNY}"))
	case a.Value == 0: // a value left out reads as 0
		ps = append(ps, d.at(f, "amount", -1, "amount: no value, or 0: write what is paid, such as {value: 18228000000, currency: CNY}, or leave amount out"))
	case a.Value < 0:
		ps = append(ps, d.at(f, "amount", -1, fmt.Sprintf("amount: value %g is negative: a fine is written as what is paid", a.Value)))
	case a.Value > 1e18:
		ps = append(ps, d.at(f, "amount", -1, fmt.Sprintf("amount: value %g is more than 1e18, which no fine is", a.Value)))
	}
	if len(a.Currency) != 3 || strings.ToUpper(a.Currency) != a.Currency {
		ps = append(ps, d.at(f, "amount", -1, fmt.Sprintf("amount currency %q: use a three-letter ISO 4217 code such as CNY, EUR or USD", a.Currency)))
	}
	key, among := "entities", d.Entities
	if d.Kind == Case {
		key, among = "parties", d.Parties
	}
	for _, id := range a.PaidBy {
		if !slices.Contains(among, id) {
			ps = append(ps, d.at(f, "amount", -1, fmt.Sprintf("amount: paid_by %q is not in %s: name it there too", id, key)))
		}
	}
	return ps
}

// checkCaseLinks reports "case:" values that name no case of the tree.
func (t *Tree) checkCaseLinks() Problems {
	cases := map[string]bool{}
	for _, d := range t.Docs {
		if d.Kind == Case {
			cases[d.Slug] = true
		}
	}
	var ps Problems
	for _, d := range t.Docs {
		if d.Case != "" && !cases[d.Case] {
			var known []string
			for c := range cases {
				known = append(known, c)
			}
			slices.Sort(known)
			ps = append(ps, d.atSpot(d.spotsOf(spotCase), -1, fmt.Sprintf("case %q names no case%s: add content/cases/%s.md or fix the slug", d.Case, yamlerr.DidYouMean(d.Case, known), d.Case)))
		}
	}
	return ps
}
