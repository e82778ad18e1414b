// Package yamlerr words go-yaml's errors the way editors' tools expect,
// "path:line:col: message", and in docket's own words: no Go types, no
// parser states, and an unclosed bracket reported where it opens rather
// than where the parser gave up.
package yamlerr

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// At prefixes err with the file and, when go-yaml knows it, the line and
// column of the offending token, and words the message for an editor;
// src, the file's text if at hand (else nil), tells a likelier cause
// of a syntax error than go-yaml's words (see Explain).
func At(path string, src []byte, err error) error {
	line, col, msg := Explain(src, err)
	if line == 0 {
		return fmt.Errorf("%s: %s", path, msg)
	}
	return fmt.Errorf("%s:%d:%d: %s", path, line, col, msg)
}

// InvalidUTF8 names the line and column of the first byte of data that is
// not UTF-8, or is nil. go-yaml reads such a byte (a Latin-1 "é") as
// U+FFFD without a word, and it would reach the pages as that.
func InvalidUTF8(path string, data []byte) error {
	if line, col, msg, bad := FindInvalidUTF8(data); bad {
		return fmt.Errorf("%s:%d:%d: %s", path, line, col, msg)
	}
	return nil
}

// FindInvalidUTF8 is the line, column and message of InvalidUTF8, for a
// caller that reports problems its own way.
func FindInvalidUTF8(data []byte) (line, col int, msg string, bad bool) {
	if utf8.Valid(data) {
		return 0, 0, "", false
	}
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line, utf8.RuneCount(data[start:i]) + 1, fmt.Sprintf("invalid UTF-8 (byte 0x%02x): save the file as UTF-8", data[i]), true
		}
		if data[i] == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return 0, 0, "", false
}

// Explain words err for an editor and locates it: line and col are 1-based
// within src, 0 when unknown. With src, an unclosed '[' or '{', and a
// quote left open over lines below, is located where it opens. err is
// one of Parse's or Unmarshal's, whose lines are src's own.
func Explain(src []byte, err error) (line, col int, msg string) {
	var ye yaml.Error
	if !errors.As(err, &ye) {
		return 0, 0, err.Error()
	}
	msg = ye.GetMessage()
	if tk := ye.GetToken(); tk != nil {
		line, col = tk.Position.Line, tk.Position.Column
	}
	if strings.HasPrefix(msg, "invalid header option") {
		return line, col, headerOption(src, line, col)
	}
	if src != nil && (strings.HasPrefix(msg, "value is not allowed in this context") || strings.HasPrefix(msg, "could not find end character")) {
		// A quote left open runs on to the next quote in the file, lines
		// below, where go-yaml stops: say where it opened. Lines are
		// counted from there: a caller may number them from elsewhere
		// (front matter from its file's first line).
		if l, c, q, end := runOnQuote(src, line); l > 0 {
			below := "the next line"
			if n := end - l; n > 1 {
				below = fmt.Sprintf("the next %d lines", n)
			}
			return l, c, fmt.Sprintf("the quote %c opened here is not closed on its line: it runs on into %s", q, below)
		}
	}
	if src != nil {
		if l, c, m := misplaced(src, msg, line, col); m != "" {
			return l, c, m
		}
	}
	for _, w := range wordings {
		m := w.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		if w.open != 0 && src != nil {
			if l, c := unclosed(src, line, w.open); l > 0 {
				line, col = l, c
			}
		}
		return line, col, w.say(m)
	}
	return line, col, msg
}

// headerOption words go-yaml's "invalid header option": text after a
// block scalar's '>' or '|', which is also what go-yaml takes the text
// after a closing quote for (url: "https://x/">more"). src tells which
// (the character before col, spaces left aside), when given.
func headerOption(src []byte, line, col int) string {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return `text after a closing quote, or after a value's leading '>' or '|': put the whole value in quotes`
	}
	before := []rune(lines[line-1])
	i := min(col-2, len(before)-1)
	for i >= 0 && before[i] == ' ' {
		i--
	}
	switch {
	case i >= 0 && before[i] == '"':
		return `text after a closing quote: a quoted value ends at its quote; quote the whole value, with \" for a quote inside`
	case i >= 0 && before[i] == '\'':
		return `text after a closing quote: a quoted value ends at its quote; quote the whole value, with '' for a quote inside`
	}
	return `a value starting with '>' or '|' begins a block of text on the lines below: put the value in quotes`
}

// misplaced words go-yaml's "mapping value is not allowed" and "value
// is not allowed" where src shows a likelier cause than its words: a
// '-' with no space after it; a key indented more than the key above,
// which YAML reads as more of that key's value; text after a closing
// quote; a line indented to no level above it. It returns where to
// point, or "" when src shows none of these.
func misplaced(src []byte, msg string, line, col int) (int, int, string) {
	lines := strings.Split(string(src), "\n")
	mapping := strings.HasPrefix(msg, "mapping value is not allowed in this context")
	if line < 1 || line > len(lines) || !mapping && !strings.HasPrefix(msg, "value is not allowed in this context") {
		return 0, 0, ""
	}
	text := lines[line-1]
	before := []rune(text)[:min(max(col-1, 0), utf8.RuneCountInString(text))]
	switch before := strings.TrimRight(string(before), " "); {
	case dashKey.MatchString(text):
		return line, indentOf(text) + 1, `put a space after '-': a list item is written "- item"`
	case mapping:
		return nestedKey(lines, line)
	case strings.HasSuffix(before, `"`) || strings.HasSuffix(before, "'"):
		return line, col, headerOption(src, line, col)
	case col == indentOf(text)+1:
		if m := misindented(src, lines, line); m != "" {
			return line, col, m
		}
	}
	return 0, 0, ""
}

// nestedKey finds the key that a line below line (1-based), indented
// more than line's key, holds: YAML reads it as more of that key's
// value, and go-yaml stops at its ':'.
func nestedKey(lines []string, line int) (int, int, string) {
	k := keyAt.FindStringSubmatch(lines[line-1])
	if k == nil || strings.Contains(lines[line-1][len(k[0]):], ": ") {
		return 0, 0, "" // no key, or a value holding ": ", which the wording below is for
	}
	for i := line; i < len(lines); i++ {
		t := lines[i]
		switch in := indentOf(t); {
		case ignorable(t):
		case in <= len(k[1]):
			return 0, 0, ""
		case keyLine.MatchString(t):
			return i + 1, in + 1, fmt.Sprintf("this key is indented more than the key %s above it, so it reads as more of %s's value: start it in the same column as %s", k[2], k[2], k[2])
		}
	}
	return 0, 0, ""
}

// misindented words a line (1-based) indented to no level of the lines
// above it: the levels still open there (each a key or a list item, at
// an indent less than any below it), named the nearest deeper and the
// nearest shallower. Lines of text (blocks, quotes) and comments are no
// level.
func misindented(src []byte, lines []string, line int) string {
	indent := indentOf(lines[line-1])
	structure := map[int]bool{} // lines with YAML of their own
	scan(src, line-1, func(l, _ int, _ rune) { structure[l] = true })
	type level struct {
		at   int
		name string
	}
	var deeper, shallower *level
	least := 1 << 30 // the least indent of a level found so far
	for i := line - 1; i >= 1 && shallower == nil; i-- {
		t := lines[i-1]
		if !structure[i] {
			continue
		}
		in := indentOf(t)
		var here []level // deepest first
		if k := keyAt.FindStringSubmatch(t); k != nil {
			at := len(k[1])
			here = append(here, level{at, "the key " + k[2]})
		}
		if item, ok := strings.CutPrefix(t[in:], "- "); ok {
			here = append(here, level{in, "the list item - " + strings.TrimSpace(strings.SplitN(item, ":", 2)[0])})
		}
		for _, l := range here {
			switch {
			case l.at >= least:
				continue
			case l.at == indent:
				return ""
			case l.at > indent:
				deeper = &level{l.at, l.name}
			default:
				shallower = &level{l.at, l.name}
			}
			least = l.at
			if shallower != nil {
				break
			}
		}
	}
	switch {
	case deeper != nil && shallower != nil:
		return fmt.Sprintf("this line is indented %s, between %s (%d) and %s (%d) above it: line it up with the one it belongs beside", spaces(indent), deeper.name, deeper.at, shallower.name, shallower.at)
	case deeper != nil:
		return fmt.Sprintf("this line is indented %s, %s above it %d: line it up with the key or item it belongs beside", spaces(indent), deeper.name, deeper.at)
	case shallower != nil:
		return fmt.Sprintf("this line is indented %s, %s above it %d: line it up with the key or item it belongs beside", spaces(indent), shallower.name, shallower.at)
	}
	return ""
}

// indentOf is the spaces a line starts with.
func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// ignorable is a line of no YAML: blank, or a comment.
func ignorable(line string) bool {
	t := strings.TrimSpace(line)
	return t == "" || t[0] == '#'
}

// spaces is "1 space", "2 spaces", ….
func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}

type wording struct {
	re   *regexp.Regexp
	open byte // for an unclosed bracket: which
	say  func(m []string) string
}

func plain(s string) func([]string) string { return func([]string) string { return s } }

// wordings map go-yaml's messages (as of v1.19) to ours; the first match
// wins. A message not listed here is shown as go-yaml words it.
var wordings = []wording{
	{regexp.MustCompile(`(','|,) or '\]' must be specified|'\]' not found|end token '\]'`), '[', plain("the list opened with '[' here is not closed: add ']'")},
	{regexp.MustCompile(`(','|,) or '\}' must be specified|'\}' not found|end token '\}'`), '{', plain("the mapping opened with '{' here is not closed: add '}'")},
	{regexp.MustCompile(`^mapping value is not allowed in this context`), 0, plain(`unexpected ':': put a value that holds ": " in quotes (status: "in force: since May"), and start each key at the line's start, or indent it under its parent`)},
	{regexp.MustCompile(`^value is not allowed in this context`), 0, plain("unexpected value: is a quote left open above, or a ':' missing after a key?")},
	{regexp.MustCompile(`could not find end character of (double|single)-quoted text`), 0, func(m []string) string {
		q := `"`
		if m[1] == "single" {
			q = "'"
		}
		return "the quote " + q + " opened here is not closed"
	}},
	// A line without ": " runs into the next key, which go-yaml then
	// reads as one key of two lines.
	{regexp.MustCompile(`^non-map value is specified|^unexpected key name|^map key definition includes an implicit line break`), 0, plain("this line is not 'key: value'")},
	{regexp.MustCompile(`^mapping key "([^"]*)" already defined at \[(\d+):\d+\]`), 0, func(m []string) string {
		return fmt.Sprintf("key %q is given twice: keep one", m[1])
	}},
	// go-yaml says either; the second with the tab itself, invisible.
	{regexp.MustCompile("tab character|^found character '\t' that cannot start any token"), 0, plain("a tab indents this line: indent with spaces")},
	{regexp.MustCompile(`^unknown field "([^"]*)"(.*)`), 0, func(m []string) string { return fmt.Sprintf("unknown key %q%s", m[1], m[2]) }},
	{regexp.MustCompile(`^([a-z ]+) was used where ([a-z ]+) is expected`), 0, func(m []string) string {
		return fmt.Sprintf("want %s here, not %s", yamlWords(m[2]), yamlWords(m[1]))
	}},
	{regexp.MustCompile(`cannot unmarshal (.+) into Go (?:struct field \S+|value) of type (.+)$`), 0, func(m []string) string {
		return fmt.Sprintf("want %s, not %s", goWords(m[2]), goWords(m[1]))
	}},
}

// goWords names a Go type as go-yaml prints it in an editor's words.
func goWords(t string) string {
	t = strings.TrimPrefix(t, "*")
	switch {
	case t == "bool":
		return "true or false"
	case t == "string":
		return "text"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
		return "a mapping (key: value)"
	}
	return t
}

// yamlWords names a kind of YAML node as go-yaml prints it in an
// editor's words.
func yamlWords(kind string) string {
	switch kind {
	case "mapping":
		return "a mapping (key: value)"
	case "sequence":
		return "a list"
	case "int", "float", "inf", "nan":
		return "a number"
	case "boolean":
		return "true or false"
	case "string", "scalar":
		return "text"
	case "null":
		return "nothing"
	case "tag", "alias", "anchor":
		return "a " + kind
	}
	return kind
}

// Want names what a value decoded into t must look like, for messages.
func Want(t reflect.Type) string { return goWords(t.String()) }

// unclosed finds the last '[' or '{' (open) in src up to line (1-based)
// that no bracket closes, outside quoted text and comments, and returns
// its line and column, or 0, 0.
func unclosed(src []byte, line int, open byte) (int, int) {
	close := map[byte]byte{'[': ']', '{': '}'}[open]
	var stack [][2]int
	scan(src, line, func(l, c int, r rune) {
		switch r {
		case rune(open):
			stack = append(stack, [2]int{l, c})
		case rune(close):
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	})
	if len(stack) == 0 {
		return 0, 0
	}
	p := stack[len(stack)-1]
	return p[0], p[1]
}

// runOnQuote finds a quote left open before line (1-based): one that
// opens a value on an earlier line, is still open as that line begins,
// and runs over a line that reads as a key of its own at or left of the
// indent of the line it opened on. That last is what tells it from a
// value quoted over two lines on purpose. If it opened where such a
// quote closed ("" read as a close and an open), the first of that
// chain is the one to blame (see scan). It returns the quote's line and
// column (in characters), the quote, and the line it ends on: where it
// is closed, else line; 0, 0, 0, 0 for none.
func runOnQuote(src []byte, line int) (l, c int, q rune, end int) {
	r := scan(src, line-1, nil)
	if r.quote == 0 {
		return 0, 0, 0, 0
	}
	if r.end == 0 {
		r.end = line
	}
	return r.line, r.col, r.quote, r.end
}

// openQuote is a quoted value as scan reads it.
type openQuote struct {
	quote             rune // 0 for none
	line, col, indent int  // where it opens, and the indent of its line
	end               int  // the line it is closed on; 0 while open
	runOn             bool // it ran over a line that reads as a key (see runOnQuote)
}

// scan reads the lines of src up to line (1-based) as YAML does, as far
// as these messages need, and gives visit (if not nil) each character
// outside quoted text, comments and blocks of text ('|' or '>'), spaces
// aside, with its line and column (in characters). A quote opens a
// value only where YAML starts one: at a line's start, after ": " or a
// list's "- ", and after '[', '{' or ',' inside brackets; an apostrophe
// in "don't" opens nothing. Quoted text may run over lines, with \" in
// "…" and ” in '…'. It returns the quote still open after line if it
// ran over a line reading as a key, up to line+1; or, if that quote
// opened on the line where a quote that ran on closed ("" read as a
// close and an open), the first of that chain, with the line it closes
// on. None (quote 0) otherwise.
func scan(src []byte, line int, visit func(line, col int, r rune)) openQuote {
	var (
		q, chain openQuote
		ranOn    int  // the line a quote that ran on closed on
		block    = -1 // the indent of the key of a block of text being skipped
		depth    int  // '[' and '{' open outside quotes
	)
	for i, text := range strings.Split(string(src), "\n") {
		if i+1 > line+1 {
			break
		}
		indent := indentOf(text)
		if q.quote != 0 && indent <= q.indent && keyLine.MatchString(text) {
			q.runOn = true
		}
		if i+1 > line { // the line after: read for runOn only
			break
		}
		if q.quote == 0 && block >= 0 {
			if strings.TrimSpace(text) == "" || indent > block {
				continue
			}
			block = -1
		}
		start := true                   // at the start of a value
		escaped, closed := false, false // a '\' in "…", a ' that may be half of '' in '…'
		col := 0                        // r's column, in characters
	chars:
		for j, r := range text {
			col++
			if closed && r != '\'' {
				closed = false
			}
			switch {
			case closed:
				q.quote, closed = '\'', false
				continue
			case q.quote != 0:
				switch {
				case escaped:
					escaped = false
				case r == '\\' && q.quote == '"':
					escaped = true
				case r == q.quote:
					if q.runOn {
						ranOn = i + 1
						if chain.line == q.line && chain.col == q.col {
							chain.end = i + 1
						}
					}
					closed, q.quote = q.quote == '\'', 0
				}
				continue
			case r == ' ':
				continue
			case (r == '"' || r == '\'') && start:
				q, start = openQuote{quote: r, line: i + 1, col: col, indent: indent}, false
				if ranOn != i+1 {
					chain = q
				}
				continue
			case r == '#' && (j == 0 || text[j-1] == ' '):
				break chars
			}
			if visit != nil {
				visit(i+1, col, r)
			}
			switch r {
			case '[', '{':
				depth++
			case ']', '}':
				depth = max(depth-1, 0)
			}
			start = r == ':' || r == '[' || r == '{' || r == ',' && depth > 0 || r == '-' && strings.TrimSpace(text[:j]) == ""
		}
		if q.quote == 0 && blockStart.MatchString(text) {
			block = indent
		}
	}
	if q.quote == 0 || !q.runOn {
		return openQuote{}
	}
	return chain
}

var (
	// keyLine is a line that starts a key of a mapping ("lang: en").
	keyLine = regexp.MustCompile(`^\s*(- )?[A-Za-z_][\w.-]*:(\s|$)`)
	// keyAt is a line's key, with what comes before it ("  - url:").
	keyAt = regexp.MustCompile(`^(\s*(?:- )?)([A-Za-z_][\w.-]*):(?:\s|$)`)
	// dashKey is a list item's '-' with no space after it ("-id: x").
	dashKey = regexp.MustCompile(`^\s*-[A-Za-z_][\w.-]*:(\s|$)`)
	// blockStart is a line whose value begins a block of text below it.
	blockStart = regexp.MustCompile(`(:|^\s*-)\s+[|>][-+0-9]*\s*(#.*)?$`)
)

// Parse is parser.ParseBytes with positions on the file's own lines:
// go-yaml counts a "\r\n" in a comment or inside quotes as two lines,
// and every token after it a line too low. YAML reads a line break in a
// value as "\n" whichever it was, so the text is parsed with "\n".
func Parse(data []byte, mode parser.Mode) (*ast.File, error) {
	return parser.ParseBytes(lf(data), mode)
}

// lf is data with "\r\n" read as "\n" (see Parse).
func lf(data []byte) []byte {
	if !bytes.Contains(data, []byte("\r\n")) {
		return data
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
}

// NestedAliases refuses a YAML document in which an anchored value uses
// an alias: each level of such nesting multiplies what decoding builds
// (ten levels of nine aliases took gigabytes and minutes), where a flat
// alias only repeats its anchor's value. nil when data does not parse:
// decoding says why.
func NestedAliases(path string, data []byte) error {
	file, err := Parse(data, 0)
	if err != nil {
		return nil
	}
	var found *token.Token
	for _, doc := range file.Docs {
		if doc.Body != nil {
			ast.Walk(&aliasFinder{found: &found}, doc.Body)
		}
	}
	if found == nil {
		return nil
	}
	return fmt.Errorf("%s:%d:%d: an alias inside an anchored value: aliases may not nest (write the list out)", path, found.Position.Line, found.Position.Column)
}

// aliasFinder notes the first alias under an anchor.
type aliasFinder struct {
	found    **token.Token
	anchored bool
}

func (f *aliasFinder) Visit(n ast.Node) ast.Visitor {
	if *f.found != nil {
		return nil
	}
	switch n := n.(type) {
	case *ast.AliasNode:
		if f.anchored {
			*f.found = n.Start
		}
		return nil
	case *ast.AnchorNode:
		return &aliasFinder{found: f.found, anchored: true}
	}
	return f
}

// Unmarshal is yaml.UnmarshalWithOptions, and NodeToValue is
// yaml.NodeToValue, with go-yaml's panics returned as errors: v1.19.2
// panics decoding a tag that has no value ("authorities: !x") into a
// list, and a file an editor or a feed wrote must not stop a build or
// the preview. Such a tag is reported where it stands (see emptyTag).
//
// An unknown key is reported as the first of a mapping's unknown keys in
// the file (see firstUnknown), not one picked at random.
func Unmarshal(data []byte, v any, opts ...yaml.DecodeOption) error {
	data = lf(data)
	err := unmarshal(data, v, opts...)
	var uf *yaml.UnknownFieldError
	if !errors.As(err, &uf) {
		return err
	}
	// The error's key is a token of go-yaml's own parse; parse again to
	// have one to look the key up in.
	file, perr := parser.ParseBytes(data, 0)
	if perr != nil || len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return err
	}
	if e := NodeToValue(file.Docs[0].Body, scratch(v), opts...); e != nil {
		return e
	}
	return err
}

func unmarshal(data []byte, v any, opts ...yaml.DecodeOption) (err error) {
	defer func() {
		if r := recover(); r != nil {
			var node ast.Node
			if file, perr := parser.ParseBytes(data, 0); perr == nil {
				for _, doc := range file.Docs {
					if node == nil && doc.Body != nil {
						node = doc.Body
					}
				}
			}
			err = panicked(node, r)
		}
	}()
	return yaml.UnmarshalWithOptions(data, v, opts...)
}

// NodeToValue: see Unmarshal.
func NodeToValue(node ast.Node, v any, opts ...yaml.DecodeOption) error {
	return firstUnknown(node, nodeToValue(node, v, opts...), v, opts)
}

func nodeToValue(node ast.Node, v any, opts ...yaml.DecodeOption) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicked(node, r)
		}
	}()
	return yaml.NodeToValue(node, v, opts...)
}

// firstUnknown: when err, from decoding node into v, is an unknown key,
// it is the error for the first of that mapping's unknown keys in the
// file. go-yaml names one of them in its map's random order, so the same
// file could get a different error from one run to the next. Each
// unknown key found is set aside and the decode tried again, into a
// scratch value, until no other key of that mapping is unknown; the node
// is then left as it was.
func firstUnknown(node ast.Node, err error, v any, opts []yaml.DecodeOption) error {
	var uf *yaml.UnknownFieldError
	if !errors.As(err, &uf) {
		return err
	}
	m := mappingWith(node, uf.Token)
	if m == nil {
		return suggestKey(node, uf, v)
	}
	all := m.Values
	first := uf
	for range all {
		m.Values = slices.DeleteFunc(slices.Clone(m.Values), func(mv *ast.MappingValueNode) bool {
			return mv.Key.GetToken() == uf.Token
		})
		if !errors.As(nodeToValue(node, scratch(v), opts...), &uf) || mappingWith(node, uf.Token) != m {
			break
		}
		if p, q := uf.Token.Position, first.Token.Position; p.Line < q.Line || p.Line == q.Line && p.Column < q.Column {
			first = uf
		}
	}
	m.Values = all
	return suggestKey(node, first, v)
}

// suggestKey adds to uf the key of v nearest to its key, if one is near,
// as front matter words it (unknown key "extarct": did you mean
// "extract"?). Only for a key of node's own mapping: v's type does not
// list the keys of the mappings inside it.
func suggestKey(node ast.Node, uf *yaml.UnknownFieldError, v any) error {
	own := false
	switch n := node.(type) {
	case *ast.MappingNode:
		own = slices.ContainsFunc(n.Values, func(mv *ast.MappingValueNode) bool { return mv.Key.GetToken() == uf.Token })
	case *ast.MappingValueNode:
		own = n.Key.GetToken() == uf.Token
	}
	if !own {
		return uf
	}
	if m := Suggest(uf.Token.Value, keys(v)); m != "" {
		return &yaml.UnknownFieldError{Message: fmt.Sprintf("%s: did you mean %q?", uf.Message, m), Token: uf.Token}
	}
	return uf
}

// mappingWith is the mapping in node that has the key tk, or nil.
func mappingWith(node ast.Node, tk *token.Token) *ast.MappingNode {
	var found *ast.MappingNode
	ast.Walk(visitFunc(func(n ast.Node) bool {
		if m, ok := n.(*ast.MappingNode); ok && found == nil {
			for _, mv := range m.Values {
				if mv.Key.GetToken() == tk {
					found = m
				}
			}
		}
		return found == nil
	}), node)
	return found
}

type visitFunc func(ast.Node) bool

func (f visitFunc) Visit(n ast.Node) ast.Visitor {
	if f(n) {
		return f
	}
	return nil
}

// scratch is a new value of v's type, for a decode whose result is
// not kept.
func scratch(v any) any {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return v
	}
	return reflect.New(t.Elem()).Interface()
}

// panicked is the error for go-yaml's panic r while decoding node: the
// first tag in it with no value, or the panic in words.
func panicked(node ast.Node, r any) error {
	var tag *ast.TagNode
	if node != nil {
		ast.Walk(tagFinder{&tag}, node)
	}
	if tag != nil {
		return emptyTag{tag.Start}
	}
	return fmt.Errorf("this YAML could not be read (go-yaml failed: %v)", r)
}

// tagFinder notes the first tag with no value (go-yaml gives it a null one).
type tagFinder struct{ found **ast.TagNode }

func (f tagFinder) Visit(n ast.Node) ast.Visitor {
	if *f.found != nil {
		return nil
	}
	if t, ok := n.(*ast.TagNode); ok {
		if _, null := t.Value.(*ast.NullNode); null || t.Value == nil {
			*f.found = t
			return nil
		}
	}
	return f
}

// emptyTag is a tag with no value, as a yaml.Error, so that At and
// Explain locate it as they do go-yaml's own errors.
type emptyTag struct{ tk *token.Token }

func (e emptyTag) GetToken() *token.Token { return e.tk }
func (e emptyTag) GetMessage() string {
	return fmt.Sprintf("the tag %s has no value: write the value after it, or remove the tag", e.tk.Value)
}
func (e emptyTag) Error() string                 { return e.GetMessage() }
func (e emptyTag) FormatError(bool, bool) string { return e.GetMessage() }
