package site

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"docket/internal/content"
	"docket/internal/money"
)

// TestCasesOnSample builds the shipped sample and reads its case files
// back: JSON, CSV, the calendars (RFC 5545 line rules, every date an
// event), and each case page's timeline in date order.
func TestCasesOnSample(t *testing.T) {
	out := t.TempDir()
	if _, err := Build(Options{Root: "../..", Out: out}); err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var cases []caseRecord
	if err := json.Unmarshal([]byte(read("data/cases.json")), &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 8 {
		t.Fatalf("%d cases, want at least 8", len(cases))
	}
	dates := 0
	for _, c := range cases {
		dates += len(c.Dates)
		// A case's last change is its own date when the coverage of it
		// is older: Epic v. Google's order of July 2024 has no entry.
		if c.ID == "epic-v-google" && c.LastChange != "2024-07-03" {
			t.Errorf("%s: last change %s, want its order of 2024-07-03", c.ID, c.LastChange)
		}
		if len(c.Fines) == 0 && (c.TotalEUR == nil || *c.TotalEUR != 0) {
			t.Errorf("%s: no fines, total_eur %v, want 0", c.ID, c.TotalEUR)
		}
		page := read("cases/" + c.ID + "/index.html")
		// The timeline's <time> elements after its heading are in date order.
		_, tl, _ := strings.Cut(page, "Timeline of the matter")
		prev := ""
		for _, part := range strings.Split(tl, `<time datetime="`)[1:] {
			d := part[:10]
			if d < prev {
				t.Errorf("%s: %s after %s", c.ID, d, prev)
			}
			prev = d
		}
		ics := read("cases/" + c.ID + "/calendar.ics")
		if n := strings.Count(ics, "BEGIN:VEVENT"); n != len(c.Dates) {
			t.Errorf("%s: %d events in its calendar, want %d", c.ID, n, len(c.Dates))
		}
	}
	for _, name := range []string{"data/cases.csv", "data/fines.csv"} {
		rows, err := csv.NewReader(strings.NewReader(read(name))).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s: %d rows, %v", name, len(rows), err)
		}
	}
	ics := read("calendar.ics")
	if !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") || !strings.HasSuffix(ics, "END:VCALENDAR\r\n") {
		t.Fatalf("calendar.ics is not a VCALENDAR:\n%s", ics)
	}
	for _, l := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(l) > 75 || strings.Contains(l, "\n") {
			t.Errorf("line breaks RFC 5545 3.1: %q", l)
		}
	}
	if n := strings.Count(ics, "BEGIN:VEVENT"); n != dates || strings.Count(ics, "END:VEVENT") != n {
		t.Errorf("calendar.ics has %d events, want %d", n, dates)
	}
	fines := read("fines/index.html")
	if !strings.Contains(fines, "2021-04-09") || !strings.Contains(fines, "<svg") {
		t.Error("the fines page lacks the Alibaba fine's rate date or the chart")
	}
}

// TestCalendarsParse parses every calendar back with an iCalendar library
// (github.com/arran4/golang-ical, used in tests only): an independent
// reader catches folding, escaping and property errors our own line
// checks would miss. Each event has its UID, an all-day DTSTART and a
// summary naming its case; the site calendar holds every case date.
func TestCalendarsParse(t *testing.T) {
	out := t.TempDir()
	if _, err := Build(Options{Root: "../..", Out: out}); err != nil {
		t.Fatal(err)
	}
	parse := func(p string) *ics.Calendar {
		t.Helper()
		f, err := os.Open(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cal, err := ics.ParseCalendar(f)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return cal
	}
	var cases []caseRecord
	data, err := os.ReadFile(filepath.Join(out, "data", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	uids := map[string]bool{}
	total := 0
	for _, c := range cases {
		evs := parse("cases/" + c.ID + "/calendar.ics").Events()
		if len(evs) != len(c.Dates) {
			t.Errorf("%s: %d parsed events, want %d", c.ID, len(evs), len(c.Dates))
		}
		want := map[string]bool{}
		for _, d := range c.Dates {
			want[d.Date+" "+d.What] = true
		}
		for i, ev := range evs {
			start, err := ev.GetAllDayStartAt()
			if err != nil {
				t.Errorf("%s: event %d: %v", c.ID, i, err)
				continue
			}
			sum := ev.GetProperty(ics.ComponentPropertySummary)
			if sum == nil {
				t.Errorf("%s: event %d has no SUMMARY", c.ID, i)
				continue
			}
			_, what, _ := strings.Cut(sum.Value, ": ")
			for strings.Contains(what, ": ") { // a title with a colon
				_, what, _ = strings.Cut(what, ": ")
			}
			if got := start.Format("2006-01-02") + " " + what; !want[got] {
				t.Errorf("%s: event %d is %q, not one of the case's dates %v", c.ID, i, got, want)
			}
			uid := ev.Id()
			if uid == "" || uids[uid] {
				t.Errorf("%s: event %d UID %q empty or repeated", c.ID, i, uid)
			}
			uids[uid] = true
		}
		total += len(evs)
	}
	if n := len(parse("calendar.ics").Events()); n != total || n == 0 {
		t.Errorf("calendar.ics: %d parsed events, want every case date: %d", n, total)
	}
}

// A story belongs to the case of its reports: when its lead names no case
// but a member does, the story's card names the member's case, and the
// case page lists the story.
func TestStoryCardNamesMemberCase(t *testing.T) {
	root := project(t)
	edit(t, root, "content/events/2021-04-10-regulator-fines-marketplace.md", "case: marketplace-exclusivity\n", "")
	edit(t, root, "content/news/2021/04/marketplace-fined.md", "extracted: true\n", "extracted: true\ncase: marketplace-exclusivity\n")
	out := build(t, root)
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	home := read("topics/antitrust/index.html")
	var card string
	for _, c := range strings.Split(home, `<li class="card `)[1:] {
		if strings.Contains(c, `class="story-line"`) {
			card = c
		}
	}
	if card == "" {
		t.Fatal("no story card on the topic page")
	}
	if !strings.Contains(card, `Case: <a href="../../cases/marketplace-exclusivity/">`) {
		t.Errorf("the story's card does not name its member's case:\n%s", card)
	}
	page := read("cases/marketplace-exclusivity/index.html")
	_, stories, ok := strings.Cut(page, `<section class="stories">`)
	if !ok || !strings.Contains(stories, `stories/2021-04-10-regulator-fines-marketplace/`) {
		t.Errorf("the case page does not list the story")
	}
}

// TestCaseFacetAttrs: a case row's values are written as they are, not
// URL-escaped: filter.js splits "eu jp" on the space.
func TestCaseFacetAttrs(t *testing.T) {
	c := &Case{Doc: &content.Doc{Entry: content.Entry{Stage: "decision", Status: "open"}},
		Chips: []Chip{{ID: "eu", Class: "jurisdiction"}, {ID: "jp", Class: "jurisdiction"}, {ID: "ec", Class: "authority"}}}
	want := ` data-stage="decision" data-authority="ec" data-jurisdiction="eu jp" data-status="open"`
	if got := string(c.FacetAttrs()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestDataCSVSafe: cases.csv and fines.csv guard formula starts as
// items.csv does.
func TestDataCSVSafe(t *testing.T) {
	got, err := csvBytes([][]string{{"title", "eur"}, {"=HYPERLINK(\"x\")", "500"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), `"'=HYPERLINK(""x"")",500`) {
		t.Errorf("formula not guarded:\n%s", got)
	}
}

// TestCaseTotal: the case index's total is in euros where the fines
// could be converted; a case whose fines all lack a rate shows them in
// their own currency and sorts with the cases without fines, never as a
// fine of EUR 0.
func TestCaseTotal(t *testing.T) {
	eur := func(v float64) *Fine {
		f := &Fine{Amount: Amount{Value: v, Currency: "EUR"}, Converted: true}
		f.EUR.Value = v
		return f
	}
	xaf := &Fine{Amount: Amount{Value: 1e6, Currency: "XAF"}}
	for _, tc := range []struct {
		name           string
		fines          []*Fine
		total, sortKey string
	}{
		{"no fines", nil, "—", ""},
		{"converted", []*Fine{eur(5e8), eur(2e8)}, "EUR 700 million", "700000000"},
		{"some without a rate", []*Fine{eur(5e8), xaf}, "EUR 500 million + amounts without a rate", "500000000"},
		{"none with a rate", []*Fine{xaf}, "XAF 1 million (no ECB rate)", ""},
		// Without feeds/rates.csv (or before its first day) a fine in
		// euros has no dollar rate, but its euros are known.
		{"euros without a rate file", []*Fine{{Amount: Amount{Value: 5e8, Currency: "EUR"}, EUR: money.Rate{Value: 5e8}}},
			"EUR 500 million", "500000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Case{Fines: tc.fines}
			if got := c.Total(); got != tc.total {
				t.Errorf("Total() = %q, want %q", got, tc.total)
			}
			if got := c.SortKey(); got != tc.sortKey {
				t.Errorf("SortKey() = %q, want %q", got, tc.sortKey)
			}
		})
	}
}

// TestCaseDatesInOrder: a case page lists its dates in date order, as
// its calendar and data/cases.json do, whatever order the case file
// gives them in.
func TestCaseDatesInOrder(t *testing.T) {
	root := project(t)
	edit(t, root, "content/cases/marketplace-exclusivity.md", "  - {date: 2021-04-10, what: decision}\n",
		"  - {date: 2025-06-01, what: appeal hearing}\n  - {date: 2021-04-10, what: decision}\n  - {date: 2020-12-24, what: investigation opened}\n")
	page, err := os.ReadFile(filepath.Join(build(t, root), "cases", "marketplace-exclusivity", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	_, dates, ok := strings.Cut(string(page), `<section class="dates">`)
	dates, _, _ = strings.Cut(dates, "</section>")
	var got []string
	for _, part := range strings.Split(dates, `<time datetime="`)[1:] {
		got = append(got, part[:10])
	}
	want := []string{"2020-12-24", "2021-04-10", "2025-06-01", "2030-01-15"}
	if !ok || !slices.Equal(got, want) {
		t.Errorf("the case page's dates are %v, want %v", got, want)
	}
}

// TestCaseAmountDate: a case's own amount dates from its own date, else
// from the case's latest date, which fixes its rate and its year on the
// fines page, whatever order the case file lists its dates in.
func TestCaseAmountDate(t *testing.T) {
	day := func(s string) time.Time { d, _ := content.ParseDate(s); return d }
	for _, tc := range []struct {
		name  string
		dates []content.CaseDate
		want  string
	}{
		{"no dates: its last change", nil, "2020-01-02"},
		{"oldest first", []content.CaseDate{{What: "a", Time: day("2021-04-10")}, {What: "b", Time: day("2023-05-01")}}, "2023-05-01"},
		{"newest first", []content.CaseDate{{What: "b", Time: day("2023-05-01")}, {What: "a", Time: day("2021-04-10")}}, "2023-05-01"},
		// A step after the decision (a report due) does not move it.
		{"its own date", []content.CaseDate{{What: "decision", Time: day("2021-10-08")}, {What: "report due", Time: day("2024-10-08")}}, "2021-10-08"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &model{}
			m.cases = []*Case{m.newCase(&content.Doc{Slug: "c", Entry: content.Entry{Title: "C", Opened: day("2020-01-02"),
				Dates: tc.dates, Amount: &content.Amount{Value: 1e6, Currency: "EUR"}}})}
			if tc.name == "its own date" {
				m.cases[0].Amount.Date = day("2021-10-08")
			}
			m.indexFines(nil)
			if len(m.fines) != 1 {
				t.Fatalf("%d fines, want 1", len(m.fines))
			}
			if got := m.fines[0].Date.Format(time.DateOnly); got != tc.want {
				t.Errorf("the amount dates from %s, want %s", got, tc.want)
			}
		})
	}
}

// TestCaseIndexLabels: the case index names a case's authorities (and
// jurisdictions) apart, "SAMR, MIIT", not run together as "SAMR MIIT ".
func TestCaseIndexLabels(t *testing.T) {
	root := project(t)
	edit(t, root, "content/cases/marketplace-exclusivity.md", "authorities: [samr]", "authorities: [samr, miit]")
	page, err := os.ReadFile(filepath.Join(build(t, root), "cases", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<td>SAMR, MIIT</td>", "<td>China</td>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the case index lacks %s", want)
		}
	}
}

// TestCaseLang: a case file in another language than the site's marks
// its own text with it, as an entry's page does; the page's chrome stays
// in the site's language.
func TestCaseLang(t *testing.T) {
	for _, tc := range []struct {
		name, lang string
		want       []string
		not, row   string // row: the case's link in the index
	}{
		{"site's language", "", []string{"<h1>Regulator v. marketplace", `<div class="body"><p>`}, `lang="zh"`,
			`<a href="../cases/marketplace-exclusivity/">`},
		{"another language", "lang: zh\n", []string{`<h1 lang="zh">Regulator v. marketplace`, `<p class="lede" lang="zh">`, `<div class="body" lang="zh">`}, `<html lang="zh"`,
			`<a href="../cases/marketplace-exclusivity/" lang="zh">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := project(t)
			edit(t, root, "content/cases/marketplace-exclusivity.md", "case_id:", tc.lang+"case_id:")
			page, err := os.ReadFile(filepath.Join(build(t, root), "cases", "marketplace-exclusivity", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(page), w) {
					t.Errorf("the case page lacks %s", w)
				}
			}
			if strings.Contains(string(page), tc.not) {
				t.Errorf("the case page has %s", tc.not)
			}
			index, err := os.ReadFile(filepath.Join(root, "public", "cases", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(index), tc.row) {
				t.Errorf("the case index lacks %s", tc.row)
			}
		})
	}
}

// TestCaseFineInEuros: without a rate file (the fixture has none) a fine
// in euros is shown in euros, not as a currency the ECB has no rate for;
// one in another currency says its rate is missing. With rates, a fine is
// shown in euros and dollars, but not again in its own currency.
func TestCaseFineInEuros(t *testing.T) {
	for _, tc := range []struct{ currency, rates, want, not string }{
		{"EUR", "", `<dd class="amount">EUR 5 million</dd>`, "no ECB rate"},
		{"XAF", "", `<dd class="amount">XAF 5 million (no ECB rate for XAF)</dd>`, "≈"},
		// With rates, a fine is not converted into its own currency.
		{"EUR", "Date,USD,CNY,\n2021-03-01,1.2,7.8,\n", `<dd class="amount">EUR 5 million (≈ USD 6 million at the ECB rate of 2021-03-01)</dd>`, "≈ EUR"},
		{"USD", "Date,USD,CNY,\n2021-03-01,1.2,7.8,\n", `<dd class="amount">USD 6 million (≈ EUR 5 million at the ECB rate of 2021-03-01)</dd>`, ", USD"},
		{"CNY", "Date,USD,CNY,\n2021-03-01,1.2,7.8,\n", `<dd class="amount">CNY 7.8 million (≈ EUR 1 million, USD 1.2 million at the ECB rate of 2021-03-01)</dd>`, "no ECB rate"},
	} {
		t.Run(tc.currency, func(t *testing.T) {
			root := project(t)
			if tc.rates != "" {
				write(t, root, "feeds/rates.csv", tc.rates)
			}
			value := map[string]string{"USD": "6000000", "CNY": "7800000"}[tc.currency]
			if value == "" {
				value = "5000000"
			}
			write(t, root, "content/cases/own-amount.md", "---\ntitle: A case with its own amount\nparties: [alibaba]\nauthorities: [samr]\njurisdictions: [cn]\nstage: decision\nstatus: closed\nopened: 2021-01-05\ndates:\n  - {date: 2021-03-01, what: decision}\namount: {value: "+value+", currency: "+tc.currency+"}\n---\nBody.\n")
			page, err := os.ReadFile(filepath.Join(build(t, root), "cases", "own-amount", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(page), tc.want) || strings.Contains(string(page), tc.not) {
				t.Errorf("the case page's fine is not %s:\n%s", tc.want, page)
			}
		})
	}
}

// TestCaseFeedOneEntryAStory: a case's feeds give one entry a story, as
// every feed does: a report that names the case and joins its event's
// story is that story's entry, not a second one.
func TestCaseFeedOneEntryAStory(t *testing.T) {
	root := project(t)
	p := filepath.Join(root, "content", "news", "2021", "04", "marketplace-fined.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "content/news/2021/04/marketplace-fined.md", strings.Replace(string(data), "extracted: true\n", "extracted: true\ncase: marketplace-exclusivity\n", 1))
	out := build(t, root)
	feed, err := os.ReadFile(filepath.Join(out, "cases", "marketplace-exclusivity", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(feed), "<entry"); n != 1 || !strings.Contains(string(feed), "2 reports") {
		t.Errorf("the case feed has %d entries, want the story's one:\n%s", n, feed)
	}
}

// TestCaseFineOnTermPages: a case's own amount (no fine event of its
// own) counts on its parties', authorities' and jurisdictions' pages as
// on the fines page, once for a party listed twice; a company pays only
// what it is a party to.
func TestCaseFineOnTermPages(t *testing.T) {
	root := project(t)
	write(t, root, "content/cases/links-matter.md", "---\ntitle: Ministry v. messenger\nparties: [tencent, tencent]\nauthorities: [miit]\njurisdictions: [cn]\nstage: decision\nstatus: open\nopened: 2021-07-01\ndates:\n  - {date: 2021-09-20, what: decision and fine}\namount: {value: 3000000, currency: EUR}\n---\nA fixture case with its own amount.\n")
	out := build(t, root)
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		page string
		has  bool
	}{
		{"entities/tencent", true},
		{"authorities/miit", true},
		{"entities/alibaba", false},
	} {
		if got := strings.Contains(read(tc.page), "EUR 3 million"); got != tc.has {
			t.Errorf("%s shows the case's EUR 3 million: %v, want %v", tc.page, got, tc.has)
		}
	}
	fines := read("fines")
	if !strings.Contains(fines, "Tencent") {
		t.Error("the fines page does not count the case's amount for Tencent")
	}
}

// TestStandInCardNamesItsStory: on a term's page a story shows as a
// report filed under the term when its head is not (a source's page, as
// events have no source); that card links to the story as the head's
// does, with its count.
func TestStandInCardNamesItsStory(t *testing.T) {
	out := build(t, project(t))
	page, err := os.ReadFile(filepath.Join(out, "sources", "example-wire", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, card := range strings.Split(string(page), `<li class="card `)[1:] {
		if strings.Contains(card, "news/2021/04/marketplace-fined/") {
			if !strings.Contains(card, `<span class="story-line"><a href="../../stories/2021-04-10-regulator-fines-marketplace/">2 reports</a>`) {
				t.Errorf("the report standing for its story has no story line:\n%s", card)
			}
			return
		}
	}
	t.Fatal("the source's page does not list its report")
}

// TestStoryCardNamesStoryCase: a story's card names the story's case,
// where that case's page lists the story, not the case its lead report
// alone names.
func TestStoryCardNamesStoryCase(t *testing.T) {
	a, b := &Case{}, &Case{}
	lead := &Item{Case: a, primary: 2}
	st := &Story{Items: []*Item{lead, {Case: b, primary: 2}, {Case: b, primary: 2}}}
	for _, it := range st.Items {
		it.story = st
	}
	if st.Case() != b {
		t.Fatal("the story's case is not the one most of its reports name")
	}
	if got := (Card{Page: &Page{Kind: "home"}, Item: lead}).Case(); got != b {
		t.Errorf("the story's card names its lead report's case, not the story's")
	}
	if got := (Card{Page: &Page{Kind: "home"}, Item: st.Items[1]}).Case(); got != b {
		t.Errorf("a report's own card lost its case")
	}
}
