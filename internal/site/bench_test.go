package site

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"docket/internal/synth"
)

// Benchmarks of a full build of a synthetic site. Run:
//
//	go test ./internal/site -run '^$' -bench Build -benchtime 3x
//
// ms/entry is the figure the build issue sets targets for; peak-MiB is
// the Go heap's peak (runtime/metrics would differ little) sampled after
// the build.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			if n == 50000 && testing.Short() {
				b.Skip("-short")
			}
			root := b.TempDir()
			if err := synth.Generate(root, n, 1); err != nil {
				b.Fatal(err)
			}
			copyTree(b, "../../templates", filepath.Join(root, "templates"))
			out := filepath.Join(root, "public")
			b.ResetTimer()
			for b.Loop() {
				if _, err := Build(Options{Root: root, Out: out}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(n), "ms/entry")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
			os.RemoveAll(out)
		})
	}
}

// BenchmarkUpdateOneEntry measures what the preview server does between an
// editor's save and the reload event: re-read one entry, rebuild the
// index and the plan. Then, as the browser would, it renders the page.
func BenchmarkUpdateOneEntry(b *testing.B) {
	root := b.TempDir()
	if err := synth.Generate(root, 10000, 1); err != nil {
		b.Fatal(err)
	}
	copyTree(b, "../../templates", filepath.Join(root, "templates"))
	s, err := Load(Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	var rel, url string
	for r, d := range s.docs {
		rel, url = r, d.Permalink()
		break
	}
	file := filepath.Join(root, "content", rel+".md")
	orig, _ := os.ReadFile(file)
	b.Run("update", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			os.WriteFile(file, bytes.Replace(orig, []byte("title: \""), []byte("title: \"Edit "+strconv.Itoa(i)+" "), 1), 0o644)
			if _, err := s.Update([]string{"content/" + rel + ".md"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("render-entry", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Get(url); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("render-home", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Get("/"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
