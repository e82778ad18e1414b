package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSelectEvalFlagsAfterFiles: the usage puts --root after the files;
// a flag there is a flag, not a labelled file named "--root".
func TestSelectEvalFlagsAfterFiles(t *testing.T) {
	reviewWorkspace(t)
	writeFile(t, "labelled.jsonl", `{"id":"a","title":"Regulator probe","topics":["antitrust"],"unsure":false}`+"\n")
	code, out, errs := runCmd("select", "--eval", "labelled.jsonl", "--root", ".")
	if code != 0 || !strings.Contains(out, "labelled.jsonl: 1 examples") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}

// TestReviewExplainsWhatFetchScored: the item's summary in the queue is
// the feed's first paragraph; the rules scored the whole description, and
// the explanation shown beside the doubts must score the same text.
func TestReviewExplainsWhatFetchScored(t *testing.T) {
	reviewWorkspace(t)
	writeFile(t, "feeds/review.jsonl", `{"id":"0123456789abcdef","title":"Markets conference opens","date":"2026-11-23T10:00:00Z","source":"News","feed":"news","lang":"en","fetched":"2026-11-23T10:00:00Z",`+
		`"summary":"Remarks on markets.","body":"Remarks on markets.\n\nThe regulator spoke at length.","doubts":[{"topic":"antitrust","score":2,"threshold":4,"why":"score below threshold"}]}`+"\n")
	var out, errb strings.Builder
	if code := run(stdio{strings.NewReader("q\n"), &out, &errb}, []string{"review"}); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "antitrust: score 2, threshold 4") {
		t.Errorf("the explanation does not score what fetch scored:\n%s", out.String())
	}
}

// TestSelectContentWithSlash: --content content/ (as a shell completes
// it) names the project's content folder, in the project folder.
func TestSelectContentWithSlash(t *testing.T) {
	reviewWorkspace(t)
	if code, out, errs := runCmd("select", "--diff", "--content", "content/"); code != 0 {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}

// TestSelectEvalOtherRules: rules tried from another folder (--feeds) are
// measured against the project's decisions, which stay in its feeds/.
func TestSelectEvalOtherRules(t *testing.T) {
	reviewWorkspace(t)
	writeFile(t, "feeds/decisions.jsonl", `{"id":"1","title":"Regulator opens probe","topics":["antitrust"],"decision":"keep"}`+"\n")
	if err := os.Mkdir("trial", 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, "trial/topics.yaml", reviewTopics)
	writeFile(t, "trial/entities.yaml", "entities: []\n")
	code, out, errs := runCmd("select", "--eval", "--feeds", "trial")
	if code != 0 || !strings.Contains(out, filepath.Join("feeds", "decisions.jsonl")+": 1 examples") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}
