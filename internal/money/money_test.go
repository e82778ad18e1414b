package money

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rateFile is the project's copy of the ECB file.
const rateFile = "../../feeds/rates.csv"

func loadRates(t *testing.T) *Rates {
	t.Helper()
	data, err := os.ReadFile(rateFile)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRates(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// column reads one day's rate for cur straight from the CSV, apart from
// ParseRates.
func column(t *testing.T, day, cur string) float64 {
	t.Helper()
	data, err := os.ReadFile(rateFile)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	rd := csv.NewReader(strings.NewReader(strings.Join(lines, "\n")))
	rd.FieldsPerRecord = -1
	recs, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == cur {
			col = i
		}
	}
	for _, rec := range recs[1:] {
		if rec[0] == day {
			v, err := strconv.ParseFloat(rec[col], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no row %s", day)
	return 0
}

// TestAlibabaFine: CNY 18.228 billion at the ECB rates of 9 April 2021
// (the decision was announced on Saturday the 10th: Friday's rates).
func TestAlibabaFine(t *testing.T) {
	r := loadRates(t)
	cny, usd := column(t, "2021-04-09", "CNY"), column(t, "2021-04-09", "USD")
	decided := time.Date(2021, 4, 10, 0, 0, 0, 0, time.UTC)
	eur, ok := r.Convert(18.228e9, "CNY", "EUR", decided)
	if !ok || eur.Day != "2021-04-09" || math.Abs(eur.Value-18.228e9/cny) > 1 {
		t.Errorf("EUR: %+v, want %.0f at 2021-04-09", eur, 18.228e9/cny)
	}
	d, ok := r.Convert(18.228e9, "CNY", "USD", decided)
	if !ok || d.Day != "2021-04-09" || math.Abs(d.Value-18.228e9/cny*usd) > 1 {
		t.Errorf("USD: %+v, want %.0f", d, 18.228e9/cny*usd)
	}
	if _, ok := r.Convert(1, "XYZ", "EUR", decided); ok || r.Known("XYZ") {
		t.Error("a currency the file lacks converted")
	}
	if _, ok := r.Convert(1, "CNY", "EUR", time.Date(1998, 1, 1, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("a day before the file converted")
	}
}

// TestConvertStale: a day without rates takes the last earlier one
// within the ECB's longest closure, not the last rate of a currency the
// ECB stopped quoting (RUB since 2 March 2022, ISK from 2008 to 2018).
func TestConvertStale(t *testing.T) {
	r := loadRates(t)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		cur, day, rateDay string // rateDay "": no rate
	}{
		{"USD", "2021-04-10", "2021-04-09"}, // a Saturday
		{"ZAR", "2024-04-01", "2024-03-28"}, // Easter Monday
		{"RUB", "2022-03-01", "2022-03-01"},
		{"RUB", "2022-07-18", ""},
		{"RUB", "2026-01-01", ""},
		{"ISK", "2010-06-01", ""},
		{"ISK", "2018-02-01", "2018-02-01"},
		{"USD", "2026-01-01", r.Last()}, // after the file: its last day
	}
	for _, tt := range tests {
		got, ok := r.Convert(1e6, tt.cur, "EUR", day(tt.day))
		if ok != (tt.rateDay != "") || got.Day != tt.rateDay {
			t.Errorf("%s on %s: %+v, %v; want the rate of %q", tt.cur, tt.day, got, ok, tt.rateDay)
		}
	}
}

func TestParseRatesRejects(t *testing.T) {
	for _, in := range []string{"", "month,USD\n2021-04,1.2\n", "Date,USD\nyesterday,1.2\n", "Date,USD\n",
		// A hand-edited header: rates are read by code, so JPY's would be
		// USD's, and the euro's own rate of 1 would be replaced.
		"Date,USD,JPY,USD\n2021-04-09,1.19,130,1.2\n", "Date,USD,EUR\n2021-04-09,1.19,2\n"} {
		if _, err := ParseRates([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestParseRatesNamesLine: a date given twice, or a row with more
// fields than the header names, is an error naming its line, as
// `rates update` refuses them; the reader took one of two rates at
// random and dropped the extra fields.
func TestParseRatesNamesLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Date,USD\n2021-04-09,1.19\n2021-04-08,1.18\n2021-04-09,1.2\n", "line 4: 2021-04-09 again (line 2)"},
		{"Date,USD\n2021-04-09,1.19\n2021-04-08,1.18,130\n", "line 3: 3 fields"},
	} {
		if _, err := ParseRates([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
}

// TestParseRatesAsTheECBWritesThem: the ECB's file as downloaded, with
// its byte order mark and CRLF lines, is read; a line too long is an
// error that names it.
func TestParseRatesAsTheECBWritesThem(t *testing.T) {
	r, err := ParseRates([]byte("\ufeffDate,USD,\r\n2021-04-09,1.1912,\r\n"))
	if err != nil {
		t.Fatalf("with a byte order mark: %v", err)
	}
	if got, ok := r.Convert(1.1912, "USD", "EUR", time.Date(2021, 4, 9, 0, 0, 0, 0, time.UTC)); !ok || math.Abs(got.Value-1) > 1e-9 {
		t.Errorf("USD 1.1912: %+v, want EUR 1", got)
	}
	long := "Date,USD,\n2021-04-09,1.1912,\n2021-04-08," + strings.Repeat("1", 1<<20) + ",\n"
	if _, err := ParseRates([]byte(long)); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a line of 1 MiB: %v, want an error on line 3", err)
	}
}

// TestFind: the forms in which news names money, in seven languages.
func TestFind(t *testing.T) {
	tests := []struct {
		text, lang string
		value      float64 // 0: no amount
		cur        string
	}{
		// English
		{"fined $2.75 billion", "en", 2.75e9, "USD"},
		{"a €1.8bn penalty", "en", 1.8e9, "EUR"},
		{"EUR 500 million", "en", 5e8, "EUR"},
		{"€500m fine", "en", 5e8, "EUR"},
		{"US$530 million", "en", 5.3e8, "USD"},
		{"18.228 billion yuan", "en", 18.228e9, "CNY"},
		{"RMB 3.442 billion", "en", 3.442e9, "CNY"},
		{"rmb1.29bn of deposits", "en", 1.29e9, "CNY"},
		{"£1.5bn", "en", 1.5e9, "GBP"},
		{"1,840,000,000 euros", "en", 1.84e9, "EUR"},
		{"USD 200 million", "en", 2e8, "USD"},
		{"¥18.228 billion", "zh", 18.228e9, "CNY"},
		{"¥300 billion", "ja", 3e11, "JPY"},
		{"200 million dollars", "en", 2e8, "USD"},
		{"about 2.8 billion U.S. dollars", "en", 2.8e9, "USD"}, // Xinhua's style
		{"2.75 billion US dollars", "en", 2.75e9, "USD"},
		{"500 million Hong Kong dollars", "en", 5e8, "HKD"},
		{"1.5 billion Australian dollars", "en", 1.5e9, "AUD"},
		{"3 million Canadian dollars", "en", 3e6, "CAD"},
		{"won 207.4 billion", "en", 2.074e11, "KRW"},
		{"Google won 2 appeals", "en", 0, ""},      // the verb
		{"the Euro 7 emission rules", "en", 0, ""}, // a name
		{"before Euro 2024 kicks off", "en", 0, ""},
		{"a fine of euro 500 million", "en", 5e8, "EUR"},
		{"Apple won 3 of its 5 cases", "en", 0, ""},
		{"Rs 1,337.76 crore", "en", 1337.76e7, "INR"},
		// Thousands grouped by spaces, as Polish and French write them.
		{"karę w wysokości 1 500 000 zł", "pl", 1.5e6, "PLN"},
		{"kara 2 074 zł", "pl", 2074, "PLN"},
		{"w 2023 100 000 zł", "pl", 1e5, "PLN"},
		{"kara 1 234 567,89 zł", "pl", 1234567.89, "PLN"},
		{"une amende de 150 000 000 euros", "fr", 1.5e8, "EUR"},
		{"une amende de 1 000 000 €", "fr", 1e6, "EUR"},
		{"a fine of €1\u00a0500\u00a0000", "en", 1.5e6, "EUR"}, // a no-break space groups in any language
		{"in 2 074 cases $5", "en", 5, "USD"},                  // English groups with commas: two numbers
		{"a fine of 12 500 000 zł", "en", 0, ""},               // "12", "500" and "000 zł", which is no amount
		// Dollars of other countries are not US dollars.
		{"C$100 million", "en", 1e8, "CAD"},
		{"A$1.5bn", "en", 1.5e9, "AUD"},
		{"NZ$2.25 million", "en", 2.25e6, "NZD"},
		{"S$5m", "en", 5e6, "SGD"},
		{"R$1 billion", "en", 1e9, "BRL"},
		{"NT$300 million", "en", 3e8, "TWD"},
		{"HK$1.5 billion", "en", 1.5e9, "HKD"},
		{"get 100$ credit", "en", 100, "USD"},   // not the number's dollar
		{"1.06 bln euros", "en", 1.06e9, "EUR"}, // Reuters' wire style
		{"$1.5 bln", "en", 1.5e9, "USD"},
		{"$1tn", "en", 1e12, "USD"},
		{"£1.2trn", "en", 1.2e12, "GBP"},
		{"$500k", "en", 5e5, "USD"},
		// In English a comma groups thousands, before a scale too.
		{"€1,840 million", "en", 1.84e9, "EUR"},
		{"$2,750 million", "en", 2.75e9, "USD"},
		{"4% of its 2019 sales", "en", 0, ""},
		{"in 2021", "en", 0, ""},
		// A currency after a number is not the next one's too.
		{"fined 500 million euros 3 years ago", "en", 5e8, "EUR"},
		{"500万元 3家", "zh", 5e6, "CNY"},
		// A symbol before a number is that number's, not the one before.
		{"the 2018 €4.34 billion fine", "en", 4.34e9, "EUR"},
		{"its 2019 US$530 million", "en", 5.3e8, "USD"},
		{"罚款182亿元2021年", "zh", 182e8, "CNY"},
		{"$0", "en", 0, ""},
		{"$1" + strings.Repeat("兆", 40), "en", 0, ""}, // beyond float64
		// Chinese
		{"罚款182.28亿元", "zh", 182.28e8, "CNY"},
		{"34.42亿元", "zh", 34.42e8, "CNY"},
		{"182亿2800万元", "zh", 182.28e8, "CNY"},
		{"人民币50万元", "zh", 5e5, "CNY"},
		{"27.5亿美元", "zh", 27.5e8, "USD"},
		{"18亿欧元", "zh", 18e8, "EUR"},
		{"5亿欧元罚款", "zh", 5e8, "EUR"},
		{"3000万日元", "zh", 3e7, "JPY"},
		// 元 is the unit of other dollars too.
		{"港币5亿元", "zh", 5e8, "HKD"},
		{"5亿港元", "zh", 5e8, "HKD"},
		{"罚款新台币3亿元", "zh", 3e8, "TWD"},
		{"公平會開罰新台幣1億元", "zh", 1e8, "TWD"}, // as Taiwan writes it: 台, not 臺
		{"罰款台幣500萬元", "zh", 5e6, "TWD"},
		{"新臺幣3億元", "zh-Hant", 3e8, "TWD"},
		{"1.5亿澳元", "zh", 1.5e8, "AUD"},
		// German
		{"1,8 Milliarden Euro", "de", 1.8e9, "EUR"},
		{"500 Millionen Euro", "de", 5e8, "EUR"},
		{"1,84 Mrd. Euro", "de", 1.84e9, "EUR"},
		{"200 Mio. Euro", "de", 2e8, "EUR"},
		{"2,75 Milliarden Dollar", "de", 2.75e9, "USD"},
		// French
		{"1,8 milliard d'euros", "fr", 1.8e9, "EUR"},
		{"500 millions d’euros", "fr", 5e8, "EUR"},
		{"2,75 milliards de dollars", "fr", 2.75e9, "USD"},
		{"200 millions d'euros", "fr", 2e8, "EUR"},
		// Polish
		{"18,2 mld zł", "pl", 18.2e9, "PLN"},
		{"kara 18,2 mld juanów", "pl", 18.2e9, "CNY"},
		{"500 mln euro", "pl", 5e8, "EUR"},
		{"5 bln dolarów", "pl", 5e12, "USD"}, // bilion: Polish bln is a trillion
		{"2 biliony złotych", "pl", 2e12, "PLN"},
		{"1,8 mld euro", "pl", 1.8e9, "EUR"},
		{"2,75 mld dolarów", "pl", 2.75e9, "USD"},
		{"karę w wysokości 206 mln 169 tys. 786 zł", "pl", 206169786, "PLN"}, // UOKiK's exact sums
		{"5 mln 300 tys. zł", "pl", 5.3e6, "PLN"},
		{"fined €500 million. 2 companies appealed", "en", 5e8, "EUR"},
		{"fined €500 million, 200 million of it", "en", 5e8, "EUR"},
		// Korean
		{"1조 원", "ko", 1e12, "KRW"},
		{"과징금 2,074억 원", "ko", 2.074e11, "KRW"},
		{"29억5천만 유로", "ko", 29.5e8, "EUR"},
		{"5억 달러", "ko", 5e8, "USD"},
		{"182억 위안", "ko", 182e8, "CNY"},
		// Japanese
		{"罰金3000億円", "ja", 3e11, "JPY"},
		{"182億2800万元", "ja", 182.28e8, "CNY"},
		{"5億ユーロ", "ja", 5e8, "EUR"},
		{"27億5000万ドル", "ja", 27.5e8, "USD"},
		{"18億ユーロの制裁金", "ja", 18e8, "EUR"},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d forms", len(tests))
	}
	for _, tt := range tests {
		got := Find(tt.text, tt.lang)
		switch {
		case tt.value != 0 && len(got) > 1:
			t.Errorf("%q (%s): %v, want one amount", tt.text, tt.lang, got)
		case tt.value == 0 && len(got) > 0:
			t.Errorf("%q: %v, want none", tt.text, got)
		case tt.value != 0 && (len(got) == 0 || got[0].Currency != tt.cur || math.Abs(got[0].Value-tt.value) > 1e-6*tt.value):
			t.Errorf("%q (%s): %v, want %g %s", tt.text, tt.lang, got, tt.value, tt.cur)
		}
	}
}

// TestFindWindowEdge: an amount whose number falls at the end of the
// window read around an earlier number keeps its scale word.
func TestFindWindowEdge(t *testing.T) {
	text := "The regulator fined it 4% of its 2019 sales in China (CNY 455.712 billion), or CNY 18.228 billion — about USD 2.75 billion."
	want := []Amount{{455.712e9, "CNY"}, {18.228e9, "CNY"}, {2.75e9, "USD"}}
	got := Find(text, "en")
	if len(got) != len(want) {
		t.Fatalf("%v, want %v", got, want)
	}
	for i := range want {
		if got[i].Currency != want[i].Currency || math.Abs(got[i].Value-want[i].Value) > 1e-6*want[i].Value {
			t.Errorf("amount %d: %v, want %v", i, got[i], want[i])
		}
	}
}

// TestFindRange: in a range both ends are amounts, the low end with the
// high end's scale and currency ("$1-2 billion" was one dollar); amounts
// side by side keep their own.
func TestFindRange(t *testing.T) {
	tests := []struct {
		text, lang string
		want       []Amount
	}{
		{"fines of $1-2 billion", "en", []Amount{{1e9, "USD"}, {2e9, "USD"}}},
		{"€1–2bn", "en", []Amount{{1e9, "EUR"}, {2e9, "EUR"}}},
		{"1.5-2 billion euros", "en", []Amount{{1.5e9, "EUR"}, {2e9, "EUR"}}},
		{"10-20亿元", "zh", []Amount{{1e9, "CNY"}, {2e9, "CNY"}}},
		{"$5-10", "en", []Amount{{5, "USD"}, {10, "USD"}}},
		{"€1.8-billion fine", "en", []Amount{{1.8e9, "EUR"}}},
		{"in 2019-2021", "en", nil},
		// Not ranges: amounts side by side, each with its currency.
		{"1.8 billion euros/2 billion dollars", "en", []Amount{{1.8e9, "EUR"}, {2e9, "USD"}}},
		{"1.8bn EUR/2bn USD", "en", []Amount{{1.8e9, "EUR"}, {2e9, "USD"}}},
		{"£1.5bn ($1.9bn)", "en", []Amount{{1.5e9, "GBP"}, {1.9e9, "USD"}}},
		{"just $11.99 ($18 off)", "en", []Amount{{11.99, "USD"}, {18, "USD"}}},
		{"a mere $40-$50.", "en", []Amount{{40, "USD"}, {50, "USD"}}},
	}
	for _, tt := range tests {
		got := Find(tt.text, tt.lang)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i].Currency != tt.want[i].Currency || math.Abs(got[i].Value-tt.want[i].Value) > 1e-6*tt.want[i].Value {
				t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
			}
		}
	}
}

// TestFindWindowStart: an amount is read whole wherever the window read
// around an earlier number ends: a currency that was the window's last
// word is still read before the next number ("EUR 3 billion" was missed
// where "EUR" ended it), a number grouped by spaces keeps all its groups
// ("1 234 567 890 zł" was cut after "1" and missed), and nothing is
// found twice.
func TestFindWindowStart(t *testing.T) {
	tests := []struct {
		before, after, lang string // text before and after the filler that moves the amount
		fill                string // the filler's word, repeated
		want                []Amount
	}{
		{"In 2021 ", " regulator said it fined the company EUR 3 billion, or 5 EUR a head.", "en", "the ", []Amount{{3e9, "EUR"}, {5, "EUR"}}},
		{"W 2021 ", " prezes nałożył karę 1 234 567 890 zł, i 5 zł.", "pl", "to ", []Amount{{1234567890, "PLN"}, {5, "PLN"}}},
	}
	for _, tt := range tests {
		k := len(tt.fill)
		for n := 0; n < 40*k; n++ {
			text := tt.before + strings.Repeat(tt.fill, n/k) + strings.Repeat("a", n%k) + tt.after
			if got := Find(text, tt.lang); !slices.Equal(got, tt.want) {
				t.Errorf("%q: %v, want %v", text, got, tt.want)
			}
		}
	}
}

// TestFindInvalidUTF8: text with a long run of bytes that start no rune
// after a number ends. Find once stepped back to the number at every
// turn and never returned (docket cases suggest hung on such an item).
func TestFindInvalidUTF8(t *testing.T) {
	tests := []struct {
		name, text string
		want       Amount // among what is found, when not zero
	}{
		{"after a currency", "$7" + strings.Repeat("\x99", 100), Amount{7, "USD"}},
		{"before a currency", "paid 5" + strings.Repeat("\x80", 200) + " USD", Amount{}},
		{"then an amount", "5" + strings.Repeat("\xbf", 100) + " and EUR 3 billion", Amount{3e9, "EUR"}},
	}
	for _, tt := range tests {
		done := make(chan []Amount, 1)
		go func() { done <- Find(tt.text, "en") }()
		select {
		case got := <-done:
			if tt.want != (Amount{}) && !slices.Contains(got, tt.want) {
				t.Errorf("%s: found %v, want %v among them", tt.name, got, tt.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: Find did not return", tt.name)
		}
	}
}
