package site

import (
	"strings"
	"testing"
)

// TestNotFoundBasePathEscaped: the 404 page links from the base path,
// which the root placeholder of cached cards and chrome stands for; a
// base path with characters special in HTML must not break out of the
// attribute.
func TestNotFoundBasePathEscaped(t *testing.T) {
	s, err := Load(Options{Root: project(t), BaseURL: `https://example.org/a"b<i>&x/`})
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Get("/404.html")
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	if strings.Contains(html, `"b<i>`) || strings.Contains(html, `a"b`) {
		t.Errorf("the base path is pasted into the page unescaped:\n%s", html)
	}
	for _, want := range []string{`href="/a%22b%3Ci%3E&amp;x/assets/style.css"`, `href="/a%22b%3Ci%3E&amp;x/topics/"`} {
		if !strings.Contains(html, want) {
			t.Errorf("404 page lacks %s", want)
		}
	}
}
