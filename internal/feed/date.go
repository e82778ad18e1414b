package feed

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // feeds name zones (Asia/Shanghai) that a bare CI image may lack
)

// zonedLayouts carry their own offset or zone name.
var zonedLayouts = []string{
	time.RFC3339Nano,
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04 MST",
	"Monday, 2 Jan 2006 15:04:05 -0700",
	"Monday, 2 January 2006 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Mon, 2 January 2006 15:04:05 MST",
	"Mon Jan 2 15:04:05 -0700 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05-07:00",
	"2006-01-02T15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02T15:04-07:00",
}

// localLayouts have no zone: they are read in the feed's time zone.
var localLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	// Month and day unpadded too ("2018-9-8"), as Chinese sites write them.
	"2006-1-2 15:04:05",
	"2006-1-2 15:04",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006年1月2日 15:04:05",
	"2006年1月2日 15:04",
	"2006年1月2日",
	"Mon, 2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	"January 2, 2006 15:04",
	"Monday, January 2, 2006 3:04 PM",
	"January 2, 2006 3:04 PM",
	"Jan 2, 2006 3:04:05 PM",
	"Jan 2, 2006 3:04 PM",
	"2 January 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"01/02/2006 - 15:04", // Drupal's default, month first
	"02.01.2006 15:04",
	"02.01.2006",
	"2006-01-02",
	"2006-1-2",
	"2006/1/2",
}

var spaces = regexp.MustCompile(`\s+`)

// zoneComment is RFC 822's comment after a numeric zone: "+0100 (CET)".
var zoneComment = regexp.MustCompile(`([+-]\d{4}) \([^()]*\)$`)

// gmtOffset is a zone written as an offset from GMT or UTC ("GMT+8",
// "UTC+08:00"). Go reads "GMT+8" as a UTC time shown in +08:00, eight
// hours late, and the other forms not at all.
var gmtOffset = regexp.MustCompile(` ?(?:GMT|UTC)([+-])(\d{1,2}):?(\d{2})?$`)

// numericZone rewrites a gmtOffset zone as RFC 822's "+0800".
func numericZone(s string) string {
	m := gmtOffset.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	hh, mm := s[m[4]:m[5]], "00"
	if len(hh) == 1 {
		hh = "0" + hh
	}
	if m[6] >= 0 {
		mm = s[m[6]:m[7]]
	}
	return s[:m[0]] + " " + s[m[2]:m[3]] + hh + mm
}

// ParseDate reads a date as feeds write it: RFC 822 and RFC 3339 with their
// common deviations, zone names, and zone-less forms such as
// "2018-09-18 14:38:10", which are read in loc. Zone abbreviations that Go
// cannot resolve (CST, IST) are read in loc too, because the abbreviation
// is ambiguous but the feed's zone usually is the intended one.
//
// Day and month names in the languages of European feeds ("Seg, 24 Set
// 2018", "mar., 18 sept. 2018", "18 września 2023") are read as English
// ones when nothing else matched.
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(spaces.ReplaceAllString(s, " "))
	s = numericZone(zoneComment.ReplaceAllString(s, "$1"))
	if s == "" {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.UTC
	}
	if t, ok := parseLayouts(s, loc); ok {
		return t, true
	}
	if en, ok := englishNames(s); ok {
		return parseLayouts(en, loc)
	}
	return time.Time{}, false
}

// parseLayouts tries the zoned layouts, then the local ones.
func parseLayouts(s string, loc *time.Location) (time.Time, bool) {
	for _, layout := range zonedLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return fixUnknownZone(t, loc), true
		}
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// weekdayPrefix is a leading day name in any language: "Seg, ", "mar., ".
var weekdayPrefix = regexp.MustCompile(`^[\p{L}.]{1,12}, `)

// months are month names and abbreviations, lowercased, in the languages
// of feeds in Latin script (pt, es, fr, de, it, nl, pl; Polish also in the
// genitive, as dates write it), and English forms Go does not read.
var months = func() map[string]string {
	names := [12]string{
		"janeiro enero janvier janv januar jänner gennaio gen ene januari styczeń stycznia sty",
		"fevereiro fev febrero février févr fevrier fevr februar febbraio februari luty lutego lut",
		"março marco marzo mars märz maerz mär mrz maart mrt marzec marca",
		"abril abr avril avr aprile kwiecień kwietnia kwi",
		"maio mayo mai maggio mag mei maj maja",
		"junho junio juin juni giugno giu juni czerwiec czerwca cze",
		"julho julio juillet juil juli luglio lug lipiec lipca lip",
		"agosto ago août aout august augustus sierpień sierpnia sie",
		"setembro set septiembre setiembre septembre september settembre sept wrzesień września wrz",
		"outubro out octubre octobre oktober okt ottobre ott październik października paź paz",
		"novembro noviembre novembre listopad listopada lis",
		"dezembro dez diciembre dic décembre déc decembre dezember dicembre december grudzień grudnia gru",
	}
	m := map[string]string{}
	for i, list := range names {
		for _, n := range strings.Fields(list) {
			m[n] = time.Month(i + 1).String()[:3]
		}
	}
	return m
}()

// englishNames drops a leading day name and writes month names in English
// ("Seg, 24 Set 2018 19:42:40 -0300" → "24 Sep 2018 19:42:40 -0300"); ok
// is false when nothing changed.
func englishNames(s string) (string, bool) {
	out := weekdayPrefix.ReplaceAllString(s, "")
	words := strings.Split(out, " ")
	for i, w := range words {
		w = strings.TrimSuffix(w, ".") // "sept.", and German's "4. März"
		if en, ok := months[strings.ToLower(w)]; ok {
			words[i] = en
		} else if w != "" && strings.Trim(w, "0123456789") == "" {
			words[i] = w
		}
	}
	out = strings.Join(words, " ")
	return out, out != s
}

// zoneOffsets resolves the abbreviations feeds use most; Go knows only the
// abbreviations of the location it parses in.
var zoneOffsets = map[string]int{
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9,
	"HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
}

// fixUnknownZone re-reads a time whose zone abbreviation Go did not resolve
// (it then invents a zero offset with that name): with a known offset, else
// in loc.
func fixUnknownZone(t time.Time, loc *time.Location) time.Time {
	name, off := t.Zone()
	if off != 0 || name == "UTC" || name == "GMT" || name == "Z" || name == "UT" || name == "" {
		return t
	}
	if h, ok := zoneOffsets[name]; ok {
		loc = time.FixedZone(name, h*3600)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// zoneByLanguage is the default zone for a feed language; a source's
// timezone option overrides it.
var zoneByLanguage = map[string]string{
	"zh": "Asia/Shanghai", "zh-cn": "Asia/Shanghai", "zh-tw": "Asia/Taipei", "zh-hk": "Asia/Hong_Kong",
	"ja": "Asia/Tokyo", "ko": "Asia/Seoul", "de": "Europe/Berlin", "fr": "Europe/Paris",
	"pl": "Europe/Warsaw", "en-gb": "Europe/London", "en-in": "Asia/Kolkata",
}

var zoneByTLD = map[string]string{
	"cn": "Asia/Shanghai", "tw": "Asia/Taipei", "hk": "Asia/Hong_Kong", "jp": "Asia/Tokyo",
	"kr": "Asia/Seoul", "de": "Europe/Berlin", "fr": "Europe/Paris", "pl": "Europe/Warsaw",
	"uk": "Europe/London", "in": "Asia/Kolkata",
}

// Location picks the zone for zone-less dates: the explicit timezone, else
// the language (the source's, then the feed's), else the feed host's
// country domain, else UTC. A QQ feed with language zh-cn reads in
// Asia/Shanghai.
func Location(timezone, sourceLang, feedLang, feedURL string) *time.Location {
	names := []string{timezone}
	for _, l := range []string{sourceLang, feedLang} {
		l = strings.ToLower(strings.ReplaceAll(l, "_", "-"))
		names = append(names, zoneByLanguage[l], zoneByLanguage[primaryTag(l)])
	}
	if u, err := url.Parse(feedURL); err == nil {
		host := u.Hostname()
		names = append(names, zoneByTLD[host[strings.LastIndexByte(host, '.')+1:]])
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		if loc, err := time.LoadLocation(n); err == nil {
			return loc
		}
	}
	return time.UTC
}
