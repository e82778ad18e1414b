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
// first block of text is kept (cut inside when past the limit), and it
// ends on text, not on a heading or a rule.
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
		{"one long block", []string{words(98)}, 1, true},
		{"one block at the limit", []string{words(80)}, 1, false},
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

// TestLeadCutsALongParagraph: an article of one long paragraph is cut
// inside it, at the end of a sentence when one ends past half the lead,
// else at the word with an ellipsis; markup it cuts through stays whole.
func TestLeadCutsALongParagraph(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	sentences := strings.Repeat(words(9)+" stop. ", 12)
	han := strings.Repeat(strings.Repeat("字", 19)+"。", 15)
	for _, tt := range []struct {
		name, src, ends string
		words           int // of the lead, as countWords counts
	}{
		{"no sentence", words(120), "word…</p>", 80},
		{"sentences", sentences, "stop.</p>", 80},
		{"a late sentence end", words(75) + ". " + words(40), "word.</p>", 75},
		{"an early sentence end only", words(20) + ". " + words(100), "word…</p>", 80},
		{"through a link", words(70) + " [" + words(20) + "](https://example.com/a) tail", "word…</a></p>", 80},
		{"through emphasis", words(78) + " *one two three* " + words(10), "<em>one two…</em></p>", 80},
		{"Chinese", han, "。</p>", 73}, // 。 counts as a word
		{"a heading first", "## " + words(10) + "\n\n" + words(120), "word…</p>", 80},
		// Han halved once for the paragraph, not per line: odd lines
		// would each lose half a word, and the cut come late or never.
		{"Chinese in short lines", strings.Repeat("字字字\n", 80), "…</p>", 80},
		{"Chinese in long lines", strings.Repeat(strings.Repeat("字", 25)+"\n", 7), "…</p>", 80},
	} {
		doc, src := parseMarkdown(newMarkdown(), []byte(tt.src), "/news/x/")
		html, cut, err := renderMarkdown(newMarkdown(), src, doc, 80)
		if err != nil {
			t.Fatal(err)
		}
		if !cut || !strings.HasSuffix(strings.TrimSpace(html), tt.ends) {
			t.Errorf("%s: cut %v, lead ends %q; want it to end %q", tt.name, cut, tail(html), tt.ends)
		}
		if n := countWords(doc, src); n != tt.words {
			t.Errorf("%s: lead of %d words, want %d", tt.name, n, tt.words)
		}
		if strings.Contains(html, "tail") {
			t.Errorf("%s: lead keeps what follows the cut: %q", tt.name, tail(html))
		}
	}
}

func tail(s string) string { return s[max(0, len(s)-60):] }

// TestTextLeadStaysWithinItsWords: a feed's text as the body (no
// Markdown) is cut as a Markdown body is: paragraphs within the limit, a
// first one past it cut inside, Chinese counted by characters.
func TestTextLeadStaysWithinItsWords(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	for _, tt := range []struct {
		name, text, want string
		cut              bool
	}{
		{"within", words(30) + "\n\n" + words(50), "<p>" + words(30) + "</p>\n<p>" + words(50) + "</p>\n", false},
		{"the second past it", words(30) + "\n\n" + words(60), "<p>" + words(30) + "</p>\n", true},
		{"one long paragraph", words(100), "<p>" + words(80) + "…</p>\n", true},
		{"a sentence ends late", words(70) + ". " + words(30), "<p>" + words(70) + ".</p>\n", true},
		{"Chinese", strings.Repeat("字", 300), "<p>" + strings.Repeat("字", 161) + "…</p>\n", true},
	} {
		got, cut := textHTML(tt.text, 80)
		if string(got) != tt.want || cut != tt.cut {
			t.Errorf("%s: got %q (cut %v), want %q (cut %v)", tt.name, tail(string(got)), cut, tail(tt.want), tt.cut)
		}
	}
}
