package extract

import (
	"strings"
	"testing"
)

// TestPlainListKept: a short list of the article's points with one
// linked item stays; a list whose every item is a link goes.
func TestPlainListKept(t *testing.T) {
	para := "<p>The regulator published its draft rules for payment apps on Monday, asking for comments within thirty days, and said the final text would follow in spring.</p>"
	tests := []struct {
		list string
		want string
		kept bool
	}{
		{"<ul><li>cabbage</li><li>peas</li><li>onions</li><li>sour cream (<a href=\"/light\">a light version</a>) and a few others.</li></ul>", "peas", true},
		{"<ul><li><a href=\"/a\">Markets</a></li><li><a href=\"/b\">Payments</a></li><li><a href=\"/c\">Banks</a></li><li>Opinion</li></ul>", "Payments", false},
	}
	for _, tt := range tests {
		page := "<html><body><article>" + strings.Repeat(para, 3) + "<h2>Allowed in small amounts</h2>" + tt.list +
			strings.Repeat(para, 2) + "</article></body></html>"
		a, err := Extract([]byte(page), "", "https://example.com/news/1")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(a.Text, tt.want); got != tt.kept {
			t.Errorf("%s: kept %v, want %v:\n%s", tt.list, got, tt.kept, a.Text)
		}
	}
}

// TestAddressLineKept: a short line that is all link is dropped as a
// teaser unless its link shows a web address, which the text cites.
func TestAddressLineKept(t *testing.T) {
	para := "<p>The regulator published its draft rules for payment apps on Monday, asking for comments within thirty days, and said the final text would follow in spring.</p>"
	tests := []struct {
		line, want string
		kept       bool
	}{
		{`<p><a href="https://example.org/draft.pdf">https://example.org/draft.pdf</a></p>`, "example.org/draft.pdf", true},
		{`<p>Source: <a href="https://www.example.org/">www.example.org</a></p>`, "www.example.org", true},
		{`<p><a href="https://example.com/other">Banks brace for a second round of rules</a></p>`, "second round", false},
	}
	for _, tt := range tests {
		page := "<html><body><article>" + strings.Repeat(para, 3) + tt.line + strings.Repeat(para, 2) + "</article></body></html>"
		a, err := Extract([]byte(page), "", "https://example.com/news/1")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(a.Text, tt.want); got != tt.kept {
			t.Errorf("%s: kept %v, want %v", tt.line, got, tt.kept)
		}
	}
}
