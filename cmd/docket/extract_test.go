package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const extractPage = `<html lang="en"><head><title>Apps must interconnect</title></head><body>
<nav><a href="/">Home</a></nav><article>
<p>The authority told the two largest messaging services to let their users exchange messages, a first for the sector, and gave them nine months.</p>
<p>Both companies must publish the specifications of their interfaces, and one said it would study the decision before deciding whether to appeal.</p>
</article></body></html>`

func writeGz(t *testing.T, path, s string) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	writeGz(t, filepath.Join(dir, "b.html.gz"), extractPage)
	if err := os.WriteFile(filepath.Join(dir, "a.html"), []byte(extractPage), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a page"), 0o644)

	var out, errb bytes.Buffer
	if code := run(stdio{nil, &out, &errb}, []string{"extract", dir, "--jsonl", "--url", "https://example.com/x"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %q", out.String())
	}
	for i, want := range []string{"a.html", "b.html.gz"} {
		var r extractResult
		if err := json.Unmarshal([]byte(lines[i]), &r); err != nil {
			t.Fatal(err)
		}
		if r.File != want || r.Title != "Apps must interconnect" || r.Lang != "en" ||
			r.URL != "https://example.com/x" || !strings.Contains(r.Text, "nine months") || r.Confidence <= 0 {
			t.Errorf("line %d: %+v", i, r)
		}
	}

	out.Reset()
	if code := run(stdio{nil, &out, &errb}, []string{"extract", filepath.Join(dir, "a.html")}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "The authority told") || strings.Contains(out.String(), "Home") {
		t.Errorf("markdown output %q", out.String())
	}
}

func TestExtractCommandErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(stdio{nil, &out, &errb}, []string{"extract"}); code != 2 {
		t.Errorf("no args: exit %d, want 2", code)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.html"), nil, 0o644)
	if code := run(stdio{nil, &out, &errb}, []string{"extract", "--jsonl", dir}); code != 1 {
		t.Errorf("failed page: exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), `"error":`) {
		t.Errorf("jsonl lacks the error: %q", out.String())
	}
}

// TestExtractRefusesSpecialFiles: a special file given or found among the
// pages is a failed file named with its reason, and the others are still
// extracted. A FIFO waited for a writer forever; /dev/null, special but
// ending at once, stands for it here.
func TestExtractRefusesSpecialFiles(t *testing.T) {
	page := filepath.Join(t.TempDir(), "a.html")
	if err := os.WriteFile(page, []byte(extractPage), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := docket("extract", "--jsonl", page, "/dev/null")
	if code != 1 || !strings.Contains(errs, "/dev/null: not a regular file") || !strings.Contains(out, "Apps must interconnect") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}
