package site

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFineYearWithoutArchive: a case's own amount dated in a year that no
// entry has is totalled under that year without a link to an archive the
// build does not make.
func TestFineYearWithoutArchive(t *testing.T) {
	root := project(t)
	write(t, root, "content/cases/own-amount.md", "---\ntitle: A case with its own amount\ncase_id: FIX.2\nparties: [alibaba]\nauthorities: [samr]\njurisdictions: [cn]\nstage: decision\nstatus: closed\nopened: 2026-01-05\ndates:\n  - {date: 2027-03-01, what: decision}\namount: {value: 5000000, currency: CNY}\n---\nBody.\n")
	out := build(t, root)
	page, err := os.ReadFile(filepath.Join(out, "fines", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<td>2027</td>")) {
		t.Error("the fines page has no unlinked total for 2027")
	}
	if bytes.Contains(page, []byte("archive/2027/")) {
		t.Error("the fines page links to archive/2027/, which the build does not make")
	}
	if !bytes.Contains(page, []byte("archive/2021/")) {
		t.Error("the fines page lost its link to archive/2021/")
	}
}

// TestFineInEurosWithoutRate: a fine in euros is known in euros without
// a rate (no rate file here): the fines page shows it and counts it in the
// totals, as the case's total does.
func TestFineInEurosWithoutRate(t *testing.T) {
	root := project(t)
	write(t, root, "content/events/2021-06-01-commission-fines-marketplace.md", "---\ntitle: Commission fines a marketplace\nkind: fine\nauthorities: [samr]\nentities: [alibaba]\ntopics: [antitrust]\namount: {value: 5000000, currency: EUR}\nsummary: A fine in euros.\n---\nBody.\n")
	out := build(t, root)
	page, err := os.ReadFile(filepath.Join(out, "fines", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<td class=\"amount\">EUR 5 million</td>\n   <td class=\"amount\">EUR 5 million</td>",
		"In all: <strong>EUR 5 million</strong> in 1 fine, and 1 more without a rate.",
		"<td class=\"amount\">—</td>\n   <td>no rate for USD</td>",
		"<td>2</td><td class=\"amount\">EUR 5 million + 1 without a rate</td>",
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the fines page lacks %q", want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(out, "data", "fines.csv")); !bytes.Contains(data, []byte(",5000000,EUR,5000000,,")) {
		t.Errorf("data/fines.csv lacks the fine's euros:\n%s", data)
	}
}

// TestUnratedStale: an amount in a currency the rate file quotes, but not
// near its date (the ECB stopped quoting RUB in March 2022), is unrated:
// check warns for it as for a currency the file lacks.
func TestUnratedStale(t *testing.T) {
	root := project(t)
	write(t, root, "feeds/rates.csv", "Date,USD,RUB,\n2022-07-18,1.01,N/A,\n2022-03-02,1.11,N/A,\n2022-03-01,1.12,117.3,\n")
	fine := func(name, day string) {
		write(t, root, "content/events/"+day+"-"+name+".md", "---\ntitle: A fine in roubles\nkind: fine\nauthorities: [samr]\ntopics: [antitrust]\namount: {value: 21000000000, currency: RUB}\nsummary: A fine.\n---\nBody.\n")
	}
	fine("rated", "2022-03-03")
	fine("stale", "2022-07-18")
	var got []string
	for _, d := range mustLoad(t, root).Unrated() {
		got = append(got, filepath.Base(d.Path))
	}
	if !slices.Contains(got, "2022-07-18-stale.md") || slices.Contains(got, "2022-03-03-rated.md") {
		t.Errorf("unrated: %v, want 2022-07-18-stale.md and not 2022-03-03-rated.md", got)
	}
}

// TestFineInDollarsWithoutRate: a fine in dollars shows its dollars in
// the USD column without a rate, as one in euros does in the EUR column.
func TestFineInDollarsWithoutRate(t *testing.T) {
	root := project(t)
	write(t, root, "content/events/2021-06-01-ftc-fines-marketplace.md", "---\ntitle: A fine in dollars\nkind: fine\nauthorities: [samr]\ntopics: [antitrust]\namount: {value: 5000000, currency: USD}\nsummary: A fine.\n---\nBody.\n")
	out := build(t, root)
	page, err := os.ReadFile(filepath.Join(out, "fines", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<td class=\"amount\">USD 5 million</td>\n   <td class=\"amount\">—</td>\n   <td class=\"amount\">USD 5 million</td>\n   <td>no rate for USD</td>"; !bytes.Contains(page, []byte(want)) {
		t.Errorf("the fines page lacks %q", want)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "data", "fines.csv")); !bytes.Contains(data, []byte(",5000000,USD,,5000000,")) {
		t.Errorf("data/fines.csv lacks the fine's dollars:\n%s", data)
	}
}

// TestFinesPlural: one fine is "1 fine", in the lede and the chart; a
// sum of fines none of which has a rate is not "EUR 0".
func TestFinesPlural(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(build(t, project(t)), "fines", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("EUR 0")) {
		t.Error("the fines page shows a fine without a rate as EUR 0")
	}
	for _, want := range []string{"In all: 1 fine, none with an ECB rate.", "<title>2021: 1 fine, none with an ECB rate</title>", `<td class="amount">no ECB rate</td>`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the fines page lacks %q", want)
		}
	}
}

// TestFinePaidBy: a fine that names who pays it counts for that company
// alone: a complainant named beside it gets no fine in the totals by
// company, on its page, or in data/fines.csv. A payer the entry does not
// name is an error with its line.
func TestFinePaidBy(t *testing.T) {
	root := project(t)
	const event = "---\ntitle: Authority fines a marketplace after a rival's complaint\nkind: fine\nauthorities: [samr]\nentities: [alibaba, tencent]\ntopics: [antitrust]\namount: {value: 5000000, currency: EUR, paid_by: [alibaba]}\nsummary: A fine.\n---\nBody.\n"
	write(t, root, "content/events/2021-06-01-fine-after-complaint.md", event)
	out := build(t, root)
	page, _ := os.ReadFile(filepath.Join(out, "fines", "index.html"))
	byCompany := page[bytes.Index(page, []byte("<caption>By company</caption>")):]
	if !bytes.Contains(byCompany, []byte(">Alibaba</a>")) || bytes.Contains(byCompany, []byte("Tencent")) {
		t.Errorf("by company, want Alibaba and not Tencent:\n%s", byCompany)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "data", "fines.csv")); !bytes.Contains(data, []byte(",samr,alibaba,")) {
		t.Errorf("data/fines.csv: want companies alibaba alone:\n%s", data)
	}
	for company, want := range map[string]bool{"alibaba": true, "tencent": false} {
		term, _ := os.ReadFile(filepath.Join(out, "entities", company, "index.html"))
		if got := bytes.Contains(term, []byte("EUR 5 million</strong>")); got != want {
			t.Errorf("/entities/%s/ shows the fine's total: %v, want %v", company, got, want)
		}
	}
	write(t, root, "content/events/2021-06-01-fine-after-complaint.md",
		"---\ntitle: A fine\nkind: fine\nentities: [alibaba]\namount: {value: 5000000, currency: EUR, paid_by: [tencent]}\n---\n")
	if _, err := Build(Options{Root: root, Out: filepath.Join(t.TempDir(), "public")}); err == nil || !bytes.Contains([]byte(err.Error()), []byte(`2021-06-01-fine-after-complaint.md:5:1: amount: paid_by "tencent" is not in entities`)) {
		t.Errorf("a payer not named: %v", err)
	}
}

// TestTermFinesInEurosOnce: a term whose fines are all in euros shows
// their sum once, not again as "in all ≈" the same sum; a term with
// fines in another currency also shows the sum in euros.
func TestTermFinesInEurosOnce(t *testing.T) {
	root := project(t)
	write(t, root, "content/events/2021-06-01-commission-fines-marketplace.md", "---\ntitle: Commission fines a marketplace\nkind: fine\nauthorities: [samr]\nentities: [tencent]\ntopics: [antitrust]\namount: {value: 5000000, currency: EUR}\nsummary: A fine in euros.\n---\nBody.\n")
	write(t, root, "feeds/rates.csv", "Date,USD,CNY,\n2021-06-01,1.22,7.8,\n2021-04-09,1.19,7.8,\n")
	out := build(t, root)
	for _, c := range []struct {
		term  string
		inAll bool
	}{{"entities/tencent", false}, {"entities/alibaba", true}} {
		page, err := os.ReadFile(filepath.Join(out, c.term, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, []byte("<li>fines <strong")) {
			t.Errorf("/%s/ shows no fines", c.term)
		}
		if got := bytes.Contains(page, []byte("in all <strong")); got != c.inAll {
			t.Errorf("/%s/ shows the sum in euros again: %v, want %v", c.term, got, c.inAll)
		}
	}
}

// TestFinesNone: a tracker without fines says so, not "0 fines".
func TestFinesNone(t *testing.T) {
	root := project(t)
	edit(t, root, "content/events/2021-04-10-regulator-fines-marketplace.md", "amount: {value: 18228000000, currency: CNY}\n", "")
	page, err := os.ReadFile(filepath.Join(build(t, root), "fines", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("0 fines")) || !bytes.Contains(page, []byte("No fines yet.")) {
		t.Errorf("the fines page of a tracker without fines:\n%s", page)
	}
}

// TestFutureByCalendarDay: check's "after today" compares days: an entry
// dated today is not in the future where the day began before UTC's.
func TestFutureByCalendarDay(t *testing.T) {
	root := project(t)
	for _, day := range []string{"2030-03-01", "2030-03-02"} {
		write(t, root, "content/events/"+day+"-hearing-"+day[8:]+".md", "---\ntitle: Hearing "+day+"\ndate: "+day+"\nkind: statement\nauthorities: [samr]\ntopics: [antitrust]\nsummary: A hearing.\n---\nA hearing.\n")
	}
	shanghai := time.FixedZone("CST", 8*3600)
	var got []string
	for _, d := range mustLoad(t, root).Future(time.Date(2030, 3, 1, 7, 0, 0, 0, shanghai)) {
		got = append(got, filepath.Base(d.Path))
	}
	if !slices.Equal(got, []string{"2030-03-02-hearing-02.md"}) {
		t.Errorf("in the future on 1 March at 07:00 in Shanghai: %v, want only the hearing of 2 March", got)
	}
}

// TestFinesChart: every year from the first fine's to the last's has its
// place, a year without one left empty; a bar carries its sum.
func TestFinesChart(t *testing.T) {
	fs := &Fines{ByYear: []Total{
		{Label: "2021", EUR: 2.8e9, Fines: 2},
		{Label: "2024", EUR: 520e6, Fines: 1},
		{Label: "2025", EUR: 0, Fines: 1, Unrated: 1},
	}}
	svg := string(fs.Chart())
	for _, want := range []string{
		">2021</text>", ">2022</text>", ">2023</text>", ">2024</text>", ">2025</text>",
		"<title>2022: no fine</title>", ">2.8 bn</text>", ">520 m</text>", ">no rate</text>",
		`viewBox="0 0 296 240" width="296"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q:\n%s", want, svg)
		}
	}
	if n := strings.Count(svg, "<rect"); n != 3 {
		t.Errorf("%d bars, want 3 (one a year with a fine)", n)
	}
	if (&Fines{}).Chart() != "" {
		t.Error("a chart of no fines")
	}
	for eur, want := range map[float64]string{0: "", 12: "12", 999.4: "999", 999.6: "1 k", 75e3: "75 k", 999.6e3: "1 m", 520e6: "520 m", 999.6e6: "1.0 bn", 2.84e9: "2.8 bn"} {
		if got := barLabel(eur); got != want {
			t.Errorf("barLabel(%v) = %q, want %q", eur, got, want)
		}
	}
}
