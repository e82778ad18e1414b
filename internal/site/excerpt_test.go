package site

import (
	"strings"
	"testing"
)

// TestFeedsKeepExcerptPolicy: with excerpt: summary the site shows no
// article text, and a news item without a summary must not get the start
// of its article in the feeds instead.
func TestFeedsKeepExcerptPolicy(t *testing.T) {
	root := project(t)
	write(t, root, "content/site.yaml", "title: T\nbase_url: https://example.org/\nexcerpt: summary\n")
	write(t, root, "content/news/2021/09/no-summary.md", "---\ntitle: No summary\ndate: 2021-09-30\nsource: Example Wire\ntopics: [antitrust]\n---\nSecretArticleText of the publisher.\n")
	s := mustLoad(t, root)
	for _, p := range []string{"/news/2021/09/no-summary/", "/feed.xml", "/feed.json", "/topics/antitrust/feed.xml"} {
		data, err := s.Get(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "SecretArticleText") {
			t.Errorf("%s republishes the article text", p)
		}
	}
}

// TestMarkdownSummaryIsText: a summary made from a Markdown body is its text:
// no link targets or marks, and the characters marks are made of kept
// where they are text (snake_case, a > b).
func TestMarkdownSummaryIsText(t *testing.T) {
	root := project(t)
	write(t, root, "content/news/2021/09/no-summary.md", "---\ntitle: No summary\ndate: 2021-09-30\nsource: Example Wire\ntopics: [antitrust]\n---\nThe **order** names [the app store](https://example.com/x) and the flag snake_case, since fines > 0.\n")
	s := mustLoad(t, root)
	data, err := s.Get("/feed.json")
	if err != nil {
		t.Fatal(err)
	}
	want := "The order names the app store and the flag snake_case, since fines \u003e 0."
	if !strings.Contains(string(data), want) && !strings.Contains(string(data), strings.ReplaceAll(want, ">", `\u003e`)) {
		t.Errorf("feed.json lacks the summary %q:\n%s", want, data)
	}
	if strings.Contains(string(data), "](https://example.com/x)") {
		t.Error("feed.json summary holds Markdown link syntax")
	}
}

// TestLeadStaysWithinItsWords: the lead is the blocks within
// excerpt_words, never an article that is a few words longer whole; its
// first block of text is kept however long, and it ends on text, not on
// a heading or a rule.
func TestLeadStaysWithinItsWords(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	for _, tt := range []struct {
		name   string
		blocks []string
		kept   int
		cut    bool
	}{
		{"two blocks past the limit", []string{words(50), words(48)}, 1, true},
		{"the limit reached exactly", []string{words(50), words(30), words(10)}, 2, true},
		{"a first block past it", []string{words(95), words(10)}, 1, true},
		{"one long block", []string{words(98)}, 1, false},
		{"within the limit", []string{words(30), words(30)}, 2, false},
		{"an image first", []string{"![](/img/a.png)", words(120), words(10)}, 2, true},
		{"a heading first", []string{"## Background", words(120), words(10)}, 2, true},
		{"a heading before the block past it", []string{words(70), "## Next", words(50)}, 1, true},
		{"a rule before the block past it", []string{words(70), "---", words(50)}, 1, true},
	} {
		doc, s := parseMarkdown(newMarkdown(), []byte(strings.Join(tt.blocks, "\n\n")), "/news/x/")
		cut := truncate(doc, s, 80)
		if kept := doc.ChildCount(); kept != tt.kept || cut != tt.cut {
			t.Errorf("%s: kept %d blocks, cut %v; want %d, %v", tt.name, kept, cut, tt.kept, tt.cut)
		}
	}
}
