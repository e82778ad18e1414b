package text

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/golden"
)

// TestFoldMarksPieces checks that folding the non-ASCII runs alone gives
// what folding the whole text in one piece does.
func TestFoldMarksPieces(t *testing.T) {
	tests := []string{
		"",
		"plain ASCII",
		"Łódź, Straße and Œuvre",
		"e\u0301 cafe\u0301 a\u0308\u0301 n\u0303o",      // combining marks on ASCII letters
		"\u0301leading mark, x\u0301\u0327 two marks",    // a mark at the start, marks to reorder
		"ﬁnance ＡＢＣ１２３ ㈱ ½ ™ Å K",                        // ligature, full width, compatibility forms, Kelvin, Ångström signs
		"İstanbul ıi ß ẞ æ Æ þ Þ œ",                      // letters Spell writes out, upper and lower
		"反垄断法 微信Pay 2021年 한국어 가각 ᄀ\u1161\u11a8 日本語のテキスト", // CJK, Hangul syllables and jamo
		"it’s “quoted” — a dash… and ‘more’",             // the usual punctuation of English news
		"ends in a mark a\u0301",
		"\u00e9",
	}
	for _, s := range tests {
		if got, want := FoldMarks(s), foldMarks(s); got != want {
			t.Errorf("FoldMarks(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFoldMarksCorpus compares the two on real headlines and summaries
// in English, Polish, German, French and Chinese.
func TestFoldMarksCorpus(t *testing.T) {
	dir := os.Getenv("DOCKET_CORPUS")
	if dir == "" {
		t.Skip("set DOCKET_CORPUS to the corpora folder")
	}
	raw := golden.ReadGzip(t, filepath.Join(dir, "topics/stream-2022-11a.jsonl.gz"))
	texts := strings.Split(string(raw), "\n")
	for _, name := range []string{"topics/dev-multilingual.jsonl", "stories/dev-multilingual.jsonl"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	n := 0
	for _, line := range texts {
		var it struct{ Title, Summary string }
		if json.Unmarshal([]byte(line), &it) != nil {
			continue
		}
		for _, s := range []string{it.Title, it.Summary} {
			if got, want := FoldMarks(s), foldMarks(s); got != want {
				t.Errorf("FoldMarks(%q) = %q, want %q", s, got, want)
			}
			if nonASCII(s) >= 0 {
				n++
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d texts with non-ASCII characters", n)
	}
}
