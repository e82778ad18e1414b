package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// State is feeds/state.json: what the fetch runs learned about each feed.
// It is committed by CI, so it is written deterministically: keys sorted,
// times in UTC with second precision, empty fields omitted.
type State struct {
	Feeds map[string]*FeedState `json:"feeds"`
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
}

// LoadState reads feeds/state.json; a missing file is an empty state.
func LoadState(path string) (*State, error) {
	s := &State{Feeds: map[string]*FeedState{}}
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feed: state: %w", err)
	}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("feed: state %s: %w", path, err)
	}
	if s.Feeds == nil {
		s.Feeds = map[string]*FeedState{}
	}
	return s, nil
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
	return WriteFileAtomic(path, data)
}

func (fs *FeedState) truncateTimes() {
	for _, t := range []*time.Time{&fs.LastFetch, &fs.LastSuccess, &fs.NextFetch} {
		if !t.IsZero() {
			*t = t.UTC().Truncate(time.Second)
		}
	}
}

// WriteFileAtomic replaces path with data via a synced temporary file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("feed: write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("feed: sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("feed: close %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	return nil
}
