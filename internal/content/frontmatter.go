package content

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"docket/internal/yamlerr"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// Problem is one thing wrong with a file, located for an editor's jump-to.
type Problem struct {
	Path      string // slash-separated, relative to the project root
	Line, Col int    // 1-based; 0 when the problem is with the whole file
	Msg       string
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return p.Path + ": " + p.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Col, p.Msg)
}

// Problems is a list of problems that is itself an error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns ps as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

var fence = []byte("---")

// split separates front matter from the body. The front matter starts at
// line 2 of the file, after the opening fence.
func split(data []byte) (fm, body []byte, err error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.HasPrefix(data, fence) {
		return nil, nil, errors.New("no front matter: the file must start with a line '---'")
	}
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if len(bytes.TrimSpace(first)) != 3 {
		return nil, nil, errors.New("the first line must be exactly '---'")
	}
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest) + 1
		if end >= 0 {
			next = off + end + 1
		} else {
			end = len(rest) - off
		}
		if bytes.Equal(bytes.TrimRight(rest[off:off+end], " \t\r"), fence) {
			if next > len(rest) {
				next = len(rest)
			}
			return rest[:off], rest[next:], nil
		}
		off = next
	}
	return nil, nil, errors.New("front matter is not closed: add a line '---' after it")
}

// keys accepted in front matter, by kind.
var (
	commonKeys = []string{"title", "date", "updated", "lang", "summary", "draft", "hidden"}
	taggedKeys = []string{"topics", "entities", "jurisdictions", "pinned", "case", "story"}
	newsKeys   = []string{"id", "source", "feed", "url", "guid", "author", "image", "fetched", "matched", "rules_tagged", "extracted", "backfilled"}
	eventKeys  = []string{"kind", "authorities", "status", "amount", "sources", "related"}
	pageKeys   = []string{"menu"}
)

// keysFor is the keys kind k accepts; the lists are made once, not for
// each file parsed. Callers must not change them.
func keysFor(k Kind) []string {
	switch k {
	case News:
		return newsAll
	case Event:
		return eventAll
	case Case:
		return caseKeys
	default:
		return pageAll
	}
}

var (
	newsAll  = slices.Concat(commonKeys, taggedKeys, newsKeys)
	eventAll = slices.Concat(commonKeys, taggedKeys, eventKeys)
	pageAll  = slices.Concat(commonKeys, pageKeys)
)

// fields maps each top-level key to its node, for locating problems. A
// key whose problem is reported already is also kept under reported+key:
// "title: [T]" (want text) or "titel" (did you mean title?), so that no
// "missing title" follows.
type fields map[string]*ast.MappingValueNode

const reported = "~"

// parseFrontMatter decodes front matter into e, reporting every problem it
// can find rather than the first. line0 is the file line the front matter
// starts on.
func parseFrontMatter(path string, fm []byte, line0 int, kind Kind, e *Entry) (fields, Problems) {
	at := func(tk ast.Node, msg string) Problem { return nodeProblem(path, line0, tk, msg) }
	// On the file's lines: docket new's comments, saved by a Windows
	// editor, put every problem below them two lines too low.
	file, err := yamlerr.Parse(fm, 0)
	if err != nil {
		return nil, Problems{yamlProblem(path, line0, fm, err)}
	}
	if len(file.Docs) > 1 {
		// The keys of the next document would be dropped without a word.
		tk, mark := file.Docs[0].End, "..."
		if tk == nil {
			tk, mark = file.Docs[1].Start, "---"
		}
		return nil, Problems{tokenProblem(path, line0, tk, fmt.Sprintf("'%s' ends the front matter here, and the keys after it would be lost: remove this line", mark))}
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return fields{}, nil
	}
	body := file.Docs[0].Body
	var values []*ast.MappingValueNode
	switch n := body.(type) {
	case *ast.MappingNode:
		values = n.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{n}
	default:
		return nil, Problems{at(body, "front matter must be a mapping of keys to values (key: value)")}
	}
	var ps Problems
	allowed := keysFor(kind)
	f := fields{}
	for _, mv := range values {
		key := mv.Key.String()
		if !slices.Contains(allowed, key) {
			if m := yamlerr.Suggest(key, allowed); m != "" {
				ps = append(ps, at(mv.Key, fmt.Sprintf("unknown key %q: did you mean %q?", key, m)))
				f[reported+m] = mv
				continue
			}
			ps = append(ps, at(mv.Key, fmt.Sprintf("unknown key %q for %s; known keys: %s", key, kind.noun(), strings.Join(allowed, ", "))))
			continue
		}
		f[key] = mv
	}
	for _, mv := range values {
		key := mv.Key.String()
		if f[key] == nil {
			continue
		}
		if key == "date" || key == "updated" || key == "fetched" || key == "opened" {
			t, err := ParseDate(scalar(mv.Value))
			if err != nil {
				ps = append(ps, at(mv.Value, fmt.Sprintf("bad %s %q: write it as 2021-09-28, 2021-09-28 09:08 or 2021-09-28T09:08:00+08:00", key, scalar(mv.Value))))
			}
			reflect.ValueOf(e).Elem().Field(fieldIndex[key]).Set(reflect.ValueOf(t))
			continue
		}
		if err := decodeField(e, key, mv.Value); err != nil {
			ps = append(ps, valueProblem(path, line0, key, mv.Value, err))
			f[reported+key] = mv
		}
	}
	return f, ps
}

// fieldIndex maps a YAML key to its Entry field.
var fieldIndex = func() map[string]int {
	t := reflect.TypeFor[Entry]()
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		m[name] = i
	}
	return m
}()

// setPlain sets a string, []string, bool or *bool field from a string
// scalar, a list of them or a boolean, the way go-yaml would, without a
// decoder per field: most keys of most entries are such. It reports
// whether it did.
func setPlain(field reflect.Value, value ast.Node) bool {
	switch field.Type() {
	case stringType:
		if s, ok := text(value); ok {
			field.SetString(s)
			return true
		}
	case boolType, boolPtrType:
		b, ok := value.(*ast.BoolNode)
		if !ok {
			return false
		}
		setBool(field, b.Value)
		return true
	case stringsType:
		seq, ok := value.(*ast.SequenceNode)
		if !ok {
			return false
		}
		list := make([]string, len(seq.Values))
		for i, v := range seq.Values {
			s, ok := text(v)
			if !ok {
				return false
			}
			list[i] = s
		}
		field.Set(reflect.ValueOf(list))
		return true
	}
	return false
}

// text is what a scalar says where text is wanted: a number as written
// (1.10, 0123), not as go-yaml would print its value (1.1, 83).
func text(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.IntegerNode, *ast.FloatNode:
		return n.GetToken().Value, true
	}
	return "", false
}

var (
	stringType, stringsType = reflect.TypeFor[string](), reflect.TypeFor[[]string]()
	boolType, boolPtrType   = reflect.TypeFor[bool](), reflect.TypeFor[*bool]()
)

// decodeField decodes one key's value into its field, so that one bad
// value does not hide the next; errors carry the value's position.
func decodeField(e *Entry, key string, value ast.Node) error {
	i, ok := fieldIndex[key]
	if !ok {
		return fmt.Errorf("no field for key %q", key)
	}
	field := reflect.ValueOf(e).Elem().Field(i)
	if setPlain(field, value) {
		return nil
	}
	return decodeValue(field, value)
}

// decodeValue decodes value into field with go-yaml, strictly: a
// misspelt key inside a value ({valu: 1}) is a problem, as at the top,
// not a value silently left zero.
func decodeValue(field reflect.Value, value ast.Node) error {
	if field.Kind() == reflect.Pointer {
		// go-yaml leaves a nil pointer nil; decode into a fresh value.
		v := reflect.New(field.Type().Elem())
		if err := yamlerr.NodeToValue(value, v.Interface(), yaml.Strict()); err != nil {
			return err
		}
		field.Set(v)
		return nil
	}
	return yamlerr.NodeToValue(value, field.Addr().Interface(), yaml.Strict())
}

func scalar(n ast.Node) string {
	if n == nil {
		return ""
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return n.String()
}

// dateLayouts are the forms of date an editor or feed may write.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseDate parses a front-matter date. Dates without a zone are UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unknown date format %q", s)
}

func nodeProblem(path string, line0 int, n ast.Node, msg string) Problem {
	if n == nil || n.GetToken() == nil {
		return Problem{Path: path, Line: line0, Col: 1, Msg: msg}
	}
	p := n.GetToken().Position
	return Problem{Path: path, Line: line0 + p.Line - 1, Col: p.Column, Msg: msg}
}

// tokenProblem is nodeProblem for a token, which may be nil.
func tokenProblem(path string, line0 int, tk *token.Token, msg string) Problem {
	if tk == nil {
		return Problem{Path: path, Line: line0, Col: 1, Msg: msg}
	}
	return Problem{Path: path, Line: line0 + tk.Position.Line - 1, Col: tk.Position.Column, Msg: msg}
}

// yamlProblem locates a syntax error in front matter fm, in our words.
func yamlProblem(path string, line0 int, fm []byte, err error) Problem {
	line, col, msg := yamlerr.Explain(fm, err)
	if line == 0 {
		return Problem{Path: path, Line: line0, Col: 1, Msg: "front matter: " + msg}
	}
	return Problem{Path: path, Line: line0 + line - 1, Col: col, Msg: msg}
}

// valueProblem words a value that does not fit its key's field, such as
// "draft: yes", showing what the key wants.
func valueProblem(path string, line0 int, key string, value ast.Node, err error) Problem {
	want := yamlerr.Want(reflect.TypeOf(Entry{}).Field(fieldIndex[key]).Type)
	if w, ok := wants[key]; ok {
		want = w
	}
	var ye yaml.Error
	if tk := value.GetToken(); errors.As(err, &ye) && ye.GetToken() != nil && tk != nil && ye.GetToken().Position.Offset != tk.Position.Offset {
		// inside a list or mapping: point at the element
		p := ye.GetToken().Position
		return Problem{Path: path, Line: line0 + p.Line - 1, Col: p.Column, Msg: fmt.Sprintf("%s: want %s, not %q here", key, want, ye.GetToken().Value)}
	}
	return nodeProblem(path, line0, value, fmt.Sprintf("%s: want %s, not %s", key, want, shown(value)))
}

// wants says what the keys whose Go types say little must look like.
var wants = map[string]string{
	"amount":  "{value: 18228000000, currency: CNY}",
	"sources": "a list of URLs or {title: …, url: …}",
	"matched": "a list of {topic: …, term: …, field: …, weight: …}",
	"menu":    "a whole number (0 keeps the page out of the menu)",
	"dates":   "a list of {date: 2026-03-01, what: …}",
}

// shown describes a value for a message: scalars quoted, others by shape.
func shown(n ast.Node) string {
	switch n.(type) {
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.NullNode:
		return "nothing"
	}
	return strconv.Quote(scalar(n))
}

// element returns the i-th element of a sequence node, or nil.
func element(n ast.Node, i int) ast.Node {
	if seq, ok := n.(*ast.SequenceNode); ok && i >= 0 && i < len(seq.Values) {
		return seq.Values[i]
	}
	return nil
}

// setBool sets a bool or *bool field.
func setBool(field reflect.Value, v bool) {
	if field.Type() == boolPtrType {
		field.Set(reflect.ValueOf(&v))
	} else {
		field.SetBool(v)
	}
}
