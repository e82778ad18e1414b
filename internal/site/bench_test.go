package site

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"docket/internal/content"
	"docket/internal/golden"
	"docket/internal/synth"
)

// Benchmarks of a full build of a synthetic site. Run:
//
//	go test ./internal/site -run '^$' -bench 'Build/10000/' -benchtime 3x
//
// and at 100,000 entries, the scale benchmark (~10 minutes on 2
// shared cores, ~0.6 GB of synthetic content and 2.7 GB of output), only
// when asked for:
//
//	DOCKET_BENCH_SCALE=1 go test ./internal/site -run '^$' -bench 'Build/^100000$/first' -benchtime 1x -timeout 1h
//
// "first" builds into a new folder each time, as CI does without its
// cache; "again" rebuilds an unchanged site on its build cache, as on an
// editor's machine; "late20" adds 20 entries dated among the newest (a
// scheduled fetch's, some of them late) before each build on the cache,
// the CI path with its cache restored (its ns/op is the figure; the
// entries are written with the timer stopped). "floor" is the bare loop
// (floor) on the same entries, into a new folder each time: "first"'s
// yardstick. ms/entry is the
// figure the build issue sets targets for; peak-RSS-MiB is the test
// process's high-water mark so far (run one size at a time to see that
// size's).
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			if n == 100000 && os.Getenv("DOCKET_BENCH_SCALE") == "" {
				b.Skip("set DOCKET_BENCH_SCALE=1 to build 100,000 entries")
			}
			if n >= 50000 && testing.Short() {
				b.Skip("-short")
			}
			root := scratchDir(b)
			if err := synth.Generate(root, n, 1); err != nil {
				b.Fatal(err)
			}
			golden.CopyTree(b, "../../templates", filepath.Join(root, "templates"))
			flushDisk()
			build := func(b *testing.B, out string) {
				if _, err := Build(Options{Root: root, Out: out}); err != nil {
					b.Fatal(err)
				}
			}
			report := func(b *testing.B) {
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(n), "ms/entry")
				if rss := peakRSS(); rss > 0 {
					b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
				}
			}
			b.Run("first", func(b *testing.B) {
				fresh := scratchDir(b)
				i := 0
				for b.Loop() {
					i++
					dir := filepath.Join(fresh, strconv.Itoa(i))
					if err := os.Mkdir(dir, 0o755); err != nil {
						b.Fatal(err)
					}
					build(b, filepath.Join(dir, "public"))
				}
				report(b)
			})
			// The yardstick: the bare loop (floor) on the same entries.
			b.Run("floor", func(b *testing.B) {
				fresh := scratchDir(b)
				i := 0
				for b.Loop() {
					i++
					if err := floor(root, filepath.Join(fresh, strconv.Itoa(i), "public")); err != nil {
						b.Fatal(err)
					}
				}
				report(b)
			})
			b.Run("again", func(b *testing.B) {
				out := filepath.Join(root, "public")
				build(b, out)
				build(b, out)
				for b.Loop() {
					build(b, out)
				}
				report(b)
			})
			b.Run("late20", func(b *testing.B) {
				out := filepath.Join(root, "public")
				build(b, out)
				build(b, out)
				batch := 0
				for b.Loop() {
					b.StopTimer()
					addLate(b, root, batch)
					batch++
					b.StartTimer()
					build(b, out)
				}
				report(b)
			})
		})
	}
}

// addLate writes batch's 20 news entries into a synthetic project, dated
// among its newest ones: each batch's an hour apart in mid-December of
// the archive's last year, its entries a minute apart.
func addLate(b *testing.B, root string, batch int) {
	for i := range 20 {
		date := time.Date(2025, 12, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(batch)*time.Hour + time.Duration(i)*time.Minute)
		name := filepath.Join(root, "content", "news", "2025", "12", fmt.Sprintf("late-%d-%d.md", batch, i))
		doc := fmt.Sprintf("---\ntitle: \"Late report %d of batch %d\"\ndate: %s\nsummary: \"A regulator opened a review, batch %d.\"\ntopics: [topic-%d]\n---\n\nThe body of a late report, batch %d, item %d.\n",
			i, batch, date.Format(time.RFC3339), batch, i%30, batch, i)
		if err := os.WriteFile(name, []byte(doc), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// scratchDir is a folder for a benchmark's files, removed only when all
// benchmarks are done (TestMain): on ext4 without a journal, making files
// within a minute or so of deleting many is several times slower (the
// allocator skips recently freed inodes one by one), so a 50k benchmark
// run after the 10k one's cleanup would measure that cleanup.
func scratchDir(b *testing.B) string {
	dir, err := os.MkdirTemp(scratchRoot(), "")
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

var scratchRoot = sync.OnceValue(func() string {
	dir, err := os.MkdirTemp("", "docket-bench-")
	if err != nil {
		panic(err)
	}
	scratch = dir
	return dir
})

var scratch string // made by scratchRoot, removed by TestMain

func TestMain(m *testing.M) {
	code := m.Run()
	if scratch != "" {
		os.RemoveAll(scratch)
	}
	os.Exit(code)
}

// BenchmarkUpdateOneEntry measures what the preview server does between an
// editor's save and the reload event: re-read one entry, rebuild the
// index and the plan. Then, as the browser would, it renders the page.
func BenchmarkUpdateOneEntry(b *testing.B) {
	root := synthProject(b, 10000)
	s := loadSynth(b, root)
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

// BenchmarkPages measures the kinds of work a build does, one entry at a
// time on one goroutine, on a synthetic site of 2,000 entries: what
// ms/entry in BenchmarkBuild is made of.
func BenchmarkPages(b *testing.B) {
	root := synthProject(b, 2000)
	s := loadSynth(b, root)
	bld := s.b
	items := bld.m.items
	b.Run("entry", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := bld.entryPage(items[i%len(items)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("card", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			it := items[i%len(items)]
			bld.cards.(*cardCache).forget(it.full)
			if _, err := bld.card(it); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A timeline page of cards: as the preview renders it, with cards in
	// memory; as a build does, whose cache ranks every item's chips once
	// (cardKeys) for the listings' keys and cards; and as a one-shot
	// build does, whose cards are kept in a file.
	listing := func(b *testing.B) {
		outs := bld.paginate(Page{Kind: "home", Path: "/", Title: "Home"}, &lazyListing{n: len(bld.m.home), list: bld.m.home})
		for i := 0; b.Loop(); i++ {
			if _, err := outs[i%len(outs)].render(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("listing", listing)
	b.Run("listing-ranked", func(b *testing.B) {
		bld.cache = &cacheRun{}
		bld.cache.cardKeys(items)
		defer func() { bld.cache = nil }()
		listing(b)
	})
	// A build's card file, with every card in memory (as at 10,000
	// entries) and with every card in the file (past ~50,000).
	for _, run := range []struct {
		name   string
		memory int
	}{{"listing-cardmemory", cardMemory}, {"listing-file", 0}} {
		b.Run(run.name, func(b *testing.B) {
			f, err := newCardFile(b.TempDir(), run.memory)
			if err != nil {
				b.Fatal(err)
			}
			defer f.close()
			kept := bld.cards
			bld.cards, bld.cache = f, &cacheRun{}
			bld.cache.cardKeys(items)
			defer func() { bld.cards, bld.cache = kept, nil }()
			listing(b)
		})
	}
	// The files written whole, which grow with the archive: reported
	// also in ns an entry of the site, comparable across sizes.
	for _, st := range bld.streams() {
		b.Run("whole"+st.path, func(b *testing.B) {
			for b.Loop() {
				if err := st.fill(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/entry")
		})
	}
	b.Run("keys", func(b *testing.B) { // a build cache's, for every entry
		for i := 0; b.Loop(); i++ {
			it := items[i%len(items)]
			cardKey(it)
			tokenKey(it)
		}
	})
	b.Run("search-tokens", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := bld.readTokens(items[i%len(items)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, ps := content.ReadDoc(filepath.Join(root, "content"), items[i%len(items)].Rel, s.rules); len(ps) > 0 {
				b.Fatal(ps)
			}
		}
	})
}

// synthProject is a synthetic project of n entries (docket synth, seed 1)
// with the shipped templates, in a temporary folder.
func synthProject(tb testing.TB, n int) string {
	tb.Helper()
	root := tb.TempDir()
	if err := synth.Generate(root, n, 1); err != nil {
		tb.Fatal(err)
	}
	golden.CopyTree(tb, "../../templates", filepath.Join(root, "templates"))
	return root
}

// loadSynth loads the project at root.
func loadSynth(tb testing.TB, root string) *Site {
	tb.Helper()
	s, err := Load(Options{Root: root})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
