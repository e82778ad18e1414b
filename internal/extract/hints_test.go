package extract

import (
	"strings"
	"testing"
)

// TestWordParts checks the filed look-up against strings.Contains over
// each word.
func TestWordParts(t *testing.T) {
	words := []string{"share", "sharing", "bio", "post", "comment"}
	p := partsOf(words...)
	for _, tok := range []string{"", "s", "shar", "share", "reshare", "sharin", "biography",
		"ambiox", "xbio", "blogpost", "comments", "commen", "sha", "评论share", "bi"} {
		want := false
		for _, w := range words {
			want = want || strings.Contains(tok, w)
		}
		if got := p.in(tok); got != want {
			t.Errorf("in(%q) = %v, want %v", tok, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		class string
		want  uint8
	}{
		{"article-body", hintPos},
		{"article-share", hintNeg | hintPos}, // hintOf lets the negative win
		{"Comment-List", hintNeg | hintComment},
		{"nav", hintNeg},
		{"navy-blue", 0},
		{"main_column", hintPos},
		{"", 0},
	}
	for _, tt := range tests {
		if got := classify(tt.class); got != tt.want {
			t.Errorf("classify(%q) = %b, want %b", tt.class, got, tt.want)
		}
	}
}
