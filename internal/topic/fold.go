package topic

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"docket/internal/text"
)

//go:generate sh -c "go run gen_t2s.go /usr/share/unicode/Unihan_Variants.txt.bz2 > t2s.txt"

//go:embed t2s.txt
var t2sData string

// token is one word of normalised text: a run of letters and digits in a
// script that separates words, or a single character of a script that does
// not (Han, kana, Hangul), so that CJK rules match as substrings.
type token struct {
	a, b       int32 // normalised bytes: folder buffer [a:b]
	start, end int32 // bytes of the original text
	lower      bool  // a lower-case letter went into it (see parsedTerm.caps)
}

// folder normalises text for matching: NFKD (which folds full-width and
// half-width forms and ligatures), diacritics and combining marks removed,
// lower case, a few letters without a decomposition spelled out (ł, ø, ß),
// Traditional Han folded to Simplified. Rules and items go through the same
// folder, so a term matches whatever normalises to the same tokens.
type folder struct {
	t2s map[rune]rune
}

func newFolder() (*folder, error) {
	f := &folder{t2s: make(map[rune]rune, 2700)}
	for n, line := range strings.Split(t2sData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		rs := []rune(line)
		if len(rs)%2 != 0 {
			return nil, fmt.Errorf("t2s.txt:%d: odd number of characters", n+1)
		}
		for i := 0; i < len(rs); i += 2 {
			f.t2s[rs[i]] = rs[i+1]
		}
	}
	return f, nil
}

// tokenizer appends the tokens of one text to toks, normalised bytes to buf.
type tokenizer struct {
	f    *folder
	buf  []byte
	toks []token
	open bool // a word token is being built
}

// add tokenises s and appends its tokens.
func (t *tokenizer) add(s string) {
	t.open = false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII fast path
			switch {
			case 'a' <= c && c <= 'z':
				t.word(i, i+1, c)
				t.toks[len(t.toks)-1].lower = true
			case '0' <= c && c <= '9':
				t.word(i, i+1, c)
			case 'A' <= c && c <= 'Z':
				t.word(i, i+1, c+'a'-'A')
			default:
				t.open = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if d := norm.NFKD.PropertiesString(s[i:]).Decomposition(); d != nil {
			// A symbol or a number spelt in letters or digits (™, ㎞,
			// ¹, ½) is a word of its own, not the end of the one
			// before it ("Apple™" is Apple).
			apart := !unicode.IsLetter(r) && !unicode.IsDigit(r)
			if apart {
				t.open = false
			}
			for _, dr := range string(d) {
				t.rune(dr, i, i+size)
			}
			if apart {
				t.open = false
			}
		} else {
			t.rune(r, i, i+size)
		}
		i += size
	}
	t.open = false
}

// rune handles one decomposed rune that came from original bytes [start:end].
func (t *tokenizer) rune(r rune, start, end int) {
	switch {
	case r < utf8.RuneSelf:
		c := byte(r)
		low := 'a' <= c && c <= 'z'
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			t.word(start, end, c)
			t.toks[len(t.toks)-1].lower = t.toks[len(t.toks)-1].lower || low
		} else {
			t.open = false
		}
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Cf, r):
		// A combining mark, or a format character such as a soft hyphen
		// or a zero-width space, which only says where a word may break
		// ("Bundes&shy;kartell&shy;amt"): drop it and stay inside the word.
	case ideographic(r):
		if s, ok := t.f.t2s[r]; ok {
			r = s
		}
		a := len(t.buf)
		t.buf = utf8.AppendRune(t.buf, r)
		t.toks = append(t.toks, token{a: int32(a), b: int32(len(t.buf)), start: int32(start), end: int32(end)})
		t.open = false
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		low := unicode.IsLower(r)
		r = unicode.ToLower(r)
		if s, ok := text.Spell(r); ok {
			for i := 0; i < len(s); i++ {
				t.word(start, end, s[i])
			}
		} else {
			t.wordRune(start, end, r)
		}
		t.toks[len(t.toks)-1].lower = t.toks[len(t.toks)-1].lower || low
	default:
		t.open = false
	}
}

func (t *tokenizer) word(start, end int, c byte) {
	t.extend(start, end)
	t.buf = append(t.buf, c)
	t.toks[len(t.toks)-1].b = int32(len(t.buf))
}

func (t *tokenizer) wordRune(start, end int, r rune) {
	t.extend(start, end)
	t.buf = utf8.AppendRune(t.buf, r)
	t.toks[len(t.toks)-1].b = int32(len(t.buf))
}

// extend opens a word token at start, or stretches the open one to end.
func (t *tokenizer) extend(start, end int) {
	if t.open {
		t.toks[len(t.toks)-1].end = int32(end)
		return
	}
	a := int32(len(t.buf))
	t.toks = append(t.toks, token{a: a, b: a, start: int32(start), end: int32(end)})
	t.open = true
}

func (t *tokenizer) text(k token) string { return string(t.buf[k.a:k.b]) }

// ideographic reports scripts written without spaces between words; each
// of their characters is a token of its own.
func ideographic(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF: // CJK unified
		return true
	case r >= 0x3040 && r <= 0x30FF: // kana
		return true
	case r >= 0xAC00 && r <= 0xD7AF: // Hangul syllables
		return true
	case r < 0x2E80:
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// normalize returns the normalised tokens of s joined by spaces: the form
// in which explain and the linter show terms.
func (f *folder) normalize(s string) string {
	t := tokenizer{f: f}
	t.add(s)
	parts := make([]string, len(t.toks))
	for i, k := range t.toks {
		parts[i] = t.text(k)
	}
	return strings.Join(parts, " ")
}

// parsedTerm is a term compiled to tokens. A word of the term that ends in
// * matches any word it begins ("kartell*" matches Kartellamt); stems[i]
// marks such tokens. A term written in capitals (two or more, and no
// lower-case letter: US, EU, DOJ, U.S.) matches only words without a
// lower-case letter: "US" is the country, "us" the pronoun.
type parsedTerm struct {
	toks  []string
	stems []bool
	caps  bool
}

// key identifies the term after normalisation: two terms with the same key
// match exactly the same text.
func (p parsedTerm) key() string {
	var b strings.Builder
	for i, t := range p.toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t)
		if p.stems[i] {
			b.WriteByte('*')
		}
	}
	if p.caps {
		b.WriteString(" (capitals)")
	}
	return b.String()
}

// parseTerm normalises an editor's term. It fails on a * inside a word.
func (f *folder) parseTerm(s string) (parsedTerm, error) {
	p := parsedTerm{caps: capitals(s)}
	for _, w := range strings.Fields(s) {
		w, stem := strings.CutSuffix(w, "*")
		if strings.Contains(w, "*") {
			return p, fmt.Errorf("* may only end a word")
		}
		t := tokenizer{f: f}
		t.add(w)
		for i, k := range t.toks {
			p.toks = append(p.toks, t.text(k))
			p.stems = append(p.stems, stem && i == len(t.toks)-1)
		}
	}
	return p, nil
}

// capitals reports whether s has two or more upper-case letters and no
// lower-case one.
func capitals(s string) bool {
	upper := 0
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			upper++
		}
	}
	return upper >= 2
}

// Simplified folds Traditional Han characters in s to Simplified with the
// rules' table (反壟斷 → 反垄断), leaving everything else alone. The site's
// search folds its index with it.
func (r *Rules) Simplified(s string) string {
	// Han starts at U+3400, whose UTF-8 starts with 0xE3: text without
	// such a byte has nothing to fold.
	if !hasByteFrom(s, 0xE3) {
		return s
	}
	t2s := r.m.fold.t2s
	return strings.Map(func(c rune) rune {
		if c < 0x3400 { // below the Han blocks: most text, no lookup
			return c
		}
		if s, ok := t2s[c]; ok {
			return s
		}
		return c
	}, s)
}

// hasByteFrom reports whether s has a byte of at least b.
func hasByteFrom(s string, b byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= b {
			return true
		}
	}
	return false
}

// SimplifiedPairs is the folding table as one string of character pairs,
// Traditional first, sorted: what a browser needs to fold a query alike.
func (r *Rules) SimplifiedPairs() string {
	keys := make([]rune, 0, len(r.m.fold.t2s))
	for k := range r.m.fold.t2s {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteRune(k)
		b.WriteRune(r.m.fold.t2s[k])
	}
	return b.String()
}
