package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Pages that declare no date in their metadata (many Chinese news and
// blog pages) print it between the headline and the text: "2021-04-10
// 10:30", "2021年04月10日 10:30", "发表于 2005-9-15 11:46:00". textDate
// reads, in order: the date nearest to where the article's text starts
// in the page (a little before it or at its head), the first date after
// the headline, the first date on the page. The zone is unknown: the
// wall-clock time is returned as UTC.
var textDateRE = regexp.MustCompile(`((?:19|20)\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?`)

// dateWindow is how far after the headline (in bytes of text) a date is
// taken as the article's.
const dateWindow = 3000

func textDate(text, title, article string) time.Time {
	if p := articleStart(text, article); p >= 0 {
		lo, hi := max(0, p-dateBefore), min(len(text), p+dateAfter)
		var best time.Time
		bestDist := -1
		for _, d := range allDates(text[lo:hi]) {
			dist := lo + d.at - p
			if dist < 0 {
				dist = -dist
			}
			if bestDist < 0 || dist < bestDist {
				best, bestDist = d.t, dist
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	if title != "" {
		if i := strings.Index(text, title); i >= 0 {
			after := text[i+len(title):]
			if t := firstDate(after[:min(len(after), dateWindow)]); !t.IsZero() {
				return t
			}
		}
	}
	return firstDate(text)
}

// The window around the article's start where its date is looked for,
// in bytes of text.
const (
	dateBefore = 400
	dateAfter  = 200
)

// articleStart finds where the article's first words stand in the page's
// text; -1 when they cannot be found.
func articleStart(text, article string) int {
	head := collapseSpace(article[:min(len(article), 200)])
	r := []rune(head)
	if len(r) < 8 {
		return -1
	}
	return strings.Index(text, string(r[:min(len(r), 16)]))
}

type foundDate struct {
	t  time.Time
	at int
}

func firstDate(s string) time.Time {
	if d := allDates(s); len(d) > 0 {
		return d[0].t
	}
	return time.Time{}
}

// allDates returns the valid dates in s in order, skipping digits that
// are part of a longer number.
func allDates(s string) []foundDate {
	var out []foundDate
	for _, m := range findDates(s, 16) {
		if m[0] > 0 && isDigit(s[m[0]-1]) || m[1] < len(s) && isDigit(s[m[1]]) {
			continue
		}
		num := func(k int) int {
			if m[2*k] < 0 {
				return 0
			}
			v, _ := strconv.Atoi(s[m[2*k]:m[2*k+1]])
			return v
		}
		y, mo, d, h, mi, sec := num(1), num(2), num(3), num(4), num(5), num(6)
		if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
			continue
		}
		t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
		if t.Day() != d { // 31 February
			continue
		}
		out = append(out, foundDate{t, m[0]})
	}
	return out
}

// textDateAt is textDateRE anchored: a date starting where it is applied.
var textDateAt = regexp.MustCompile(`^(?:` + textDateRE.String() + `)`)

// findDates is textDateRE.FindAllStringSubmatchIndex(s, limit) without
// running the expression over all of s: a match starts with a year, 19dd
// or 20dd, and only those places are tried.
func findDates(s string, limit int) [][]int {
	var out [][]int
	for i := 0; i+4 <= len(s) && len(out) < limit; {
		if !(s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
			i++
			continue
		}
		m := textDateAt.FindStringSubmatchIndex(s[i:])
		if m == nil {
			i++
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += i
			}
		}
		out = append(out, m)
		i = m[1]
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Chinese bylines, strongest first: the author, the reporter, who
// posted a blog or forum entry ("由某某张贴 @ 2005-06-14", "某某 发表于
// 2005-9-15": posterName), the organ that issued a government document
// (发文机关), the editor (which news portals print at the foot and which
// is all some pages credit). A name is two to four Han characters,
// several joined by spaces or 、; an author or poster may also go by a
// handle. Each needs one of its cue words, which are looked for first:
// the scans are costly. (posterName finds its own cues; the issuing
// organ's pattern begins with its cue, which the scan looks for first.)
var textAuthors = []struct {
	cues []string
	find func(string) string
}{
	{[]string{"者"}, submatch(`作\s*者\s*[:：]\s*(?:(` + hanNames + `)(?:[^\p{Han}]|$)|(` + handle + `)(?:[^A-Za-z0-9_=]|$))`)},
	{[]string{"记者"}, submatch(`记者\s*(` + hanNames + `)(?:\s|[)）]|发自|报道|$)`)},
	{nil, posterName},
	{nil, submatch(`发文机关\s*[:：]\s*(\p{Han}{2,24})(?:[^\p{Han}]|$)`)},
	{[]string{"编辑"}, submatch(`(?:责任编辑|编辑)\s*[:：]\s*(` + hanNames + `)(?:[^\p{Han}]|$)`)},
}

// submatch returns a finder of the groups of expr's first match, joined.
func submatch(expr string) func(string) string {
	re := regexp.MustCompile(expr)
	return func(s string) string {
		if m := re.FindStringSubmatch(s); m != nil {
			return strings.TrimSpace(strings.Join(m[1:], ""))
		}
		return ""
	}
}

// hanNames is one name of two to four characters, then up to four more
// of two or three (a four-character run after a name is more often the
// next words than a name).
const hanNames = `\p{Han}{2,4}(?:[ 、]\p{Han}{2,3}){0,4}`

// handle is a user name in Latin letters and digits.
const handle = `[A-Za-z0-9_]{2,24}`

// textAuthor returns the first name a byline pattern finds, trying each
// pattern on the article's text before the page's (whose menus may hold
// a column named like a byline).
func textAuthor(article, page string) string {
	for _, ta := range textAuthors {
		for _, text := range []string{article, page} {
			if !hasCue(text, ta.cues) {
				continue
			}
			if name := ta.find(text); name != "" {
				return name
			}
		}
	}
	return ""
}

// hasCue reports whether text holds one of cues, or cues are none.
func hasCue(text string, cues []string) bool {
	if cues == nil {
		return true
	}
	for _, c := range cues {
		if strings.Contains(text, c) {
			return true
		}
	}
	return false
}

// posterCues are the verbs of a post's credit; 发表 is on most pages
// ("发表评论"), so posterName looks at the words around each rather than
// scanning the page.
var posterCues = []string{"张贴", "发表"}

// posterBefore is the credit's name before its verb: after 由 ("posted
// by"), or else a separate word (a Han name runs into the verb only
// after 由: "本文发表于2005年" names no one). posterAfter is the date
// after it: a year, after 于 or @.
var (
	posterBefore = regexp.MustCompile(`(?:由\s*(\p{Han}{2,8}|` + handle + `)\s*|(?:^|[^\p{Han}\w])(\p{Han}{2,8}|` + handle + `)\s+)$`)
	posterAfter  = regexp.MustCompile(`^\s*(?:于|@)?\s*[:：@]?\s*(?:19|20)\d\d`)
)

// posterWindow is how far before a verb (in bytes) its name is looked
// for: longer than any name, so that a cut word is too long to be one.
const posterWindow = 48

// posterName returns the name of the first post credit in s, "" when
// there is none.
func posterName(s string) string {
	for at := 0; at < len(s); {
		i, n := -1, 0
		for _, c := range posterCues {
			if j := strings.Index(s[at:], c); j >= 0 && (i < 0 || j < i) {
				i, n = j, len(c)
			}
		}
		if i < 0 {
			return ""
		}
		i += at
		at = i + n
		if !posterAfter.MatchString(s[at:min(len(s), at+16)]) {
			continue
		}
		lo := max(0, i-posterWindow)
		for lo < i && !utf8.RuneStart(s[lo]) {
			lo++
		}
		if m := posterBefore.FindStringSubmatch(s[lo:i]); m != nil {
			return strings.TrimSpace(m[1] + m[2])
		}
	}
	return ""
}

// siteLike reports an "author" that is a web address or a list of site
// names, which some pages put in their author meta tag.
func siteLike(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "www.") || strings.Contains(l, ".com") || strings.Contains(l, ".cn") ||
		strings.Count(s, ",") >= 2 || idLike(s) || companyLike(s)
}

// companySuffixes end the names of companies, which Chinese pages put in
// their author meta tag for whoever built the site or runs its content
// system ("某某网络", "某某科技有限公司"): a company does not write news.
var companySuffixes = []string{"公司", "集团", "网络", "科技", "技术", "工作室"}

// companyLike reports a company's name: a suffix of companySuffixes after
// at least two more characters.
func companyLike(s string) bool {
	for _, suf := range companySuffixes {
		if rest, ok := strings.CutSuffix(s, suf); ok && utf8.RuneCountInString(rest) >= 2 {
			return true
		}
	}
	return false
}

// idLike reports a content system's user ID ("L_104485") where a name
// should be: names do not hold four digits.
func idLike(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			digits++
		}
	}
	return digits >= 4
}
