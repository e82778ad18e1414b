package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"docket/internal/text"
)

// ItemID is the stable identity of an item: a hash of its canonical URL, else
// of its GUID, else of its title and date. The same story under another GUID
// or with tracking parameters gets the same ID.
func ItemID(canonicalURL, guid, title, date string) string {
	key := "url:" + canonicalURL
	switch {
	case canonicalURL != "":
	case strings.TrimSpace(guid) != "":
		key = "guid:" + strings.TrimSpace(guid)
	default:
		key = "title:" + strings.ToLower(text.CleanText(title)) + "|" + date
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// maxRef caps an item's URL and GUID. Real ones are a few hundred bytes;
// a hostile feed's megabyte would be copied into the item's file, past
// the size a build reads, and into the fetch state at every run.
const maxRef = 4 << 10

// boundedGUID is guid, or its hash when it is longer than maxRef: the
// item keeps an identity of its own, in 71 bytes.
func boundedGUID(guid string) string {
	if len(guid) <= maxRef {
		return guid
	}
	sum := sha256.Sum256([]byte(guid))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// cleanTitle decodes entities and drops the formatting tags that some
// feeds leave in titles ("AT&amp;T", "<b>Breaking</b>"). Any other tag is
// text: a title such as "Chrome drops <marquee>" names one (html/template
// escapes it on every page).
func cleanTitle(s string) string {
	s = fixC1(s)
	if strings.ContainsAny(s, "<&") {
		s = html.UnescapeString(titleTags.ReplaceAllStringFunc(s, func(tag string) string {
			if breaks.MatchString(tag) {
				return " "
			}
			return ""
		}))
	}
	return text.CleanText(s)
}

// titleTags are the phrasing and formatting tags a title's markup holds;
// breaks are those that part words.
var (
	titleTags = regexp.MustCompile(`(?i)</?(?:a|abbr|b|big|br|cite|code|em|font|i|mark|p|q|s|small|span|strike|strong|sub|sup|u|wbr)(?:\s[^<>]*)?/?>`)
	breaks    = regexp.MustCompile(`(?i)^</?(?:br|p)\b`)
)

// uniqueSorted returns the distinct non-empty cleaned strings, sorted.
func uniqueSorted(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = text.CleanText(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// fixC1 reads C1 controls (U+0080–U+009F) as the windows-1252 characters
// they were before a Latin-1 conversion ("don\u0092t" is "don’t"): no
// feed means the invisible controls, which text.CleanText would drop.
// They come as raw characters, as XML references (&#146;) or as JSON
// escapes.
//
// It then undoes UTF-8 read as windows-1252 ("â€™" is "’", "Ã©" is "é"):
// see fixMojibake.
func fixC1(s string) string {
	if strings.ContainsFunc(s, isC1) {
		s = strings.Map(func(r rune) rune {
			if !isC1(r) {
				return r
			}
			if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError {
				return w
			}
			return r
		}, s)
	}
	return fixMojibake(s)
}

// fixMojibake undoes UTF-8 read as windows-1252 when the whole string
// reads so: every character is a windows-1252 byte's, the bytes are
// UTF-8, and what they say is plausible (see plausible). A string that
// mixes in a character this cannot be, as most correct text does ("«",
// "São"), is left alone.
func fixMojibake(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xC2 && r <= 0xF4 }) {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := cp1252Byte(r)
		if !ok {
			return s
		}
		b = append(b, c)
	}
	if !utf8.Valid(b) || !plausible(string(b)) {
		return s
	}
	return string(b)
}

// plausible reports whether a repaired string says what mojibake hides:
// two bytes stand for a Latin letter or sign ("Fuß“" is German, not "Fu"
// and U+07D3), three for punctuation, a currency or letterlike sign, or
// East Asian text (at least two characters of it: "validé\u00a0»" is
// French, not "valid頻"), four for an emoji.
func plausible(s string) bool {
	asian := 0
	for _, r := range s {
		switch n := utf8.RuneLen(r); {
		case n == 2 && (r < 0xA0 || r > 0x17F):
			return false
		case n == 3 && r >= 0x2000 && r <= 0x2BFF:
		case n == 3 && (r >= 0x3000 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7AF || r >= 0xFF00 && r <= 0xFFEF):
			asian++
		case n == 3:
			return false
		case n == 4 && (r < 0x1F000 || r > 0x1FAFF):
			return false
		}
	}
	return asian != 1
}

// cp1252Byte is the windows-1252 byte that reads as r; the five bytes it
// leaves undefined read as their C1 controls.
func cp1252Byte(r rune) (byte, bool) {
	if r < 0x100 {
		return byte(r), true
	}
	c, ok := charmap.Windows1252.EncodeRune(r)
	return c, ok
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9F }

// trailer is a summary's closing line that is the feed's chrome, not the
// item's text: a link to read on ("Read more...", "Continue reading at
// GameSpot", "Czytaj dalej", "阅读全文") or WordPress's "The post X
// appeared first on Y.". Published as the outlet's words, it would be
// quoted on the entry's page.
var trailer = regexp.MustCompile(`(?i)^\[?(?:(?:read more|read the (?:full|whole|rest of the) (?:story|article|post)|continue reading|keep reading|full story|weiterlesen|mehr lesen|lire la suite|czytaj dalej|czytaj więcej|leer más|seguir leyendo|continua a leggere|阅读全文|查看全文|閱讀全文|続きを読む)\PL.{0,60}|(?:read more|continue reading|weiterlesen|czytaj dalej|阅读全文|閱讀全文)|the post .{1,300} appeared first on .{1,100})$`)

// dropTrailers removes the trailer lines at the end of a plain-text
// summary.
func dropTrailers(s string) string {
	for {
		s = strings.TrimRight(s, " \t\r\n")
		i := strings.LastIndexByte(s, '\n') + 1
		if !trailer.MatchString(strings.TrimSpace(s[i:])) {
			return s
		}
		s = s[:i]
	}
}
