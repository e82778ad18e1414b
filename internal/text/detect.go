package text

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// detect guesses the encoding of undeclared, non-UTF-8 bytes among the
// legacy multi-byte encodings still served (undeclared Chinese pages are
// read as GB18030, the superset of GB2312 and GBK). Candidates are tried in
// an order set by the language (lang, else the document's lang attribute)
// or, lacking one, by the shape of the bytes; the first that is plausible
// wins, else a single-byte encoding by where the letters fall, else the
// language's legacy charset, else windows-1252, the web's default.
func detect(body []byte, lang string) string {
	sample := highSample(body, 64<<10)
	if lang == "" {
		lang = langAttr(body)
	}
	lang = strings.ToLower(strings.ReplaceAll(lang, "_", "-"))
	zh := primaryIs(lang, "zh")
	for _, name := range candidateOrder(lang, sample) {
		if (name == "big5" || name == "shift_jis") && !cjkLang(lang) && thaiShaped(sample) {
			// Thai words run unbroken by spaces, so these readings,
			// which accept any run of high bytes, pass for it; the EUC
			// encodings, tried first unless the page says otherwise,
			// do not.
			return "windows-874"
		}
		if plausible(name, sample, zh) {
			return name
		}
	}
	if name := singleByte(sample); name != "windows-1252" {
		return name
	}
	if name, ok := legacyByLanguage[lang]; ok {
		return name
	}
	if i := strings.IndexByte(lang, '-'); i > 0 {
		if name, ok := legacyByLanguage[lang[:i]]; ok {
			return name
		}
	}
	return "windows-1252"
}

// langAttr is the value of the first lang (or xml:lang) attribute in the
// first 4 kB, lower-cased, or "".
func langAttr(body []byte) string {
	head := strings.ToLower(string(body[:min(len(body), 4096)]))
	i := strings.Index(head, "lang=\"")
	if i < 0 {
		return ""
	}
	v := head[i+6:]
	if j := strings.IndexByte(v, '"'); j >= 0 && j < 16 {
		return v[:j]
	}
	return v[:min(len(v), 7)]
}

// singleByte guesses among the single-byte encodings of the scripts the
// tracker follows by where their letters fall, which barely overlaps:
// Thai (TIS-620, which WHATWG reads as windows-874) has half its
// consonants in 0xA1–0xBF, where Cyrillic has only ё; Hebrew (windows-1255) has all its letters in 0xE0–0xFA;
// Cyrillic puts its letters in 0xC0–0xFF, lowercase in the upper half in
// windows-1251 and in the lower half in KOI8-R (running text is mostly
// lowercase). Those scripts write whole words in high bytes, where
// Western text has an accented letter here and there: unless most high
// bytes stand next to another, the page is windows-1252, the web's
// default, as is anything else.
func singleByte(b []byte) string {
	var high, paired, thai, hebrew, lowerHalf, upperHalf, aboveHebrew int
	for i, c := range b {
		if c < 0x80 {
			continue
		}
		high++
		if i > 0 && b[i-1] >= 0x80 || i+1 < len(b) && b[i+1] >= 0x80 {
			paired++
		}
		if c >= 0xA1 && c <= 0xBF {
			thai++
		}
		switch {
		case c >= 0xC0 && c <= 0xDF:
			lowerHalf++
		case c >= 0xE0:
			upperHalf++
			if c <= 0xFA {
				hebrew++
			} else {
				aboveHebrew++
			}
		}
	}
	switch {
	case high < 8 || paired*2 < high:
		return "windows-1252"
	case thai*100 >= high*15:
		return "windows-874"
	case hebrew*100 >= high*95 && aboveHebrew*100 < high && lowerHalf*100 < high*3:
		return "windows-1255"
	case (lowerHalf+upperHalf)*10 >= high*8 && lowerHalf > upperHalf:
		return "koi8-r"
	case (lowerHalf+upperHalf)*10 >= high*8:
		return "windows-1251"
	}
	return "windows-1252"
}

// candidateOrder puts the encodings of the declared language first;
// without one, Korean (short runs between spaces) and Japanese (frequent
// kana rows) EUC text go before Chinese, which shares their byte ranges.
func candidateOrder(lang string, sample []byte) []string {
	switch {
	case strings.HasPrefix(lang, "ja"):
		return []string{"shift_jis", "euc-jp", "gb18030", "big5", "euc-kr"}
	case strings.HasPrefix(lang, "ko"):
		return []string{"euc-kr", "gb18030", "big5", "shift_jis", "euc-jp"}
	}
	spaced, kana, pairs := byteShape(sample)
	if primaryIs(lang, "zh") {
		// A Chinese source's words may be set apart by spaces (headlines,
		// tag lists), so spacing alone does not make its text Korean:
		// Korean words end in particles and verb endings, and Japanese
		// writes kana. A feed's language is a hint about the site.
		switch {
		case kana*5 > pairs:
			return []string{"euc-jp", "shift_jis", "gb18030", "big5", "euc-kr"}
		case spaced*6 > pairs && koreanWords(sample):
			return []string{"euc-kr", "gb18030", "big5", "shift_jis", "euc-jp"}
		case strings.HasPrefix(lang, "zh-tw"), strings.HasPrefix(lang, "zh-hk"), strings.HasPrefix(lang, "zh-hant"):
			return []string{"big5", "gb18030", "euc-kr", "shift_jis", "euc-jp"}
		}
		return []string{"gb18030", "big5", "euc-kr", "shift_jis", "euc-jp"}
	}
	switch {
	case kana*5 > pairs:
		return []string{"euc-jp", "shift_jis", "gb18030", "big5", "euc-kr"}
	case spaced*6 > pairs:
		return []string{"euc-kr", "gb18030", "big5", "shift_jis", "euc-jp"}
	}
	return []string{"gb18030", "big5", "shift_jis", "euc-jp", "euc-kr"}
}

// koreanWords reports text whose words, read as EUC-KR, mostly end as
// Korean words do: in a particle or a verb ending. Chinese read as EUC-KR
// is Hangul too, but syllables at random.
func koreanWords(sample []byte) bool {
	enc, err := htmlindex.Get("euc-kr")
	if err != nil {
		return false
	}
	out, err := enc.NewDecoder().Bytes(sample)
	if err != nil {
		return false
	}
	words, ends := 0, 0
	for _, w := range strings.Fields(string(out)) {
		w = strings.TrimRightFunc(w, func(r rune) bool { return r < 0xAC00 || r > 0xD7A3 })
		if r, _ := utf8.DecodeLastRuneInString(w); r >= 0xAC00 && r <= 0xD7A3 {
			words++
			if strings.ContainsRune(koreanEndings, r) {
				ends++
			}
		}
	}
	return words >= 3 && ends*10 >= words*3
}

// koreanEndings are the syllables most Korean words end in: particles
// (은 는 이 가 을 를 의 에 도 로 와 과 서) and endings (다 고 며 한 할 된 인 게 요).
const koreanEndings = "은는이가을를의에도로와과서다고며한할된인게요"

// primaryIs reports whether the language tag lang is of language code.
func primaryIs(lang, code string) bool {
	rest, ok := strings.CutPrefix(lang, code)
	return ok && (rest == "" || rest[0] == '-')
}

// cjkLang reports a Chinese, Japanese or Korean language tag.
func cjkLang(lang string) bool {
	return primaryIs(lang, "zh") || primaryIs(lang, "ja") || primaryIs(lang, "ko")
}

// byteShape counts, in EUC terms, the two-byte characters (pairs), those
// in the kana rows 0xA4 and 0xA5, and runs of them that a space separates.
func byteShape(b []byte) (spaced, kana, pairs int) {
	for i := 0; i+1 < len(b); i++ {
		switch {
		case b[i] >= 0xA1 && b[i+1] >= 0xA1:
			pairs++
			if b[i] == 0xA4 || b[i] == 0xA5 {
				kana++
			}
			i++
		case b[i] == ' ' && i > 0 && b[i-1] >= 0x80 && b[i+1] >= 0x80:
			spaced++
		}
	}
	return spaced, kana, pairs
}

// plausible reports whether sample reads as text in enc: it decodes without
// errors, its bytes pair up into characters (single-byte text decoded as a
// double-byte encoding does not), most characters are CJK, the EUC
// encodings see only EUC-shaped bytes, and the characters are those of
// the encoding's language as it is written (Cyrillic letters pair up into
// valid characters of every one of them). Chinese runs its characters
// together, unless zh says the text is Chinese: then words set apart by
// spaces (headlines are written so) are Chinese too.
func plausible(name string, sample []byte, zh bool) bool {
	enc, err := htmlindex.Get(name)
	if err != nil {
		return false
	}
	out, err := enc.NewDecoder().Bytes(sample)
	if err != nil {
		return false
	}
	high := 0
	for i := 0; i < len(sample); i++ {
		switch c := sample[i]; {
		case zh && name == "big5" && c >= 0x81 && c != 0xFF && i+1 < len(sample):
			// A trail byte may be ASCII (會 is B7 7C): the pair counts
			// whole, or a short headline's characters seem too many
			// for its high bytes.
			high += 2
			i++
		case c >= 0x80:
			high++
		}
	}
	runes, good, hangul, kana := 0, 0, 0, 0
	for len(out) > 0 {
		r, size := utf8.DecodeRune(out)
		out = out[size:]
		if r < 0x80 {
			continue
		}
		runes++
		if cjkText(r) {
			good++
		}
		switch {
		case r >= 0xAC00 && r <= 0xD7A3 || r >= 0x3130 && r <= 0x318F:
			hangul++
		case r >= 0x3040 && r <= 0x30FF:
			kana++
		}
	}
	if runes == 0 || runes*10 > high*7 || good*10 < runes*9 {
		return false
	}
	switch name {
	case "euc-kr":
		// Korean is written in Hangul, with a Hanja here and there;
		// Cyrillic letters read as EUC-KR are mostly Hanja.
		return hangul*2 >= runes && eucShaped(sample)
	case "euc-jp", "shift_jis":
		// Japanese writes its endings and particles in kana.
		return kana*10 >= runes
	case "gb18030":
		return eucShaped(sample) && (zh || !spacedWords(sample))
	case "big5":
		return big5Common(sample) && (zh || !spacedWords(sample))
	}
	return true
}

// spacedWords reports text whose words a space separates, as Korean and
// Cyrillic are written; Chinese runs its characters together.
func spacedWords(sample []byte) bool {
	spaced, _, pairs := byteShape(sample)
	return spaced*6 > pairs
}

// big5Common reports whether most of sample's double-byte characters are
// symbols or frequent characters (lead bytes 0xA1 to 0xC6), as in any
// Chinese text; Cyrillic letters (0xC0 and up) pair up into valid but
// rare ones.
func big5Common(sample []byte) bool {
	pairs, common := 0, 0
	for i := 0; i+1 < len(sample); i++ {
		if c := sample[i]; c >= 0x81 && c != 0xFF {
			pairs++
			if c >= 0xA1 && c <= 0xC6 {
				common++
			}
			i++
		}
	}
	return common*2 >= pairs
}

// cjkText reports letters and punctuation of CJK text; half-width katakana
// is excluded, since it is what single-byte text turns into when read as
// Shift_JIS.
func cjkText(r rune) bool {
	if r >= 0xFF61 && r <= 0xFF9F {
		return false
	}
	return IsCJK(r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// eucShaped reports bytes that EUC encodings produce: high bytes from 0xA1
// up, in runs of even length.
func eucShaped(b []byte) bool {
	low, odd, runs := 0, 0, 0
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		j := i
		for j < len(b) && b[j] >= 0x80 {
			if b[j] < 0xA1 {
				low++
			}
			j++
		}
		runs++
		if (j-i)%2 == 1 {
			odd++
		}
		i = j
	}
	return runs > 0 && odd*10 <= runs && low*20 <= len(b)
}

// thaiShaped reports TIS-620 spelling: vowel and tone marks written
// above or below a letter (0xD1, 0xD4–0xDA, 0xE7–0xEE) are frequent and
// always follow a consonant (0xA1–0xCE) or another mark. Double-byte
// Chinese, Japanese or Korean text puts them after any byte, and uses
// bytes that TIS-620 leaves undefined (0xDB–0xDE, 0xFC–0xFF).
func thaiShaped(b []byte) bool {
	marks, attached, high, undefined := 0, 0, 0, 0
	for i, c := range b {
		if c < 0x80 {
			continue
		}
		high++
		if c >= 0xDB && c <= 0xDE || c >= 0xFC {
			undefined++
		}
		if !thaiMark(c) {
			continue
		}
		marks++
		if i > 0 && (b[i-1] >= 0xA1 && b[i-1] <= 0xCE || thaiMark(b[i-1])) {
			attached++
		}
	}
	return high >= 8 && undefined*200 <= high && marks*10 >= high && attached*100 >= marks*97
}

func thaiMark(c byte) bool {
	return c == 0xD1 || c >= 0xD4 && c <= 0xDA || c >= 0xE7 && c <= 0xEE
}

// highSample returns up to max bytes from the first region of b that holds
// non-ASCII bytes, cut on an ASCII byte so no character is split.
func highSample(b []byte, max int) []byte {
	i := 0
	for i < len(b) && b[i] < 0x80 {
		i++
	}
	for i > 0 && b[i-1] >= 0x80 {
		i--
	}
	end := min(len(b), i+max)
	for end < len(b) && end > i && b[end-1] >= 0x80 {
		end--
	}
	return b[i:end]
}
