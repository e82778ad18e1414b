package review

import (
	"docket/internal/content"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWalkKeepUnknownDoubt: k on an item whose doubted topic the rules no
// longer have says so and asks again, rather than ending the walk.
func TestWalkKeepUnknownDoubt(t *testing.T) {
	old := item("aaaa0001", "Renamed", 23)
	old.Doubts[0].Topic = "competition" // a topic since renamed
	none := item("aaaa0002", "No doubts", 22)
	none.Doubts = nil
	p := project(t, old, none)
	var out strings.Builder
	n, err := p.Walk(strings.NewReader("k\nd\nk\nt\nantitrust\n"), &out, nil)
	if err != nil {
		t.Fatalf("walk: %v\n%s", err, out.String())
	}
	if n.Dropped != 1 || n.Kept != 1 {
		t.Errorf("tally %+v\n%s", n, out.String())
	}
}

// TestDecideTopicsOnce: a topic named twice (typed twice, or posted
// twice) is written once.
func TestDecideTopicsOnce(t *testing.T) {
	p := project(t, item("aaaa0001", "Twice", 23))
	out, err := p.Decide("aaaa0001", Keep, []string{"antitrust", "antitrust"})
	if err != nil {
		t.Fatal(err)
	}
	data := readFile(t, filepath.Join(p.Root, "content", filepath.FromSlash(out.Path)))
	if strings.Count(data, "antitrust") != 1 {
		t.Errorf("kept file:\n%s", data)
	}
	if _, ps := content.Parse("x.md", strings.TrimSuffix(out.Path, ".md"), []byte(data), nil); len(ps) > 0 {
		t.Errorf("kept file does not read back: %v", ps)
	}
}

// TestQueueLineWithoutID: a queue line with no id is a broken line, not
// an item that a decision (an empty id from a form) could match and
// record as a decisions line that no read accepts.
func TestQueueLineWithoutID(t *testing.T) {
	p := project(t, item("aaaa0001", "Fine", 23))
	f, err := os.OpenFile(p.path(QueuePath), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("null\n{\"title\":\"No id\"}\n")
	f.Close()
	q, err := p.Load()
	if err == nil || !strings.Contains(err.Error(), "review.jsonl:2:") || !strings.Contains(err.Error(), "review.jsonl:3:") {
		t.Errorf("load: %v", err)
	}
	if q == nil || len(q.Items()) != 1 {
		t.Fatalf("queue %+v", q)
	}
	if _, err := p.Decide("", Drop, nil); !errors.Is(err, ErrNotQueued) {
		t.Errorf("decide on no id: %v", err)
	}
	if d := readFile(t, p.path(DecisionsPath)); d != "" {
		t.Errorf("decisions: %q", d)
	}
}

// TestKeepAgainAfterAFailedDecision: a keep whose decision line could not
// be written leaves the item queued; keeping it again finds the file the
// first attempt wrote and does not write the item a second time.
func TestKeepAgainAfterAFailedDecision(t *testing.T) {
	p := project(t, item("aaaa0001", "Retried", 23))
	if err := os.Mkdir(p.path(DecisionsPath), 0o755); err != nil { // not writable as a file
		t.Fatal(err)
	}
	if _, err := p.Decide("aaaa0001", Keep, []string{"antitrust"}); err == nil {
		t.Fatal("decide with no decisions file to write: no error")
	}
	os.Remove(p.path(DecisionsPath))
	out, err := p.Decide("aaaa0001", Keep, []string{"antitrust"})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(p.Root, "content", "news", "2026", "11", "*.md"))
	if len(files) != 1 || out.Path != "news/2026/11/retried.md" {
		t.Errorf("files %v, path %s", files, out.Path)
	}
}

// TestQueueLineTwice: an item whose line is in the queue twice (a merge
// that kept both sides) is one item: deciding it once takes it out.
func TestQueueLineTwice(t *testing.T) {
	p := project(t, item("aaaa0001", "Twice", 23))
	data := readFile(t, p.path(QueuePath))
	if err := os.WriteFile(p.path(QueuePath), []byte(data+data), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Decide("aaaa0001", Drop, nil); err != nil {
		t.Fatal(err)
	}
	if ids := queuedIDs(t, p); len(ids) != 0 {
		t.Errorf("queued after the decision: %v", ids)
	}
}
