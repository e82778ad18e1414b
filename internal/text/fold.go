package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The folding rules, shared by the topic rules (internal/topic), the
// search index (internal/site) and the search box (templates/assets/
// search.js, whose SPELL table a test keeps equal to Spellings): text is
// decomposed (NFKD, which also folds full-width forms and ligatures),
// combining marks are dropped, letters are lower-cased, and the few
// letters that NFKD leaves alone but readers take for a base letter with
// a mark, or for two letters, are spelled out (Spell). So "lodz" finds
// "Łódź" and "strasse" finds "Straße".

// Spellings lists, as pairs of a lower-case letter and how it is spelled,
// the letters Spell writes out.
var Spellings = [][2]string{
	{"ł", "l"}, {"ŀ", "l"}, {"ø", "o"}, {"đ", "d"}, {"ð", "d"}, {"ħ", "h"},
	{"ı", "i"}, {"ß", "ss"}, {"æ", "ae"}, {"œ", "oe"}, {"þ", "th"},
}

// Spell returns how to write a lower-case letter that NFKD leaves alone
// but readers treat as a base letter with a mark, or as two letters.
func Spell(r rune) (string, bool) {
	if r < 'ß' || r > 'œ' { // outside every letter of Spellings
		return "", false
	}
	s, ok := spelling[r]
	return s, ok
}

var spelling = func() map[rune]string {
	m := make(map[rune]string, len(Spellings))
	for _, p := range Spellings {
		r, _ := utf8.DecodeRuneInString(p[0])
		m[r] = p[1]
	}
	return m
}()

// FoldMarks is Fold without the lower-casing of letters that are not
// spelled out: compatibility decomposition, nonspacing marks dropped,
// recomposed (NFC), the letters of Spellings (in either case) spelled
// out. ASCII text is returned as it is.
func FoldMarks(s string) string {
	if isASCII(s) {
		return s
	}
	d := norm.NFKD.String(s)
	d = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, d)
	d = norm.NFC.String(d)
	if strings.IndexFunc(d, spelled) < 0 {
		return d
	}
	var b strings.Builder
	b.Grow(len(d) + 8)
	for _, r := range d {
		if sp, ok := Spell(unicode.ToLower(r)); ok {
			b.WriteString(sp)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold is the normal form of text for matching and search.
func Fold(s string) string { return strings.ToLower(FoldMarks(s)) }

func spelled(r rune) bool {
	_, ok := Spell(unicode.ToLower(r))
	return ok
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// IsCJK reports Han, kana and Hangul: scripts written without spaces
// between words, which the search index reads a character and a pair of
// characters at a time.
func IsCJK(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo: no CJK, and the common case
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}
