package story

import (
	_ "embed"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"docket/internal/money"
)

//go:embed rates.csv
var ratesCSV string

// rates are units of each currency per euro by month ("2021-04"), from
// rates.csv; months sorted.
type rates struct {
	months []string
	keys   []int // the months as year*12 + month - 1, for lookups
	per    []map[string]float64
}

// monthKey is year*12 + month - 1 of a "2021-04" month, or -1.
func monthKey(m string) int {
	y, err1 := strconv.Atoi(m[:min(4, len(m))])
	mo, err2 := strconv.Atoi(m[min(5, len(m)):])
	if err1 != nil || err2 != nil || len(m) != 7 || m[4] != '-' {
		return -1
	}
	return y*12 + mo - 1
}

var ecb = parseRates(ratesCSV)

func parseRates(data string) *rates {
	r := &rates{}
	var cols []string
	for _, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, ",")
		if f[0] == "month" {
			cols = f
			continue
		}
		m := map[string]float64{"EUR": 1}
		for i := 1; i < len(f) && i < len(cols); i++ {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil && v > 0 {
				m[cols[i]] = v
			}
		}
		r.months = append(r.months, f[0])
		r.keys = append(r.keys, monthKey(f[0]))
		r.per = append(r.per, m)
	}
	return r
}

// usd converts an amount in currency cur to dollars at the rate of the
// month of t (the nearest month the table has; the last for undated).
func (r *rates) usd(v float64, cur string, t time.Time) (float64, bool) {
	if len(r.months) == 0 {
		return 0, false
	}
	i := len(r.months) - 1
	if !t.IsZero() {
		y, m, _ := t.UTC().Date()
		i = sort.SearchInts(r.keys, y*12+int(m)-1)
		i = min(i, len(r.months)-1)
	}
	// Walk back to a month that quotes both (CNY starts in 2005).
	for ; i >= 0; i-- {
		c, d := r.per[i][cur], r.per[i]["USD"]
		if c > 0 && d > 0 {
			return v / c * d, true
		}
	}
	return 0, false
}

// amounts returns the money amounts named in folded text (or ASCII text
// in any case), in dollars at the rate of t's month; amounts below minUSD
// are dropped. money.Find recognises them.
func amounts(text, lang string, t time.Time, minUSD float64) []float64 {
	var out []float64
	for _, a := range money.Find(text, lang) {
		if d, ok := ecb.usd(a.Value, a.Currency, t); ok && d >= minUSD {
			out = append(out, d)
		}
	}
	return out
}

// sameAmount reports the first pair of amounts within tol of each other.
func sameAmount(a, b []float64, tol float64) (float64, bool) {
	for _, x := range a {
		for _, y := range b {
			if math.Abs(x-y) <= tol*math.Max(x, y) {
				return x, true
			}
		}
	}
	return 0, false
}
