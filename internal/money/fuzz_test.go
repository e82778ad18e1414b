package money

import (
	"math"
	"strings"
	"testing"
	"time"
)

// FuzzFind: Find reads untrusted text (feeds, pages): it returns, and
// every amount it finds is a positive finite number with a currency.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"fined $2.75 billion", "罚款182.28亿元", "29억5천만 유로", "1,8 Milliarden Euro", "HK$1.5bn", "$1-2 billion", "$0", "5\x99\x99 USD"} {
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		for _, a := range Find(text, lang) {
			if !(a.Value > 0) || math.IsInf(a.Value, 0) || a.Currency == "" {
				t.Errorf("%q: %+v", text, a)
			}
		}
	})
}

// FuzzRates: a rate file is read or refused with a line, never a panic;
// what CheckECB accepts (rates update) ParseRates reads.
func FuzzRates(f *testing.F) {
	f.Add([]byte("Date,USD,JPY,\n2021-04-09,1.1912,130.1,\n2021-04-08,N/A,129.9,\n"))
	f.Add([]byte("\ufeffDate,USD\r\n# note\r\n2021-04-09,1.19\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := ParseRates(data); err == nil {
			r.Convert(1, "USD", "EUR", time.Date(2021, 4, 10, 0, 0, 0, 0, time.UTC))
		}
		lines, err := CheckECB(data)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "line ") && !strings.HasPrefix(msg, "no rates") {
				t.Errorf("error without a line: %v", err)
			}
			return
		}
		if _, err := ParseRates([]byte(strings.Join(lines, "\n"))); err != nil {
			t.Errorf("CheckECB accepted what ParseRates refuses: %v", err)
		}
	})
}
