package extract

import (
	"html"
	"strings"
	"testing"
	"unicode"

	xhtml "golang.org/x/net/html"
)

// refTextNode is textNode as it was before its fast path, kept as the
// reference: every text node through the word loop.
func refTextNode(w *writer, s string) {
	squashed := true
	prev := false
	for _, r := range s {
		space := r == ' '
		if space && prev || !space && unicode.IsSpace(r) {
			squashed = false
		}
		prev = space
	}
	if w.pre > 0 || squashed {
		w.html.WriteString(html.EscapeString(s))
	} else {
		w.html.WriteString(html.EscapeString(squashSpace(s)))
	}
	first := true
	for f := range strings.FieldsSeq(s) {
		if !first || startsWithSpace(s) {
			w.space = true
		}
		first = false
		w.flushBreaks()
		w.text.WriteString(f)
	}
	l, _ := measure(s)
	w.chars += l
	if endsWithSpace(s) {
		w.space = true
	}
}

// TestTextNodeFastPath: text nodes written through the fast path give
// the same HTML, text and length as through the word loop, after any
// text before them.
func TestTextNodeFastPath(t *testing.T) {
	texts := []string{"", " ", "  ", "word", " word", "word ", " two words ", "two  words", "a\tb", "a\nb",
		"\u00a0nbsp", "nbsp\u00a0", "ideo\u3000space", "监管 机构", "<b> & \"q\" 'a'", "\xff\xfe bad \xc3", "x\x00y",
		"\u0085next", "end. ", " . ", "a \u00a0 b"}
	for _, before := range []string{"", "lead", "lead "} {
		for _, pre := range []int{0, 1} {
			for _, s := range texts {
				got, want := &writer{pre: pre}, &writer{pre: pre}
				for _, w := range []*writer{got, want} {
					if before != "" {
						w.textNode(before, false)
					}
				}
				got.textNode(s, false)
				refTextNode(want, s)
				got.textNode("next", false)
				want.textNode("next", false)
				if got.html.String() != want.html.String() || got.text.String() != want.text.String() || got.chars != want.chars {
					t.Errorf("%q after %q (pre %d): got %q/%q/%d, want %q/%q/%d", s, before, pre,
						got.html.String(), got.text.String(), got.chars, want.html.String(), want.text.String(), want.chars)
				}
			}
		}
	}
}

// TestTextSpaceBetweenNodes: white space at either end of a text node,
// ASCII or not, separates its words from the neighbouring node's (a link
// followed by "\u00a0and" lost the space); no space joins them.
func TestTextSpaceBetweenNodes(t *testing.T) {
	tests := []struct{ first, second, want string }{
		{"hotel room", "\u00a0and left", "hotel room and left"},
		{"hotel room\u00a0", "and left", "hotel room and left"},
		{"room", " and", "room and"},
		{"room", "\u2009and", "room and"},
		{"监管", "\u3000机构", "监管 机构"},
		{"room", "s and", "rooms and"},
		{"room\u00a0\u00a0", "\u00a0and", "room and"},
	}
	for _, tt := range tests {
		w := &writer{}
		w.textNode(tt.first, true)
		w.textNode(tt.second, false)
		if got := w.text.String(); got != tt.want {
			t.Errorf("%q then %q: got %q, want %q", tt.first, tt.second, got, tt.want)
		}
	}
}

// TestSpaceOnlyInline: an inline element holding nothing but a space
// separates the words around it, in the Text and in the HTML.
func TestSpaceOnlyInline(t *testing.T) {
	tests := []struct{ page, text string }{
		{"<p>the country<strong> </strong>and more</p>", "the country and more"},
		{"<p>the country<em>\u00a0</em>and more</p>", "the country and more"},
		{"<p>the country<b></b>and more</p>", "the countryand more"},
		{"<p>the country<strong><i> </i></strong>and more</p>", "the country and more"},
	}
	for _, tt := range tests {
		doc, err := xhtml.Parse(strings.NewReader(tt.page))
		if err != nil {
			t.Fatal(err)
		}
		w := &writer{}
		w.node(doc.FirstChild, false)
		if got := w.text.String(); got != tt.text {
			t.Errorf("%s: text %q, want %q", tt.page, got, tt.text)
		}
		if got := w.html.String(); !strings.Contains(got, strings.ReplaceAll(tt.text, "the ", "")) {
			t.Errorf("%s: html %q lacks %q", tt.page, got, tt.text)
		}
	}
}
