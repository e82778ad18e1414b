package review

import (
	"encoding/json"
	"errors"
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
			return errNotDecision
		}
		return nil
	})
}

var errNotDecision = fmt.Errorf("not a decision: needs an id and \"decision\": %q or %q", Keep, Drop)

// loadJSONL reads one T a line from path (missing: none); check may
// refuse or amend each. A refused or broken line is an error naming the
// file and line; the other lines are still read and returned with it.
func loadJSONL[T any](path string, check func(*T) error) ([]T, error) {
	var out []T
	bad, err := readLines(path, func(line []byte) error {
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
	return out, errors.Join(bad, err)
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
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	// A write cut short (a killed run, a full disk) may have left a line
	// without its end: the decision starts a line of its own rather than
	// being read as part of the broken one.
	torn, err := endsMidLine(f)
	if torn {
		line = append([]byte{'\n'}, line...)
	}
	if err == nil {
		_, err = f.Write(append(line, '\n'))
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("review: %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("review: %s: %w", path, err)
	}
	return nil
}

// endsMidLine reports whether f holds something whose last byte is not a
// line end.
func endsMidLine(f *os.File) (bool, error) {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return false, err
	}
	var last [1]byte
	if _, err := f.ReadAt(last[:], fi.Size()-1); err != nil {
		return false, err
	}
	return last[0] != '\n', nil
}
