package casesuggest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"docket/internal/content"
	"docket/internal/money"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestSuggest: an amount in another currency matches after conversion;
// parties, dates and the instrument add up; places and dates alone never
// link.
func TestSuggest(t *testing.T) {
	rates, err := money.ParseRates([]byte("# test\nDate,USD,CNY,\n2021-04-09,1.2,7.8,\n"))
	if err != nil {
		t.Fatal(err)
	}
	samr := &content.Doc{Slug: "samr-alibaba", Kind: content.Case, Entry: content.Entry{
		Parties: []string{"alibaba"}, Authorities: []string{"samr"}, Jurisdictions: []string{"cn"},
		Instrument: "Anti-Monopoly Law art. 17", Opened: date("2020-12-24"), Status: "closed",
		Dates:  []content.CaseDate{{Date: "2021-04-10", What: "decision", Time: date("2021-04-10")}},
		Amount: &content.Amount{Value: 18.228e9, Currency: "CNY"},
	}}
	other := &content.Doc{Slug: "other", Kind: content.Case, Entry: content.Entry{
		Parties: []string{"alibaba"}, Authorities: []string{"ftc"}, Opened: date("2015-01-01"), Status: "closed",
	}}
	cases := Cases([]*content.Doc{samr, other})

	// 18.228e9 CNY at 7.8 per euro and 1.2 dollars: $2.804 billion.
	it := &content.Doc{Kind: content.News, Entry: content.Entry{Title: "Alibaba fined $2.8 billion", Lang: "en",
		Entities: []string{"alibaba"}, Jurisdictions: []string{"cn"}, Date: date("2021-04-10")}}
	s := Suggest(Item{Doc: it, Text: it.Title + "\nunder China's Anti-Monopoly Law"}, cases, rates)
	if s == nil || s.Case != samr {
		t.Fatalf("no suggestion of samr-alibaba: %+v", s)
	}
	why := strings.Join(s.Reasons, "; ")
	for _, want := range []string{"parties alibaba", "amount USD 2.8 billion matches the case's CNY 18.228 billion", `instrument "Anti-Monopoly Law"`, "date 2021-04-10 near the case's 2021-04-10 (decision)"} {
		if !strings.Contains(why, want) {
			t.Errorf("reasons %q lack %q", why, want)
		}
	}
	if s.Ambiguous() {
		t.Errorf("the samr suggestion is ambiguous: runner %+v", s.Runner)
	}

	// $4 billion is not within the tolerance.
	it.Title = "Alibaba fined $4 billion"
	s = Suggest(Item{Doc: it, Text: it.Title}, cases, rates)
	if s != nil && strings.Contains(strings.Join(s.Reasons, ";"), "amount") {
		t.Errorf("$4 billion matched: %v", s.Reasons)
	}

	// A report from before the case, about its parties, is not about it.
	old := &content.Doc{Kind: content.News, Entry: content.Entry{Title: "Alibaba opens a data centre in Hangzhou under the Anti-Monopoly Law's shadow", Lang: "en",
		Entities: []string{"alibaba"}, Authorities: []string{"samr"}, Jurisdictions: []string{"cn"}, Date: date("2014-06-01")}}
	if s := Suggest(Item{Doc: old, Text: old.Title}, cases, rates); s != nil && s.Case == samr {
		t.Errorf("a report six years before the case is suggested for it: %+v", s)
	}

	// Shared places and dates alone never link.
	lone := &content.Doc{Kind: content.Event, Entry: content.Entry{Title: "A fine of ¥18.228 billion", Lang: "zh",
		Jurisdictions: []string{"cn"}, Date: date("2021-04-10")}}
	if s := Suggest(Item{Doc: lone, Text: lone.Title}, cases, rates); s != nil {
		t.Errorf("suggested without a shared party or authority: %+v", s)
	}
}

// TestSuggestEventAmount: an event's own amount, from its front matter,
// is evidence as an amount in its text is.
func TestSuggestEventAmount(t *testing.T) {
	samr := &content.Doc{Slug: "samr-alibaba", Kind: content.Case, Entry: content.Entry{
		Parties: []string{"alibaba"}, Authorities: []string{"samr"}, Opened: date("2020-12-24"), Status: "closed",
		Amount: &content.Amount{Value: 18.228e9, Currency: "CNY"},
	}}
	ev := &content.Doc{Kind: content.Event, Entry: content.Entry{Title: "Regulator fines a marketplace", Lang: "en",
		Authorities: []string{"samr"}, Date: date("2021-04-10"), Amount: &content.Amount{Value: 18.228e9, Currency: "CNY"}}}
	s := Suggest(Item{Doc: ev, Text: ev.Title}, Cases([]*content.Doc{samr}), nil)
	if s == nil || !strings.Contains(strings.Join(s.Reasons, "; "), "amount CNY 18.228 billion matches") {
		t.Errorf("the event's amount did not count: %+v", s)
	}
}

// TestSuggestNeedsThisMatter: a party and an authority are not enough
// when they are in many matters: an item needs the case's instrument, an
// amount or a date near one of its steps (the law alone is named in many
// matters). An open case spans years of a
// big company's news (the Justice Department's ad-tech suit of 2023 was
// linked to its search case of 2020, and a Chinese merger-filing fine to
// the link-blocking guidance).
func TestSuggestNeedsThisMatter(t *testing.T) {
	search := &content.Doc{Slug: "us-v-google-search", Kind: content.Case, Entry: content.Entry{
		Parties: []string{"google", "apple"}, Authorities: []string{"doj", "us-courts"}, Jurisdictions: []string{"us"},
		Instrument: "Sherman Act § 2", Opened: date("2020-10-20"), Status: "open",
		Dates: []content.CaseDate{{Date: "2024-08-05", What: "liability opinion", Time: date("2024-08-05")}},
	}}
	ruling := &content.Doc{Slug: "ruling", Kind: content.Event, Entry: content.Entry{Title: "Court rules Google a monopolist", Case: "us-v-google-search", Date: date("2025-09-02")}}
	cases := Cases([]*content.Doc{search, ruling})
	for _, tt := range []struct {
		title string
		day   string
		want  bool
	}{
		{"Justice Department sues Google over its ad business", "2023-01-24", false},
		{"Justice Department sues Google under the Sherman Act", "2023-01-24", false}, // the law, in many matters
		{"Justice Department sues Google under Sherman Act § 2", "2023-01-24", true},  // the instrument
		{"Judge finds Google a monopolist", "2024-08-06", true},                       // a step's date
		{"Google appeals the remedies", "2025-09-20", true},                           // a linked event's date
		{"Google and the Justice Department meet again", "2025-11-20", false},
	} {
		it := &content.Doc{Kind: content.News, Entry: content.Entry{Title: tt.title, Lang: "en",
			Entities: []string{"google"}, Authorities: []string{"doj"}, Jurisdictions: []string{"us"}, Date: date(tt.day)}}
		s := Suggest(Item{Doc: it, Text: it.Title}, cases, nil)
		if got := s != nil; got != tt.want {
			t.Errorf("%s (%s): suggested %v, want %v: %+v", tt.title, tt.day, got, tt.want, s)
		}
	}
}

// TestSuggestNotAnotherMatter: an item whose companies, authorities or
// headline money are none of the case's is about another matter, however
// near its date: Meta's fine under the same law is not Apple's case, the
// same company before India's CCI is not its case in Korea, and Apple's
// €1.8 billion music-streaming fine is not its €500 million DMA case.
func TestSuggestNotAnotherMatter(t *testing.T) {
	rates, err := money.ParseRates([]byte("Date,USD,KRW,\n2025-04-23,1.13,1630,\n2024-03-04,1.08,1445,\n2023-01-19,1.08,1340,\n2023-01-10,1.07,1340,\n"))
	if err != nil {
		t.Fatal(err)
	}
	dma := &content.Doc{Slug: "dma-apple", Kind: content.Case, Entry: content.Entry{
		Parties: []string{"apple"}, Authorities: []string{"european-commission"}, Jurisdictions: []string{"eu"},
		Instrument: "DMA art. 5(4)", Opened: date("2024-03-25"), Status: "open",
		Dates:  []content.CaseDate{{Date: "2025-04-23", What: "decision", Time: date("2025-04-23")}},
		Amount: &content.Amount{Value: 500e6, Currency: "EUR"},
	}}
	kftc := &content.Doc{Slug: "kftc-google", Kind: content.Case, Entry: content.Entry{
		Parties: []string{"google"}, Authorities: []string{"kftc"}, Jurisdictions: []string{"kr"},
		Opened: date("2016-01-01"), Status: "closed",
		Dates:  []content.CaseDate{{Date: "2023-01-10", What: "appeal", Time: date("2023-01-10")}},
		Amount: &content.Amount{Value: 207.4e9, Currency: "KRW"},
	}}
	cases := Cases([]*content.Doc{dma, kftc})
	for _, tt := range []struct {
		title       string
		day         string
		entities    []string
		authorities []string
		want        string // the case suggested, "" for none
	}{
		{"Apple fined €500 million under the DMA", "2025-04-23", []string{"apple"}, []string{"european-commission"}, "dma-apple"},
		{"Commission fines €500 million under the DMA", "2025-04-23", nil, []string{"european-commission"}, "dma-apple"}, // no company named
		{"Meta fined under the DMA over pay or consent", "2025-04-23", []string{"meta"}, []string{"european-commission"}, ""},
		{"Google asks India's Supreme Court to quash $161.9 million penalty", "2023-01-19", []string{"google"}, []string{"cci"}, ""},
		{"Apple fined €1.8 billion over music streaming", "2024-03-04", []string{"apple"}, []string{"european-commission"}, ""},
	} {
		// A news item lists the authorities it names among its entities,
		// as fetch writes them.
		it := &content.Doc{Kind: content.News, Entry: content.Entry{Title: tt.title, Lang: "en",
			Entities: slices.Concat(tt.entities, tt.authorities), Jurisdictions: []string{"eu", "kr"}, Date: date(tt.day)}}
		isAuthority := func(id string) bool { return slices.Contains([]string{"european-commission", "kftc", "cci"}, id) }
		got := ""
		if s := Suggest(Item{Doc: it, Text: it.Title, Authority: isAuthority}, cases, rates); s != nil {
			got = s.Case.Slug
		}
		if got != tt.want {
			t.Errorf("%s: suggested %q, want %q", tt.title, got, tt.want)
		}
	}
}

// TestSuggestNoHiddenCase: a hidden case is never shown, so no item is
// linked to it.
func TestSuggestNoHiddenCase(t *testing.T) {
	c := &content.Doc{Slug: "samr-alibaba", Kind: content.Case, Entry: content.Entry{Hidden: true,
		Parties: []string{"alibaba"}, Authorities: []string{"samr"}, Opened: date("2020-12-24"), Status: "closed",
		Amount: &content.Amount{Value: 18.228e9, Currency: "CNY"},
	}}
	ev := &content.Doc{Kind: content.Event, Entry: content.Entry{Title: "Regulator fines a marketplace", Lang: "en",
		Authorities: []string{"samr"}, Date: date("2021-04-10"), Amount: &content.Amount{Value: 18.228e9, Currency: "CNY"}}}
	if s := Suggest(Item{Doc: ev, Text: ev.Title}, Cases([]*content.Doc{c}), nil); s != nil {
		t.Errorf("suggested a hidden case: %+v", s)
	}
}
