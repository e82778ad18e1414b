package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSelectReadsBodies checks that select --diff weighs the body of an
// item, which content.Load does not keep in memory.
func TestSelectReadsBodies(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "feeds"), os.DirFS("../../feeds")); err != nil {
		t.Fatal(err)
	}
	item := "---\ntitle: Quarterly results\ndate: 2024-01-02\n---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n"
	p := filepath.Join(root, "content/news/2024/01/results.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte(item), 0o644)
	os.WriteFile(filepath.Join(root, "content/site.yaml"), []byte("title: test\n"), 0o644)
	code, out, errs := docket("select", "--diff", "--content", filepath.Join(root, "content"), "--feeds", filepath.Join(root, "feeds"))
	if code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("select --diff: exit %d\n%s%s", code, out, errs)
	}
}

// TestSelectNamesSkippedFiles: a file whose front matter does not parse
// is left out of select, and said so with its line, not passed over in
// silence as if the rules had nothing to say about it.
func TestSelectNamesSkippedFiles(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "feeds"), os.DirFS("../../feeds")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "content/news/2024/01")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "good.md"), []byte("---\ntitle: Quarterly results\ndate: 2024-01-02\n---\n\nNothing here.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.md"), []byte("---\ntitle: [unclosed\ndate: 2024-01-02\n---\n\nAn antitrust fine.\n"), 0o644)
	os.WriteFile(filepath.Join(root, "content/site.yaml"), []byte("title: test\n"), 0o644)
	code, out, errs := docket("select", "--diff", "--content", filepath.Join(root, "content"), "--feeds", filepath.Join(root, "feeds"))
	if code != 0 || !strings.Contains(errs, "broken.md:2") || !strings.Contains(out, "1 file left out") {
		t.Fatalf("select --diff: exit %d\n%s%s", code, out, errs)
	}
}

// TestSelectKeepsEditorsTags runs select --diff on the shipped sample
// (content/ and feeds/): the sample is what the rules select, so a newcomer
// who tries it sees nothing to apply. A rule change that fails it is applied
// to the sample with `docket select --apply`, its changes read first: none
// may remove an editor's tag, add a jurisdiction from a currency ("US
// dollars") or drop an item.
func TestSelectKeepsEditorsTags(t *testing.T) {
	code, out, errs := docket("select", "--diff", "--content", "../../content", "--feeds", "../../feeds")
	if code != 0 {
		t.Fatalf("select --diff: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "would change 0 (0 added, 0 dropped)") {
		t.Errorf("select --diff on the sample proposes changes (read them, then select --apply):\n%s", out)
	}
}

// TestSelectEvalRefusesSpecialFiles: a labelled file or the decisions file
// that is not a regular file is an error naming it. /dev/zero was read
// forever (it has no line end) and a FIFO waited for a writer; /dev/null,
// special but ending at once, stands for them, and a link to a real file
// is still followed.
func TestSelectEvalRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	labelled := filepath.Join(dir, "dev.jsonl")
	os.WriteFile(labelled, []byte(`{"id":"a","title":"x","topics":[]}`+"\n"), 0o644)
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(labelled, link); err != nil {
		t.Fatal(err)
	}
	code, out, errs := docket("select", "--eval", "--feeds", "../../feeds", link, "/dev/null")
	if code != 1 || !strings.Contains(errs, "/dev/null: not a regular file") || !strings.Contains(out, "link.jsonl: 1 examples") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

// TestSelectEvalNoTableForUnread: a file read for nothing (not a regular
// file, or every line broken) gets its errors and no table of zeros,
// which would read as a result.
func TestSelectEvalNoTableForUnread(t *testing.T) {
	broken := filepath.Join(t.TempDir(), "broken.jsonl")
	os.WriteFile(broken, []byte("{\n"), 0o644)
	code, out, errs := docket("select", "--eval", "--feeds", "../../feeds", "/dev/null", broken)
	if code != 1 || strings.Contains(out, "0 examples") || !strings.Contains(errs, "broken.jsonl:1:") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}

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
