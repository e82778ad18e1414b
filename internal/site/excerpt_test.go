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
	s, err := Load(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
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
