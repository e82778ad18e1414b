package review

import (
	"docket/internal/content"
	"docket/internal/topic"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var now = time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)

func item(id, title string, day int) Item {
	return Item{
		ID: id, Title: title, Date: time.Date(2026, 11, day, 9, 0, 0, 0, time.UTC),
		Source: "Example News", Feed: "example", URL: "https://example.com/" + id, Lang: "en",
		Fetched: now, Summary: "A summary of " + title + ".", Body: "A summary of " + title + ".",
		Scores: map[string]float64{"antitrust": 2.5},
		Doubts: []topic.Doubt{{Topic: "antitrust", Score: 2.5, Threshold: 3, Why: topic.WhyBelow}},
	}
}

// project makes a project folder with the given items queued.
func project(t *testing.T, items ...Item) Project {
	t.Helper()
	p := Project{Root: t.TempDir(), Topics: []string{"antitrust", "interoperability"}, Now: func() time.Time { return now }}
	if err := os.MkdirAll(filepath.Join(p.Root, "feeds"), 0o755); err != nil {
		t.Fatal(err)
	}
	q := &Queue{decided: map[string]bool{}}
	for _, it := range items {
		q.Add(it)
	}
	if err := q.Save(p.path(QueuePath)); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(data)
}

func queuedIDs(t *testing.T, p Project) []string {
	t.Helper()
	q, err := p.Load()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range q.Items() {
		ids = append(ids, it.ID)
	}
	return ids
}

func TestQueueAdd(t *testing.T) {
	p := project(t, item("a1b2c3d4", "Old", 1))
	if err := appendDecision(p.path(DecisionsPath), Decision{ID: "decided1", Decision: Drop}); err != nil {
		t.Fatal(err)
	}
	q, err := p.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		it   Item
		want bool
	}{
		{"new", item("e5f6a7b8", "New", 3), true},
		{"already queued", item("a1b2c3d4", "Old again", 1), false},
		{"queued this run", item("e5f6a7b8", "New", 3), false},
		{"already decided", item("decided1", "Dropped before", 2), false},
		{"no id", item("", "Nameless", 2), false},
	}
	for _, tt := range tests {
		if got := q.Add(tt.it); got != tt.want {
			t.Errorf("%s: Add = %v, want %v", tt.name, got, tt.want)
		}
	}
	if err := q.Save(p.path(QueuePath)); err != nil {
		t.Fatal(err)
	}
	if got, want := queuedIDs(t, p), []string{"e5f6a7b8", "a1b2c3d4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("queue = %v, want %v (newest first)", got, want)
	}
	first := readFile(t, p.path(QueuePath))
	q, _ = p.Load()
	if err := q.Save(p.path(QueuePath)); err != nil {
		t.Fatal(err)
	}
	if again := readFile(t, p.path(QueuePath)); again != first {
		t.Errorf("saving again changed the file:\n%s\nwas:\n%s", again, first)
	}
}

func TestLoadDecisionsBrokenLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "decisions.jsonl")
	data := `{"id":"a","title":"A","topics":["antitrust"],"decision":"keep","date":"2026-11-24T18:00:00Z"}
{"id":"b","title":"B", broken
{"id":"c","title":"C","topics":[],"decision":"maybe"}

{"id":"d","title":"D","topics":[],"decision":"drop","date":"2026-11-24T18:00:00Z"}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDecisions(path)
	if err == nil {
		t.Fatal("no error for a broken line")
	}
	for _, want := range []string{path + ":2:", path + ":3:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if len(ds) != 2 || ds[0].ID != "a" || ds[1].ID != "d" {
		t.Errorf("read %+v, want a and d", ds)
	}
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name     string
		id       string
		decision string
		topics   []string
		wantErr  string
		wantFile bool
	}{
		{"keep", "a1b2c3d4", Keep, []string{"antitrust"}, "", true},
		{"drop", "a1b2c3d4", Drop, nil, "", false},
		{"not queued", "gone0000", Drop, nil, "not in the review queue", false},
		{"keep without topics", "a1b2c3d4", Keep, nil, "at least one topic", false},
		{"unknown topic", "a1b2c3d4", Keep, []string{"antitrusts"}, "unknown topic", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := project(t, item("a1b2c3d4", "Regulator eyes a deal", 20))
			queueBefore := readFile(t, p.path(QueuePath))
			out, err := p.Decide(tt.id, tt.decision, tt.topics)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if readFile(t, p.path(DecisionsPath)) != "" || readFile(t, p.path(QueuePath)) != queueBefore {
					t.Error("a refused decision wrote something")
				}
				if _, err := os.Stat(p.path("content")); err == nil {
					t.Error("a refused decision wrote into content/")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := queuedIDs(t, p); len(got) != 0 {
				t.Errorf("still queued: %v", got)
			}
			var d Decision
			line := readFile(t, p.path(DecisionsPath))
			if err := json.Unmarshal([]byte(line), &d); err != nil || strings.Count(line, "\n") != 1 {
				t.Fatalf("decisions file %q: %v", line, err)
			}
			want := Decision{ID: "a1b2c3d4", Title: "Regulator eyes a deal", Summary: "A summary of Regulator eyes a deal.",
				Lang: "en", Topics: tt.topics, Decision: tt.decision, Date: "2026-11-24T18:00:00Z"}
			if want.Topics == nil {
				want.Topics = []string{}
			}
			if !reflect.DeepEqual(d, want) {
				t.Errorf("decision %+v, want %+v", d, want)
			}
			if !tt.wantFile {
				return
			}
			if out.Path != "news/2026/11/regulator-eyes-a-deal.md" {
				t.Errorf("path %q", out.Path)
			}
			file := readFile(t, filepath.Join(p.Root, "content", out.Path))
			for _, want := range []string{"pinned: true", "topics:\n- antitrust\n", "extracted: false", "A summary of Regulator eyes a deal.\n"} {
				if !strings.Contains(file, want) {
					t.Errorf("content file lacks %q:\n%s", want, file)
				}
			}
		})
	}
}

func TestWalk(t *testing.T) {
	p := project(t, item("aaaa0001", "First", 23), item("aaaa0002", "Second", 22),
		item("aaaa0003", "Third", 21), item("aaaa0004", "Fourth", 20), item("aaaa0005", "Fifth", 19))
	keys := "x\nk\nd\nt\nnonsense\nt\ninteroperability, antitrust\ns\nq\n"
	var out strings.Builder
	explained := 0
	n, err := p.Walk(strings.NewReader(keys), &out, func(w io.Writer, it Item) error {
		explained++
		_, err := io.WriteString(w, "explain "+it.ID+"\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Tally{Kept: 2, Dropped: 1, Skipped: 1, Left: 2}); n != want {
		t.Errorf("tally %+v, want %+v\n%s", n, want, out.String())
	}
	for _, want := range []string{`"x" is not one of the keys`, "unknown topic", "explain aaaa0001", "source: Example News (example), 2026-11-23",
		"unsure: antitrust, score 2.5 of 3", "kept: content/news/2026/11/first.md (pinned, antitrust)",
		"kept: content/news/2026/11/third.md (pinned, interoperability, antitrust)", "2 left in"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if got, want := queuedIDs(t, p), []string{"aaaa0004", "aaaa0005"}; !reflect.DeepEqual(got, want) {
		t.Errorf("queue = %v, want %v", got, want)
	}
	ds, err := LoadDecisions(p.path(DecisionsPath))
	if err != nil || len(ds) != 3 {
		t.Fatalf("decisions %+v, %v", ds, err)
	}
	// The end of input stops the walk like q.
	n, err = p.Walk(strings.NewReader(""), &out, nil)
	if err != nil || n.Left != 2 {
		t.Errorf("walk at EOF: %+v, %v", n, err)
	}
}

type fakeRules map[string][]string // title → topics

func (f fakeRules) Classify(it topic.Item) topic.Result { return topic.Result{Topics: f[it.Title]} }

func TestEvaluate(t *testing.T) {
	rules := fakeRules{"a": {"antitrust"}, "b": {"antitrust", "interoperability"}, "c": {"antitrust"}}
	exs := []Example{
		{Title: "a", Topics: []string{"antitrust"}},                 // TP
		{Title: "b", Topics: []string{"interoperability"}},          // FP antitrust, TP interop
		{Title: "c", Decision: Drop},                                // FP
		{Title: "d", Topics: []string{"antitrust"}, Decision: Keep}, // FN
		{Title: "e"}, // TN
		{Title: "f", Topics: []string{"interoperability"}, Unsure: true}, // left out
	}
	rep := Evaluate("x.jsonl", rules, []string{"antitrust", "interoperability"}, exs)
	want := Report{Source: "x.jsonl", Examples: 5, Unsure: 1,
		Topics:   []Count{{"antitrust", 1, 2, 1, 1}, {"interoperability", 1, 0, 0, 4}},
		Selected: Count{"selected", 2, 1, 1, 1}}
	if !reflect.DeepEqual(rep, want) {
		t.Errorf("report %+v\nwant %+v", rep, want)
	}
	var b strings.Builder
	if err := rep.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"x.jsonl: 5 examples (1 unsure left out)", "33.3%", "100.0%", "66.7%"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// A decisions file whose last line was cut short (a killed run, a full
// disk): the next decision starts a line of its own, so it is read, and
// the item it decides is not queued again.
func TestDecideAfterATornLine(t *testing.T) {
	p := project(t, item("aaa111", "Apple fined", 20))
	torn := `{"id":"zzz999","title":"Earlier","decision":"dr`
	if err := os.WriteFile(p.path(DecisionsPath), []byte(torn), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Decide("aaa111", Drop, nil); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDecisions(p.path(DecisionsPath))
	if err == nil || !strings.Contains(err.Error(), p.path(DecisionsPath)+":1:") {
		t.Errorf("the torn line is not named: %v", err)
	}
	if len(ds) != 1 || ds[0].ID != "aaa111" || ds[0].Decision != Drop {
		t.Fatalf("decisions read %+v, want aaa111 dropped", ds)
	}
	q, _ := p.Load()
	if q.Add(item("aaa111", "Apple fined", 20)) {
		t.Error("a dropped item was queued again")
	}
}

// A queue line too long to read (a hand edit, an older docket that kept
// a feed's whole summary) is skipped and named; the lines after it are
// read, and a decision on one of them goes on.
func TestQueueSkipsLongLine(t *testing.T) {
	p := project(t)
	var b strings.Builder
	for _, it := range []Item{item("a", "First", 20), {ID: "huge", Title: strings.Repeat("x", maxLine+1)}, item("c", "Third", 22)} {
		line, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	b.WriteString(`{"id":"d","title":"last, with no line end"`) // cut short
	if err := os.WriteFile(p.path(QueuePath), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	q, err := p.Load()
	if q == nil {
		t.Fatalf("no queue: %v", err)
	}
	for _, want := range []string{p.path(QueuePath) + ":2: line longer than", p.path(QueuePath) + ":4:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	var ids []string
	for _, it := range q.Items() {
		ids = append(ids, it.ID)
	}
	if !reflect.DeepEqual(ids, []string{"c", "a"}) {
		t.Fatalf("queued %v, want [c a]", ids)
	}
	if _, err := p.Decide("c", Drop, nil); err != nil {
		t.Fatalf("a decision beside a broken line: %v", err)
	}
	if got := queuedIDs(t, p); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("queue after the decision %v, want [a]", got)
	}
}

// An item keeps at most maxBody of the feed's summary, so that its line
// fits maxLine even when every byte is escaped in JSON.
func TestNewItemBoundsItsLine(t *testing.T) {
	for _, body := range []string{strings.Repeat("<", 1<<20), strings.Repeat("para\n\n", 1<<18), strings.Repeat("界", 1<<19)} {
		it := NewItem(&content.Entry{ID: "x", Title: "T"}, body, nil, nil)
		line, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		if len(line) > maxLine {
			t.Errorf("a line of %d bytes, over %d", len(line), maxLine)
		}
		if !utf8.ValidString(it.Body) || !strings.HasSuffix(it.Body, "…\n") {
			t.Errorf("body of %d bytes not cut cleanly: ends %q", len(it.Body), it.Body[max(0, len(it.Body)-8):])
		}
	}
	if it := NewItem(&content.Entry{ID: "x"}, "short", nil, nil); it.Body != "short" {
		t.Errorf("a short body became %q", it.Body)
	}
}

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

// TestKeepWhatAnEditorWrote: an item an editor wrote by hand while it
// was queued (its URL in the front matter, at another name, or at the
// item's own name) is kept as that file: no second copy, the decision
// recorded. A keep wrote a second page of the story before.
func TestKeepWhatAnEditorWrote(t *testing.T) {
	for _, name := range []string{"editors-own.md", "kept-by-hand.md"} {
		t.Run(name, func(t *testing.T) {
			p := project(t, item("aaaa0002", "Kept by hand", 23))
			editor := filepath.Join(p.Root, "content", "news", "2026", "11", name)
			if err := os.MkdirAll(filepath.Dir(editor), 0o755); err != nil {
				t.Fatal(err)
			}
			mine := "---\ntitle: The editor's title\ndate: 2026-11-23\nurl: http://example.com/aaaa0002\n---\n\nThe editor's text.\n"
			if err := os.WriteFile(editor, []byte(mine), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := p.Decide("aaaa0002", Keep, []string{"antitrust"})
			if err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(filepath.Dir(editor), "*.md"))
			if len(files) != 1 || !out.Had || out.Path != "news/2026/11/"+name || readFile(t, editor) != mine {
				t.Errorf("files %v, outcome %+v", files, out)
			}
			if d := readFile(t, p.path(DecisionsPath)); !strings.Contains(d, `"decision":"keep"`) {
				t.Errorf("decisions: %q", d)
			}
		})
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

// TestKeepNamesOnlyKnownIDs: an item queued before its feed or one of
// its entities was removed from feeds/ must not be kept as a file that
// fails every build: an unknown entity is left out (and said), an
// unknown feed refuses the keep and writes nothing; the project's own
// files (Open) say what is known.
func TestKeepNamesOnlyKnownIDs(t *testing.T) {
	gone := item("aaaa0001", "Names a removed company", 23)
	gone.Entities, gone.Jurisdictions = []string{"alibaba", "foo-corp"}, []string{"cn", "atlantis"}
	orphan := item("aaaa0002", "From a removed feed", 23)
	orphan.Feed = "gone"
	p := project(t, gone, orphan)
	os.WriteFile(p.path("feeds/topics.yaml"), []byte("topics:\n  - {id: antitrust, name: Antitrust, threshold: 1, rules: [{weight: 1, terms: {en: [antitrust]}}]}\n"), 0o644)
	os.WriteFile(p.path("feeds/entities.yaml"), []byte("entities:\n  - {id: cn, name: China, kind: jurisdiction}\n  - {id: alibaba, name: Alibaba, kind: company}\n"), 0o644)
	os.WriteFile(p.path("feeds/feeds.yaml"), []byte("feeds:\n  - {id: example, url: \"https://example.com/feed.xml\", title: Example News, kind: press}\n"), 0o644)
	opened, err := Open(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	opened.Now = p.Now
	out, err := opened.Decide("aaaa0001", Keep, []string{"antitrust"})
	if err != nil {
		t.Fatal(err)
	}
	file := readFile(t, filepath.Join(p.Root, "content", filepath.FromSlash(out.Path)))
	if strings.Contains(file, "foo-corp") || strings.Contains(file, "atlantis") || !strings.Contains(file, "alibaba") {
		t.Errorf("kept file names unknown IDs or lost known ones:\n%s", file)
	}
	if !slices.Equal(out.Left, []string{"foo-corp", "atlantis"}) {
		t.Errorf("left out %v, want [foo-corp atlantis]", out.Left)
	}
	before, _ := filepath.Glob(filepath.Join(p.Root, "content", "news", "*", "*", "*.md"))
	if _, err := opened.Decide("aaaa0002", Keep, []string{"antitrust"}); err == nil || !strings.Contains(err.Error(), `feed "gone" is no longer in feeds/feeds.yaml`) {
		t.Errorf("keep from a removed feed: %v", err)
	}
	after, _ := filepath.Glob(filepath.Join(p.Root, "content", "news", "*", "*", "*.md"))
	if len(after) != len(before) || !slices.Contains(queuedIDs(t, p), "aaaa0002") {
		t.Errorf("a refused keep wrote a file or left the queue: %v, queued %v", after, queuedIDs(t, p))
	}
}
