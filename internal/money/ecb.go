package money

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxLine is the longest line CheckECB reads: the ECB's are under 300 bytes.
const maxLine = 1 << 20

// CheckECB validates an ECB historical rate file more strictly than
// ParseRates reads one: the header is "Date" and three-letter currency
// codes, each row has a date and as many fields as the header, each rate
// is a positive number or N/A, and no date repeats. It returns the
// non-comment lines, as they were, for a caller that keeps its own
// comments.
func CheckECB(data []byte) ([]string, error) {
	var lines, cols []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	sc.Buffer(nil, maxLine)
	n := 1 // after the loop, the line that stopped it
	for ; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \r")
		if strings.TrimSpace(line) == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(strings.TrimSuffix(line, ","), ",")
		if cols == nil {
			if f[0] != "Date" || len(f) < 2 {
				return nil, fmt.Errorf("line %d: want the ECB header Date,USD,JPY,…, not %q", n, truncate(line))
			}
			if err := checkColumns(f[1:]); err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			cols = f
			lines = append(lines, line)
			continue
		}
		if len(f) != len(cols) {
			return nil, fmt.Errorf("line %d: %d fields, the header has %d", n, len(f), len(cols))
		}
		if _, err := time.Parse(time.DateOnly, f[0]); err != nil {
			return nil, fmt.Errorf("line %d: bad date %q", n, truncate(f[0]))
		}
		if seen[f[0]] {
			return nil, fmt.Errorf("line %d: %s twice", n, f[0])
		}
		seen[f[0]] = true
		for i, v := range f[1:] {
			if v == "N/A" || v == "" {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x <= 0 || math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, fmt.Errorf("line %d: %s rate %q is not a positive number or N/A", n, cols[i+1], truncate(v))
			}
		}
		lines = append(lines, line)
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		return nil, fmt.Errorf("line %d: longer than %d bytes: not an ECB rate file", n, maxLine)
	} else if err != nil {
		return nil, err
	}
	if cols == nil || len(lines) < 2 {
		return nil, fmt.Errorf("no rates: want the ECB's eurofxref-hist.csv")
	}
	return lines, nil
}

// checkColumns checks the header's currency codes. Rates are read into a
// map by code, so a code twice would take the second column's rates (JPY
// for USD), and a column EUR would replace the euro's own rate of 1: every
// conversion would be wrong, and nothing would say so.
func checkColumns(codes []string) error {
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return fmt.Errorf("header column %q is not a currency code", truncate(c))
		}
		if c == "EUR" {
			return fmt.Errorf("header column EUR: the rates are per euro, which has none")
		}
		if seen[c] {
			return fmt.Errorf("header column %s twice", c)
		}
		seen[c] = true
	}
	return nil
}
