// Package peerbench times docket's extractor against go-trafilatura on
// the AEB pages, one after the other in one process (issue 16: at least
// five times its pages per second, both on one core):
//
//	cd internal/extract/peerbench
//	GOMAXPROCS=1 DOCKET_CORPUS=../../../../shared/corpora go test -bench . -benchtime 905x
//
// 905 is five passes over the 181 pages. Compare the two ms/page figures
// of one run; runs on a busy machine drift together.
package peerbench

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"docket/internal/extract"
)

func pages(b *testing.B) [][]byte {
	dir := os.Getenv("DOCKET_CORPUS")
	if dir == "" {
		b.Skip("DOCKET_CORPUS is not set")
	}
	files, err := filepath.Glob(filepath.Join(dir, "aeb", "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no AEB pages in %s: %v", dir, err)
	}
	var out [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		r, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		page, err := io.ReadAll(r)
		if err != nil {
			b.Fatalf("%s: %v", f, err)
		}
		out = append(out, page)
	}
	return out
}

func BenchmarkPeers(b *testing.B) {
	ps := pages(b)
	const page = "https://example.com/"
	u, _ := url.Parse(page)
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, one func([]byte) error) {
		b.Run(name, func(b *testing.B) {
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if err := one(ps[i%len(ps)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
	run("docket", func(p []byte) error { _, err := x.Extract(p, "", page); return err })
	run("trafilatura", func(p []byte) error {
		_, err := trafilatura.Extract(bytes.NewReader(p), trafilatura.Options{OriginalURL: u})
		return err
	})
}
