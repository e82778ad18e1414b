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
	"docket/internal/yamlerr"
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
	RulesTagged                     []string `yaml:"rules_tagged"`
}

// selectionKeys are the keys SetSelection owns, in the order it writes.
var selectionKeys = []string{"topics", "entities", "jurisdictions", "matched", "rules_tagged"}

// SetSelection returns a content file with its selection keys set to sel
// and every other byte as it was: other keys keep their order, values and
// comments, and the body is not touched. The keys are found on the YAML
// AST of the front matter, so only real top-level keys count (not
// "topics:" inside a block scalar or in the body). Only the keys whose
// values change are written, each where it was, in the style fetch
// writes (flow lists, one flow mapping per match); an unchanged key keeps
// its bytes, comments and all. A key the file lacks goes beside its
// neighbour in that order (replaceEach). A comment at the margin belongs
// to the key that follows it and stays.
func SetSelection(data []byte, sel Selection) ([]byte, error) {
	old := oldSelection(data)
	blocks := map[string][]byte{}
	for _, kv := range []struct {
		key      string
		old, new []string
	}{{"topics", old.Topics, sel.Topics}, {"entities", old.Entities, sel.Entities}, {"jurisdictions", old.Jurisdictions, sel.Jurisdictions}, {"rules_tagged", old.RulesTagged, sel.RulesTagged}} {
		if !slices.Equal(kv.old, kv.new) {
			b, err := idsYAML(kv.key, kv.new)
			if err != nil {
				return nil, fmt.Errorf("content: %w", err)
			}
			blocks[kv.key] = b
		}
	}
	if !slices.Equal(old.Matched, sel.Matched) {
		b, err := matchedYAML(sel.Matched)
		if err != nil {
			return nil, fmt.Errorf("content: %w", err)
		}
		blocks["matched"] = b
	}
	return replaceEach(data, selectionKeys, blocks)
}

// oldSelection is the selection data's front matter has, as far as it
// reads; a key it cannot read is written again.
func oldSelection(data []byte) (sel Selection) {
	defer func() {
		if recover() != nil { // go-yaml panics on some malformed tags ("matched: !0")
			sel = Selection{}
		}
	}()
	if fm, _, err := split(data); err == nil {
		_ = yaml.Unmarshal(fm, &sel)
	}
	return sel
}

// replaceEach returns a content file in which each top-level key of
// blocks (one of names) is replaced by its block, written where the key
// was; a key the file does not have goes after the one before it in
// names that the file has, else before the one after it, else at the end
// of the front matter. An empty block removes its key. Every other byte
// stays as it was.
func replaceEach(data []byte, names []string, blocks map[string][]byte) ([]byte, error) {
	var all []byte
	for _, n := range names {
		all = append(all, blocks[n]...)
	}
	owns := func(k string) bool { _, ok := blocks[k]; return ok }
	fm, _, err := split(data)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	if bytes.Contains(bytes.ReplaceAll(fm, []byte("\r\n"), nil), []byte("\r")) {
		// YAML ends a line there and the splice below would not.
		return nil, errors.New("content: front matter: a line ends in a lone carriage return; nothing written, edit it by hand")
	}
	fmStart := bytes.IndexByte(data, '\n') + 1 // split found the opening fence
	keys, err := topLevelKeys(fm)
	if err != nil {
		return nil, fmt.Errorf("content: front matter: %w", err)
	}
	lines := bytes.SplitAfter(fm, []byte("\n"))
	owner := make([]string, len(lines)) // the owned key a line is of, or ""
	present := map[string]bool{}
	for i, k := range keys {
		if !owns(k.name) {
			continue
		}
		present[k.name] = true
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
			owner[l] = k.name
		}
	}
	crlf := bytes.HasSuffix(data[:fmStart], []byte("\r\n")) // written on Windows: keep its line ends
	ends := func(b []byte) []byte {
		if crlf {
			return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		}
		return b
	}
	after, before := map[string][]byte{}, map[string][]byte{}
	var atEnd []byte
	for i, n := range names {
		if present[n] {
			continue
		}
		switch p, q := prevPresent(names[:i], present), nextPresent(names[i+1:], present); {
		case p != "":
			after[p] = append(after[p], blocks[n]...)
		case q != "":
			before[q] = append(before[q], blocks[n]...)
		default:
			atEnd = append(atEnd, blocks[n]...)
		}
	}
	var out bytes.Buffer
	out.Write(data[:fmStart])
	for l, line := range lines {
		k := owner[l]
		if k == "" {
			out.Write(line)
			continue
		}
		if l > 0 && owner[l-1] == k {
			continue
		}
		// Margin comments among the key's value stay, before it.
		for c := l; c < len(lines) && owner[c] == k; c++ {
			if isMarginComment(lines[c]) {
				out.Write(lines[c])
			}
		}
		out.Write(ends(before[k]))
		out.Write(ends(blocks[k]))
		out.Write(ends(after[k]))
	}
	if len(atEnd) > 0 {
		if len(fm) > 0 && fm[len(fm)-1] != '\n' {
			out.WriteByte('\n')
		}
		out.Write(ends(atEnd))
	}
	out.Write(data[fmStart+len(fm):])
	if err := sameElsewhere(data, out.Bytes(), owns, all); err != nil {
		return nil, fmt.Errorf("content: front matter: %w; nothing written, edit it by hand", err)
	}
	return out.Bytes(), nil
}

// prevPresent is the last of names the file has, or "".
func prevPresent(names []string, present map[string]bool) string {
	for i := len(names) - 1; i >= 0; i-- {
		if present[names[i]] {
			return names[i]
		}
	}
	return ""
}

// nextPresent is the first of names the file has, or "".
func nextPresent(names []string, present map[string]bool) string {
	for _, n := range names {
		if present[n] {
			return n
		}
	}
	return ""
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
	if err := yamlerr.Unmarshal(data, &m); err != nil {
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
	// On the file's lines (yamlerr.Parse): the keys are spliced by line.
	file, err := yamlerr.Parse(fm, parser.ParseComments)
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

// idsYAML is a key's list of IDs as fetch writes it, a flow list; none
// for no IDs (the key goes).
func idsYAML(key string, ids []string) ([]byte, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	v, err := yaml.MarshalWithOptions(ids, yaml.Flow(true))
	if err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "%s: %s", key, v), nil
}

// matchedYAML is the matched key as fetch writes it, a flow mapping a
// match; none for no matches.
func matchedYAML(ms []Match) ([]byte, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	b := []byte("matched:\n")
	for _, m := range ms {
		v, err := yaml.MarshalWithOptions(m, yaml.Flow(true))
		if err != nil {
			return nil, err
		}
		b = fmt.Appendf(b, "  - %s", v)
	}
	return b, nil
}
