package synth

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"docket/internal/content"
	"docket/internal/topic"
)

// TestGenerate checks that a generated project is valid content.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, 40, 7); err != nil {
		t.Fatal(err)
	}
	rules, err := topic.Load(filepath.Join(dir, "feeds"))
	if err != nil {
		t.Fatal(err)
	}
	tree, ps := content.Load(filepath.Join(dir, "content"), rules)
	if len(ps) > 0 {
		t.Fatalf("generated content has problems:\n%v", ps)
	}
	if len(tree.Docs) != 40 {
		t.Fatalf("%d entries, want 40", len(tree.Docs))
	}
}

// TestDeterministic: one seed, one tree; another seed, another tree.
func TestDeterministic(t *testing.T) {
	hash := func(seed uint64) string {
		dir := t.TempDir()
		if err := Generate(dir, 200, seed); err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
			h.Write(data)
			return err
		})
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	if a, b := hash(7), hash(7); a != b {
		t.Fatalf("seed 7 gave two trees: %s, %s", a, b)
	}
	if hash(7) == hash(8) {
		t.Fatal("seeds 7 and 8 gave the same tree")
	}
}

// TestRealistic: over 1,000 entries, tens of thousands of distinct words
// whose frequencies fall with rank as Zipf's law says; about one entry in
// ten in Chinese; titles of 6–14 words, capitalised once (12–28
// characters in Chinese); summaries of one or two sentences.
func TestRealistic(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, 1000, 1); err != nil {
		t.Fatal(err)
	}
	tree, ps := content.Load(filepath.Join(dir, "content"), nil)
	if len(ps) > 0 {
		t.Fatalf("generated content has problems:\n%v", ps)
	}
	freq := map[string]int{}
	zh := 0
	for _, d := range tree.Docs {
		if d.Lang == "zh" {
			zh++
			// A Chinese headline is counted in characters, not words.
			if n := utf8.RuneCountInString(d.Title); n < 12 || n > 28 {
				t.Errorf("%s: Chinese title of %d characters, want 12–28: %q", d.Rel, n, d.Title)
			}
			if n := strings.Count(d.Summary, "。"); n < 1 || n > 2 {
				t.Errorf("%s: summary of %d sentences: %q", d.Rel, n, d.Summary)
			}
			continue
		}
		title := strings.Fields(d.Title)
		if len(title) < 6 || len(title) > 14 {
			t.Errorf("%s: title of %d words: %q", d.Rel, len(title), d.Title)
		}
		if !unicode.IsUpper(rune(d.Title[0])) || strings.ToLower(d.Title[1:]) != d.Title[1:] {
			t.Errorf("%s: title not capitalised as a sentence: %q", d.Rel, d.Title)
		}
		if n := strings.Count(d.Summary, "."); n < 1 || n > 2 {
			t.Errorf("%s: summary of %d sentences: %q", d.Rel, n, d.Summary)
		}
		data, err := os.ReadFile(filepath.Join(dir, "content", filepath.FromSlash(d.Rel)+".md"))
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(string(data)[4:], "\n---\n")
		for _, w := range strings.FieldsFunc(strings.ToLower(body), func(r rune) bool { return !unicode.IsLetter(r) }) {
			freq[w]++
		}
	}
	if zh < 60 || zh > 140 {
		t.Errorf("%d Chinese entries of 1,000, want about 100", zh)
	}
	if len(freq) < 10_000 {
		t.Errorf("%d distinct words in the English bodies, want tens of thousands", len(freq))
	}
	counts := make([]int, 0, len(freq))
	for _, n := range freq {
		counts = append(counts, n)
	}
	slices.SortFunc(counts, func(a, b int) int { return b - a })
	// The slope of log frequency against log rank, between ranks 10 and
	// 1,000: -1 for Zipf's law (s = 1.07 with an offset here).
	slope := (math.Log(float64(counts[999])) - math.Log(float64(counts[9]))) / (math.Log(1000) - math.Log(10))
	t.Logf("%d English words, %d distinct; Chinese entries %d; top counts %v; slope %.2f", sum(counts), len(freq), zh, counts[:5], slope)
	if slope > -0.8 || slope < -1.3 {
		t.Errorf("log-log slope of frequency by rank %.2f, want about -1", slope)
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}
