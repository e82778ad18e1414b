package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/goccy/go-yaml"
)

// Render returns the bytes of a content file: front matter, then body.
func Render(e *Entry, body string) ([]byte, error) {
	fm, err := yaml.MarshalWithOptions(e, yaml.UseLiteralStyleIfMultiline(true))
	if err != nil {
		return nil, fmt.Errorf("content: front matter: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n")
	if body != "" {
		b.WriteString("\n")
		b.WriteString(body)
		if body[len(body)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes(), nil
}

// Create writes a new file at rel (slash-separated, relative to root)
// atomically and only if no file is there: an existing file, an editor's
// above all, is never overwritten (the error wraps fs.ErrExist). rel must
// stay inside root.
func Create(root, rel string, data []byte) error {
	name := filepath.FromSlash(rel)
	if !filepath.IsLocal(name) {
		return fmt.Errorf("content: %q is outside the content folder", rel)
	}
	dst := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("content: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-*")
	if err != nil {
		return fmt.Errorf("content: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("content: write %s: %w", rel, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("content: write %s: %w", rel, err)
	}
	// A hard link publishes the complete file and fails if the name is
	// taken, in one step; rename would silently replace.
	if err := os.Link(tmp.Name(), dst); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("content: %s: %w", rel, fs.ErrExist)
		}
		return fmt.Errorf("content: %w", err)
	}
	return nil
}
