package topic

import (
	"fmt"

	"docket/internal/yamlerr"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// locator finds the line and column of a value in a decoded YAML file, so
// that checks on decoded structs can still point an editor at the text.
type locator struct {
	path string
	file *ast.File // nil if the text did not parse (it did decode, so rare)
}

func newLocator(path string, data []byte) *locator {
	f, err := yamlerr.Parse(data, 0)
	if err != nil {
		f = nil
	}
	return &locator{path: path, file: f}
}

// errorf formats "path:line:col: message" for the node at keys, a sequence
// of map keys (string) and list indexes (int) from the document root. When
// the node cannot be found the error names the file alone.
func (l *locator) errorf(keys []any, format string, a ...any) error {
	msg := fmt.Sprintf(format, a...)
	if line, col, ok := l.position(keys); ok {
		return fmt.Errorf("%s:%d:%d: %s", l.path, line, col, msg)
	}
	return fmt.Errorf("%s: %s", l.path, msg)
}

func (l *locator) position(keys []any) (line, col int, ok bool) {
	if l.file == nil {
		return 0, 0, false
	}
	b := (&yaml.PathBuilder{}).Root()
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			b = b.Child(k)
		case int:
			b = b.Index(uint(k))
		}
	}
	n, err := b.Build().FilterFile(l.file)
	if err != nil || n == nil || n.GetToken() == nil {
		return 0, 0, false
	}
	p := n.GetToken().Position
	return p.Line, p.Column, true
}

// at builds a key path; it reads better than []any{…} at call sites.
func at(keys ...any) []any { return keys }
