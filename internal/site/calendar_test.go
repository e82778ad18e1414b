package site

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"docket/internal/config"
	"docket/internal/content"
)

// calendarUIDs builds the calendar of one case with these dates and
// returns each event's UID by "date what".
func calendarUIDs(t *testing.T, dates []content.CaseDate) map[string]string {
	t.Helper()
	m := &model{site: config.Site{Title: "T", BaseURL: "https://example.org/"}}
	d := &content.Doc{Slug: "c", Entry: content.Entry{Title: "C", Opened: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Dates: dates}}
	out, err := calendar(m, "C", []*Case{m.newCase(d)})
	if err != nil {
		t.Fatal(err)
	}
	uids := map[string]string{}
	ev := regexp.MustCompile(`UID:(\S+)\r\n(?s:.*?)DTSTART;VALUE=DATE:(\d{8})\r\n(?s:.*?)SUMMARY:C: ([^\r]*)\r\n`)
	for _, g := range ev.FindAllStringSubmatch(string(out), -1) {
		uids[g[2]+" "+g[3]] = g[1]
	}
	if len(uids) != len(dates) {
		t.Fatalf("%d events parsed, want %d:\n%s", len(uids), len(dates), out)
	}
	return uids
}

// TestCalendarUIDsStable: an event's UID names its case, day and place
// among that day's dates, so adding a date to a case (earlier, or
// elsewhere in the file) leaves the other events' UIDs alone, and a
// calendar app that imported the file before updates them instead of
// adding them twice.
func TestCalendarUIDsStable(t *testing.T) {
	day := func(s string) time.Time { d, _ := content.ParseDate(s); return d }
	base := []content.CaseDate{
		{What: "hearing", Time: day("2026-03-01")},
		{What: "ruling", Time: day("2026-06-01")},
		{What: "second hearing day", Time: day("2026-03-01")},
		{What: "filing 9h", Time: day("2026-09-01T09:00:00Z")},
		{What: "filing 14h", Time: day("2026-09-01T14:00:00Z")},
	}
	before := calendarUIDs(t, base)
	seen := map[string]bool{}
	for k, uid := range before {
		if seen[uid] {
			t.Errorf("%s: UID %s repeated", k, uid)
		}
		seen[uid] = true
	}
	for _, tc := range []struct {
		name  string
		added content.CaseDate
		at    int
	}{
		{"earlier date first", content.CaseDate{What: "complaint", Time: day("2025-01-01")}, 0},
		{"earlier date last", content.CaseDate{What: "complaint", Time: day("2025-01-01")}, 5},
		{"between", content.CaseDate{What: "brief", Time: day("2026-04-01")}, 1},
		{"later", content.CaseDate{What: "appeal", Time: day("2027-01-01")}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			after := calendarUIDs(t, append(append(append([]content.CaseDate{}, base[:tc.at]...), tc.added), base[tc.at:]...))
			for k, uid := range before {
				if after[k] != uid {
					t.Errorf("%s: UID %s became %s", k, uid, after[k])
				}
			}
		})
	}
}

// TestCalendarNames: a calendar app lists subscribed calendars by
// X-WR-CALNAME, so a case's own calendar is named after its case and
// two of them can be told apart; the site's calendar names the site.
func TestCalendarNames(t *testing.T) {
	out := build(t, project(t))
	for _, tc := range []struct{ file, want string }{
		{"calendar.ics", "X-WR-CALNAME:Fixture tracker: case dates\r\n"},
		{"cases/marketplace-exclusivity/calendar.ics", "X-WR-CALNAME:Fixture tracker: Regulator v. marketplace — exclusivity\r\n"},
	} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(tc.file)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), tc.want) {
			t.Errorf("%s lacks %q:\n%s", tc.file, tc.want, data)
		}
	}
}

// TestYearItems: a year's entries, found by the ends of its run in the
// timeline, are those a reading of every entry finds, in the same order,
// for every year the model has, its first and last included, and none
// for a year around them.
func TestYearItems(t *testing.T) {
	s := loadSynth(t, synthProject(t, 1500))
	b := s.b
	years := append([]int{b.m.years[0] + 1, b.m.years[len(b.m.years)-1] - 1}, b.m.years...)
	total := 0
	for _, y := range years {
		var want []*Item
		for _, it := range b.m.items {
			if it.Date.Year() == y {
				want = append(want, it)
			}
		}
		got := b.yearItems(y)
		if !slices.Equal(got, want) {
			t.Errorf("%d: %d entries, want %d", y, len(got), len(want))
		}
		total += len(got)
	}
	if total != len(b.m.items) || len(b.m.years) < 2 {
		t.Errorf("%d entries over %d years, want all %d over two or more", total, len(b.m.years), len(b.m.items))
	}
}
