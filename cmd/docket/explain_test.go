package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/projfile"
)

// TestExplainAmounts: explain lists the amounts money.Find recognises,
// with the field each is in.
func TestExplainAmounts(t *testing.T) {
	sampleProject(t)
	code, out, errs := docket("explain", "content/events/2021-04-10-samr-fines-alibaba-choose-one-of-two.md")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "amounts:\n  CNY 18228000000 (title)") || !strings.Contains(out, "USD 2750000000 (body)") {
		t.Errorf("explain lacks the amounts:\n%s", out)
	}
}

// TestExplainStdin: explain - reads exactly one item, past a BOM or blank
// lines, and says what is wrong with any other input.
func TestExplainStdin(t *testing.T) {
	item := `{"id":"a","title":"x"}`
	tests := []struct {
		name, in, err string // err in stderr; "" for success
	}{
		{"bom, blank line, crlf", "\xef\xbb\xbf\r\n" + item + "\r\n", ""},
		{"two items", item + "\n" + item + "\n", "stdin:2: a second item"},
		{"none", "\n", "stdin: no item"},
		{"null", "null", "stdin:1: not a JSON object"},
		{"huge line", `{"id":"` + strings.Repeat("a", maxLine) + `"}`, "stdin:1: line longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(stdio{strings.NewReader(tt.in), &out, &errb}, []string{"explain", "--feeds", "../../feeds", "-"})
			if tt.err == "" && (code != 0 || !strings.HasPrefix(out.String(), "item a\n")) {
				t.Fatalf("exit %d:\n%s%s", code, out.String(), errb.String())
			}
			if tt.err != "" && (code == 0 || !strings.Contains(errb.String(), tt.err)) {
				t.Fatalf("exit %d, want error %q:\n%s", code, tt.err, errb.String())
			}
		})
	}
}

// TestExplainFileRefuses: explain FILE reads an entry as check does, so a
// special file (/dev/zero would never end, a FIFO never start) or one far
// past an entry's size is refused by name. /dev/null stands for them here:
// it is special but ends at once.
func TestExplainFileRefuses(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.md")
	if err := os.WriteFile(big, bytes.Repeat([]byte("a"), projfile.MaxEntry+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ file, err string }{
		{"/dev/null", "/dev/null: not a regular file"},
		{big, "big.md: file too large"},
		{"nosuch.md", "docket explain: nosuch.md: no such file\n"},
	} {
		code, out, errs := docket("explain", "--feeds", "../../feeds", tt.file)
		if code == 0 || !strings.Contains(errs, tt.err) {
			t.Errorf("explain %s: exit %d, want error %q:\n%s%s", tt.file, code, tt.err, out, errs)
		}
	}
}
