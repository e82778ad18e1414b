package review

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzLoadQueue: a queue or decisions file of any bytes (a hand edit, a
// torn write) is read without a panic; every line is either read or
// named in the error; and what was read saves and reads back the same.
func FuzzLoadQueue(f *testing.F) {
	f.Add([]byte(`{"id":"a","title":"A","date":"2026-11-20T09:00:00Z","fetched":"2026-11-24T18:00:00Z","doubts":[]}` + "\n"))
	f.Add([]byte("{not json\n\n" + `{"id":"b","title":"B"}`))
	f.Add([]byte(`{"id":"c","title":"C","decision":"dr`))
	f.Add([]byte(strings.Repeat("x", 70<<10) + "\n{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "review.jsonl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		q, err := LoadQueue(path, path) // the same bytes as decisions too
		if q == nil {
			t.Fatalf("no queue: %v", err)
		}
		lines := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			lines++
			// Without an error, every line is an item read (a repeat once).
			if err == nil && !lineRead(q, l) {
				t.Fatalf("line %q not read, and no error", l)
			}
		}
		if read := len(q.items); read > lines {
			t.Fatalf("%d lines, %d read, error %v", lines, read, err)
		}
		if err := q.Save(path); err != nil {
			t.Fatal(err)
		}
		again, err := LoadQueue(path, "")
		if err != nil {
			t.Fatalf("a saved queue does not read back: %v", err)
		}
		if !reflect.DeepEqual(sortedIDs(again), sortedIDs(q)) {
			t.Fatalf("saved %v, read back %v", sortedIDs(q), sortedIDs(again))
		}
	})
}

// lineRead: the item on line l is in q.
func lineRead(q *Queue, l []byte) bool {
	var it Item
	if json.Unmarshal(bytes.TrimPrefix(l, []byte("\xef\xbb\xbf")), &it) != nil {
		return false
	}
	_, ok := q.Find(it.ID)
	return ok
}

func sortedIDs(q *Queue) []string {
	var ids []string
	for _, it := range q.Items() {
		ids = append(ids, it.ID)
	}
	return ids
}
