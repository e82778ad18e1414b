package yamlerr

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

func TestAt(t *testing.T) {
	var v struct {
		A int  `yaml:"a"`
		B bool `yaml:"b"`
	}
	tests := []struct{ src, want string }{
		{"a: 1\nc: 2\n", `x.yaml:2:1: unknown key "c"`},
		{"a: x\n", `x.yaml:1:4: want a whole number, not text`},
		{"a: 1\nb: yes\n", `x.yaml:2:4: want true or false, not text`},
		{"a: [1,\n  2\nb: true\n", `x.yaml:1:4: the list opened with '[' here is not closed: add ']'`},
		{"a: [\"é\", [1\n", `x.yaml:1:10: the list opened with '[' here is not closed: add ']'`},
		{"a: 1\nb: {x: 1\n", `x.yaml:2:4: the mapping opened with '{' here is not closed: add '}'`},
		{"a: in force: yes\n", `x.yaml:1:4: unexpected ':': put a value that holds ": " in quotes (status: "in force: since May"), and start each key at the line's start, or indent it under its parent`},
		{"a: \"open\nb: true\n", `x.yaml:1:4: the quote " opened here is not closed`},
		// A quote left open runs on to the next value's quote; found at
		// the start of a value only, and told from a value quoted over
		// two lines on purpose by the keys it swallows.
		{"a: 1\nc: \"open\nd: 2\ne: [\"x\", y]\n", `x.yaml:2:4: the quote " opened here is not closed on its line: it runs on into the next 2 lines`},
		{"a: 1\nc: \"open\nd: \"x\"\n", `x.yaml:2:4: the quote " opened here is not closed on its line: it runs on into the next line`},
		{"a: 1\nc: 'it''s\nd: 2\ne: 'x'\n", `x.yaml:2:4: the quote ' opened here is not closed on its line: it runs on into the next 2 lines`},
		{"c: \"a \\\" b\nd: 2\ne: \"x\" y\n", `x.yaml:1:4: the quote " opened here is not closed on its line: it runs on into the next 2 lines`},
		{"a: \"open\nb: 2\nc: \"\"\n", `x.yaml:1:4: the quote " opened here is not closed on its line: it runs on into the next 2 lines`},
		// The quote that closes it is taken for an opening one in turn,
		// which runs on too: the first is blamed (docket new's scaffold
		// has two such empty values).
		{"a: \"open\nb: 2\nc: \"\"\nd: \"\"\ne: 1\n", `x.yaml:1:4: the quote " opened here is not closed on its line: it runs on into the next 2 lines`},
		// A quote closed long before, which ran on, is not blamed.
		{"t: \"x\nb: y\"\nc: 1\nd: \"open\ne: 2\nf: \"\"\ng: 3\n", `x.yaml:4:4: the quote " opened here is not closed on its line: it runs on into the next 2 lines`},
		{"a: \"x\nb: y\"\nc: \"d\" e\n", `x.yaml:3:8: text after a closing quote: a quoted value ends at its quote; quote the whole value, with \" for a quote inside`},
		{"a: 1\r\nc: \"open\r\nd: 2\r\ne: [\"x\", y]\r\n", `x.yaml:2:4: the quote " opened here is not closed on its line: it runs on into the next 2 lines`},
		{"c: 'a' b 'c\nd: 2\ne: 'x' y\n", `x.yaml:1:8: text after a closing quote: a quoted value ends at its quote; quote the whole value, with '' for a quote inside`},
		{"c: \"two\n  lines\" junk\n", `x.yaml:2:10: text after a closing quote: a quoted value ends at its quote; quote the whole value, with \" for a quote inside`},
		{"c: Apple said, \"we will\n  appeal.\nt: \"x\" y\n", `x.yaml:3:8: text after a closing quote: a quoted value ends at its quote; quote the whole value, with \" for a quote inside`},
		{"c: |\n  - \"first point\n  - second\nd: en\nt: 'x' y\n", `x.yaml:5:8: text after a closing quote: a quoted value ends at its quote; quote the whole value, with '' for a quote inside`},
		{"c: \"two\n  lines\"\nd: [1,\n", `x.yaml:3:4: the list opened with '[' here is not closed: add ']'`},
		{"t: \"EU fines \"Example\" Corp\"\n", `x.yaml:1:15: text after a closing quote: a quoted value ends at its quote; quote the whole value, with \" for a quote inside`},
		// Indents: a key indented under a key with a value is read as
		// more of that value; a line between two levels belongs to none.
		{"a: 1\nc: some text\n b: true\n", `x.yaml:3:2: this key is indented more than the key c above it, so it reads as more of c's value: start it in the same column as c`},
		{"c:\n  - url: x\n     t: y\n", `x.yaml:3:6: this key is indented more than the key url above it, so it reads as more of url's value: start it in the same column as url`},
		{"c:\n  - x\n - y\nb: true\n", `x.yaml:3:2: this line is indented 1 space, between the list item - x (2) and the key c (0) above it: line it up with the one it belongs beside`},
		{"c:\n  - url: x\n    t: y\n  - url: z\n   t: w\n", `x.yaml:5:4: this line is indented 3 spaces, between the key url (4) and the list item - url (2) above it: line it up with the one it belongs beside`},
		// Levels, not lines: deeper ones closed above are passed over, and
		// text is no level.
		{"c:\n  - id: a\n    tags:\n      - x\n   url: b\n", `x.yaml:5:4: this line is indented 3 spaces, between the key tags (4) and the list item - id (2) above it: line it up with the one it belongs beside`},
		{"c:\n  - id: a\n    url: b\n b: 3\n", `x.yaml:4:2: this line is indented 1 space, between the list item - id (2) and the key c (0) above it: line it up with the one it belongs beside`},
		{"-id: x\n  url: y\n", `x.yaml:1:1: put a space after '-': a list item is written "- item"`},
		{"f:\n  - id: a\n    t: b\n  -id: c\n", `x.yaml:4:3: put a space after '-': a list item is written "- item"`},
		{"a: 1\na: 2\n", `x.yaml:2:1: key "a" is given twice: keep one`},
		{"- a\n- b\n", `x.yaml:1:1: want a mapping (key: value) here, not a list`},
		{"a:1\nb: true\n", `x.yaml:1:1: this line is not 'key: value'`},
		{"a: 1\n\tb: true\n", `x.yaml:2:1: a tab indents this line: indent with spaces`},
		{"a: |\n\tx\n", `x.yaml:2:1: a tab indents this line: indent with spaces`},
		{"a: \"x/\">more\"\n", `x.yaml:1:8: text after a closing quote: a quoted value ends at its quote; quote the whole value, with \" for a quote inside`},
		{"a: 'x'>y\n", `x.yaml:1:7: text after a closing quote: a quoted value ends at its quote; quote the whole value, with '' for a quote inside`},
		{"a: >more\n", `x.yaml:1:4: a value starting with '>' or '|' begins a block of text on the lines below: put the value in quotes`},
	}
	for _, tt := range tests {
		err := Unmarshal([]byte(tt.src), &v, yaml.Strict())
		line, col, msg := Explain([]byte(tt.src), err)
		got := fmt.Sprintf("x.yaml:%d:%d: %s", line, col, msg)
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
	if got := At("x.yaml", nil, errors.New("boom")).Error(); got != "x.yaml: boom" {
		t.Errorf("got %q", got)
	}
}

// TestUnknownKeySuggested: an unknown key of the mapping decoded gets
// the known key nearest it, when one is near; a key of a mapping inside
// it gets none (its keys are not the type's).
func TestUnknownKeySuggested(t *testing.T) {
	type feed struct {
		ID      string            `yaml:"id"`
		Extract string            `yaml:"extract"`
		Select  string            `yaml:"select"`
		Headers map[string]string `yaml:"headers"`
	}
	for _, tt := range []struct{ src, want string }{
		{"id: a\nextarct: full\n", `f.yaml:2:1: unknown key "extarct": did you mean "extract"?`},
		{"extarct: full\n", `f.yaml:1:1: unknown key "extarct": did you mean "extract"?`},
		{"id: a\nzzz: full\n", `f.yaml:2:1: unknown key "zzz"`},
		{"id: a\nheaders: {a: b}\nselcet: all\n", `f.yaml:3:1: unknown key "selcet": did you mean "select"?`},
	} {
		var v feed
		err := Unmarshal([]byte(tt.src), &v, yaml.Strict())
		if got := fmt.Sprint(At("f.yaml", []byte(tt.src), err)); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
	// Nested: the inner mapping's keys are not feed's.
	type outer struct {
		Feed feed `yaml:"feed"`
	}
	src := "feed:\n  id: a\n  extarct: full\n"
	var v outer
	if got, want := fmt.Sprint(At("f.yaml", []byte(src), Unmarshal([]byte(src), &v, yaml.Strict()))), `f.yaml:3:3: unknown key "extarct"`; got != want {
		t.Errorf("nested: got %s, want %s", got, want)
	}
}

func TestNestedAliases(t *testing.T) {
	// An alias bomb: each level lists the one before nine times.
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [", i, i)
		for j := range 9 {
			if j > 0 {
				bomb.WriteString(", ")
			}
			fmt.Fprintf(&bomb, "*a%d", i-1)
		}
		bomb.WriteString("]\n")
	}
	for _, tt := range []struct{ name, doc, want string }{
		{"no alias", "a: [x, y]\n", ""},
		{"flat aliases", "a: &a [x, y]\nb: *a\nc: [*a, *a]\n", ""},
		{"broken", "a: [x\n", ""}, // decoding says why
		{"nested", "a: &a [x]\nb: &b [*a, *a]\n", "f.yaml:2:8: an alias inside an anchored value"},
		{"bomb", bomb.String(), "f.yaml:2:10: an alias inside an anchored value"},
	} {
		err := NestedAliases("f.yaml", []byte(tt.doc))
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestUnmarshalPanics: go-yaml panics decoding a tag with no value into a
// list; Unmarshal and NodeToValue return an error that At places at the
// tag, and decode everything else as go-yaml does.
func TestUnmarshalPanics(t *testing.T) {
	type doc struct {
		A    []string `yaml:"a"`
		B    string   `yaml:"b"`
		Tags []struct {
			N []int `yaml:"n"`
		} `yaml:"tags"`
	}
	tests := []struct{ src, want string }{
		{"a: !x\n", "x.yaml:1:4: the tag !x has no value: write the value after it, or remove the tag"},
		{"b: ok\na: !!str\n", "x.yaml:2:4: the tag !!str has no value: write the value after it, or remove the tag"},
		{"tags:\n  - n: !0000\n", "x.yaml:2:8: the tag !0000 has no value: write the value after it, or remove the tag"},
		{"a: [x, y]\nb: ok\n", ""},
		{"b: !!str 12\n", ""},
	}
	for _, tt := range tests {
		var v doc
		got := ""
		if err := Unmarshal([]byte(tt.src), &v, yaml.Strict()); err != nil {
			got = At("x.yaml", []byte(tt.src), err).Error()
		}
		if got != tt.want {
			t.Errorf("Unmarshal %q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
		// The same through a node, as front matter and feeds.yaml decode.
		file, err := parser.ParseBytes([]byte(tt.src), 0)
		if err != nil {
			t.Fatal(err)
		}
		got = ""
		if err := NodeToValue(file.Docs[0].Body, &v, yaml.Strict()); err != nil {
			got = At("x.yaml", []byte(tt.src), err).Error()
		}
		if got != tt.want {
			t.Errorf("NodeToValue %q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

// go-yaml names one of a mapping's unknown keys at random; docket names
// the first in the file, every time.
func TestUnknownKeyIsTheFirst(t *testing.T) {
	type doc struct {
		A     int `yaml:"a"`
		Inner struct {
			B int `yaml:"b"`
		} `yaml:"inner"`
		List []struct {
			C int `yaml:"c"`
		} `yaml:"list"`
	}
	tests := []struct{ src, want string }{
		{"x: 1\na: 1\ny: 2\nz: 3\nw: 4\n", `x.yaml:1:1: unknown key "x"`},
		{"a: 1\ninner: {b: 1, q: 1, p: 2, o: 3}\n", `x.yaml:2:15: unknown key "q"`},
		{"list:\n  - c: 1\n  - c: 2\n    k: 1\n    j: 2\n    i: 3\n", `x.yaml:4:5: unknown key "k"`},
		{"inner: {b: 1}\n", ""},
	}
	for _, tt := range tests {
		// The same node every time: each decode must find it as it was.
		file, err := parser.ParseBytes([]byte(tt.src), 0)
		if err != nil {
			t.Fatal(err)
		}
		for range 20 { // with three or four unknown keys, 20 tries show a random pick
			var v doc
			got := ""
			if err := Unmarshal([]byte(tt.src), &v, yaml.Strict()); err != nil {
				got = At("x.yaml", []byte(tt.src), err).Error()
			}
			if got != tt.want {
				t.Fatalf("Unmarshal %q:\n got %q\nwant %q", tt.src, got, tt.want)
			}
			got = ""
			if err := NodeToValue(file.Docs[0].Body, &v, yaml.Strict()); err != nil {
				got = At("x.yaml", []byte(tt.src), err).Error()
			}
			if got != tt.want {
				t.Fatalf("NodeToValue %q:\n got %q\nwant %q", tt.src, got, tt.want)
			}
		}
	}
}

// TestCRLFLines: a file saved with "\r\n" has its errors on its own
// lines, though go-yaml counts a "\r\n" in a comment or quotes as two.
func TestCRLFLines(t *testing.T) {
	var v struct {
		Name string `yaml:"name"`
		Feed string `yaml:"feed"`
	}
	for _, tt := range []struct{ src, want string }{
		{"# c1\r\n# c2\r\nname: x\r\nfeeds: 3\r\n", `f.yaml:4:1: unknown key "feeds": did you mean "feed"?`},
		{"name: \"two\r\n  lines\"\r\nfeed: [1]\r\n", `f.yaml:3:7: want text, not a list`},
	} {
		err := Unmarshal([]byte(tt.src), &v, yaml.Strict())
		if got := fmt.Sprint(At("f.yaml", []byte(tt.src), err)); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
	// Parse, for callers that point at nodes (rewrites splice by line).
	file, err := Parse([]byte("# c1\r\n# c2\r\nname: x\r\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := file.Docs[0].Body.GetToken().Position.Line; got != 3 {
		t.Errorf("Parse: the key is on line %d, want 3", got)
	}
}

// FuzzExplain: no text makes Explain panic, and it points at a line of
// the text, or at none.
func FuzzExplain(f *testing.F) {
	for _, s := range []string{"a: \"open\nb: 2\nc: \"\"\n", "c:\n  - x\n - y\n", "-id: x\n  url: y\n", "a: 1\nc: t\n b: true\n", "t: \"a \"b\" c\"\n", "a: [1,\n", "a: 1\r\nb: \"x\r\nc: 2\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var v struct {
			A string   `yaml:"a"`
			B []string `yaml:"b"`
		}
		err := Unmarshal([]byte(src), &v, yaml.Strict())
		if err == nil {
			return
		}
		line, col, msg := Explain([]byte(src), err)
		breaks := strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\r") // YAML's: a lone \r too
		if line < 0 || line > breaks+1 || col < 0 || msg == "" {
			t.Fatalf("%q: %d:%d: %q", src, line, col, msg)
		}
	})
}
