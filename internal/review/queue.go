package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"docket/internal/content"
	"docket/internal/projfile"
	"docket/internal/topic"
)

// Paths of the review files, relative to the project root.
var (
	QueuePath     = filepath.Join("feeds", "review.jsonl")
	DecisionsPath = filepath.Join("feeds", "decisions.jsonl")
)

// maxLine caps one JSON line: an item with its summary.
const maxLine = 1 << 20

// Item is one queued item: what fetch would have written, and why the
// rules were unsure.
type Item struct {
	ID            string             `json:"id"`
	Title         string             `json:"title"`
	Date          time.Time          `json:"date"`
	Source        string             `json:"source,omitempty"`
	Feed          string             `json:"feed,omitempty"`
	URL           string             `json:"url,omitempty"`
	GUID          string             `json:"guid,omitempty"`
	Author        string             `json:"author,omitempty"`
	Lang          string             `json:"lang,omitempty"`
	Fetched       time.Time          `json:"fetched"`
	Summary       string             `json:"summary,omitempty"`
	Body          string             `json:"body,omitempty"` // the feed's summary, written as the body when kept
	Entities      []string           `json:"entities,omitempty"`
	Jurisdictions []string           `json:"jurisdictions,omitempty"`
	Backfilled    bool               `json:"backfilled,omitempty"`
	Scores        map[string]float64 `json:"scores,omitempty"`
	Doubts        []topic.Doubt      `json:"doubts"`
}

// NewItem makes a queue item of the entry fetch would have written.
func NewItem(e *content.Entry, body string, doubts []topic.Doubt, scores map[string]float64) Item {
	return Item{
		ID: e.ID, Title: e.Title, Date: e.Date, Source: e.Source, Feed: e.Feed, URL: e.URL,
		GUID: e.GUID, Author: e.Author, Lang: e.Lang, Fetched: e.Fetched, Summary: e.Summary,
		Body: body, Entities: e.Entities, Jurisdictions: e.Jurisdictions, Backfilled: e.Backfilled,
		Scores: scores, Doubts: doubts,
	}
}

// Entry is the item as a content file's front matter: pinned, about the
// topics an editor chose. Its body is the feed's summary (extracted: false).
func (it *Item) Entry(topics []string) *content.Entry {
	return &content.Entry{
		ID: it.ID, Title: it.Title, Date: it.Date, Source: it.Source, Feed: it.Feed, URL: it.URL,
		GUID: it.GUID, Author: it.Author, Lang: it.Lang, Fetched: it.Fetched, Summary: it.Summary,
		Topics: topics, Entities: it.Entities, Jurisdictions: it.Jurisdictions,
		Pinned: true, Extracted: new(bool), Backfilled: it.Backfilled,
	}
}

// DoubtTopics are the topics the rules were unsure of, in the rules' order.
func (it *Item) DoubtTopics() []string {
	var ts []string
	for _, d := range it.Doubts {
		ts = append(ts, d.Topic)
	}
	return ts
}

// Queue is the review queue. Add is safe for concurrent use (fetch's
// feeds run at once).
type Queue struct {
	mu      sync.Mutex
	items   []Item
	decided map[string]bool
	added   int
}

// LoadQueue reads the queue at path (missing: empty) and the IDs already
// decided in the decisions file at decisions, which Add refuses. A broken
// decisions line is returned as an error with the queue; the caller may
// go on with what was read.
func LoadQueue(path, decisions string) (*Queue, error) {
	q := &Queue{decided: map[string]bool{}}
	err := readLines(path, func(line []byte) error {
		var it Item
		if err := json.Unmarshal(line, &it); err != nil {
			return err
		}
		q.items = append(q.items, it)
		return nil
	})
	if err != nil {
		return nil, err
	}
	ds, err := LoadDecisions(decisions)
	for _, d := range ds {
		q.decided[d.ID] = true
	}
	return q, err
}

// Items returns the queued items, newest first.
func (q *Queue) Items() []Item {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.sort()
	return slices.Clone(q.items)
}

// Find returns the queued item with the given ID.
func (q *Queue) Find(id string) (Item, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	i := q.index(id)
	if i < 0 {
		return Item{}, false
	}
	return q.items[i], true
}

// Add queues it unless an item with its ID is queued or decided already.
func (q *Queue) Add(it Item) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if it.ID == "" || q.decided[it.ID] || q.index(it.ID) >= 0 {
		return false
	}
	q.items = append(q.items, it)
	q.added++
	return true
}

// Hold queues the entry fetch would have written (fetch's Reviewer).
func (q *Queue) Hold(e *content.Entry, body string, res topic.Result, doubts []topic.Doubt) bool {
	return q.Add(NewItem(e, body, doubts, res.Scores))
}

// Added is how many items Add queued since the queue was loaded.
func (q *Queue) Added() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.added
}

// remove takes the item out of the queue and marks it decided.
func (q *Queue) remove(id string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if i := q.index(id); i >= 0 {
		q.items = slices.Delete(q.items, i, i+1)
	}
	q.decided[id] = true
}

func (q *Queue) index(id string) int {
	return slices.IndexFunc(q.items, func(it Item) bool { return it.ID == id })
}

// sort orders the queue newest first, then by ID: the file's order.
func (q *Queue) sort() {
	slices.SortStableFunc(q.items, func(a, b Item) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return cmpString(a.ID, b.ID)
	})
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Save writes the queue to path atomically, in its deterministic order.
// An empty queue is an empty file, not a missing one, once it existed.
func (q *Queue) Save(path string) error {
	q.mu.Lock()
	q.sort()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, it := range q.items {
		if err := enc.Encode(it); err != nil {
			q.mu.Unlock()
			return fmt.Errorf("review: %s: %w", path, err)
		}
	}
	q.mu.Unlock()
	if b.Len() == 0 {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil // nothing was ever queued: no file to commit
		}
	}
	if err := projfile.Replace(path, b.Bytes()); err != nil {
		return fmt.Errorf("review: %w", err)
	}
	return nil
}

// readLines calls fn with each non-empty line of the file at path; a
// missing file has none. A line fn refuses is reported as path:line and
// the rest are still read; the errors are joined.
func readLines(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("review: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	var errs []error
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, n, err))
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("review: %s: %w", path, err))
	}
	return errors.Join(errs...)
}
