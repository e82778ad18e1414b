// Command zz_devcli is a throwaway harness (never committed): it runs the
// extractor over a directory the same way 'docket extract --jsonl' does.
package main

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"docket/internal/extract"
)

func main() {
	files, _ := filepath.Glob(filepath.Join(os.Args[1], "*.html.gz"))
	sort.Strings(files)
	x, _ := extract.New()
	enc := json.NewEncoder(os.Stdout)
	for _, f := range files {
		fh, _ := os.Open(f)
		gz, _ := gzip.NewReader(fh)
		b, _ := io.ReadAll(gz)
		fh.Close()
		start := time.Now()
		a, err := x.Extract(b, "", "")
		ms := float64(time.Since(start).Microseconds()) / 1000
		if err != nil {
			enc.Encode(map[string]any{"file": filepath.Base(f), "error": err.Error()})
			continue
		}
		date := ""
		if !a.Published.IsZero() {
			date = a.Published.Format(time.RFC3339)
		}
		enc.Encode(map[string]any{"file": filepath.Base(f), "text": a.Text, "title": a.Title, "author": a.Author,
			"lang": a.Lang, "date": date, "confidence": a.Confidence, "ms": ms, "markdown": a.Markdown})
	}
}
