package text

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"docket/internal/golden"
)

// TestFoldMarksPieces checks that folding only the runs of characters
// that are not stable gives what folding the whole text in one piece does.
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
		"市场监管总局表示，对阿里巴巴处以182.28亿元罚款。「二选一」、『平台』",  // Chinese and its punctuation, full width and not
		"中\u0301文 中\u0308\u0301 。\u0301 ，\u0301", // marks on stable and unstable characters
		"ᄀ中\u1161 가\u11a8 中\u11a8",               // Hangul jamo around an ideograph
		"\u00e9",
		"\xf6Ĉ00 x\xf6é \xe4\xb8é", // a lead byte short of its bytes, before a letter with a mark
	}
	for _, s := range tests {
		if got, want := FoldMarks(s), foldMarks(s); got != want {
			t.Errorf("FoldMarks(%q) = %q, want %q", s, got, want)
		}
	}
	// norm reads "\xf6Ĉ" as one bad character and copies it whole: the
	// definition must not share that.
	if got, want := FoldMarks("\xf6Ĉ00"), "\ufffdC00"; got != want {
		t.Errorf("FoldMarks(%q) = %q, want %q", "\xf6Ĉ00", got, want)
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
			if strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) {
				n++
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d texts with non-ASCII characters", n)
	}
}

// TestStableRunes checks each character FoldMarks copies as it is: both
// normal forms leave it alone, it is no mark and no letter Spell writes
// out, and nothing before it combines with it, so a cut before it is
// safe. (What follows may combine with it, as a mark with a letter: a
// run to fold takes the character before it.)
func TestStableRunes(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !stable(r) {
			continue
		}
		n++
		s := string(r)
		for _, f := range []norm.Form{norm.NFC, norm.NFKD} {
			p := f.PropertiesString(s)
			if f.String(s) != s || p.CCC() != 0 || !p.BoundaryBefore() {
				t.Fatalf("%U is not stable under %v", r, f)
			}
		}
		if unicode.Is(unicode.Mn, r) || spelled(r) {
			t.Fatalf("%U is a mark or spelled out", r)
		}
	}
	if n < 128+20000 {
		t.Errorf("only %d stable characters", n)
	}
}

// FuzzFoldMarks checks that a run folded through FoldMarks' buffers is
// folded as foldMarks does, and that folding in pieces is folding the
// whole, for text in UTF-8 (on other bytes the normal forms' own results depend on
// what is around them, whatever FoldMarks does).
func FuzzFoldMarks(f *testing.F) {
	for _, s := range []string{"a\u0301", "中\u0301，\u0308", "Ａ\u0301、ｶﾞ", "<\u0338中", "caf\xe9 \xff\u0301", "STRAẞE Łódź"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// A run folded through reused buffers is foldMarks', on any bytes.
		var b strings.Builder
		writeFolded(&b, s, &[2][]byte{[]byte("left over"), make([]byte, 3, 5)})
		if b.String() != foldMarks(s) {
			t.Errorf("writeFolded(%q) = %q, want %q", s, b.String(), foldMarks(s))
		}
		if !utf8.ValidString(s) {
			return
		}
		if got, want := FoldMarks(s), foldMarks(s); got != want {
			t.Errorf("FoldMarks(%q) = %q, want %q", s, got, want)
		}
	})
}
