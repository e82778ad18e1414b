package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docket/internal/golden"
)

// TestDumpArticles writes every aeb and articles-zh page's whole Article
// (and the method that found it) to DOCKET_DUMP_DIR/SET/ID, for proving
// that a speed change leaves the output byte for byte as it was: dump
// with the old code and the new, then diff -r the two folders. It scores
// nothing, so it reads no held-out figure.
func TestDumpArticles(t *testing.T) {
	dir := os.Getenv("DOCKET_DUMP_DIR")
	if dir == "" {
		t.Skip("DOCKET_DUMP_DIR not set")
	}
	for _, set := range []string{"aeb", "articles-zh"} {
		files, err := filepath.Glob(filepath.Join(corpus(t), set, "html", "*.html.gz"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no pages: %v", set, err)
		}
		if err := os.MkdirAll(filepath.Join(dir, set), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			out := dumpArticle(golden.ReadGzip(t, f))
			name := strings.TrimSuffix(filepath.Base(f), ".html.gz")
			if err := os.WriteFile(filepath.Join(dir, set, name), out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// dumpArticle is the Article for page as indented JSON, or the error.
func dumpArticle(page []byte) []byte {
	a, err := Extract(page, "", "https://example.com/")
	if err != nil {
		return []byte(err.Error() + "\n")
	}
	out, err := json.MarshalIndent(a, "", " ")
	if err != nil {
		return []byte(err.Error() + "\n")
	}
	return append(out, "\n"+a.Method+"\n"+a.firstText+"\n"...)
}
