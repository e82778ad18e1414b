package text

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"
)

// LangTag is s as a canonical BCP 47 tag ("en_US" and "en-us" are
// "en-US"), or "" when it is none: feeds and pages declare "English" or
// worse, and content/ takes only tags.
func LangTag(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if s == "" || len(s) > maxLangTag {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	return tag.String()
}

// maxLangTag is more than any tag declared in earnest ("zh-Hant-TW" is 10).
const maxLangTag = 64

// WrittenIn is lang, the language a feed declares for its items, unless
// s (an item's title) is mostly written in Han, kana or Hangul and lang
// is not Chinese, Japanese or Korean: then it is "ja" for text with
// kana, "ko" for text mostly in Hangul, else "zh". Feeds of bilingual
// sites and aggregators declare one language for items in several; the
// script cannot tell Latin-script languages apart, so those keep lang.
func WrittenIn(lang, s string) string {
	var letters, han, kana, hangul int
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		}
	}
	cjk := han + kana + hangul
	if cjk == 0 || cjk*2 < letters {
		return lang
	}
	switch base, _, _ := strings.Cut(strings.ToLower(lang), "-"); base {
	case "zh", "ja", "ko", "cmn", "yue":
		return lang
	}
	switch {
	case kana > 0:
		return "ja"
	case hangul > han:
		return "ko"
	}
	return "zh"
}
