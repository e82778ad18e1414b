// Package money recognises amounts of money in text and converts them
// between currencies at the European Central Bank's reference rates. It
// is pure: the rates come in as bytes.
package money

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// scales are words and characters that multiply the number before them.
var scales = map[string]float64{
	"billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "mld": 1e9, "mrd": 1e9,
	"milliarde": 1e9, "milliarden": 1e9, "milliard": 1e9, "milliards": 1e9, "miliard": 1e9, "miliardy": 1e9, "miliardow": 1e9,
	"million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "mio": 1e6, "millionen": 1e6, "milion": 1e6, "miliony": 1e6, "milionow": 1e6,
	"trillion": 1e12, "tn": 1e12, "trn": 1e12, "bio": 1e12, "billionen": 1e12, "bilion": 1e12, "biliony": 1e12, "bilionow": 1e12, "bilionów": 1e12,
	"thousand": 1e3, "k": 1e3, "tys": 1e3, "crore": 1e7, "crores": 1e7, "lakh": 1e5,
	"亿": 1e8, "億": 1e8, "억": 1e8, "万": 1e4, "萬": 1e4, "만": 1e4, "千": 1e3, "천": 1e3, "兆": 1e12, "조": 1e12,
}

// plScales are the scales that Polish reads otherwise: "bln" is a
// bilion (10¹²), where the wires' English "bln" is a billion.
var plScales = map[string]float64{"bln": 1e12}

// currencies are names and symbols of currencies, folded; "¥" is decided
// by the item's language.
var currencies = map[string]string{
	"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "dolarow": "USD", "dolary": "USD", "美元": "USD", "ドル": "USD", "달러": "USD",
	"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "d'euros": "EUR", "d’euros": "EUR", "ユーロ": "EUR", "유로": "EUR", "欧元": "EUR", "歐元": "EUR",
	"£": "GBP", "gbp": "GBP", "pounds": "GBP", "pound": "GBP", "英镑": "GBP",
	"yuan": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "人民币": "CNY", "人民幣": "CNY", "juanow": "CNY", "juanów": "CNY", "위안": "CNY",
	"yen": "JPY", "jpy": "JPY", "円": "JPY", "日元": "JPY", "엔": "JPY", "jenow": "JPY",
	"won": "KRW", "krw": "KRW", "원": "KRW", "wonow": "KRW", "韩元": "KRW",
	"zl": "PLN", "zlotych": "PLN", "pln": "PLN", "zł": "PLN", "złotych": "PLN", "dolarów": "USD",
	"rupees": "INR", "inr": "INR", "rs": "INR",
	"chf": "CHF", "hk$": "HKD", "hkd": "HKD",
	"港币": "HKD", "港幣": "HKD", "港元": "HKD", "新台币": "TWD", "新臺幣": "TWD", "台币": "TWD", "台幣": "TWD", "澳元": "AUD",
	// Other dollars: "C$" is not "$", which is the US's.
	"c$": "CAD", "ca$": "CAD", "a$": "AUD", "au$": "AUD", "nz$": "NZD", "s$": "SGD", "r$": "BRL", "nt$": "TWD",
}

// Amount is a sum of money named in text.
type Amount struct {
	Value    float64
	Currency string // ISO 4217
}

// Find returns the money amounts named in folded text (or text in any
// case; it is lowered here). A number counts when a currency stands
// right before or after it (scales between): "$2.8 billion", "18,2 mld
// juanów", "182億2800万元", "29억5천만 유로". lang decides "¥": CNY for
// Chinese, JPY otherwise.
func Find(text, lang string) []Amount {
	var out []Amount
	// Only the neighbourhood of each number is read: most text has none.
	for end := 0; ; {
		k := strings.IndexAny(text[end:], "0123456789")
		if k < 0 {
			return out
		}
		at := end + k
		// The bytes before the number are read for its currency even when
		// the last window read them ("EUR" its last word, "3 billion"
		// this one's), but only its amounts from the number on are new.
		from := runeStart(text, max(0, at-16))
		end = runeStart(text, min(len(text), at+64))
		// Finish the word the window ends in: "182.28亿元" is one amount.
		for limit := end + 64; end < len(text) && end < limit; {
			r, n := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '.' && r != ',') {
				break
			}
			end += n
		}
		// A number grouped by spaces is one word too: "1 234 567 890 zł"
		// cut after "1" would leave its currency out of reach.
		for end > 0 && isDigit(text[end-1]) {
			n := nextGroup(text[end:], spaceGroups(lang))
			if n == 0 {
				break
			}
			end += n
		}
		// runeStart steps back over a run of bytes that start no rune
		// (invalid UTF-8), as far as the digit itself: the next search
		// must start past it, or it finds the same digit for ever.
		next := max(end, at+1)
		// A number the window ends on keeps the words after it: "CNY
		// 18.228" read without "billion" is another amount. A number
		// among those words is the next window's, which reads its own.
		end = max(wordsAfter(text, next, 3), next)
		// Folded text is lower case already; ASCII text may come as it is.
		before, own := strings.ToLower(text[from:at]), strings.ToLower(text[at:next])
		out = append(out, amountsIn(before+own+strings.ToLower(text[next:end]), lang, len(before), len(before)+len(own))...)
		end = next
	}
}

// wordsAfter moves end past the next n words of text, for words of at
// most 32 bytes (scales and currencies).
func wordsAfter(text string, end, n int) int {
	for ; n > 0 && end < len(text); n-- {
		i := end
		for i < len(text) && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t') {
			i++
		}
		j := i
		for j < len(text) && j-i < 32 && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' {
			j++
		}
		if j == i {
			break
		}
		end = runeStart(text, j)
	}
	return end
}

// runeStart moves i back to the start of the rune it falls in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// amountsIn finds the amounts of text whose number starts at a byte in
// [first, last); what comes before and after is context.
func amountsIn(text, lang string, first, last int) []Amount {
	toks := moneyTokens(text, lang)
	var out []Amount
	used := -1 // the currency after the last amount, which is not the next one's
	for i := 0; i < len(toks); i++ {
		// Numbers of the context are read too, for the currency they use.
		if toks[i].num < 0 {
			continue
		}
		// The high end of a range is its low end's, with it or without
		// (no currency, or cut off at the window's start).
		if toks[i].dash && i > 0 && toks[i-1].num >= 0 {
			continue
		}
		v, j := scaled(toks, base(toks, i), i+1, lang)
		// "$1-2 billion": the low end takes the high end's scale.
		hi := 0.0
		if j == i+1 && j < len(toks) && toks[j].dash && toks[j].num > 0 {
			w, k := scaled(toks, base(toks, j), j+1, lang)
			v, hi, j = v*w/base(toks, j), w, k
		}
		// CJK compounds: 182億 2800万, 4조 8천억.
		for j < len(toks) && toks[j].num >= 0 && toks[j].glued && !toks[j].dash {
			w, k := scaled(toks, toks[j].num, j+1, lang)
			if k == j+1 || w >= v {
				break
			}
			v, j = v+w, k
		}
		if hi == 0 {
			v, j = exactSum(toks, v, v/base(toks, i), j, lang)
		}
		cur := ""
		// "won" is a verb too, and "Euro" names rules and tournaments:
		// before a number, each counts only with a scale ("won 207.4
		// billion", not "won 2 appeals" or "Euro 2024").
		if w := toks[max(i-1, 0)].word; i > 0 && i-1 != used && !((w == "won" || w == "euro") && j == i+1) {
			cur = currency(toks[i-1].word, lang)
		}
		if cur == "" && j < len(toks) && !prefix(toks, j) {
			cur, used = currency(toks[j].word, lang), j
			// "2,75 milliards de dollars"
			if cur == "" && toks[j].word == "de" && j+1 < len(toks) {
				cur, used = currency(toks[j+1].word, lang), j+1
			}
			// "2.8 billion U.S. dollars", "500 million Hong Kong dollars"
			if k, c := namedDollars(toks, j); cur == "" && c != "" {
				cur, used = c, k
			}
		}
		// "$0" is no amount, and one past float64 would match any other.
		if cur == "" || v <= 0 || math.IsInf(v, 0) {
			continue
		}
		if toks[i].at >= first && toks[i].at < last {
			out = append(out, Amount{v, cur})
			if hi > 0 && !math.IsInf(hi, 0) {
				out = append(out, Amount{hi, cur})
			}
		}
		i = j - 1
	}
	return out
}

// dollarNames are the words before "dollars" that name whose, run
// together: "U.S." is "u", "s".
var dollarNames = map[string]string{
	"us": "USD", "hongkong": "HKD", "canadian": "CAD", "australian": "AUD", "singapore": "SGD",
	"newzealand": "NZD", "taiwan": "TWD", "newtaiwan": "TWD",
}

// namedDollars reads "US dollars" and the like from toks[j]: the
// currency, and the index of "dollars"; "" when they are not there.
func namedDollars(toks []moneyTok, j int) (int, string) {
	name := ""
	for k := j; k < len(toks) && k < j+3 && toks[k].num < 0; k++ {
		if w := toks[k].word; w == "dollar" || w == "dollars" {
			return k, dollarNames[name]
		}
		name += toks[k].word
	}
	return 0, ""
}

// prefix reports whether the word toks[j] is glued to the number after
// it, in a script with spaces: in "the 2018 €4.34 billion fine" the euro
// sign is 4.34's, not 2018's.
func prefix(toks []moneyTok, j int) bool {
	return j+1 < len(toks) && toks[j+1].num >= 0 && toks[j+1].touch && !strings.ContainsFunc(toks[j].word, unspaced)
}

// exactSum adds the spaced parts of an exact sum after v, whose last
// scale was unit: "206 mln 169 tys. 786 zł" (UOKiK writes them so). Each
// part follows a scale word and is less than the unit before it; a part
// without a scale ends the sum and needs the currency right after it.
func exactSum(toks []moneyTok, v, unit float64, j int, lang string) (float64, int) {
	for j < len(toks) && toks[j].num > 0 && !toks[j].glued && toks[j-1].num < 0 && unit > 1 {
		n := toks[j].num
		w, k := scaled(toks, n, j+1, lang)
		if w >= unit || k == j+1 && (k == len(toks) || currency(toks[k].word, lang) == "") {
			break
		}
		v, j, unit = v+w, k, w/n
	}
	return v, j
}

// base is the number toks[i] before its scale: "18.228 billion" before a
// word scale takes its one group of three digits as a decimal part.
func base(toks []moneyTok, i int) float64 {
	if toks[i].alt >= 0 && i+1 < len(toks) && wordScale(toks[i+1].word) {
		return toks[i].alt
	}
	return toks[i].num
}

// scaled multiplies v by the scale words from toks[j] on.
func scaled(toks []moneyTok, v float64, j int, lang string) (float64, int) {
	for j < len(toks) && toks[j].num < 0 {
		s, ok := scales[toks[j].word]
		if !ok {
			break
		}
		if p, pl := plScales[toks[j].word]; pl && isLang(lang, "pl") {
			s = p
		}
		v *= s
		j++
	}
	return v, j
}

func currency(w, lang string) string {
	if w == "¥" || w == "￥" {
		if strings.HasPrefix(lang, "zh") {
			return "CNY"
		}
		return "JPY"
	}
	return currencies[w]
}

// moneyTok is a number (num ≥ 0) or a word; glued when no space precedes it,
// dash when a dash does (the high end of a range). alt is the number read
// with its one separator as a decimal mark, when number took it for
// thousands ("18.228"), else -1. at is where a number starts in the text;
// touch when a letter or currency sign does not let go of it ("€4", not
// "euros/2").
type moneyTok struct {
	num, alt           float64
	word               string
	glued, dash, touch bool
	at                 int
}

// wordScale reports whether w is a scale written as a word ("billion",
// "mld"), after which a number's one group of three digits is decimal.
func wordScale(w string) bool {
	s, ok := scales[w]
	return ok && s >= 1e6 && !strings.ContainsFunc(w, unspaced)
}

// moneyTokens cuts text into numbers, words, single unspaced characters
// and symbols; other punctuation separates. lang decides whether a comma
// may be a decimal mark.
func moneyTokens(s, lang string) []moneyTok {
	var out []moneyTok
	glued := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
			v, m := number(s[i:])
			alt := -1.0
			if sv, sm, ok := spaceGrouped(s[i:], spaceGroups(lang)); ok {
				v, m = sv, sm
			} else if lit := s[i : i+m]; strings.Count(lit, ",")+strings.Count(lit, ".") == 1 && strings.IndexAny(lit, ",.") == len(lit)-4 &&
				!(lit[len(lit)-4] == ',' && commaGroups(lang)) {
				alt, _ = strconv.ParseFloat(strings.NewReplacer(",", ".").Replace(lit), 64)
			}
			dash := glued && (strings.HasSuffix(s[:i], "-") || strings.HasSuffix(s[:i], "–"))
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			touch := i > 0 && (unicode.IsLetter(prev) || unicode.Is(unicode.Sc, prev))
			out = append(out, moneyTok{num: v, alt: alt, glued: glued, dash: dash, touch: touch, at: i})
			i += m
			glued = true
			continue
		case unspaced(r):
			w := s[i : i+n]
			// Currency names of several characters: 人民币, ユーロ, 달러;
			// 港币 before a number is not 元 after it.
			for _, c := range cjkCurrencies {
				if strings.HasPrefix(s[i:], c) {
					w = c
					break
				}
			}
			out = append(out, moneyTok{num: -1, alt: -1, word: w, glued: glued})
			i += len(w)
			glued = true
			continue
		case unicode.IsLetter(r) || r == '\'' || r == '’':
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !(unicode.IsLetter(r2) || r2 == '\'' || r2 == '’') || unspaced(r2) {
					break
				}
				j += n2
			}
			w := s[i:j]
			if k := strings.LastIndexAny(w, "'’"); k >= 0 && !strings.HasPrefix(w, "d") {
				w = w[:k] // Google'a → google
			}
			out = append(out, moneyTok{num: -1, alt: -1, word: w, glued: glued})
			i, glued = j, true
			continue
		case r == '$' || r == '€' || r == '£' || r == '¥' || r == '￥':
			w := s[i : i+n]
			if len(out) > 0 && glued && r == '$' && out[len(out)-1].num < 0 && currencies[out[len(out)-1].word+w] != "" {
				w = out[len(out)-1].word + w // US$, HK$, C$
				out = out[:len(out)-1]
			}
			out = append(out, moneyTok{num: -1, alt: -1, word: w, glued: glued})
		case r == '%':
			out = append(out, moneyTok{num: -1, alt: -1, word: "%", glued: glued})
		}
		glued = !unicode.IsSpace(r) && r != '%'
		i += n
	}
	return out
}

// commaGroups reports whether lang writes a comma only to group
// thousands ("€1,840 million" is 1.84 billion), never as a decimal mark.
func commaGroups(lang string) bool { return isLang(lang, "en", "zh", "ja", "ko") }

// spaceGroups reports whether lang groups thousands with a plain space
// ("1 500 000 zł", "150 000 000 euros"); any language may group with a
// no-break or thin space.
func spaceGroups(lang string) bool {
	return isLang(lang, "fr", "pl", "cs", "sk", "ru", "uk", "bg", "sv", "nb", "nn", "no", "fi", "et", "lv", "lt", "hu", "pt")
}

// spaceGrouped reads a number whose thousands are grouped by spaces at
// the start of s: one to three digits, then groups of three, each after
// one space, then perhaps a decimal part ("1 500 000,50"). plain allows
// an ASCII space, else only a no-break or thin one. ok is false when s
// starts with no such number.
func spaceGrouped(s string, plain bool) (v float64, n int, ok bool) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i > 3 {
		return 0, 0, false
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for n := nextGroup(s[i:], plain); n > 0; n = nextGroup(s[i:], plain) {
		b.WriteString(s[i+n-3 : i+n])
		i += n
		ok = true
	}
	if !ok {
		return 0, 0, false
	}
	if j := decimals(s[i:]); j > 0 {
		b.WriteByte('.')
		b.WriteString(s[i+1 : i+j])
		i += j
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, 0, false
	}
	return v, i, true
}

// nextGroup is the length of the group of thousands at the start of s,
// its space and three digits (" 500"), 0 for none.
func nextGroup(s string, plain bool) int {
	w := groupSpace(s, plain)
	g := s[min(len(s), w):]
	if w == 0 || len(g) < 3 || !isDigit(g[0]) || !isDigit(g[1]) || !isDigit(g[2]) || len(g) > 3 && isDigit(g[3]) {
		return 0
	}
	return w + 3
}

// groupSpace is the length of the space that groups thousands at the
// start of s, 0 for none.
func groupSpace(s string, plain bool) int {
	if plain && strings.HasPrefix(s, " ") {
		return 1
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == '\u00a0' || r == '\u202f' || r == '\u2009' {
		return n
	}
	return 0
}

// decimals is the length of a decimal part at the start of s (",50"),
// 0 for none; a mark and three digits would group thousands.
func decimals(s string) int {
	if len(s) < 2 || s[0] != ',' && s[0] != '.' || !isDigit(s[1]) {
		return 0
	}
	j := 1
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == 4 {
		return 0
	}
	return j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isLang reports whether the BCP 47 tag lang is of one of the languages.
func isLang(lang string, langs ...string) bool {
	for _, l := range langs {
		if lang == l || strings.HasPrefix(lang, l+"-") {
			return true
		}
	}
	return false
}

// number parses a number at the start of s: "1,147.48", "2,3", "182.28";
// "2 074" is two numbers (but see spaceGrouped). A separator followed by
// exactly three digits groups thousands; otherwise it is the decimal mark.
func number(s string) (float64, int) {
	var b strings.Builder
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= '0' && c <= '9' {
			b.WriteByte(c)
			i++
			continue
		}
		if (c == ',' || c == '.') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			d := 1
			for i+1+d < len(s) && s[i+1+d] >= '0' && s[i+1+d] <= '9' {
				d++
			}
			if d == 3 {
				i++ // thousands
				continue
			}
			b.WriteByte('.')
			i++
			continue
		}
		break
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, max(i, 1)
	}
	return v, i
}

// unspaced reports whether r belongs to a script written without spaces
// between words (Han, kana, Hangul): each such character is a token.
// cjkCurrencies are the names in currencies of several characters in a
// script without spaces, longest first (新台币 before 台币).
var cjkCurrencies = func() []string {
	var out []string
	for w := range currencies {
		if r, _ := utf8.DecodeRuneInString(w); unspaced(r) && utf8.RuneCountInString(w) > 1 {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return out
}()

func unspaced(r rune) bool {
	return r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
