package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/cputime"
	"docket/internal/golden"
)

// corpus returns the shared corpora directory, skipping the test when
// DOCKET_CORPUS is not set.
func corpus(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("DOCKET_CORPUS")
	if dir == "" {
		tb.Skip("DOCKET_CORPUS not set")
	}
	return dir
}

// TestSeedArticle checks the seed story's syndicated copy: exactly its
// paragraphs, none of the portal's chrome.
func TestSeedArticle(t *testing.T) {
	dir := filepath.Join(corpus(t), "articles")
	page, err := os.ReadFile(filepath.Join(dir, "devdiscourse-alibaba-wechat-pay.html"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(dir, "devdiscourse-alibaba-wechat-pay.expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// The .example host has no site rule: the general heuristics must do;
	// the real host goes through its rule in rules.yaml.
	for _, pageURL := range []string{
		"https://www.devdiscourse.example/article/technology/1759123",
		"https://www.devdiscourse.com/article/technology/1759123",
	} {
		t.Run(pageURL, func(t *testing.T) { checkSeed(t, page, string(want), pageURL) })
	}
}

func checkSeed(t *testing.T, page []byte, want, pageURL string) {
	a, err := Extract(page, "text/html", pageURL)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := paragraphs(a.Text), paragraphs(want); strings.Join(got, "\n") != strings.Join(w, "\n") {
		t.Errorf("paragraphs:\ngot  %q\nwant %q", got, w)
	}
	for _, chrome := range []string{"Representative Image", "Give Feedback", "syndicated feed", "Also Read", "Trending", "Advertisement", "Share"} {
		if strings.Contains(a.Markdown, chrome) {
			t.Errorf("markdown holds chrome %q", chrome)
		}
	}
	if a.Title != "Alibaba apps start offering WeChat Pay option after government orders" {
		t.Errorf("title %q", a.Title)
	}
	if a.Author != "Reuters" || a.Published.IsZero() || a.Lang != "en" {
		t.Errorf("metadata: author %q published %v lang %q", a.Author, a.Published, a.Lang)
	}
	if !a.Usable("Previously, the main way users could make payments on those apps was via Alipay, from Alibaba's financial affiliate Ant Group.") {
		t.Errorf("gate refused the seed article (confidence %.2f)", a.Confidence)
	}
}

func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = collapseSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// loadAEB reads the benchmark's pages into memory.
func loadAEB(tb testing.TB) [][]byte {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(corpus(tb), "aeb", "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no AEB pages: %v", err)
	}
	pages := make([][]byte, 0, len(files))
	for _, f := range files {
		pages = append(pages, golden.ReadGzip(tb, f))
	}
	return pages
}

// BenchmarkAEB extracts the benchmark's pages one after another; one op is
// one page, and ms/page is reported for the speed target, with the CPU
// time per page (cpu-ms/page, all threads: the GC's too), which a loaded
// machine disturbs less.
func BenchmarkAEB(b *testing.B) {
	pages := loadAEB(b)
	x, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu := time.Now(), cputime.Used()
	for i := 0; i < b.N; i++ {
		if _, err := x.Extract(pages[i%len(pages)], "", "https://example.com/"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/page")
	b.ReportMetric(float64((cputime.Used()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/page")
}
