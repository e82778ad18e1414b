package search

import (
	"strings"
	"testing"
)

// BenchmarkTokens tokenises a body as an entry page hands its text to
// the index: English, and English with some Chinese.
func BenchmarkTokens(b *testing.B) {
	en := "The Commission fined the company 18.2 billion (about $2.8bn) under the competition law, a spokesman said. "
	for _, tt := range []struct{ name, s string }{
		{"ascii", strings.Repeat(en, 40)},
		{"mixed", strings.Repeat(en+"市场监管总局表示。", 40)},
	} {
		b.Run(tt.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				Tokens(tt.s, func(tok []byte) { n += len(tok) })
			}
			if n == 0 {
				b.Fatal("no tokens")
			}
		})
	}
}
