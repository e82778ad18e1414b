package extract

import (
	"strings"
	"testing"
	"unicode"

	"docket/internal/text"
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
		if got := partsIn(p, tok); got != want {
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
	// The ASCII reading agrees with the general one.
	for _, v := range []string{"Post-Body main", "x" + strings.Repeat("y", 60) + " share", "a1-B2_c3 ADS",
		"COMMENTS", "commentlist widget-area", "9 nav99 ", "--", "hentry h-entry"} {
		var want uint8
		for _, tok := range strings.FieldsFunc(strings.ToLower(v), notWordRune) {
			want |= tokenBits(tok)
		}
		if got, ok := classifyASCII(v); ok && got != want {
			t.Errorf("classifyASCII(%q) = %b, want %b", v, got, want)
		}
	}
}

// TestMeasure checks the eight-byte path against a rune at a time.
func TestMeasure(t *testing.T) {
	slow := func(s string) (length, commas int) {
		for _, r := range s {
			switch {
			case r < 0x80:
				if r == ',' {
					commas++
				}
				if r > ' ' {
					length++
				}
			case r == '，' || r == '、' || r == '。' || r == '；' || r == '،' || r == '؛':
				commas++
				length++
			case text.IsCJK(r):
				length += 3
			case !unicode.IsSpace(r):
				length++
			}
		}
		return length, commas
	}
	for _, s := range []string{"", "a", "a, b, c,,,", "exactly8", "\x00\x01 \t\n\x7f!,~,,,,,,,,,,",
		"Regulators, again and again, weighed in.", "监管机构，再次表示。abc, def", "naïve café, über\u00a0alles",
		"\xff\xfe broken, utf8 \xc3", strings.Repeat("x, ", 40), "قالت الهيئة، في بيان؛ إن"} {
		l, c := measure(s)
		wl, wc := slow(s)
		if l != wl || c != wc {
			t.Errorf("measure(%q) = %d, %d, want %d, %d", s, l, c, wl, wc)
		}
	}
}

func TestMayNameAuthor(t *testing.T) {
	for s, want := range map[string]bool{
		"": false, "post-AUTHOR": true, "by-line": false, "BylineBox": true,
		"auth": false, "x-autho": false, "héader": true, "meta byl": false, "aaaaaAuthor": true, "ab": false,
		"xbyline": true, "BYLINE": true, "abc byLiNe": true,
	} {
		if got := mayNameAuthor(s); got != want {
			t.Errorf("mayNameAuthor(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", "  ", "a", " a  b\tc\n", "x\u00a0y\u3000z ", "\u0085a"} {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
