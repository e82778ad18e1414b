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
// feed means the invisible controls, which text.CleanText keeps. They come
// as raw characters, as XML references (&#146;) or as JSON escapes.
//
// It then undoes UTF-8 read as windows-1252 ("â€™" is "’", "Ã©" is "é"):
// a lead byte's character followed by as many continuation bytes' as it
// needs, which languages hardly write.
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

// fixMojibake replaces each run of characters that are the windows-1252
// reading of one UTF-8 sequence of two to four bytes by its character.
func fixMojibake(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xC2 && r <= 0xF4 }) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if r, n := mojibakeAt(rs[i:]); n > 0 {
			b.WriteRune(r)
			i += n - 1
			continue
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// mojibakeAt reads the UTF-8 sequence whose windows-1252 reading starts
// rs: its character and how many runes it took, or 0.
func mojibakeAt(rs []rune) (rune, int) {
	var n int
	switch r := rs[0]; {
	case r >= 0xC2 && r <= 0xDF:
		n = 2
	case r >= 0xE0 && r <= 0xEF:
		n = 3
	case r >= 0xF0 && r <= 0xF4:
		n = 4
	default:
		return 0, 0
	}
	if len(rs) < n {
		return 0, 0
	}
	var buf [4]byte
	buf[0] = byte(rs[0])
	for k := 1; k < n; k++ {
		c, ok := cp1252Byte(rs[k])
		if !ok || c < 0x80 || c > 0xBF {
			return 0, 0
		}
		buf[k] = c
	}
	r, size := utf8.DecodeRune(buf[:n])
	if r == utf8.RuneError || size != n || n == 2 && (r < 0xA0 || r > 0x17F) {
		// Two characters stand for a Latin letter or sign, not for
		// anything: "Fuß“" is German, not "Fu" and U+07D3.
		return 0, 0
	}
	return r, n
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
