package review

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadExamplesInput: a labelled file as editors save it (a BOM, CRLF,
// blank lines, no final line end) loses no line, and a broken line is
// named while the rest are read.
func TestLoadExamplesInput(t *testing.T) {
	a, b := `{"id":"a","topics":["antitrust"]}`, `{"id":"b","title":"x","extra":{"k":1}}`
	tests := []struct {
		name, in string
		ids      string // the examples read, joined
		err      string // "" for none
	}{
		{"bom", "\xef\xbb\xbf" + a + "\n" + b + "\n", "a b", ""},
		{"crlf, blank lines, no final newline", a + "\r\n \r\n\n" + b, "a b", ""},
		{"broken line", a + "\n{\"id\":\n" + b + "\n", "a b", "dev.jsonl:2: "},
		{"unknown topic", a + "\n" + `{"id":"c","topics":["Antitrust"]}` + "\n" + b, "a b", `dev.jsonl:2: topic "Antitrust" is not one of`},
		{"null and wrong type", "null\n" + a + "\n{\"id\":5}\n" + b, "a b", "dev.jsonl:1: neither id nor title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dev.jsonl")
			if err := os.WriteFile(path, []byte(tt.in), 0o644); err != nil {
				t.Fatal(err)
			}
			exs, err := LoadExamples(path, []string{"antitrust"})
			var ids []string
			for _, ex := range exs {
				ids = append(ids, ex.ID)
			}
			if strings.Join(ids, " ") != tt.ids {
				t.Errorf("read %q, want %q", ids, tt.ids)
			}
			if (tt.err == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want %q", err, tt.err)
			}
		})
	}
}
