package site

import (
	"strconv"
	"strings"
)

// calendar writes an iCalendar (RFC 5545) file of the cases' dates: one
// all-day event each. DTSTAMP is the case's last change, never the clock.
// name is what a calendar app lists it as.
func calendar(m *model, name string, cases []*Case) ([]byte, error) {
	var b strings.Builder
	line := func(s string) {
		// Fold at 75 octets, never inside a UTF-8 sequence.
		for len(s) > 75 {
			n := 75
			for n > 0 && s[n]&0xC0 == 0x80 {
				n--
			}
			b.WriteString(s[:n] + "\r\n")
			s = " " + s[n:]
		}
		b.WriteString(s + "\r\n")
	}
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//docket//cases//EN")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:" + icsText(m.site.Title+": "+name))
	host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(m.site.Abs("/"), "https://"), "http://"), "/")
	for _, c := range cases {
		stamp := c.LastChange().UTC().Format("20060102T150405Z")
		onDay := map[string]int{}
		for _, d := range c.byDate {
			// The UID counts only the dates of the same day before this
			// one: a date added on another day leaves it as it was, so an
			// app that imported the file updates the event, not doubles it.
			day := d.Time.Format("20060102")
			k := onDay[day]
			onDay[day]++
			line("BEGIN:VEVENT")
			line("UID:" + c.Slug + "-" + day + "-" + strconv.Itoa(k) + "@" + icsText(host))
			line("DTSTAMP:" + stamp)
			line("DTSTART;VALUE=DATE:" + d.Time.Format("20060102"))
			line("DTEND;VALUE=DATE:" + d.Time.AddDate(0, 0, 1).Format("20060102"))
			line("SUMMARY:" + icsText(c.Title+": "+d.What))
			line("URL:" + m.site.Abs(c.URL))
			line("END:VEVENT")
		}
	}
	line("END:VCALENDAR")
	return []byte(b.String()), nil
}

// icsText escapes a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "").Replace(s)
}
