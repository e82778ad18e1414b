package site

import (
	"strings"
	"testing"
)

func TestRel(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"/", "/assets/style.css", "assets/style.css"},
		{"/", "/", "./"},
		{"/news/2021/09/x/", "/topics/antitrust/", "../../../../topics/antitrust/"},
		{"/news/2021/09/x/", "/", "../../../../"},
		{"/topics/antitrust/page/2/", "/topics/antitrust/", "../../../../topics/antitrust/"},
		{"/404.html", "/feed.xml", "feed.xml"},
	}
	for _, tt := range tests {
		if got := rel(rootOf(tt.from), tt.to); got != tt.want {
			t.Errorf("rel from %q to %q = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestRenderMarkdown(t *testing.T) {
	md := newMarkdown()
	tests := []struct {
		name, src string
		words     int
		want      []string
		not       []string
		cut       bool
	}{
		{"gfm", "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ https://example.org", 0,
			[]string{"<table>", "<del>old</del>", `<a href="https://example.org">`}, nil, false},
		{"raw html off", "<script>alert(1)</script>\n\nhi <b>x</b>", 0, []string{"<!-- raw HTML omitted -->"}, []string{"<script", "<b>"}, false},
		{"heading ids", "## Fine and order", 0, []string{`<h2 id="fine-and-order">`}, nil, false},
		{"footnote", "Text[^1].\n\n[^1]: Note.", 0, []string{`class="footnotes"`}, nil, false},
		{"root links relative", "[e](/events/x/) ![i](/img/a.png) [ext](//cdn.example/x) [home](/)", 0,
			[]string{`href="../../../../events/x/"`, `src="../../../../img/a.png"`, `href="//cdn.example/x"`, `href="../../../../">home`}, nil, false},
		{"images lazy, no referrer", "![chart](https://outlet.example/c.png)", 0,
			[]string{`<img src="https://outlet.example/c.png" alt="chart" loading="lazy" referrerpolicy="no-referrer">`}, nil, false},
		{"excerpt cut", "one two three\n\nfour five six\n\nseven", 6, []string{"four five six"}, []string{"seven"}, true},
		{"excerpt within its words", "one two three\n\nfour five six\n\nseven", 4, []string{"one two three"}, []string{"four five six"}, true},
		{"excerpt whole", "one two", 4, []string{"one two"}, nil, false},
		{"excerpt chinese", "工信部要求平台解除屏蔽网址链接\n\n第二段", 5, []string{"工信部"}, []string{"第二段"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, src := parseMarkdown(md, []byte(tt.src), "/news/2021/09/x/")
			got, cut, err := renderMarkdown(md, src, doc, tt.words)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("unwanted %q in\n%s", w, got)
				}
			}
			if cut != tt.cut {
				t.Errorf("cut = %v", cut)
			}
		})
	}
}
