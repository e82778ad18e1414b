package sources

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestHealthStale(t *testing.T) {
	ref := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	tests := []struct {
		name     string
		failures int
		since    time.Duration // before ref; 0: not failing
		disabled bool
		stale    bool
	}{
		{"healthy", 0, 0, false, false},
		{"many failures, recent", 9, 2 * 24 * time.Hour, false, false},
		{"old, few failures", 4, 10 * 24 * time.Hour, false, false},
		{"old and many", 5, week, false, true},
		{"just short of a week", 5, week - time.Second, false, false},
		{"disabled", 12, 30 * 24 * time.Hour, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &State{Feeds: map[string]*FeedState{}}
			fs := st.Feed("x")
			fs.LastFetch, fs.Failures = ref, tc.failures
			if tc.since > 0 {
				fs.FailingSince = ref.Add(-tc.since)
			}
			srcs := &Sources{Feeds: []Source{{ID: "x", Title: "X", Disabled: tc.disabled}}}
			h := NewHealth(srcs, st, time.Time{})
			if got := h.Sources[0].Stale; got != tc.stale {
				t.Errorf("stale = %v, want %v", got, tc.stale)
			}
			if got := len(h.Stale()); got != map[bool]int{true: 1}[tc.stale] {
				t.Errorf("Stale() lists %d", got)
			}
		})
	}
}

func TestHealthReferenceAndCounts(t *testing.T) {
	last := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	st := &State{Feeds: map[string]*FeedState{}}
	a := st.Feed("a")
	a.LastFetch, a.LastSuccess = last, last
	d := a.Today(last.AddDate(0, 0, -40)) // out of the window by the reference
	d.Checks, d.Written = 5, 5
	d = a.Today(last.AddDate(0, 0, -2))
	d.Checks, d.NotModified, d.Written = 2, 1, 1
	d = a.Today(last)
	d.Checks, d.NotModified = 1, 1
	st.Feed("gone").LastFetch = last.Add(-time.Hour) // no longer in feeds.yaml

	srcs := &Sources{Feeds: []Source{{ID: "b", Title: "B"}, {ID: "a", Title: "A"}}}
	h := NewHealth(srcs, st, time.Time{})
	if !h.Reference.Equal(last) {
		t.Errorf("reference %v, want the newest time in the state", h.Reference)
	}
	if len(h.Sources) != 2 || h.Sources[0].ID != "a" || h.Sources[1].ID != "b" {
		t.Fatalf("sources %+v, want a and b in order", h.Sources)
	}
	if s := h.Sources[0]; s.Checks != 3 || s.NotModified != 2 || s.NotModRate != 0.67 || s.Written != 1 {
		t.Errorf("a: %+v", s)
	}
	if s := h.Sources[1]; s.Checks != 0 || !s.LastFetch.IsZero() {
		t.Errorf("b, never fetched: %+v", s)
	}

	later := last.AddDate(0, 0, 29)
	if h := NewHealth(srcs, st, later); !h.Reference.Equal(later) || h.Sources[0].Checks != 1 {
		t.Errorf("with a later SOURCE_DATE_EPOCH: reference %v, %+v", h.Reference, h.Sources[0])
	}
	if h := NewHealth(srcs, st, last.AddDate(-1, 0, 0)); !h.Reference.Equal(last) {
		t.Errorf("an earlier SOURCE_DATE_EPOCH moved the reference to %v", h.Reference)
	}
	if h := NewHealth(nil, st, time.Time{}); len(h.Sources) != 2 || h.Sources[1].ID != "gone" {
		t.Errorf("without feeds.yaml: %+v", h.Sources)
	}
}

func TestLoadHealthMissingFiles(t *testing.T) {
	h, err := LoadHealth(t.TempDir(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !h.Reference.IsZero() || len(h.Sources) != 0 {
		t.Errorf("no files, yet %+v", h)
	}
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "feeds"), 0o755)
	os.WriteFile(filepath.Join(root, "feeds", "state.json"), []byte("{"), 0o644)
	if _, err := LoadHealth(root, time.Time{}); err == nil {
		t.Error("a broken state.json is not an error")
	}
}

func TestHealthAgo(t *testing.T) {
	ref := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	h := &Health{Reference: ref}
	for d, want := range map[time.Duration]string{
		0: "now", -30 * time.Minute: "now", -5 * time.Hour: "5h ago", -50 * time.Hour: "2d ago",
		3 * time.Hour: "in 3h", 72 * time.Hour: "in 3d",
	} {
		if got := h.Ago(ref.Add(d)); got != want {
			t.Errorf("Ago(%v) = %q, want %q", d, got, want)
		}
	}
	if h.Ago(time.Time{}) != "" {
		t.Error("a zero time has an age")
	}
}
