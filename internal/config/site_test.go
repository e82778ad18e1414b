package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	tests := []struct{ name, src, err, base string }{
		{"defaults", "", "", "http://localhost:1313/"},
		{"sub-path", "base_url: https://example.org/tracker\n", "", "https://example.org/tracker/"},
		{"unknown key", "title: t\npagesize: 3\n", "site.yaml:2:1: unknown key \"pagesize\"", ""},
		{"bad url", "title: t\nbase_url: example.org\n", "site.yaml:2:11: base_url \"example.org\"", ""},
		{"bad excerpt", "excerpt: most\n", "site.yaml:1:10: excerpt \"most\"", ""},
		{"no excerpt words", "excerpt: lead\nexcerpt_words: 0\n", "site.yaml:2:16: excerpt_words must be at least 1", ""},
		{"no page size", "# comment\npage_size: 0\n", "site.yaml:2:12: page_size must be at least 1", ""},
		{"bad language", "language: en US\n", "site.yaml:1:11: language \"en US\" is not a BCP 47 language tag", ""},
		{"language with region", "language: zh-Hant\n", "", "http://localhost:1313/"},
		{"language with an underscore", "language: en_US\n", "site.yaml:1:11: language \"en_US\" is not a BCP 47 language tag", ""},
		{"base url with query", "base_url: https://example.org/tracker?x=1\n", "base_url \"https://example.org/tracker?x=1\"", ""},
		{"base url with fragment", "base_url: https://example.org/#top\n", "base_url \"https://example.org/#top\"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "site.yaml")
			os.WriteFile(p, []byte(tt.src), 0o644)
			s, err := Load(p)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.BaseURL != tt.base {
				t.Errorf("base = %q", s.BaseURL)
			}
		})
	}
	s := Defaults()
	s.SetBaseURL("https://example.org/tracker")
	if s.BasePath() != "/tracker/" || s.Abs("/news/x/") != "https://example.org/tracker/news/x/" {
		t.Errorf("BasePath %q Abs %q", s.BasePath(), s.Abs("/news/x/"))
	}
}
