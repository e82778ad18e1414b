package fetch

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSummaryOfCap(t *testing.T) {
	long := strings.Repeat("word ", 100) // no sentence end: cut and ellipsis
	tests := []struct {
		name, in string
		want     func(string) bool
	}{
		{"short kept", "One line.", func(s string) bool { return s == "One line." }},
		{"first paragraph", "First.\n\nSecond.", func(s string) bool { return s == "First." }},
		{"sentence end", strings.Repeat("a", 150) + ". " + long, func(s string) bool { return strings.HasSuffix(s, ".") }},
		{"ellipsis", long, func(s string) bool { return strings.HasSuffix(s, "…") }},
		{"han ellipsis", strings.Repeat("反垄断", 200), func(s string) bool { return strings.HasSuffix(s, "…") }},
	}
	for _, tt := range tests {
		got := summaryOf(tt.in)
		if n := utf8.RuneCountInString(got); n > maxSummary {
			t.Errorf("%s: %d runes, cap is %d", tt.name, n, maxSummary)
		}
		if !tt.want(got) {
			t.Errorf("%s: got %q", tt.name, got)
		}
	}
}
