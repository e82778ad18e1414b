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
	var ds []Decision
	err := readLines(path, func(line []byte) error {
		var d Decision
		if err := json.Unmarshal(line, &d); err != nil {
			return err
		}
		if d.ID == "" || (d.Decision != Keep && d.Decision != Drop) {
			return fmt.Errorf("not a decision: needs an id and \"decision\": %q or %q", Keep, Drop)
		}
		ds = append(ds, d)
		return nil
	})
	return ds, err
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
