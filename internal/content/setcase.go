package content

import "fmt"

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
	var line []byte
	if slug != "" {
		line = []byte("case: " + slug + "\n")
	}
	return replaceEach(data, []string{"case"}, map[string][]byte{"case": line})
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
