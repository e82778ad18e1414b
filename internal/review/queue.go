package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"docket/internal/content"
	"docket/internal/projfile"
	"docket/internal/sources"
	"docket/internal/text"
	"docket/internal/topic"
)

// Paths of the review files, relative to the project root.
var (
	QueuePath     = filepath.Join("feeds", "review.jsonl")
	DecisionsPath = filepath.Join("feeds", "decisions.jsonl")
)

// maxLine caps one JSON line: an item with its summary. A longer line
// is skipped, and said, rather than ending the read.
const maxLine = 1 << 20

// maxBody caps what an item keeps of the feed's summary, so that its line
// fits maxLine even with every byte escaped; a feed that sends more is
// kept with the first maxBody bytes, as fetch writes a long body.
const maxBody = 128 << 10

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
		Body: text.ClipBody(body, maxBody), Entities: e.Entities, Jurisdictions: e.Jurisdictions, Backfilled: e.Backfilled,
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

// Scored is the item as fetch gave it to the rules: with the feed's whole
// summary (Body), of which Summary keeps only the first paragraph, so that
// an explanation scores what the doubts were scored on.
func (it *Item) Scored() topic.Item {
	summary := it.Body
	if summary == "" {
		summary = it.Summary
	}
	return topic.Item{Title: it.Title, Summary: summary, Lang: it.Lang}
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
	kept    map[string]bool // decided keep: in content/ unless an editor deleted it since
	added   int
}

// LoadQueue reads the queue at path (missing: empty) and the IDs already
// decided in the decisions file at decisions, which Add refuses. Broken
// lines of either are returned as an error, naming each, with the queue
// of the lines that were read: the caller may go on with it, and a save
// then drops the broken queue lines. A queue line without an id is
// broken; of lines with the same id, the first is the item.
func LoadQueue(path, decisions string) (*Queue, error) {
	q := &Queue{decided: map[string]bool{}, kept: map[string]bool{}}
	seen := map[string]bool{}
	bad, err := readLines(path, func(line []byte) error {
		var it Item
		if err := json.Unmarshal(line, &it); err != nil {
			return err
		}
		if it.ID == "" { // null or {}: nothing a decision could name
			return errors.New("not a queued item: no id")
		}
		if seen[it.ID] {
			return nil // a merge kept both sides: one item, decided once
		}
		seen[it.ID] = true
		q.items = append(q.items, it)
		return nil
	})
	if err != nil {
		return nil, err // not read: a save would empty it
	}
	ds, derr := LoadDecisions(decisions)
	for _, d := range ds {
		q.decided[d.ID] = true
		if d.Decision == Keep {
			q.kept[d.ID] = true
		}
	}
	return q, errors.Join(bad, derr)
}

// Kept reports whether an editor kept the item id. A kept item that is
// not in content/ was deleted there by an editor, maybe before any fetch
// saw its file (and made a tombstone): fetch must not write it again.
func (q *Queue) Kept(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.kept[id]
}

// Dropped reports whether an editor dropped the item id.
func (q *Queue) Dropped(id string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.decided[id] && !q.kept[id]
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

// Written takes out of the queue the items in content/ (in reports one
// as there): another feed of the run kept them, and keeping one in
// review would write it twice. It is not a decision.
func (q *Queue) Written(in func(sources.ItemRef) bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	old := len(q.items) - q.added
	kept := q.items[:0]
	for i, it := range q.items {
		switch {
		case !in(sources.ItemRef{Feed: it.Feed, ID: it.ID, URL: it.URL, GUID: it.GUID}):
			kept = append(kept, it)
		case i >= old:
			q.added--
		}
	}
	clear(q.items[len(kept):])
	q.items = kept
}

// Added is how many items Add queued since the queue was loaded.
func (q *Queue) Added() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.added
}

// remove takes the item out of the queue and marks it decided, and kept
// if it was.
func (q *Queue) remove(id string, kept bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if i := q.index(id); i >= 0 {
		q.items = slices.Delete(q.items, i, i+1)
	}
	q.decided[id] = true
	q.kept[id] = q.kept[id] || kept
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

// readLines calls fn with each non-empty line of the file at path, which
// fn must not keep; a missing file has none. A line fn refuses, or one
// too long, is reported in bad as path:line and the rest are still read.
// err is a file that could not be read.
func readLines(path string, fn func([]byte) error) (bad, err error) {
	f, err := projfile.OpenInput(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("review: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	var (
		errs []error
		buf  []byte
	)
	for n := 1; ; n++ {
		line, tooLong, err := nextLine(r, buf[:0])
		if n == 1 {
			// An editor's byte order mark is no part of the JSON.
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		switch {
		case tooLong:
			errs = append(errs, fmt.Errorf("%s:%d: line longer than %d bytes, skipped", path, n, maxLine))
		case len(bytes.TrimSpace(line)) == 0:
		default:
			if err := fn(line); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %w", path, n, err))
			}
		}
		if err == io.EOF {
			return errors.Join(errs...), nil
		}
		if err != nil {
			return errors.Join(errs...), fmt.Errorf("review: %s: %w", path, err)
		}
		buf = line
	}
}

// nextLine reads the next line of r into buf, without its end. A line
// longer than maxLine is read to its end and left out (tooLong). err is
// io.EOF at the end of the file, which the last line may also carry.
func nextLine(r *bufio.Reader, buf []byte) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong && len(buf)+len(chunk) <= maxLine+1 {
			buf = append(buf, chunk...)
		} else {
			tooLong, buf = true, buf[:0]
		}
		if err != bufio.ErrBufferFull {
			return bytes.TrimSuffix(buf, []byte("\n")), tooLong, err
		}
	}
}
