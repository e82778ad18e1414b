package serve

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/internal/synth"
)

// BenchmarkSaveToReload measures, on a 10,000-entry site, the time from an
// editor's save of one entry to the reload event reaching a browser, with
// real file events: a new title and a new paragraph (what is shown of the
// entry), and a new topic (where it is filed: the model is rebuilt). Run:
//
//	go test ./internal/serve -run '^$' -bench SaveToReload -benchtime 30x
func BenchmarkSaveToReload(b *testing.B) {
	root := b.TempDir()
	if err := synth.Generate(root, 10000, 1); err != nil {
		b.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(root, "templates"), os.DirFS("../../templates")); err != nil {
		b.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(root, "content/news/2020/*/*.md"))
	file := entries[0]
	orig, _ := os.ReadFile(file)

	h := &harness{t: &testing.T{}, root: root, reloads: make(chan string, 16)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go Run(ctx, Options{Root: root, Addr: "127.0.0.1:0", Ready: func(u string) { ready <- u }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	h.url = <-ready
	h.listen(ctx)

	for _, edit := range []struct {
		name string
		make func(i int) string
	}{
		{"title", func(i int) string {
			return strings.Replace(string(orig), "title: \"", "title: \"Edit "+strconv.Itoa(i)+" ", 1)
		}},
		{"body", func(i int) string { return string(orig) + "\nEdit " + strconv.Itoa(i) + ".\n" }},
		{"topics", func(i int) string { // files the entry elsewhere: the model is rebuilt
			if i%2 == 0 {
				return string(orig)
			}
			return strings.Replace(string(orig), "topics: [", "topics: [topic-29, ", 1)
		}},
	} {
		b.Run(edit.name, func(b *testing.B) {
			var worst time.Duration
			i := 0
			for b.Loop() {
				i++
				start := time.Now()
				os.WriteFile(file, []byte(edit.make(i)), 0o644)
				select {
				case <-h.reloads:
				case <-time.After(10 * time.Second):
					b.Fatal("no reload event")
				}
				worst = max(worst, time.Since(start))
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/save")
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
		})
	}
}
