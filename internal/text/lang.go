package text

import (
	"strings"

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
