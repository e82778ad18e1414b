package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRatesUpdate: a small newer ECB file replaces feeds/rates.csv under
// our source header; a bad or older file changes nothing.
func TestRatesUpdate(t *testing.T) {
	root := sampleProject(t)
	dst := filepath.Join(root, "feeds", "rates.csv")
	orig := string(mustRead(t, dst))
	header := orig[:strings.Index(orig, "Date,")]
	write := func(name, s string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, bad := range []struct{ name, csv, want string }{
		{"header", "Day,USD\n2030-01-02,1.1\n", "want the ECB header"},
		{"column", "Date,US Dollar\n2030-01-02,1.1\n", "not a currency code"},
		{"digits", "Date,123\n2030-01-02,1.1\n", "not a currency code"},
		{"column twice", "Date,USD,JPY,USD,\n2030-01-02,1.1,160,1.2,\n", "line 1: header column USD twice"},
		{"euro column", "Date,USD,EUR,\n2030-01-02,1.1,2,\n", "line 1: header column EUR"},
		{"fields", "Date,USD,CNY,\n2030-01-02,1.1,\n", "2 fields, the header has 3"},
		{"date", "Date,USD,\n2030-13-02,1.1,\n", "bad date"},
		{"rate", "Date,USD,\n2030-01-02,-1,\n", "not a positive number"},
		{"twice", "Date,USD,\n2030-01-02,1.1,\n2030-01-02,1.2,\n", "twice"},
		{"empty", "Date,USD,\n", "no rates"},
		{"long line", "Date,USD,\n2030-01-02,1.1,\n2030-01-01," + strings.Repeat("1", 1<<20) + ",\n", "line 3: longer than"},
		{"older", "Date,USD,\n2000-01-03,1.1,\n", "older than feeds/rates.csv"},
		{"shorter", "Date,USD,\n2030-01-02,1.1,\n", "older fines would lose their rates"}, // the daily file
	} {
		code, out, errs := docket("rates", "update", "--root", root, write(bad.name+".csv", bad.csv))
		if code == 0 || !strings.Contains(errs, bad.want) {
			t.Errorf("%s: exit %d, want an error with %q\n%s%s", bad.name, code, bad.want, out, errs)
		}
		if got := string(mustRead(t, dst)); got != orig {
			t.Fatalf("%s: a bad file changed feeds/rates.csv", bad.name)
		}
	}
	// The ECB's next file: two new days on top of the history, in its
	// CRLF lines.
	cols, rows, _ := strings.Cut(orig[len(header):], "\n")
	day := strings.SplitN(rows, "\n", 2)[0]
	_, rates, _ := strings.Cut(day, ",")
	newer := strings.ReplaceAll(cols+"\n"+"2030-01-03,"+rates+"\n"+"2030-01-02,"+rates+"\n"+rows, "\n", "\r\n")
	code, out, errs := docket("rates", "update", "--root", root, write("eurofxref-hist.csv", "\ufeff"+newer))
	if days := strings.Count(rows, "\n") + 2; code != 0 || !strings.Contains(out, fmt.Sprintf("%d days of rates, to 2030-01-03", days)) {
		t.Fatalf("update: exit %d, want %d days\n%s%s", code, days, out, errs)
	}
	want := header + strings.ReplaceAll(newer, "\r\n", "\n")
	if got := string(mustRead(t, dst)); got != want {
		t.Errorf("feeds/rates.csv:\n%s\nwant:\n%s", got, want)
	}
	entries, _ := os.ReadDir(filepath.Dir(dst))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
	if code, out, errs := docket("check", "--root", root); code != 0 {
		t.Errorf("check after rates update: exit %d\n%s%s", code, out, errs)
	}
}

// TestCheckWarnsUnknownCurrency: an amount in a currency the rate file
// lacks is a warning with file and line; check still passes.
func TestCheckWarnsUnknownCurrency(t *testing.T) {
	root := sampleProject(t)
	name := filepath.Join(root, "content", "events", "2024-03-04-eu-fines-apple-music-streaming.md")
	data := string(mustRead(t, name))
	line := 0
	for i, l := range strings.Split(data, "\n") {
		if strings.HasPrefix(l, "amount:") {
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatal("the sample fine has no amount: line")
	}
	data = strings.Replace(data, "currency: EUR", "currency: XAU", 1)
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := docket("check", "--root", root)
	if code != 0 {
		t.Fatalf("check: exit %d\n%s%s", code, out, errs)
	}
	want := fmt.Sprintf("warning: %s:%d: amount XAU", filepath.ToSlash(name), line)
	if !strings.Contains(out, want) || !strings.Contains(out, "shown in its own currency only") {
		t.Errorf("check output lacks %q:\n%s", want, out)
	}
	if !strings.Contains(out, "no problems") {
		t.Errorf("check does not pass:\n%s", out)
	}
}

// TestCheckWarnsPastTheRates: an amount dated more than a week after the
// rate file's last day is converted at that day's rate; check says so,
// with file and line, and still passes. The sample's rates end in
// January 2025, before its two DMA fines of April; a fine moved to a
// week after the last day is not late.
func TestCheckWarnsPastTheRates(t *testing.T) {
	sampleProject(t)
	onTime := filepath.Join("content", "events", "2025-04-23-dma-fine-meta-pay-or-consent.md")
	data := strings.Replace(string(mustRead(t, onTime)), "date: 2025-04-23", "date: 2025-01-30", 1)
	os.WriteFile(onTime, []byte(data), 0o644)
	code, out, errs := docket("check")
	if code != 0 || !strings.Contains(out, "no problems") {
		t.Fatalf("check: exit %d\n%s%s", code, out, errs)
	}
	late := "content/events/2025-04-23-dma-fine-apple-anti-steering.md:11: amount EUR 500000000 is dated after feeds/rates.csv ends (2025-01-24)"
	if !strings.Contains(out, late) || strings.Contains(out, "meta-pay-or-consent") {
		t.Errorf("want one warning, for the Apple fine:\n%s", out)
	}
	// Two late: one warning, about the rates, naming both.
	os.WriteFile(onTime, []byte(strings.Replace(data, "date: 2025-01-30", "date: 2025-04-23", 1)), 0o644)
	_, out, _ = docket("check")
	both := "warning: feeds/rates.csv ends 2025-01-24: 2 amounts dated after it are converted at that day's rate (content/events/2025-04-23-dma-fine-apple-anti-steering.md:11, content/events/2025-04-23-dma-fine-meta-pay-or-consent.md:11): docket rates update FILE"
	if !strings.Contains(out, both) || strings.Count(out, "warning:") != 1 {
		t.Errorf("want one warning naming both fines:\n%s", out)
	}
}
