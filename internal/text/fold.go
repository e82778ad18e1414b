package text

import (
	"strings"
	"sync"
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
// out. Text of stable characters only (ASCII, CJK ideographs) is
// returned as it is.
func FoldMarks(s string) string {
	i := unstable(s)
	if i < 0 {
		return s
	}
	// Only the runs of characters that are not stable, each with the
	// character before it (the base of any marks the run starts with), go
	// through the normal forms: text that is ASCII but for a few quotes or
	// dashes, or Chinese but for its full-width commas, is mostly copied.
	// The pieces fold as the whole would: a stable character decomposes
	// to itself, NFKD reorders nothing across it and NFC composes nothing
	// onto it, so a cut before one changes nothing.
	var b strings.Builder
	b.Grow(len(s) + 8)
	sc := foldScratch.Get().(*[2][]byte)
	for i >= 0 {
		_, n := utf8.DecodeLastRuneInString(s[:i])
		from := i - n // the character before the run, stable
		b.WriteString(s[:from])
		end := i + stableAt(s[i:])
		writeFolded(&b, s[from:end], sc)
		s = s[end:]
		i = unstable(s)
	}
	b.WriteString(s)
	if cap(sc[0])+cap(sc[1]) <= 64<<10 {
		foldScratch.Put(sc)
	}
	return b.String()
}

// foldScratch recycles writeFolded's two buffers: the search index folds
// every entry's text, and Chinese text has a run at each full-width
// comma, which foldMarks' strings (three a run) made 2.6% of what a large
// build allocates.
var foldScratch = sync.Pool{New: func() any { return new([2][]byte) }}

// writeFolded writes foldMarks(s) to b, through the buffers of sc.
func writeFolded(b *strings.Builder, s string, sc *[2][]byte) {
	d := norm.NFKD.AppendString(sc[0][:0], validUTF8(s))
	kept := sc[1][:0]
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		if !unicode.Is(unicode.Mn, r) {
			kept = utf8.AppendRune(kept, r) // an invalid byte as U+FFFD, as strings.Map writes it
		}
		i += n
	}
	d = norm.NFC.Append(d[:0], kept...)
	sc[0], sc[1] = d, kept
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		if sp, ok := Spell(unicode.ToLower(r)); ok {
			b.WriteString(sp)
		} else {
			b.Write(d[i : i+n])
		}
		i += n
	}
}

// stable reports the characters FoldMarks leaves as they are and onto
// which nothing before them composes: ASCII, the CJK ideographs of the
// basic block and extension A, and the ideographic comma and full stop
// (TestStableRunes checks each).
func stable(r rune) bool {
	return r < utf8.RuneSelf || 0x4E00 <= r && r <= 0x9FFF || 0x3400 <= r && r <= 0x4DBF || r == '、' || r == '。'
}

// unstable is the index of the first character of s that is not
// stable, or -1.
func unstable(s string) int {
	for i := 0; ; {
		j := nonASCII(s[i:])
		if j < 0 {
			return -1
		}
		i += j
		r, n := utf8.DecodeRuneInString(s[i:])
		if !stable(r) { // an invalid byte too: RuneError
			return i
		}
		i += n
	}
}

// nonASCII is the index of the first byte of s that is not ASCII, or -1.
func nonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// stableAt is the index of the first stable character of s, or len(s).
func stableAt(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if stable(r) {
			return i
		}
		i += n
	}
	return len(s)
}

// validUTF8 is s with each invalid byte made U+FFFD. norm takes a lead
// byte with too few bytes after it ("\xf6Ĉ") for a whole character and
// copies what follows unfolded.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.Map(func(r rune) rune { return r }, s) // U+FFFD a byte, as writeFolded writes one
}

// foldMarks is FoldMarks on any text, in one piece.
func foldMarks(s string) string {
	d := norm.NFKD.String(validUTF8(s))
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

// IsCJK reports Han, kana and Hangul: scripts written without spaces
// between words, which the search index reads a character and a pair of
// characters at a time. The long-vowel mark ー (and its half-width form)
// belongs to no script but only ever stands in kana: コーヒー is one run.
func IsCJK(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo: no CJK, and the common case
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) ||
		r == 'ー' || r == 'ｰ'
}
