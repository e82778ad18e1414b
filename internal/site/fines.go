package site

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"docket/internal/content"

	"docket/internal/money"
	"docket/internal/projfile"
)

// Fine is one fine: an event of kind fine with an amount, or the amount
// of a case none of whose events is such a fine. EUR and USD are at the
// ECB reference rate of its date (or the last earlier one).
type Fine struct {
	Title, URL string
	Date       time.Time
	Amount     Amount
	EUR, USD   money.Rate
	Converted  bool // false: the rate file lacks the currency or the day
	Case       *Case
	// item is the event of a fine from one (its chips are made from its
	// terms when asked for, not kept: ~300 B a fine); nil for a case's.
	item *Item
}

// Chips are the fine's authorities, companies and jurisdictions: its
// event's chips but topics, or its case's; of the companies, those that
// pay it (Amount.PaidBy), not a complainant named beside them.
func (f *Fine) Chips() []Chip { return f.chips("") }

// chips are the fine's Chips of class, or all of them if class is "".
// The data files ask for each class of every fine: no chip of another
// class is made.
func (f *Fine) chips(class string) []Chip {
	var cs []Chip
	keep := func(c, id string) bool { return (class == "" || c == class) && paidBy(&f.Amount, c, id) }
	switch {
	case f.item != nil:
		for _, t := range f.item.terms {
			if t.Class != "topic" && keep(t.Class, t.ID) {
				cs = append(cs, t.chip())
			}
		}
	case f.Case != nil:
		for _, c := range f.Case.Chips {
			if keep(c.Class, c.ID) {
				cs = append(cs, c)
			}
		}
	}
	return cs
}

// In formats the fine in a currency for people: "EUR 1.84 billion".
func (f *Fine) In(cur string) string {
	switch {
	case cur == "EUR" && inEUR(f): // in euros already, with no dollar rate
		return Amount{Value: f.EUR.Value, Currency: cur}.String()
	case cur == "USD" && (f.Converted || f.Amount.Currency == "USD"):
		return Amount{Value: f.USD.Value, Currency: cur}.String()
	}
	return "—"
}

// NoRate is the currency an unconverted fine lacks an ECB rate for: its
// own, or for a fine in euros the dollar (rates are per euro).
func (f *Fine) NoRate() string {
	if f.Amount.Currency == "EUR" {
		return "USD"
	}
	return f.Amount.Currency
}

// ChipsOf returns the fine's chips of one class.
func (f *Fine) ChipsOf(class string) []Chip {
	if class == "" {
		return nil // no chip is of no class; chips("") is all of them
	}
	return f.chips(class)
}

// Total is a sum of fines in euros under one heading.
type Total struct {
	Label, URL string
	EUR        float64
	Fines      int
	Unrated    int // fines that could not be converted and are not in EUR
}

// String is the total for people.
func (t Total) String() string { return Amount{Value: t.EUR, Currency: "EUR"}.String() }

// Rated is the number of fines the total sums: those in euros or
// converted.
func (t Total) Rated() int { return t.Fines - t.Unrated }

// title says what a year's bar stands for: "EUR 1.9 billion in 3 fines,
// and 1 more without a rate"; a sum of none is not "EUR 0".
func (t Total) title() string {
	if t.Rated() == 0 {
		return plural(t.Fines, "fine", "fines") + ", none with an ECB rate"
	}
	s := t.String() + " in " + plural(t.Rated(), "fine", "fines")
	if t.Unrated > 0 {
		s += fmt.Sprintf(", and %d more without a rate", t.Unrated)
	}
	return s
}

// Unrated lists the published entries and cases whose amount the rate
// file has no rate for, by path: a currency it lacks, or one it stopped
// quoting before the amount's date. The site shows them in their own
// currency only, never as a zero in euros.
func (s *Site) Unrated() []*content.Doc {
	return s.amounts(func(m *model, a *content.Amount, day time.Time) bool {
		_, ok := m.rates.Convert(1, a.Currency, "EUR", day)
		return !ok
	})
}

// PastRates lists the entries with an amount dated more than a week
// after the rates file's last day, last: they are converted at that
// day's rate, which a newer rates file would replace.
func (s *Site) PastRates() (last string, docs []*content.Doc) {
	docs = s.amounts(func(m *model, a *content.Amount, day time.Time) bool {
		last = m.rates.Last()
		to := "USD" // shown in EUR and USD: one of the two is converted
		if a.Currency == to {
			to = "EUR"
		}
		r, ok := m.rates.Convert(1, a.Currency, to, day)
		end, err := time.Parse(time.DateOnly, last)
		return ok && r.Day == last && err == nil && day.Sub(end) > 7*24*time.Hour
	})
	return last, docs
}

// Future lists the published entries dated after now, by path. The build
// reads no clock: it takes its newest entry's date as "now" (the home
// page's Updated, the cases' next dates and last changes), which such an
// entry moves ahead for the whole site; check, which may read the clock,
// warns of them.
func (s *Site) Future(now time.Time) []*content.Doc {
	tomorrow := tomorrowOf(now)
	return s.dated(func(it *Item) bool { return !it.Date.Before(tomorrow) })
}

// UpdatedFuture lists the published entries whose updated date is after
// now, by path: it moves the site's "now" as a future date does.
func (s *Site) UpdatedFuture(now time.Time) []*content.Doc {
	tomorrow := tomorrowOf(now)
	return s.dated(func(it *Item) bool { return !it.Updated.Before(tomorrow) })
}

// tomorrowOf is the day after now's, by calendar day: an entry dated
// today (midnight UTC as written) is not in the future where today began
// before UTC's did.
func tomorrowOf(now time.Time) time.Time {
	return time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
}

// UpdatedBefore lists the published entries whose updated date falls on
// a day before their date, by path: no page shows it (Revised), a
// mistyped year most likely.
func (s *Site) UpdatedBefore() []*content.Doc {
	return s.dated(func(it *Item) bool {
		return !it.Updated.IsZero() && it.Updated.Format(time.DateOnly) < it.Date.Format(time.DateOnly)
	})
}

// DatedBefore lists the entries dated before t, sorted by path.
func (s *Site) DatedBefore(t time.Time) []*content.Doc {
	return s.dated(func(it *Item) bool { return !it.Date.IsZero() && it.Date.Before(t) })
}

// dated lists the entries keep takes, sorted by path.
func (s *Site) dated(keep func(*Item) bool) []*content.Doc {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*content.Doc
	for _, it := range s.b.m.items {
		if keep(it) {
			out = append(out, warnedDoc(it))
		}
	}
	slices.SortFunc(out, func(a, b *content.Doc) int { return cmp.Compare(a.Path, b.Path) })
	return out
}

// amounts lists the entries and cases whose amount keep takes, given
// the day it is converted at, by path. keep is called in the order of
// their paths; only the documents it takes are read back, if let go (a
// tenth of a large archive's entries are fines).
func (s *Site) amounts(keep func(m *model, a *content.Amount, day time.Time) bool) []*content.Doc {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.b.m
	type dated struct {
		path string
		it   *Item        // nil for a case
		doc  *content.Doc // a case's
		a    *content.Amount
		day  time.Time
	}
	var all []dated
	for _, it := range m.items {
		if a := it.Amount(); a != nil {
			all = append(all, dated{it.Path(), it, nil, a, it.Date})
		}
	}
	for _, c := range m.cases {
		if c.Doc.Amount != nil {
			all = append(all, dated{c.Doc.Path, nil, c.Doc, c.Doc.Amount, c.amountDay()})
		}
	}
	slices.SortStableFunc(all, func(a, b dated) int { return cmp.Compare(a.path, b.path) })
	var out []*content.Doc
	for _, x := range all {
		if !keep(m, x.a, x.day) {
			continue
		}
		if x.it != nil {
			x.doc = warnedDoc(x.it)
		}
		out = append(out, x.doc)
	}
	return out
}

// warnedDoc is the document of an item a check warns of, read back if
// let go. One that cannot be read back (changed or gone since the load)
// is stood in for by what the item keeps: its warning still names the
// file, if not the line.
func warnedDoc(it *Item) *content.Doc {
	if d, err := it.Doc(); err == nil {
		return d
	}
	return &content.Doc{Path: it.Path(), Entry: content.Entry{Title: it.Title, Date: it.Date, Updated: it.Updated, Amount: it.Amount()}}
}

// indexFines gathers every fine, converts it and totals the terms' fines
// in euros. The rates may be nil: then only euros are known.
func (m *model) indexFines(rates *money.Rates) {
	m.rates = rates
	finedCase := map[*Case]bool{}
	for _, it := range m.items {
		if !it.IsEvent() || it.EventKind() != "fine" || it.Amount() == nil {
			continue
		}
		f := &Fine{Title: it.Title, URL: it.URL, Date: it.Date, Amount: *it.Amount(), Case: it.Case, item: it}
		m.fines = append(m.fines, f)
		if it.Case != nil {
			finedCase[it.Case] = true
			it.Case.Fines = append(it.Case.Fines, f)
		}
		it.fine = f
	}
	for _, c := range m.cases {
		if c.Amount == nil || finedCase[c] {
			continue
		}
		f := &Fine{Title: c.Title, URL: c.URL, Date: c.amountDay(), Amount: *c.Amount, Case: c}
		m.fines = append(m.fines, f)
		c.Fines = append(c.Fines, f)
	}
	for _, f := range m.fines {
		eur, ok1 := rates.Convert(f.Amount.Value, f.Amount.Currency, "EUR", f.Date)
		usd, ok2 := rates.Convert(f.Amount.Value, f.Amount.Currency, "USD", f.Date)
		f.EUR, f.USD, f.Converted = eur, usd, ok1 && ok2
	}
	slices.SortStableFunc(m.fines, func(a, b *Fine) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.URL, b.URL))
	})
	m.termFines()
}

// termFines totals each term's fines, in their currencies and in euros:
// an event's fines under its terms, a case's own amount under the case's
// parties, authorities and jurisdictions, as the fines page counts them;
// under a company, only the fines it pays.
func (m *model) termFines() {
	byCur := map[*Term]map[string]float64{}
	for _, f := range m.fines {
		for _, tm := range f.terms() {
			if !paidBy(&f.Amount, tm.Class, tm.ID) {
				continue
			}
			if byCur[tm] == nil {
				byCur[tm], tm.FinesEUR = map[string]float64{}, &Total{}
			}
			byCur[tm][f.Amount.Currency] += f.Amount.Value
			tm.FinesEUR.add(f)
		}
	}
	for tm, sums := range byCur {
		for cur, v := range sums {
			tm.Fines = append(tm.Fines, Amount{Value: v, Currency: cur})
		}
		slices.SortFunc(tm.Fines, func(a, b Amount) int {
			return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Currency, b.Currency))
		})
		if len(tm.Fines) == 1 && tm.Fines[0].Currency == "EUR" {
			tm.FinesEUR = nil // it would say the same sum again
		}
	}
}

// terms are the terms a fine is filed under: its event's, or those of
// its case's chips that have pages.
func (f *Fine) terms() []*Term {
	if f.item != nil {
		return f.item.terms
	}
	var out []*Term
	for _, c := range f.Case.Chips {
		if c.term != nil {
			out = append(out, c.term)
		}
	}
	return out
}

// amountDay is the day of a case's own amount: its date, else the case's
// last date, in date order, or its last change.
func (c *Case) amountDay() time.Time {
	if !c.Amount.Date.IsZero() {
		return c.Amount.Date
	}
	if n := len(c.byDate); n > 0 {
		return c.byDate[n-1].Time
	}
	return c.LastChange()
}

func (t *Total) add(f *Fine) {
	t.Fines++
	if inEUR(f) {
		t.EUR += f.EUR.Value
	} else {
		t.Unrated++
	}
}

// Fines is what the fines page shows.
type Fines struct {
	All                                    []*Fine // newest first
	ByAuthority, ByJurisdiction, ByCompany []Total
	ByYear                                 []Total // oldest first
	Sum                                    Total
	RatesTo                                string // the newest day of the rate file
}

// Fines gathers the fines page.
func (p *Page) Fines() *Fines {
	m := p.m
	fs := &Fines{All: m.fines, RatesTo: m.rates.Last()}
	by := func(class string) []Total {
		totals := map[string]*Total{}
		for _, f := range m.fines {
			for _, c := range f.ChipsOf(class) {
				t := totals[c.ID]
				if t == nil {
					t = &Total{Label: c.Label, URL: c.URL}
					totals[c.ID] = t
				}
				t.add(f)
			}
		}
		return sortedTotals(totals)
	}
	fs.ByAuthority, fs.ByJurisdiction, fs.ByCompany = by("authority"), by("jurisdiction"), by("company")
	years := map[string]*Total{}
	for _, f := range m.fines {
		fs.Sum.add(f)
		y := strconv.Itoa(f.Date.Year())
		if years[y] == nil {
			years[y] = &Total{Label: y}
			// A case's amount dates from its last date, which may fall in
			// a year without entries and so without an archive.
			if slices.Contains(m.years, f.Date.Year()) {
				years[y].URL = archivePath(f.Date.Year())
			}
		}
		years[y].add(f)
	}
	for _, t := range years {
		fs.ByYear = append(fs.ByYear, *t)
	}
	slices.SortFunc(fs.ByYear, func(a, b Total) int { return cmp.Compare(a.Label, b.Label) })
	return fs
}

func sortedTotals(m map[string]*Total) []Total {
	var ts []Total
	for _, t := range m {
		ts = append(ts, *t)
	}
	slices.SortFunc(ts, func(a, b Total) int { return cmp.Or(cmp.Compare(b.EUR, a.EUR), cmp.Compare(a.Label, b.Label)) })
	return ts
}

// Chart is an inline SVG bar chart of fines per year, in euros: every
// year from the first fine's to the last's, a year without one left
// empty rather than out (the bars would read as years in a row), each
// bar's sum above it, or "no rate" for fines none of which could be
// converted. It is drawn at its own size, which the page scrolls where
// it is wider: stretched to the page, a chart of a few years had text
// half the size of the page's, and shrunk, one of many years less.
func (fs *Fines) Chart() template.HTML {
	const h, bar, gap, top = 200, 40, 16, 24
	byYear := map[int]Total{}
	first, last, peak := math.MaxInt, math.MinInt, 0.0
	for _, t := range fs.ByYear {
		y, err := strconv.Atoi(t.Label)
		if err != nil {
			continue
		}
		byYear[y] = t
		first, last, peak = min(first, y), max(last, y), math.Max(peak, t.EUR)
	}
	if first > last {
		return ""
	}
	var b strings.Builder
	width := (last-first+1)*(bar+gap) + gap
	fmt.Fprintf(&b, `<svg class="fines-chart" role="img" aria-labelledby="fines-chart-title" viewBox="0 0 %d %d" width="%d" height="%d">`, width, h+40, width, h+40)
	b.WriteString(`<title id="fines-chart-title">Fines per year, in euros</title>`)
	for y := first; y <= last; y++ {
		x := gap + (y-first)*(bar+gap)
		b.WriteString(`<g>`)
		if t, ok := byYear[y]; ok {
			bh := 0.0
			if peak > 0 {
				bh = t.EUR / peak * (h - top)
			}
			fmt.Fprintf(&b, `<title>%s: %s</title><rect x="%d" y="%.1f" width="%d" height="%.1f" fill="currentColor"></rect>`,
				template.HTMLEscapeString(t.Label), template.HTMLEscapeString(t.title()), x, h-bh, bar, bh)
			label := barLabel(t.EUR)
			if t.Rated() == 0 {
				label = "no rate"
			}
			if label != "" {
				fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="middle" font-size="12" fill="currentColor">%s</text>`, x+bar/2, h-bh-6, label)
			}
		} else {
			fmt.Fprintf(&b, `<title>%d: no fine</title>`, y)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="currentColor">%d</text></g>`, x+bar/2, h+20, y)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barLabel is a bar's sum in euros, short enough for its width: "2.8 bn",
// "520 m", "75 k"; "" for none.
func barLabel(eur float64) string {
	switch {
	case eur >= 999.5e6:
		return strconv.FormatFloat(eur/1e9, 'f', 1, 64) + " bn"
	case eur >= 999.5e3:
		return strconv.FormatFloat(eur/1e6, 'f', 0, 64) + " m"
	case eur >= 999.5:
		return strconv.FormatFloat(eur/1e3, 'f', 0, 64) + " k"
	case eur > 0:
		return strconv.FormatFloat(eur, 'f', 0, 64)
	}
	return ""
}

func (b *builder) fineOutputs() []output {
	var outs []output
	for _, st := range b.fineStreams() {
		outs = append(outs, output{st.path, b.alone(st.whole), nil})
	}
	return outs
}

// fineStreams are the fines page and data/fines.csv, which list every
// fine of the archive: a build writes them as they are made (streams).
func (b *builder) fineStreams() []stream {
	return []stream{
		{"/fines/", func(w io.Writer) error {
			return b.writePage(w, &Page{Kind: "fines", Path: "/fines/", Title: "Fines", Description: "Every fine the tracker records, in its own currency and in euros and dollars at the ECB reference rate of its date."})
		}},
		{"/data/fines.csv", b.finesCSV},
	}
}

// finesCSV writes data/fines.csv: one fine a row, newest first.
func (b *builder) finesCSV(out io.Writer) error {
	w := csv.NewWriter(out)
	w.UseCRLF = true // RFC 4180
	// No formulas, as in items.csv.
	row := func(cells ...string) error { return w.Write(csvSafe(cells)) }
	if err := row("date", "title", "url", "case", "amount_value", "amount_currency", "eur", "usd", "rate_date", "authorities", "companies", "jurisdictions"); err != nil {
		return err
	}
	for _, f := range b.m.fines {
		cs := ""
		if f.Case != nil {
			cs = f.Case.Slug
		}
		eur, usd := "", ""
		if inEUR(f) {
			eur = num(f.EUR.Value)
		}
		if f.Converted || f.Amount.Currency == "USD" {
			usd = num(f.USD.Value)
		}
		err := row(f.Date.Format(time.DateOnly), f.Title, b.m.site.Abs(f.URL), cs, num(f.Amount.Value), f.Amount.Currency,
			eur, usd, f.RateDay(), ids(f.ChipsOf("authority")), ids(f.ChipsOf("company")), ids(f.ChipsOf("jurisdiction")))
		if err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// caseRecord is one case in data/cases.json.
type caseRecord struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	CaseID        string           `json:"case_id"`
	Parties       []string         `json:"parties"`
	Authorities   []string         `json:"authorities"`
	Jurisdictions []string         `json:"jurisdictions"`
	Instrument    string           `json:"instrument"`
	Stage         string           `json:"stage"`
	Status        string           `json:"status"`
	Opened        string           `json:"opened"`
	LastChange    string           `json:"last_change"`
	Dates         []caseDateRecord `json:"dates"`
	Sources       []string         `json:"sources"`
	Entries       []string         `json:"entries"`
	TotalEUR      *float64         `json:"total_eur"` // nil: fines, none in euros or converted
	Fines         []map[string]any `json:"fines"`
}

type caseDateRecord struct {
	Date string `json:"date"`
	What string `json:"what"`
}

func (b *builder) caseRecords() []caseRecord {
	var rs []caseRecord
	for _, c := range b.m.cases {
		r := caseRecord{ID: c.Slug, URL: b.m.site.Abs(c.URL), Title: c.Title, CaseID: c.CaseID, Parties: orEmpty(c.Parties),
			Authorities: orEmpty(c.Authorities), Jurisdictions: orEmpty(c.Jurisdictions), Instrument: c.Instrument, Stage: c.Stage,
			Status: c.Status, Opened: c.Opened.Format(time.DateOnly), LastChange: c.LastChange().Format(time.DateOnly),
			Dates: []caseDateRecord{}, Sources: []string{}, Entries: []string{}, Fines: []map[string]any{}}
		for _, d := range c.byDate {
			r.Dates = append(r.Dates, caseDateRecord{d.Time.Format(time.DateOnly), d.What})
		}
		for _, s := range c.Sources {
			r.Sources = append(r.Sources, s.URL)
		}
		for _, it := range c.Items {
			r.Entries = append(r.Entries, b.m.site.Abs(it.URL))
		}
		if len(c.Fines) == 0 || c.anyConverted() { // 0 without fines
			sum, _ := c.TotalEUR()
			sum = math.Round(sum*100) / 100
			r.TotalEUR = &sum
		}
		for _, f := range c.Fines {
			r.Fines = append(r.Fines, map[string]any{"date": f.Date.Format(time.DateOnly), "value": f.Amount.Value, "currency": f.Amount.Currency})
		}
		rs = append(rs, r)
	}
	return rs
}

func (b *builder) casesJSON() ([]byte, error) {
	rs := b.caseRecords()
	if rs == nil {
		rs = []caseRecord{}
	}
	data, err := json.MarshalIndent(rs, "", " ")
	return append(data, '\n'), err
}

func (b *builder) casesCSV() ([]byte, error) {
	rows := [][]string{{"id", "url", "title", "case_id", "parties", "authorities", "jurisdictions", "instrument", "stage", "status", "opened", "last_change", "sources", "total_eur"}}
	for _, r := range b.caseRecords() {
		total := ""
		if r.TotalEUR != nil {
			total = num(*r.TotalEUR)
		}
		rows = append(rows, []string{r.ID, r.URL, r.Title, r.CaseID, strings.Join(r.Parties, " "), strings.Join(r.Authorities, " "),
			strings.Join(r.Jurisdictions, " "), r.Instrument, r.Stage, r.Status, r.Opened, r.LastChange, strings.Join(r.Sources, " "), total})
	}
	return csvBytes(rows)
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func ids(cs []Chip) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.ID
	}
	return strings.Join(s, " ")
}

func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func csvBytes(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // RFC 4180
	for _, r := range rows {
		if err := w.Write(csvSafe(r)); err != nil { // no formulas, as in items.csv
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// RatesFile is the ECB rate file in a project's feeds/ folder.
const RatesFile = "rates.csv"

// LoadRates reads the ECB rate file in the folder feeds; a project
// without one converts only euros.
func LoadRates(feeds string) (*money.Rates, error) {
	data, err := projfile.ReadFile(filepath.Join(feeds, RatesFile), 64<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r, err := money.ParseRates(data)
	if err != nil {
		return nil, fmt.Errorf("feeds/%s: %w", RatesFile, err)
	}
	return r, nil
}

// RateDay is the ECB day whose rates converted the fine ("" for none).
func (f *Fine) RateDay() string { return cmp.Or(f.EUR.Day, f.USD.Day) }
