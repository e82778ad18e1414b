package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"docket/internal/money"
	"docket/internal/projfile"
	"docket/internal/site"
)

const ratesSummary = "replace feeds/rates.csv from a newer ECB eurofxref-hist.csv"

// ratesSource is the header a rate file gets when the old one has none.
const ratesSource = `# Euro foreign exchange reference rates of the European Central Bank (ECB): units of each
# currency per 1 EUR, one row per business day, newest first; N/A where none was published.
# Source: ECB, "Euro foreign exchange reference rates", historical file eurofxref-hist.csv
# (https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/),
# reproduced with the source acknowledged as the ECB allows. Replace it from a newer file with
# docket rates update FILE; the build never fetches it.
`

func runRates(std stdio, args []string) error {
	if len(args) == 0 || args[0] != "update" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			args = []string{"update", "--help"} // the one subcommand's whole help
		} else {
			return usageError("rates needs a subcommand: update FILE")
		}
	}
	fs := newFlags(std, "rates update", "[--root DIR] FILE", ratesSummary+" (unzipped from eurofxref-hist.zip): the file is checked, feeds/rates.csv keeps its source header, and is replaced at once.")
	root := rootFlag(fs)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("rates update needs one FILE")
	}
	if err := needProject(*root, useRoot); err != nil {
		return err
	}
	data, err := projfile.ReadFile(fs.Arg(0), 64<<20)
	if err != nil {
		return err
	}
	lines, err := money.CheckECB(data)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	dst := filepath.Join(*root, "feeds", site.RatesFile)
	header := ratesSource
	old, err := projfile.ReadFile(dst, 64<<20)
	switch {
	case err == nil:
		var kept []string
		for _, l := range strings.SplitAfter(string(old), "\n") {
			if !strings.HasPrefix(l, "#") {
				break
			}
			kept = append(kept, l)
		}
		if len(kept) > 0 {
			header = strings.Join(kept, "")
		}
		if was, err := money.ParseRates(old); err == nil {
			now, err := money.ParseRates([]byte(strings.Join(lines, "\n")))
			if err != nil {
				return fmt.Errorf("%s: %w", fs.Arg(0), err)
			}
			if now.Last() < was.Last() {
				return fmt.Errorf("%s ends on %s, older than feeds/%s (%s): not replaced", fs.Arg(0), now.Last(), site.RatesFile, was.Last())
			}
			// The ECB's historical file goes back to 1999: a shorter one
			// (the daily file, a cut) would take the rates of older fines.
			if now.First() > was.First() {
				return fmt.Errorf("%s starts on %s, after feeds/%s (%s): older fines would lose their rates; not replaced", fs.Arg(0), now.First(), site.RatesFile, was.First())
			}
		}
	case !os.IsNotExist(err):
		return err
	}
	var out bytes.Buffer
	out.WriteString(header)
	for _, l := range lines {
		out.WriteString(l + "\n")
	}
	if err := projfile.Replace(dst, out.Bytes()); err != nil {
		return err
	}
	r, _ := money.ParseRates(out.Bytes())
	fmt.Fprintf(std.out, "feeds/%s: %d days of rates, to %s\n", site.RatesFile, len(lines)-1, r.Last())
	return nil
}
