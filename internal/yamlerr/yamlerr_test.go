package yamlerr

import (
	"errors"
	"fmt"
	"testing"

	"github.com/goccy/go-yaml"
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
		{"a: 1\na: 2\n", `x.yaml:2:1: key "a" is given twice: keep one`},
		{"a:1\nb: true\n", `x.yaml:1:1: this line is not 'key: value'`},
		{"a: 1\n\tb: true\n", `x.yaml:2:1: a tab indents this line: indent with spaces`},
		{"a: |\n\tx\n", `x.yaml:2:1: a tab indents this line: indent with spaces`},
	}
	for _, tt := range tests {
		err := yaml.UnmarshalWithOptions([]byte(tt.src), &v, yaml.Strict())
		line, col, msg := Explain([]byte(tt.src), err)
		got := fmt.Sprintf("x.yaml:%d:%d: %s", line, col, msg)
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
	if got := At("x.yaml", errors.New("boom")).Error(); got != "x.yaml: boom" {
		t.Errorf("got %q", got)
	}
}
