package sources

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A source is stale when it has been failing for at least StaleAfter and
// for at least StaleFailures fetches in a row. Both must hold: fetch backs
// off a failing feed (up to a day between tries), so a week of failures
// is a handful of tries, and a single failure after a long pause in
// fetching says nothing about a week.
const (
	StaleAfter    = 7 * 24 * time.Hour
	StaleFailures = 5
)

// Health is the state of every source as of a reference time: the data
// of /status.json and of the status page.
type Health struct {
	// Reference is the report's "now": the newest time recorded in
	// feeds/state.json, or the build's SOURCE_DATE_EPOCH if that is later,
	// never the wall clock, so that a build depends on its inputs alone.
	// Zero when nothing was ever fetched.
	Reference     time.Time      `json:"reference,omitzero"`
	WindowDays    int            `json:"window_days"`    // the span of the 30-day figures
	StaleAfter    string         `json:"stale_after"`    // see StaleAfter
	StaleFailures int            `json:"stale_failures"` // see StaleFailures
	Sources       []SourceStatus `json:"sources"`        // by title (else ID), then ID
}

// SourceStatus is one source's line in Health. The counts cover the
// WindowDays days up to the reference.
type SourceStatus struct {
	ID           string    `json:"id"`
	Title        string    `json:"title,omitempty"`
	URL          string    `json:"url,omitempty"`
	Disabled     bool      `json:"disabled,omitempty"`
	LastFetch    time.Time `json:"last_fetch,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	NextFetch    time.Time `json:"next_fetch,omitzero"` // next eligible fetch
	HTTPStatus   int       `json:"http_status,omitempty"`
	Error        string    `json:"error,omitempty"`      // the last error's class (ErrorClass), never its text
	ErrorHost    string    `json:"error_host,omitempty"` // the host the failing fetch asked
	RawError     string    `json:"-"`                    // the last error's text, for docket check: may hold machine details
	Failures     int       `json:"failures"`             // in a row
	FailingSince time.Time `json:"failing_since,omitzero"`
	MovedTo      string    `json:"moved_to,omitempty"`
	Checks       int       `json:"checks"`            // requests made
	NotModified  int       `json:"not_modified"`      // of which answered 304
	NotModRate   float64   `json:"not_modified_rate"` // NotModified/Checks, two decimals
	Written      int       `json:"written"`           // items selected and written to content/
	Stale        bool      `json:"stale"`
}

// NewHealth reports on the sources of feeds.yaml (srcs, which may be nil:
// then on every feed the state knows) from the fetch state.
func NewHealth(srcs *Sources, st *State, sourceDate time.Time) *Health {
	h := &Health{
		Reference: st.Newest(), WindowDays: HistoryDays,
		StaleAfter: StaleAfter.String(), StaleFailures: StaleFailures, Sources: []SourceStatus{},
	}
	if sourceDate.After(h.Reference) {
		h.Reference = sourceDate
	}
	h.Reference = h.Reference.UTC().Truncate(time.Second)
	if srcs == nil {
		srcs = &Sources{}
		for id, fs := range st.Feeds {
			srcs.Feeds = append(srcs.Feeds, Source{ID: id, URL: fs.URL})
		}
	}
	for _, src := range srcs.Feeds {
		h.Sources = append(h.Sources, h.source(src, st.Feeds[src.ID]))
	}
	// By the name the status page shows, as a reader looks one up.
	slices.SortFunc(h.Sources, func(a, b SourceStatus) int {
		return cmp.Or(cmp.Compare(strings.ToLower(cmp.Or(a.Title, a.ID)), strings.ToLower(cmp.Or(b.Title, b.ID))), cmp.Compare(a.ID, b.ID))
	})
	return h
}

func (h *Health) source(src Source, fs *FeedState) SourceStatus {
	s := SourceStatus{ID: src.ID, Title: src.Title, URL: src.URL, Disabled: src.Disabled}
	if fs == nil {
		return s
	}
	w := fs.Window(h.Reference)
	s.LastFetch, s.LastSuccess, s.NextFetch = fs.LastFetch, fs.LastSuccess, fs.NextFetch
	s.HTTPStatus, s.RawError, s.Failures, s.FailingSince, s.MovedTo = fs.Status, fs.Error, fs.Failures, fs.FailingSince, fs.MovedTo
	if fs.Error != "" {
		s.Error, s.ErrorHost = ErrorClass(fs.Error, fs.Status), urlHost(cmp.Or(fs.URL, src.URL))
	}
	s.Checks, s.NotModified, s.Written = w.Checks, w.NotModified, w.Written
	if w.Checks > 0 {
		s.NotModRate = math.Round(100*float64(w.NotModified)/float64(w.Checks)) / 100
	}
	// The run of failures spans failing_since to the last try, the
	// feed's own last_fetch. Measured to the reference instead, one
	// feed's time from a clock ahead made every failing feed stale.
	end := fs.LastFetch
	if end.IsZero() { // a state from before last_fetch
		end = h.Reference
	}
	s.Stale = !src.Disabled && fs.Failures >= StaleFailures && !fs.FailingSince.IsZero() &&
		end.Sub(fs.FailingSince) >= StaleAfter
	return s
}

// Stale lists the sources that are stale.
func (h *Health) Stale() []SourceStatus {
	var out []SourceStatus
	for _, s := range h.Sources {
		if s.Stale {
			out = append(out, s)
		}
	}
	return out
}

// StaleDays is StaleAfter in days, for the status page.
func (h *Health) StaleDays() int { return int(StaleAfter / (24 * time.Hour)) }

// LoadHealth reads feeds/feeds.yaml and feeds/state.json under root; a
// missing file means no data, not an error.
func LoadHealth(root string, sourceDate time.Time) (*Health, error) {
	srcs, err := LoadSources(filepath.Join(root, "feeds", "feeds.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		srcs, err = nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	st, err := LoadFeedStates(filepath.Join(root, "feeds", "state.json"))
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	return NewHealth(srcs, st, sourceDate), nil
}

// Ago says how long before the reference t was, in whole days or hours
// ("3d", "5h", "now"), for the status page.
func (h *Health) Ago(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := h.Reference.Sub(t)
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	case d > -time.Hour:
		return "now"
	case d > -48*time.Hour:
		return fmt.Sprintf("in %dh", int(-d/time.Hour))
	}
	return fmt.Sprintf("in %dd", int(-d/(24*time.Hour)))
}
