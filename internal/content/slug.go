package content

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

const maxSlug = 64

// Slug makes a lower-case ASCII slug from a title: letters with diacritics
// lose them, everything else becomes a hyphen. A title with no Latin letter
// is spelt in pinyin when it is Chinese (新华网 → xin-hua-wang), so that its
// permalink can be read; a title that has neither (Japanese with kana,
// Korean, Arabic…) gets "item-" and a short hash of the title, so that
// distinct titles get distinct slugs.
//
// Only titles that used to get a hash are spelt in pinyin: a title with a
// Latin letter keeps the slug it always had. Entries take their slug from
// their file name, so a file once written keeps its permalink whatever
// Slug makes later.
//
// A slug Windows keeps for a device (con, nul, com1…: a file con.md
// cannot be checked out there) gets the hash too.
func Slug(title string) string {
	s := latinSlug(title)
	if !hasLetter(s) {
		if py, ok := pinyinOf(title); ok && hasLetter(latinSlug(py)) {
			s = latinSlug(py)
		}
	}
	if hasLetter(s) && !windowsDevice.MatchString(s) {
		return s
	}
	sum := sha256.Sum256([]byte(title))
	if s != "" {
		return s + "-" + hex.EncodeToString(sum[:4])
	}
	return "item-" + hex.EncodeToString(sum[:4])
}

// windowsDevice matches the names Windows keeps for devices, whatever
// their extension.
var windowsDevice = regexp.MustCompile(`^(con|prn|aux|nul|com[0-9]|lpt[0-9])$`)

func hasLetter(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' })
}

// pinyinOf spells the Han characters of a Chinese title in toneless
// pinyin, one word each, leaving the rest as it is. A title with kana or
// Hangul is Japanese or Korean, which Mandarin readings would misspell:
// ok is false for it, and for a title without Han characters.
func pinyinOf(title string) (string, bool) {
	if strings.ContainsFunc(title, func(r rune) bool {
		return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
	}) || !strings.ContainsFunc(title, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return "", false
	}
	args := pinyin.NewArgs() // toneless, first reading
	var b strings.Builder
	for _, r := range title {
		if py := pinyin.SinglePinyin(r, args); unicode.Is(unicode.Han, r) && len(py) > 0 {
			b.WriteString(" " + py[0] + " ")
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// latinSlug is Slug for the Latin letters and digits of title alone.
func latinSlug(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(latin.Replace(strings.ToLower(title))) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// combining marks and apostrophes vanish: "don't" → "dont"
		default:
			hyphen = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	s := b.String()
	if len(s) >= maxSlug {
		if i := strings.LastIndexByte(s[:maxSlug], '-'); i > maxSlug/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s[:min(len(s), maxSlug)], "-")
	}
	return s
}

// latin spells out the Latin letters that have no decomposition.
var latin = strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i")

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is a slug docket would make: lower-case ASCII
// letters and digits joined by single hyphens.
func ValidSlug(s string) bool { return len(s) <= 2*maxSlug && slugRE.MatchString(s) }

// NewsPath is where a news item lives, relative to content/:
// news/YYYY/MM/slug.md.
func NewsPath(date time.Time, slug string) string {
	return path.Join("news", date.Format("2006"), date.Format("01"), safeSlug(slug)+".md")
}

// EventPath is where an editor event lives: events/YYYY-MM-DD-slug.md.
func EventPath(date time.Time, slug string) string {
	return path.Join("events", date.Format("2006-01-02")+"-"+safeSlug(slug)+".md")
}

// PagePath is where a page lives: pages/slug.md.
func PagePath(slug string) string { return path.Join("pages", safeSlug(slug)+".md") }

// safeSlug re-slugs anything that is not already a valid slug, so that no
// caller can smuggle a separator or ".." into a path.
func safeSlug(s string) string {
	if ValidSlug(s) {
		return s
	}
	return Slug(s)
}

// newsRE, eventRE and pageRE are the file layouts of the three kinds,
// relative to content/ and without ".md".
var (
	newsRE  = regexp.MustCompile(`^news/(\d{4})/(\d{2})/([^/]+)$`)
	eventRE = regexp.MustCompile(`^events/(\d{4}-\d{2}-\d{2})-([^/]+)$`)
	pageRE  = regexp.MustCompile(`^pages/([^/]+)$`)
)

// classify tells the kind and slug of a file from its path relative to
// content/ (slash-separated, without ".md").
func classify(rel string) (Kind, string, time.Time, error) {
	if m := newsRE.FindStringSubmatch(rel); m != nil {
		if m[2] < "01" || m[2] > "12" {
			return News, m[3], time.Time{}, fmt.Errorf("bad month %q in the folder: news go in news/YYYY/MM/slug.md, MM from 01 to 12", m[2])
		}
		return News, m[3], time.Time{}, checkSlug(m[3])
	}
	if m := eventRE.FindStringSubmatch(rel); m != nil {
		d, err := time.Parse("2006-01-02", m[1])
		if err != nil {
			return Event, m[2], d, fmt.Errorf("bad date %q in the file name: use YYYY-MM-DD-slug.md", m[1])
		}
		return Event, m[2], d, checkSlug(m[2])
	}
	if m := pageRE.FindStringSubmatch(rel); m != nil {
		return Page, m[1], time.Time{}, checkSlug(m[1])
	}
	if slug, ok, err := classifyCase(rel); ok {
		return Case, slug, time.Time{}, err
	}
	return "", "", time.Time{}, fmt.Errorf("not a place for an entry: news go in news/YYYY/MM/slug.md, events in events/YYYY-MM-DD-slug.md, pages in pages/slug.md, cases in cases/slug.md")
}

func checkSlug(s string) error {
	if !ValidSlug(s) {
		return fmt.Errorf("bad file name %q: use lower-case letters, digits and hyphens (try %q)", s, Slug(s))
	}
	return nil
}
