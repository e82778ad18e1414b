package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestClassifyInput: classify reads what editors and other tools write
// (a BOM, CRLF, blank lines, no final line end) and names the line of
// what it cannot read, a huge one included.
func TestClassifyInput(t *testing.T) {
	item := `{"id":"a","title":"x","extra":[1]}`
	tests := []struct {
		name, in string
		ids      int    // lines of output
		err      string // in stderr; "" for success
	}{
		{"plain", item + "\n" + item + "\n", 2, ""},
		{"bom", "\xef\xbb\xbf" + item + "\n", 1, ""},
		{"crlf and blank lines", item + "\r\n\r\n  \t\n" + item + "\r\n", 2, ""},
		{"no final newline", item, 1, ""},
		{"null", item + "\nnull\n", 0, "stdin:2: not a JSON object"},
		{"wrong type", `{"id":5}`, 0, "stdin:1: json: cannot unmarshal number"},
		{"huge line", item + "\n" + `{"id":"` + strings.Repeat("a", maxLine) + `"}`, 0, "stdin:2: line longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(stdio{strings.NewReader(tt.in), &out, &errb}, []string{"classify", "--feeds", "../../feeds"})
			if tt.err == "" && (code != 0 || strings.Count(out.String(), "\n") != tt.ids) {
				t.Fatalf("exit %d, want %d lines:\n%s%s", code, tt.ids, out.String(), errb.String())
			}
			if tt.err != "" && (code == 0 || !strings.Contains(errb.String(), tt.err)) {
				t.Fatalf("exit %d, want error %q:\n%s", code, tt.err, errb.String())
			}
		})
	}
}

// TestClassifyOutputBeforeError: after a bad line the output holds the
// whole result of every line before it; it used to end in the middle of
// one, wherever the write buffer had last filled.
func TestClassifyOutputBeforeError(t *testing.T) {
	in := strings.Repeat(`{"id":"a","title":"antitrust"}`+"\n", 100) + "{bad\n"
	var out, errb bytes.Buffer
	code := run(stdio{strings.NewReader(in), &out, &errb}, []string{"classify", "--feeds", "../../feeds"})
	if code == 0 || !strings.Contains(errb.String(), "stdin:101:") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 100 || !strings.HasSuffix(out.String(), "}\n") {
		t.Errorf("%d whole lines of output, want 100; ends %q", n, out.String()[max(0, out.Len()-20):])
	}
}
