package extract

import (
	"strings"
	"testing"
)

// TestSecondOpinion: a page whose markup hides the text (a script-built
// body) but whose JSON-LD carries it gets the JSON-LD copy.
func TestSecondOpinion(t *testing.T) {
	body := strings.Repeat("The authority ordered the platforms to open their messaging services to rivals within a year, and said it would check compliance every quarter. ", 3)
	page := `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Open up","articleBody":"` +
		body + `\n` + body + `\n` + body + `"}</script></head><body><div id="app"><p>Loading…</p></div></body></html>`
	a, err := Extract([]byte(page), "", "https://example.com/a")
	if err != nil {
		t.Fatal(err)
	}
	if a.Method != "json-ld" || !strings.HasPrefix(a.Text, "The authority ordered") || strings.Count(a.Text, "\n\n") != 2 {
		t.Errorf("method %q confidence %.2f text %q", a.Method, a.Confidence, a.Text)
	}
	if !strings.Contains(a.Markdown, "The authority ordered") {
		t.Errorf("markdown %q", a.Markdown)
	}
}
