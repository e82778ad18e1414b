package sources

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStateDays(t *testing.T) {
	day0 := time.Date(2026, 11, 1, 23, 30, 0, 0, time.UTC)
	fs := &FeedState{}
	fs.Today(day0).Checks++
	fs.Today(day0.Add(time.Hour)).Checks++ // Nov 2 in UTC
	d := fs.Today(day0.Add(2 * time.Hour))
	d.Checks++
	d.NotModified++
	d.Written += 3
	// A clock that goes back (a test, a machine with a bad clock) still
	// files the day in order.
	fs.Today(day0.Add(-48*time.Hour)).Checks++

	var dates []string
	for _, d := range fs.Days {
		dates = append(dates, d.Date)
	}
	if got := strings.Join(dates, " "); got != "2026-10-30 2026-11-01 2026-11-02" {
		t.Fatalf("days %s", got)
	}
	if w := fs.Window(day0.Add(2 * time.Hour)); w != (Day{Checks: 4, NotModified: 1, Written: 3}) {
		t.Errorf("window %+v", w)
	}
	// The window ends at the reference: later days do not count.
	if w := fs.Window(day0); w.Checks != 2 {
		t.Errorf("window up to Nov 1: %+v", w)
	}
	// 30 days on, Oct 30 and Nov 1 have left the window.
	later := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	if w := fs.Window(later); w != (Day{Checks: 2, NotModified: 1, Written: 3}) {
		t.Errorf("window on Dec 1: %+v", w)
	}
	fs.Today(later)
	if len(fs.Days) != 2 || fs.Days[0].Date != "2026-11-02" {
		t.Errorf("after pruning: %+v", fs.Days)
	}
}

func TestStateNewestAndRoundTrip(t *testing.T) {
	s := &State{Feeds: map[string]*FeedState{}}
	if !s.Newest().IsZero() {
		t.Fatal("empty state has a newest time")
	}
	t1 := time.Date(2026, 11, 2, 10, 0, 0, 500, time.UTC)
	s.Feed("b").LastFetch = t1
	s.Feed("b").NextFetch = t1.Add(48 * time.Hour) // a plan, not an event
	s.Feed("a").FailingSince = t1.Add(time.Minute)
	if got := s.Newest(); !got.Equal(t1.Add(time.Minute)) {
		t.Errorf("newest %v", got)
	}
	s.Feed("a").Today(t1).Checks = 2

	path := filepath.Join(t.TempDir(), "state.json")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	a, b := mustMarshal(t, s), mustMarshal(t, back)
	if a != b {
		t.Errorf("state changed on a round trip:\n%s\n%s", a, b)
	}
	if !strings.Contains(a, `"failing_since": "2026-11-02T10:01:00Z"`) || !strings.Contains(a, `"date": "2026-11-02"`) {
		t.Errorf("state:\n%s", a)
	}
}

func mustMarshal(t *testing.T, s *State) string {
	t.Helper()
	data, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
