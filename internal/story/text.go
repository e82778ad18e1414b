package story

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"

	"docket/internal/text"
)

// stemLen is where words of spaced scripts are cut: a crude stem that
// makes "fined" and "fines", "Alibaba" and "Alibabę" the same token.
const stemLen = 6

// tokens calls emit for every token of folded text s: a word (cut to
// stemLen runes; single letters dropped) in spaced scripts, character
// bigrams in a run of Han, kana or Hangul (a lone character as itself).
func tokens(s string, emit func(string)) {
	word := -1 // byte start of the current word
	var cjk []int
	flushCJK := func() {
		switch {
		case len(cjk) == 2:
			emit(s[cjk[0]:cjk[1]])
		case len(cjk) > 2:
			for i := 0; i+2 < len(cjk); i++ {
				emit(s[cjk[i]:cjk[i+2]])
			}
		}
		cjk = cjk[:0]
	}
	flushWord := func(end int) {
		if word < 0 {
			return
		}
		w := s[word:end]
		word = -1
		if utf8.RuneCountInString(w) < 2 && !isDigits(w) {
			return
		}
		n, i := 0, 0
		for i = range w {
			if n == stemLen {
				w = w[:i]
				break
			}
			n++
		}
		emit(w)
	}
	for i, r := range s {
		switch {
		case text.IsCJK(r):
			flushWord(i)
			if len(cjk) == 0 {
				cjk = append(cjk, i)
			}
			cjk = append(cjk, i+utf8.RuneLen(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushCJK()
			if word < 0 {
				word = i
			}
		default:
			flushCJK()
			flushWord(i)
		}
	}
	flushCJK()
	flushWord(len(s))
}

// tokenHashes calls emit with the hash (from seed) of every token of s,
// as tokens cuts them: s is folded text, or ASCII text in any case, which
// is lowered, cut and hashed in one pass.
func tokenHashes(s string, seed uint64, emit func(uint64)) {
	if !ascii(s) {
		tokens(s, func(t string) { emit(hashString(seed, t)) })
		return
	}
	for i := 0; i < len(s); {
		if lowerAlnum[s[i]] == 0 {
			i++
			continue
		}
		j, h, digits := i, seed, true
		for ; j < len(s); j++ {
			c := lowerAlnum[s[j]]
			if c == 0 {
				break
			}
			if j-i < stemLen {
				h = (h ^ uint64(c)) * fnvPrime
			}
			digits = digits && c <= '9'
		}
		if j-i >= 2 || digits {
			emit(h | 1)
		}
		i = j
	}
}

// lowerAlnum maps an ASCII letter or digit to itself in lower case, any
// other byte to 0.
var lowerAlnum = func() (t [256]byte) {
	for c := 0; c < 256; c++ {
		if alnum(byte(c)) {
			t[c] = byte(c)
			if c >= 'A' && c <= 'Z' {
				t[c] += 'a' - 'A'
			}
		}
	}
	return t
}()

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// ascii reports whether s is all ASCII, eight bytes at a time.
func ascii(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64([]byte(s[i:i+8]))&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// firstWords returns s up to its n-th space-separated word (or n runes of
// unspaced text): the lead of a body, which carries the event.
func firstWords(s string, n int) string {
	words, runes := 0, 0
	in := false
	for i, r := range s {
		runes++
		if unicode.IsSpace(r) {
			if in {
				words++
				in = false
			}
		} else {
			in = true
		}
		if words >= n || runes >= 4*n {
			return s[:i]
		}
	}
	return s
}
