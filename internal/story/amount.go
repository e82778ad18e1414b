package story

import (
	_ "embed"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:embed rates.csv
var ratesCSV string

// rates are units of each currency per euro by month ("2021-04"), from
// rates.csv; months sorted.
type rates struct {
	months []string
	per    []map[string]float64
}

var ecb = parseRates(ratesCSV)

func parseRates(data string) *rates {
	r := &rates{}
	var cols []string
	for _, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, ",")
		if f[0] == "month" {
			cols = f
			continue
		}
		m := map[string]float64{"EUR": 1}
		for i := 1; i < len(f) && i < len(cols); i++ {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil && v > 0 {
				m[cols[i]] = v
			}
		}
		r.months = append(r.months, f[0])
		r.per = append(r.per, m)
	}
	return r
}

// usd converts an amount in currency cur to dollars at the rate of the
// month of t (the nearest month the table has; the last for undated).
func (r *rates) usd(v float64, cur string, t time.Time) (float64, bool) {
	if len(r.months) == 0 {
		return 0, false
	}
	i := len(r.months) - 1
	if !t.IsZero() {
		i = sort.SearchStrings(r.months, t.UTC().Format("2006-01"))
		i = min(i, len(r.months)-1)
	}
	// Walk back to a month that quotes both (CNY starts in 2005).
	for ; i >= 0; i-- {
		c, d := r.per[i][cur], r.per[i]["USD"]
		if c > 0 && d > 0 {
			return v / c * d, true
		}
	}
	return 0, false
}

// scales are words and characters that multiply the number before them.
var scales = map[string]float64{
	"billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "mld": 1e9, "mrd": 1e9,
	"milliarde": 1e9, "milliarden": 1e9, "milliard": 1e9, "milliards": 1e9, "miliard": 1e9, "miliardy": 1e9, "miliardow": 1e9,
	"million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "mio": 1e6, "millionen": 1e6, "milion": 1e6, "miliony": 1e6, "milionow": 1e6,
	"trillion": 1e12, "bio": 1e12, "billionen": 1e12,
	"thousand": 1e3, "tys": 1e3,
	"亿": 1e8, "億": 1e8, "억": 1e8, "万": 1e4, "萬": 1e4, "만": 1e4, "千": 1e3, "천": 1e3, "兆": 1e12, "조": 1e12,
}

// currencies are names and symbols of currencies, folded; "¥" is decided
// by the item's language.
var currencies = map[string]string{
	"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "dolarow": "USD", "dolary": "USD", "美元": "USD", "ドル": "USD", "달러": "USD",
	"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "d'euros": "EUR", "d’euros": "EUR", "ユーロ": "EUR", "유로": "EUR", "欧元": "EUR", "歐元": "EUR",
	"£": "GBP", "gbp": "GBP", "pounds": "GBP", "pound": "GBP", "英镑": "GBP",
	"yuan": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "人民币": "CNY", "人民幣": "CNY", "juanow": "CNY", "juanów": "CNY", "위안": "CNY",
	"yen": "JPY", "jpy": "JPY", "円": "JPY", "日元": "JPY", "엔": "JPY", "jenow": "JPY",
	"won": "KRW", "krw": "KRW", "원": "KRW", "wonow": "KRW", "韩元": "KRW",
	"zl": "PLN", "zlotych": "PLN", "pln": "PLN",
	"rupees": "INR", "inr": "INR", "rs": "INR",
	"chf": "CHF", "hk$": "HKD", "hkd": "HKD",
}

// amounts returns the money amounts named in folded text (or ASCII text
// in any case), in dollars.
// A number counts when a currency stands right before or after it
// (scales between): "$2.8 billion", "18,2 mld juanów", "182億2800万元",
// "29억5천만 유로". Amounts below minUSD are dropped.
func amounts(text, lang string, t time.Time, minUSD float64) []float64 {
	var out []float64
	// Only the neighbourhood of each number is read: most text has none.
	for end := 0; ; {
		k := strings.IndexAny(text[end:], "0123456789")
		if k < 0 {
			return out
		}
		from := runeStart(text, max(end, end+k-16))
		end = runeStart(text, min(len(text), end+k+64))
		// Finish the word the window ends in: "182.28亿元" is one amount.
		for limit := end + 64; end < len(text) && end < limit; {
			r, n := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) || (unicode.IsPunct(r) && r != '.' && r != ',') {
				break
			}
			end += n
		}
		// Folded text is lower case already; ASCII text may come as it is.
		out = append(out, amountsIn(strings.ToLower(text[from:end]), lang, t, minUSD)...)
	}
}

// runeStart moves i back to the start of the rune it falls in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

func amountsIn(text, lang string, t time.Time, minUSD float64) []float64 {
	toks := moneyTokens(text)
	var out []float64
	for i := 0; i < len(toks); i++ {
		if toks[i].num < 0 {
			continue
		}
		v, j := toks[i].num, i+1
		v, j = scaled(toks, v, j)
		// CJK compounds: 182億 2800万, 4조 8천억.
		for j < len(toks) && toks[j].num >= 0 && toks[j].glued {
			w, k := scaled(toks, toks[j].num, j+1)
			if k == j+1 || w >= v {
				break
			}
			v, j = v+w, k
		}
		cur := ""
		if i > 0 {
			cur = currency(toks[i-1].word, lang)
		}
		if cur == "" && j < len(toks) {
			cur = currency(toks[j].word, lang)
		}
		if cur == "" {
			continue
		}
		if d, ok := ecb.usd(v, cur, t); ok && d >= minUSD {
			out = append(out, d)
		}
		i = j - 1
	}
	return out
}

// scaled multiplies v by the scale words from toks[j] on.
func scaled(toks []moneyTok, v float64, j int) (float64, int) {
	for j < len(toks) && toks[j].num < 0 {
		s, ok := scales[toks[j].word]
		if !ok {
			break
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

// moneyTok is a number (num ≥ 0) or a word; glued when no space precedes it.
type moneyTok struct {
	num   float64
	word  string
	glued bool
}

// moneyTokens cuts text into numbers, words, single unspaced characters
// and symbols; other punctuation separates.
func moneyTokens(s string) []moneyTok {
	var out []moneyTok
	glued := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
			v, m := number(s[i:])
			out = append(out, moneyTok{num: v, glued: glued})
			i += m
			glued = true
			continue
		case unspaced(r):
			w := s[i : i+n]
			// Currency names of several characters: 人民币, ユーロ, 달러.
			for _, c := range []string{"人民币", "人民幣", "ユーロ", "ドル", "美元", "欧元", "歐元", "日元", "英镑", "韩元", "유로", "달러", "위안"} {
				if strings.HasPrefix(s[i:], c) {
					w = c
					break
				}
			}
			out = append(out, moneyTok{num: -1, word: w, glued: glued})
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
			out = append(out, moneyTok{num: -1, word: w, glued: glued})
			i, glued = j, true
			continue
		case r == '$' || r == '€' || r == '£' || r == '¥' || r == '￥':
			w := s[i : i+n]
			if len(out) > 0 && glued && (out[len(out)-1].word == "us" || out[len(out)-1].word == "hk") {
				w = out[len(out)-1].word + w
				out = out[:len(out)-1]
			}
			out = append(out, moneyTok{num: -1, word: w, glued: glued})
		case r == '%':
			out = append(out, moneyTok{num: -1, word: "%", glued: glued})
		}
		glued = !unicode.IsSpace(r) && r != '%'
		i += n
	}
	return out
}

// number parses a number at the start of s: "1,147.48", "2,3", "182.28",
// "2 074" is two numbers. A separator followed by exactly three digits
// groups thousands; otherwise it is the decimal mark.
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

// sameAmount reports the first pair of amounts within tol of each other.
func sameAmount(a, b []float64, tol float64) (float64, bool) {
	for _, x := range a {
		for _, y := range b {
			if math.Abs(x-y) <= tol*math.Max(x, y) {
				return x, true
			}
		}
	}
	return 0, false
}
