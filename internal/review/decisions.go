package review

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// What an editor decided.
const (
	Keep = "keep"
	Drop = "drop"
)

// Decision is one labelled example: an item and the topics an editor
// said it is about (none for a drop).
type Decision struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Lang     string   `json:"lang"`
	Topics   []string `json:"topics"`
	Decision string   `json:"decision"`
	Date     string   `json:"date"` // when it was decided, RFC 3339, UTC
}

// LoadDecisions reads the decisions file at path (missing: none). A line
// that is not a decision is an error naming the file and line; the other
// lines are still read and returned with the error.
func LoadDecisions(path string) ([]Decision, error) {
	return loadJSONL(path, func(d *Decision) error {
		if d.ID == "" || (d.Decision != Keep && d.Decision != Drop) {
			return fmt.Errorf("not a decision: needs an id and \"decision\": %q or %q", Keep, Drop)
		}
		return nil
	})
}

// loadJSONL reads one T a line from path (missing: none); check may
// refuse or amend each. A refused or broken line is an error naming the
// file and line; the other lines are still read and returned with it.
func loadJSONL[T any](path string, check func(*T) error) ([]T, error) {
	var out []T
	err := readLines(path, func(line []byte) error {
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			return err
		}
		if err := check(&v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// appendDecision adds one line to the decisions file, creating it.
func appendDecision(path string, d Decision) error {
	line, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("review: %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("review: %s: %w", path, err)
	}
	return nil
}
