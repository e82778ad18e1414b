package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/content"
)

// reviewTopics is a small rule set with a margin, so that the test does
// not depend on the shipped rules' weights.
const reviewTopics = `margin: 2
topics:
  - {id: antitrust, name: Antitrust, threshold: 4, keep: [[actor, action]], rules: [
      {weight: 2, evidence: actor, terms: {en: [regulator]}},
      {weight: 2, evidence: action, terms: {en: [probe]}}]}
  - {id: interoperability, name: Interoperability, threshold: 4, rules: [{weight: 2, terms: {en: [sideloading]}}]}
`

const reviewFeed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
<item><title>Regulator opens probe into app store</title><link>https://news.example/1</link>
<pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate><description>A probe.</description></item>
<item><title>Regulator speaks at a conference</title><link>https://news.example/2</link>
<pubDate>Mon, 23 Nov 2026 09:00:00 +0000</pubDate><description>Remarks on markets.</description></item>
<item><title>Weather for the weekend</title><link>https://news.example/3</link>
<pubDate>Mon, 23 Nov 2026 08:00:00 +0000</pubDate><description>Sunny.</description></item>
</channel></rss>`

// reviewWorkspace is a project folder, the working directory, whose one
// feed (selected by the rules) has a kept, a near-threshold and an
// unrelated item.
func reviewWorkspace(t *testing.T) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, reviewFeed)
	}))
	t.Cleanup(srv.Close)
	fetchWorkspace(t, fmt.Sprintf("feeds:\n  - id: news\n    url: %s/feed\n    title: News\n    language: en\n    kind: press\n    extract: summary\n", srv.URL))
	writeFile(t, "feeds/topics.yaml", reviewTopics)
	writeFile(t, "feeds/entities.yaml", "entities: []\n")
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.FromSlash(name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readString(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(name))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(data)
}

func newsFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("content", "news", "*", "*", "*.md"))
	return files
}

func TestFetchQueuesNearThreshold(t *testing.T) {
	reviewWorkspace(t)
	code, out, errs := runCmd("fetch", "--allow-private")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if !strings.Contains(out, "1 item the rules were unsure of queued in feeds/review.jsonl") {
		t.Errorf("fetch does not say it queued one item:\n%s", out)
	}
	queue := readString(t, "feeds/review.jsonl")
	if strings.Count(queue, "\n") != 1 || !strings.Contains(queue, "Regulator speaks at a conference") ||
		!strings.Contains(queue, `"why":"evidence fills no keep list"`) {
		t.Errorf("queue:\n%s", queue)
	}
	files := newsFiles(t)
	if len(files) != 1 || !strings.HasSuffix(files[0], "regulator-opens-probe-into-app-store.md") {
		t.Errorf("content/news holds %v, want only the selected item", files)
	}
	// Twice: nothing new is written or queued.
	if code, out, errs := runCmd("fetch", "--allow-private", "--force"); code != 0 || strings.Contains(out, "queued") {
		t.Fatalf("second fetch: exit %d: %s %s", code, out, errs)
	}
	if again := readString(t, "feeds/review.jsonl"); again != queue {
		t.Errorf("the second fetch changed the queue:\n%s", again)
	}
	if got := newsFiles(t); len(got) != 1 {
		t.Errorf("the second fetch wrote %v", got)
	}
}

func TestReviewCommand(t *testing.T) {
	reviewWorkspace(t)
	if code, out, errs := runCmd("fetch", "--allow-private"); code != 0 {
		t.Fatalf("fetch: exit %d: %s %s", code, out, errs)
	}
	var out, errb strings.Builder
	code := run(stdio{strings.NewReader("t\ninteroperability\n"), &out, &errb}, []string{"review"})
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	for _, want := range []string{"Regulator speaks at a conference", "source: News (news), 2026-11-23",
		"antitrust: score 4, threshold 4: not selected", "kept: content/news/2026/11/regulator-speaks-at-a-conference.md",
		"kept 1, dropped 0, skipped 0; 0 left"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("review output lacks %q:\n%s", want, out.String())
		}
	}
	kept := readString(t, "content/news/2026/11/regulator-speaks-at-a-conference.md")
	if !strings.Contains(kept, "pinned: true") || !strings.Contains(kept, "- interoperability") {
		t.Errorf("kept file:\n%s", kept)
	}
	if q := readString(t, "feeds/review.jsonl"); q != "" {
		t.Errorf("queue after review: %q", q)
	}
	if d := readString(t, "feeds/decisions.jsonl"); !strings.Contains(d, `"topics":["interoperability"],"decision":"keep"`) {
		t.Errorf("decisions: %s", d)
	}
	// Decided items are not queued again, and the file reads back.
	if code, out, errs := runCmd("fetch", "--allow-private", "--force"); code != 0 || readString(t, "feeds/review.jsonl") != "" {
		t.Fatalf("fetch after review: exit %d: %s %s; queue %q", code, out, errs, readString(t, "feeds/review.jsonl"))
	}
	if _, ps := content.Parse("kept.md", "news/2026/11/regulator-speaks-at-a-conference", []byte(kept), nil); len(ps) > 0 {
		t.Errorf("the kept file does not read back: %v", ps)
	}
}

// TestReviewRefused: a keep refused (the item's feed left feeds.yaml) is
// said, and the editor chooses again for the item: the walk ended at the
// first refusal before, and the drop its message suggests was never read.
// Refused again and again, the item stays queued and the walk exits 1;
// it does not ask for ever (yes k | docket review).
func TestReviewRefused(t *testing.T) {
	for _, tt := range []struct {
		keys   string
		code   int
		says   string
		queued int
	}{
		{"k\nd\n", 0, "kept 0, dropped 1, skipped 0; 0 left", 0},
		{"k\n", 1, "the decisions on 1 item(s) were refused", 1},
		{"k\nk\nk\nk\nk\n", 1, "the decisions on 1 item(s) were refused", 1},
	} {
		t.Run(strings.ReplaceAll(tt.keys, "\n", " "), func(t *testing.T) {
			reviewWorkspace(t)
			if code, out, errs := runCmd("fetch", "--allow-private"); code != 0 {
				t.Fatalf("fetch: exit %d: %s %s", code, out, errs)
			}
			feeds := readString(t, "feeds/feeds.yaml")
			writeFile(t, "feeds/feeds.yaml", strings.Replace(feeds, "id: news", "id: news2", 1))
			var out, errb strings.Builder
			code := run(stdio{strings.NewReader(tt.keys), &out, &errb}, []string{"review"})
			said := out.String() + errb.String()
			if code != tt.code || !strings.Contains(said, `its feed "news" is no longer in feeds/feeds.yaml`) ||
				!strings.Contains(said, tt.says) || strings.Count(said, "no longer in feeds/feeds.yaml") > 3 {
				t.Errorf("exit %d, want %d and %q:\n%s", code, tt.code, tt.says, said)
			}
			if q := readString(t, "feeds/review.jsonl"); strings.Count(q, "\n") != tt.queued {
				t.Errorf("queue %q, want %d item(s)", q, tt.queued)
			}
			if got := newsFiles(t); len(got) != 1 {
				t.Errorf("content/news holds %v, want only the fetched item", got)
			}
		})
	}
}

// TestReviewKeptThenDeletedStaysDeleted: an item kept in review, then
// deleted before any fetch read content/ (so no tombstone was made), is
// not written again when a later fetch selects it.
func TestReviewKeptThenDeletedStaysDeleted(t *testing.T) {
	reviewWorkspace(t)
	if code, out, errs := runCmd("fetch", "--allow-private"); code != 0 {
		t.Fatalf("fetch: exit %d: %s %s", code, out, errs)
	}
	var out, errb strings.Builder
	if code := run(stdio{strings.NewReader("t\ninteroperability\n"), &out, &errb}, []string{"review"}); code != 0 {
		t.Fatalf("review: exit %d: %s %s", code, out.String(), errb.String())
	}
	kept := filepath.Join("content", "news", "2026", "11", "regulator-speaks-at-a-conference.md")
	if err := os.Remove(kept); err != nil {
		t.Fatal(err)
	}
	// The feed now keeps everything: the deleted item would be written.
	feeds := readString(t, "feeds/feeds.yaml")
	writeFile(t, "feeds/feeds.yaml", strings.Replace(feeds, "kind: press\n", "kind: press\n    select: all\n", 1))
	if code, out, errs := runCmd("fetch", "--allow-private", "--force"); code != 0 {
		t.Fatalf("second fetch: exit %d: %s %s", code, out, errs)
	}
	if _, err := os.Stat(kept); err == nil {
		t.Errorf("%s was written again after an editor deleted it", kept)
	}
}

func TestSelectEval(t *testing.T) {
	reviewWorkspace(t)
	writeFile(t, "feeds/decisions.jsonl", `{"id":"1","title":"Regulator opens probe","topics":["antitrust"],"decision":"keep"}
{"id":"2","title":"Regulator speaks", broken
{"id":"3","title":"Sideloading comes to phones","topics":[],"decision":"drop"}
{"id":"4","title":"EU fines a platform","topics":["antitrust"],"decision":"kep"}
{"id":"5","title":"EU fines a platform again","topics":["antitrust"]}
`)
	writeFile(t, "labelled.jsonl", `{"id":"a","title":"Regulator probe","topics":["antitrust"],"unsure":false}
{"id":"b","title":"Weather","topics":[],"unsure":true}
`)
	code, out, errs := runCmd("select", "--eval", "labelled.jsonl")
	// The lines review would refuse are refused here too, not counted.
	for _, line := range []string{":2:", ":4: not a decision", ":5: not a decision"} {
		if code != 1 || !strings.Contains(errs, filepath.Join("feeds", "decisions.jsonl")+line) {
			t.Errorf("exit %d, stderr %q: want 1 and line %s named", code, errs, line)
		}
	}
	for _, want := range []string{
		"feeds/decisions.jsonl: 2 examples",
		"labelled.jsonl: 1 examples (1 unsure left out)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// decisions: antitrust TP 1; interoperability FP 1 (the editor dropped it).
	if !strings.Contains(out, "interoperability   0   1   0       0.0%       -") {
		t.Errorf("interoperability line:\n%s", out)
	}
	if code, _, errs := runCmd("select", "--eval", "missing.jsonl"); code != 1 || !strings.Contains(errs, "missing.jsonl") {
		t.Errorf("missing file: exit %d, %s", code, errs)
	}
}

// TestFetchShardsKeepTheQueue: two `fetch --shard` runs and a merge give
// the queue one run gives, whichever shard the feed fell in.
func TestFetchShardsKeepTheQueue(t *testing.T) {
	reviewWorkspace(t)
	for _, sh := range []string{"1/2", "2/2"} {
		if code, out, errs := runCmd("fetch", "--allow-private", "--shard", sh); code != 0 {
			t.Fatalf("fetch --shard %s: exit %d: %s %s", sh, code, out, errs)
		}
	}
	if readString(t, "feeds/review.jsonl") != "" {
		t.Fatal("a shard wrote the project's queue")
	}
	// A broken shard queue fails the merge before any state shard is
	// merged away; mended, the merge runs again.
	queues, _ := filepath.Glob(filepath.Join("feeds", "review.shard-*.jsonl"))
	if len(queues) != 1 {
		t.Fatalf("shard queues %v, want the one the feed's shard wrote", queues)
	}
	good := readString(t, queues[0])
	writeFile(t, queues[0], good+"{broken\n")
	if code, _, errs := runCmd("fetch", "--merge"); code == 0 || !strings.Contains(errs, queues[0]) {
		t.Fatalf("merge of a broken queue: exit %d, %s", code, errs)
	}
	if states, _ := filepath.Glob(filepath.Join("feeds", "state.shard-*.json")); len(states) != 2 {
		t.Fatalf("a failed merge left state shards %v", states)
	}
	writeFile(t, queues[0], good)
	if code, out, errs := runCmd("fetch", "--merge"); code != 0 || !strings.Contains(out, "merged 2 shards") {
		t.Fatalf("fetch --merge: exit %d: %s %s", code, out, errs)
	}
	queue := readString(t, "feeds/review.jsonl")
	if strings.Count(queue, "\n") != 1 || !strings.Contains(queue, "Regulator speaks at a conference") {
		t.Errorf("merged queue:\n%s", queue)
	}
	if left, _ := filepath.Glob(filepath.Join("feeds", "*.shard-*")); len(left) != 0 {
		t.Errorf("shard files left after the merge: %v", left)
	}
}
