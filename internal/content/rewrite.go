package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"docket/internal/projfile"
)

// ErrChanged is a file that changed after it was loaded: what a command
// worked out from the loaded file would undo the edit.
var ErrChanged = errors.New("changed since docket read it: nothing written; run the command again")

// Rewrite replaces the file at path with what edit makes of its bytes,
// atomically, if it is still the file whose sum Load took.
func Rewrite(path string, sum [sha256.Size]byte, edit func([]byte) ([]byte, error)) error {
	out, err := Edit(path, sum, edit)
	if err != nil {
		return err
	}
	return projfile.Replace(path, out)
}

// Edit is Rewrite without the write: what edit makes of the file at
// path, if it is still the file whose sum Load took. A command that
// changes several files edits them all first, so that one it cannot
// change stops it before any is written.
func Edit(path string, sum [sha256.Size]byte, edit func([]byte) ([]byte, error)) ([]byte, error) {
	data, err := projfile.ReadFile(path, projfile.MaxEntry)
	if err != nil {
		return nil, err
	}
	if sha256.Sum256(data) != sum {
		return nil, fmt.Errorf("%s: %w", path, ErrChanged)
	}
	out, err := edit(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// Selection is what the topic rules decide about an item: the keys that
// docket select rewrites.
type Selection struct {
	Topics, Entities, Jurisdictions []string
	Matched                         []Match
}

// selectionKeys are the keys SetSelection owns, in the order it writes.
var selectionKeys = []string{"topics", "entities", "jurisdictions", "matched"}

// SetSelection returns a content file with its selection keys set to sel
// and every other byte as it was: other keys keep their order, values and
// comments, and the body is not touched. The keys are found on the YAML
// AST of the front matter, so only real top-level keys count (not
// "topics:" inside a block scalar or in the body). The old selection
// keys, with their values, go; the new ones are written, in the style
// fetch writes (flow lists, one flow mapping per match), where the first
// old one was, or at the end. A comment at the margin belongs to the key
// that follows it and stays.
func SetSelection(data []byte, sel Selection) ([]byte, error) {
	block, err := selectionYAML(sel)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	return replaceKeys(data, func(k string) bool { return slices.Contains(selectionKeys, k) }, block)
}

// replaceKeys returns a content file with the top-level keys that owns
// picks (each with its value, up to the next key or margin comment)
// replaced by block, written where the first of them was, or at the end
// of the front matter. Every other byte stays as it was.
func replaceKeys(data []byte, owns func(key string) bool, block []byte) ([]byte, error) {
	fm, _, err := split(data)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	fmStart := bytes.IndexByte(data, '\n') + 1 // split found the opening fence
	keys, err := topLevelKeys(fm)
	if err != nil {
		return nil, fmt.Errorf("content: front matter: %w", err)
	}
	lines := bytes.SplitAfter(fm, []byte("\n"))
	owned := make([]bool, len(lines))
	for i, k := range keys {
		if !owns(k.name) {
			continue
		}
		end := len(lines)
		if i+1 < len(keys) {
			end = keys[i+1].line
		}
		// Margin comments just before the next key are that key's.
		for run := end; run > k.line+1 && (isMarginComment(lines[run-1]) || isBlank(lines[run-1])); run-- {
			if isMarginComment(lines[run-1]) {
				end = run - 1
			}
		}
		for l := k.line; l < end; l++ {
			owned[l] = true
		}
	}
	if bytes.HasSuffix(data[:fmStart], []byte("\r\n")) { // written on Windows: keep its line ends
		block = bytes.ReplaceAll(block, []byte("\n"), []byte("\r\n"))
	}
	var out bytes.Buffer
	out.Write(data[:fmStart])
	written := false
	for l, line := range lines {
		if !owned[l] {
			out.Write(line)
			continue
		}
		if !written {
			// Margin comments among the owned keys' values stay, before them.
			for c, comment := range lines {
				if owned[c] && isMarginComment(comment) {
					out.Write(comment)
				}
			}
			out.Write(block)
			written = true
		}
	}
	if !written {
		if len(fm) > 0 && fm[len(fm)-1] != '\n' {
			out.WriteByte('\n')
		}
		out.Write(block)
	}
	out.Write(data[fmStart+len(fm):])
	if err := sameElsewhere(data, out.Bytes(), owns, block); err != nil {
		return nil, fmt.Errorf("content: front matter: %w; nothing written, edit it by hand", err)
	}
	return out.Bytes(), nil
}

// sameElsewhere makes sure a rewrite changed only the keys it owns: the
// front matter of out reads as that of data with the owned keys as block
// sets them. A layout that splicing lines cannot rewrite (an indented or
// flow mapping, a second document after "...") fails here rather than
// being damaged.
func sameElsewhere(data, out []byte, owns func(string) bool, block []byte) error {
	before, err := frontMap(data)
	if err != nil {
		return err
	}
	after, err := frontMap(out)
	if err != nil {
		return fmt.Errorf("it would not read once rewritten: %w", err)
	}
	want, err := decodeMap(block)
	if err != nil {
		return err
	}
	for k, v := range before {
		if !owns(k) {
			want[k] = v
		}
	}
	// Printed, not DeepEqual: a NaN is the same NaN. fmt sorts map keys.
	if fmt.Sprintf("%#v", after) != fmt.Sprintf("%#v", want) {
		return errors.New("its layout cannot be rewritten in place")
	}
	return nil
}

// frontMap is the front matter of data, decoded.
func frontMap(data []byte) (map[string]any, error) {
	fm, _, err := split(data)
	if err != nil {
		return nil, err
	}
	return decodeMap(fm)
}

// decodeMap decodes a YAML mapping; nothing is an empty one.
func decodeMap(data []byte) (map[string]any, error) {
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// yamlKey is a top-level key and the 0-based line of the front matter it
// starts on.
type yamlKey struct {
	name string
	line int
}

// topLevelKeys lists the front matter's top-level keys in order.
func topLevelKeys(fm []byte) ([]yamlKey, error) {
	file, err := parser.ParseBytes(fm, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var keys []yamlKey
	for _, doc := range file.Docs {
		var values []*ast.MappingValueNode
		switch n := doc.Body.(type) {
		case nil:
		case *ast.MappingNode:
			values = n.Values
		case *ast.MappingValueNode:
			values = []*ast.MappingValueNode{n}
		default:
			return nil, fmt.Errorf("not a mapping of keys")
		}
		for _, mv := range values {
			tk := mv.Key.GetToken()
			keys = append(keys, yamlKey{name: tk.Value, line: tk.Position.Line - 1}) // Value: unquoted
		}
	}
	return keys, nil
}

func isMarginComment(line []byte) bool { return len(line) > 0 && line[0] == '#' }

func isBlank(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }

// selectionYAML renders the selection keys in the style fetch writes:
// flow lists, one flow mapping per match.
func selectionYAML(sel Selection) ([]byte, error) {
	var b bytes.Buffer
	for _, kv := range []struct {
		key string
		ids []string
	}{{"topics", sel.Topics}, {"entities", sel.Entities}, {"jurisdictions", sel.Jurisdictions}} {
		if len(kv.ids) == 0 {
			continue
		}
		v, err := yaml.MarshalWithOptions(kv.ids, yaml.Flow(true))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%s: %s", kv.key, v)
	}
	if len(sel.Matched) > 0 {
		b.WriteString("matched:\n")
		for _, m := range sel.Matched {
			v, err := yaml.MarshalWithOptions(m, yaml.Flow(true))
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "  - %s", v)
		}
	}
	return b.Bytes(), nil
}
