package content

import (
	"bytes"
	"fmt"
)

// SetCase returns a content file with its "case:" key set to slug and
// every other byte as it was, as SetSelection keeps them: the key is found
// on the YAML AST of the front matter, so only a real top-level key counts.
// An existing case line (with its value, up to the next key or margin
// comment) is replaced in place; without one, "case: slug" goes at the end
// of the front matter. An empty slug removes the key.
func SetCase(data []byte, slug string) ([]byte, error) {
	if slug != "" {
		if err := checkSlug(slug); err != nil {
			return nil, fmt.Errorf("content: case %q: %w", slug, err)
		}
	}
	fm, _, err := split(data)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	fmStart := bytes.IndexByte(data, '\n') + 1 // split found the opening fence
	keys, err := topLevelKeys(fm)
	if err != nil {
		return nil, fmt.Errorf("content: front matter: %w", err)
	}
	var line []byte
	if slug != "" {
		line = []byte("case: " + slug + "\n")
	}
	lines := bytes.SplitAfter(fm, []byte("\n"))
	owned := make([]bool, len(lines))
	for i, k := range keys {
		if k.name != "case" {
			continue
		}
		end := len(lines)
		if i+1 < len(keys) {
			end = keys[i+1].line
		}
		for l := k.line; l < end; l++ {
			if l > k.line && isMarginComment(lines[l]) {
				break
			}
			owned[l] = true
		}
	}
	var out bytes.Buffer
	out.Write(data[:fmStart])
	written := false
	for l, ln := range lines {
		if owned[l] && !written {
			out.Write(line)
			written = true
		}
		if !owned[l] {
			out.Write(ln)
		}
	}
	if !written {
		if len(fm) > 0 && fm[len(fm)-1] != '\n' {
			out.WriteByte('\n')
		}
		out.Write(line)
	}
	out.Write(data[fmStart+len(fm):])
	return out.Bytes(), nil
}

// KeyLine is the 1-based line of the file where top-level front matter
// key starts, found on the YAML AST as SetCase finds "case:"; ok is false
// without one.
func KeyLine(data []byte, key string) (line int, ok bool) {
	fm, _, err := split(data)
	if err != nil {
		return 0, false
	}
	keys, err := topLevelKeys(fm)
	if err != nil {
		return 0, false
	}
	for _, k := range keys {
		if k.name == key {
			return k.line + 2, true // after the opening fence
		}
	}
	return 0, false
}
