package sources

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"time"
	"unicode/utf8"

	"docket/internal/projfile"
)

// State is feeds/state.json: what the fetch runs learned about each feed.
// It is committed by CI, so it is written deterministically: keys sorted,
// times in UTC with second precision, empty fields omitted.
//
// A fetch that only polls (every feed answers 304) changes the polling
// fields: last_fetch, last_success, next_fetch, status and the counters of
// the day in days. The health fields (url, failing_since, moved_to) change
// only when a feed moves, starts failing or recovers; the scheduled
// workflow commits the state when those or content/ change, and carries
// the polling fields from run to run in its cache.
//
// Written is every item fetch wrote that was still in content/ when a run
// last looked: a file fetch wrote that is gone from content/ by the next
// run was deleted by an editor, and becomes a line in feeds/removed.yaml.
type State struct {
	Feeds   map[string]*FeedState `json:"feeds"`
	Written []ItemRef             `json:"written,omitempty"`
}

// FeedState is the record of one feed, keyed by its ID.
type FeedState struct {
	URL          string    `json:"url"`                     // the URL the validators belong to
	ETag         string    `json:"etag,omitempty"`          // validator for If-None-Match
	LastModified string    `json:"last_modified,omitempty"` // validator for If-Modified-Since
	LastFetch    time.Time `json:"last_fetch,omitzero"`     // last attempt
	LastSuccess  time.Time `json:"last_success,omitzero"`   // last 200 or 304
	NextFetch    time.Time `json:"next_fetch,omitzero"`     // not before, unless --force
	Status       int       `json:"status,omitempty"`        // last HTTP status
	Error        string    `json:"error,omitempty"`         // last error, empty after a success
	Failures     int       `json:"failures,omitempty"`      // consecutive failed runs
	MovedTo      string    `json:"moved_to,omitempty"`      // permanent redirect target: update feeds.yaml
	Items        int       `json:"items,omitempty"`         // items in the last parsed copy
	FailingSince time.Time `json:"failing_since,omitzero"`  // first failure of the current run of failures
	Backfilling  bool      `json:"backfilling,omitempty"`   // the first fetch's items are not all written yet
	HeldSince    time.Time `json:"held_since,omitzero"`     // first run that held items back for their articles' hosts (fetch.MaxHold)
	Days         []Day     `json:"days,omitempty"`          // the last HistoryDays days with a fetch, oldest first
}

// HistoryDays is how many days of counters a feed keeps: the window of
// the status page's figures.
const HistoryDays = 30

// Day counts one UTC day of a feed's fetches.
type Day struct {
	Date        string `json:"date"`                   // 2006-01-02, UTC
	Checks      int    `json:"checks"`                 // requests made (skipped feeds make none)
	NotModified int    `json:"not_modified,omitempty"` // of which answered 304
	Written     int    `json:"written,omitempty"`      // items selected and written to content/
}

// Today returns the counters of now's UTC day, creating them, and drops
// the days that have left the window.
func (fs *FeedState) Today(now time.Time) *Day {
	date := now.UTC().Format(time.DateOnly)
	fs.Days = slices.DeleteFunc(fs.Days, func(d Day) bool { return !inWindow(d.Date, now) })
	i, found := slices.BinarySearchFunc(fs.Days, date, func(d Day, date string) int { return cmp.Compare(d.Date, date) })
	if !found {
		fs.Days = slices.Insert(fs.Days, i, Day{Date: date})
	}
	return &fs.Days[i]
}

// Window sums the counters of the HistoryDays days up to ref's day.
func (fs *FeedState) Window(ref time.Time) Day {
	var sum Day
	for _, d := range fs.Days {
		if inWindow(d.Date, ref) && d.Date <= ref.UTC().Format(time.DateOnly) {
			sum.Checks += d.Checks
			sum.NotModified += d.NotModified
			sum.Written += d.Written
		}
	}
	return sum
}

// inWindow reports whether date is one of the HistoryDays days that end
// with ref's day (or later).
func inWindow(date string, ref time.Time) bool {
	return date > ref.UTC().AddDate(0, 0, -HistoryDays).Format(time.DateOnly)
}

// Newest is the latest time the state records a fetch at (next_fetch, a
// plan, does not count); zero for an empty state. Reports about the state
// use it as "now", so that they depend on the state alone.
func (s *State) Newest() time.Time {
	var t time.Time
	for _, fs := range s.Feeds {
		for _, u := range []time.Time{fs.LastFetch, fs.LastSuccess, fs.FailingSince} {
			if u.After(t) {
				t = u
			}
		}
	}
	return t
}

// MaxState bounds feeds/state.json. Its ledger of written items grows
// by ~410 bytes an item and is never pruned while the files stay: a
// tracker of 100 feeds (~150,000 items a year) passed a settings file's
// 16 MiB in about three months, and then every fetch, check and build
// failed. 256 MiB is some four years of such a tracker.
const MaxState = 256 << 20

// LoadState reads feeds/state.json; a missing file is an empty state.
func LoadState(path string) (*State, error) {
	s := &State{Feeds: map[string]*FeedState{}}
	data, err := projfile.ReadFile(path, MaxState)
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feed: state: %w", err)
	}
	return decodeState(path, data)
}

// decodeState decodes the state file path holds, data.
func decodeState(path string, data []byte) (*State, error) {
	s := &State{}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("feed: state %s: %w", jsonPlace(path, data, err), err)
	}
	return s.tidy(), nil
}

// LoadFeedStates is LoadState without the ledger of written items, which
// only fetch needs: the status page read a 50,000-item ledger (20 MB,
// 0.2 s) at every build, twice. The state is read up to the end of its
// feeds' records, which Marshal writes first; a file it cannot read so
// is decoded whole, for LoadState's error.
func LoadFeedStates(path string) (*State, error) {
	data, err := projfile.ReadFile(path, MaxState)
	if os.IsNotExist(err) {
		return &State{Feeds: map[string]*FeedState{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feed: state: %w", err)
	}
	s := &State{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return decodeState(path, data)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return decodeState(path, data)
		}
		if key != "feeds" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return decodeState(path, data)
			}
			continue
		}
		if err := dec.Decode(&s.Feeds); err != nil {
			return decodeState(path, data)
		}
		return s.tidy(), nil
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return decodeState(path, data) // cut short: "{" alone
	}
	return s.tidy(), nil
}

// tidy makes a state read from a file safe to use.
func (s *State) tidy() *State {
	if s.Feeds == nil {
		s.Feeds = map[string]*FeedState{}
	}
	// A record written as null (a hand edit to reset a feed) is no
	// record: kept as nil, it would crash every reader of the state.
	maps.DeleteFunc(s.Feeds, func(_ string, fs *FeedState) bool { return fs == nil })
	return s
}

// jsonPlace is path:line:column of the byte where decoding data failed,
// or path when err does not say: a state cut short or left with a
// merge's conflict markers is found by its line, not by a byte offset.
func jsonPlace(path string, data []byte, err error) string {
	var off int64
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset // just past the byte that broke the syntax
	case errors.As(err, &te):
		off = te.Offset // just past the first byte of the value
	default:
		return path
	}
	off = min(max(off-1, 0), int64(len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	line := bytes.Count(data[:off], []byte("\n")) + 1
	return fmt.Sprintf("%s:%d:%d", path, line, utf8.RuneCount(data[start:off])+1)
}

// Feed returns the record for id, creating it when absent.
func (s *State) Feed(id string) *FeedState {
	fs := s.Feeds[id]
	if fs == nil {
		fs = &FeedState{}
		s.Feeds[id] = fs
	}
	return fs
}

// Marshal returns the deterministic JSON of the state.
func (s *State) Marshal() ([]byte, error) {
	for _, fs := range s.Feeds {
		fs.truncateTimes()
	}
	slices.SortFunc(s.Written, func(a, b ItemRef) int {
		return cmp.Or(cmp.Compare(a.Feed, b.Feed), cmp.Compare(a.ID, b.ID), cmp.Compare(a.URL, b.URL), cmp.Compare(a.GUID, b.GUID))
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("feed: state: %w", err)
	}
	return buf.Bytes(), nil
}

// Save writes the state atomically: a temporary file in the same directory,
// synced, then renamed over the old one, so a crash leaves either version.
func (s *State) Save(path string) error {
	data, err := s.Marshal()
	if err != nil {
		return err
	}
	return writeFile(path, data)
}

func (fs *FeedState) truncateTimes() {
	for _, t := range []*time.Time{&fs.LastFetch, &fs.LastSuccess, &fs.NextFetch, &fs.FailingSince} {
		if !t.IsZero() {
			*t = t.UTC().Truncate(time.Second)
		}
	}
}

// writeFile replaces path with data, synced to disk (projfile.Replace).
func writeFile(path string, data []byte) error {
	if err := projfile.Replace(path, data); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	return nil
}
