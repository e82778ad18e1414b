package money

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Rates are the European Central Bank's euro reference rates: units of
// each currency per euro, one row per business day. A zero Rates knows
// only the euro.
type Rates struct {
	days []string             // YYYY-MM-DD, oldest first
	per  []map[string]float64 // per day: currency → units per euro
	cur  map[string]bool      // every currency quoted on some day
}

// ParseRates reads the ECB's historical file (eurofxref-hist.csv: a
// header "Date,USD,JPY,…", then one line a day, newest first, "N/A" where
// the ECB published no rate). Lines starting with # are comments.
func ParseRates(data []byte) (*Rates, error) {
	r := &Rates{cur: map[string]bool{"EUR": true}}
	var cols []string
	var lines []int // of r.days, for a date given twice
	// The ECB's own file starts with a byte order mark.
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	sc.Buffer(nil, maxLine)
	n := 1 // after the loop, the line that stopped it
	for ; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(strings.TrimSuffix(line, ","), ",")
		if cols == nil {
			if f[0] != "Date" {
				return nil, fmt.Errorf("line %d: want the ECB header Date,USD,JPY,…, not %q", n, truncate(line))
			}
			if err := checkColumns(f[1:]); err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			cols = f
			continue
		}
		day, err := time.Parse(time.DateOnly, f[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: bad date %q", n, truncate(f[0]))
		}
		if len(f) > len(cols) {
			return nil, fmt.Errorf("line %d: %d fields, but the header names %d", n, len(f), len(cols))
		}
		m := map[string]float64{"EUR": 1}
		for i := 1; i < len(f); i++ {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil && v > 0 && !math.IsInf(v, 0) {
				m[cols[i]] = v
				r.cur[cols[i]] = true
			}
		}
		r.days = append(r.days, day.Format(time.DateOnly))
		r.per = append(r.per, m)
		lines = append(lines, n)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, fmt.Errorf("line %d: longer than %d bytes: not an ECB rate file", n, maxLine)
	} else if err != nil {
		return nil, err
	}
	if cols == nil || len(r.days) == 0 {
		return nil, fmt.Errorf("no rates: want the ECB's eurofxref-hist.csv")
	}
	// The ECB writes newest first; keep them oldest first for the search.
	idx := make([]int, len(r.days))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(r.days[a], r.days[b]) })
	days, per := make([]string, len(idx)), make([]map[string]float64, len(idx))
	for i, j := range idx {
		days[i], per[i] = r.days[j], r.per[j]
		if i > 0 && days[i] == days[i-1] {
			return nil, fmt.Errorf("line %d: %s again (line %d): which rate holds?", max(lines[j], lines[idx[i-1]]), days[i], min(lines[j], lines[idx[i-1]]))
		}
	}
	r.days, r.per = days, per
	return r, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Known reports whether the file quotes currency cur at all.
func (r *Rates) Known(cur string) bool { return cur == "EUR" || r != nil && r.cur[cur] }

// Last is the newest day of the file, or "".
func (r *Rates) Last() string {
	if r == nil || len(r.days) == 0 {
		return ""
	}
	return r.days[len(r.days)-1]
}

// First is the oldest day of the file, or "".
func (r *Rates) First() string {
	if r == nil || len(r.days) == 0 {
		return ""
	}
	return r.days[0]
}

// Rate is a conversion: the value and the ECB day whose rates gave it.
type Rate struct {
	Value float64
	Day   string // YYYY-MM-DD; "" when no rate was needed (same currency)
}

// maxClosed is how many days back a day without rates may look: the
// ECB's longest closure (Easter, Christmas) is five days.
const maxClosed = 7

// Convert converts v from currency from to currency to at the reference
// rates of day t, or of the last earlier day that quotes both (weekends,
// holidays) within maxClosed days of t, or of the file's last day when
// t is later. ok is false when the file has no such day: the last rate of
// a currency the ECB stopped quoting (RUB in March 2022) is no rate for
// a later day.
func (r *Rates) Convert(v float64, from, to string, t time.Time) (Rate, bool) {
	if from == to {
		return Rate{Value: v}, true
	}
	if r == nil || len(r.days) == 0 {
		return Rate{}, false
	}
	day := t.Format(time.DateOnly)
	i, found := slices.BinarySearch(r.days, day)
	if !found {
		i--
	}
	oldest := ""
	if d, err := time.Parse(time.DateOnly, min(day, r.Last())); err == nil {
		oldest = d.AddDate(0, 0, -maxClosed).Format(time.DateOnly)
	}
	for ; i >= 0 && r.days[i] >= oldest; i-- {
		a, b := r.per[i][from], r.per[i][to]
		if a > 0 && b > 0 {
			return Rate{Value: v / a * b, Day: r.days[i]}, true
		}
	}
	return Rate{}, false
}
