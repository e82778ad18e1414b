// Package yamlerr words go-yaml's errors the way editors' tools expect:
// "path:line:col: message".
package yamlerr

import (
	"errors"
	"fmt"

	"github.com/goccy/go-yaml"
)

// At prefixes err with the file and, when go-yaml knows it, the line and
// column of the offending token.
func At(path string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		p := ye.GetToken().Position
		return fmt.Errorf("%s:%d:%d: %s", path, p.Line, p.Column, ye.GetMessage())
	}
	return fmt.Errorf("%s: %w", path, err)
}
