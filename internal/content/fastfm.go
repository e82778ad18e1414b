package content

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// A fast path for front matter. Parsing YAML with go-yaml is a tenth of
// a large build, and almost every entry has the few shapes docket writes
// itself (fetch and synth): top-level keys of plain or double-quoted
// strings, dates, booleans, lists of IDs and the matched rules. Those
// are decoded here line by line. Anything else, and every file with a
// problem, goes through parseFrontMatter: it alone reports problems, so
// messages and their positions are the same whichever path a file took.

// fastKinds are the kinds whose front matter may take the fast path:
// cases and pages are few, and cases have nested values.
func fastKind(k Kind) bool { return k == News || k == Event }

// fastKeys are the keys the fast path decodes; any other key sends the
// file to the full parser.
var fastKeys = map[string]bool{
	"title": true, "date": true, "updated": true, "lang": true, "summary": true, "draft": true, "hidden": true,
	"topics": true, "entities": true, "jurisdictions": true, "pinned": true, "case": true, "story": true,
	"id": true, "source": true, "feed": true, "url": true, "guid": true, "author": true, "image": true,
	"fetched": true, "matched": true, "rules_tagged": true, "extracted": true, "backfilled": true,
	"kind": true, "authorities": true, "status": true, "amount": true, "sources": true,
}

// fastFrontMatter decodes fm into e when every line has a shape it
// knows, giving each key's position in fields (for the spots Parse
// keeps). ok false means e may be half set: start again with a fresh
// Entry and parseFrontMatter.
//
// The strings set in e are fm's: see compact.
func fastFrontMatter(fm string, kind Kind, e *Entry) (f fields, ok bool) {
	if !fastKind(kind) || !plainText(fm) {
		return nil, false
	}
	allowed := keysFor(kind)
	lines := strings.Split(strings.TrimSuffix(fm, "\n"), "\n")
	f = make(fields, len(lines)) // one table, not grown key by key
	for i := 0; i < len(lines); {
		key, value, ok := topKey(lines[i])
		if !ok || f[key] != nil || !fastKeys[key] || !slices.Contains(allowed, key) {
			return nil, false
		}
		f[key] = present
		if spotted[key] {
			f[key] = keyNode(i+1, key)
		}
		var items []blockItem
		if value == "" {
			items, i = blockSeq(lines, i+1)
			if items == nil {
				return nil, false
			}
		} else {
			i++
		}
		if !setFast(reflect.ValueOf(e).Elem().Field(fieldIndex[key]), key, value, items) {
			return nil, false
		}
	}
	return f, true
}

// spotted are the keys whose positions Parse keeps (Doc.spots); the
// others need only be present, as a file with a problem is parsed again
// by the parser, which locates it.
var spotted = map[string]bool{"feed": true, "case": true, "story": true}

// present stands for a key the fast path read, where its position will
// not be asked for.
var present = keyNode(1, "")

// plainText reports whether fm holds no control character but the line
// feed (tabs, carriage returns and the rest, which YAML treats in ways
// of its own), none of the characters some parsers take for a line break
// or a byte-order mark, and no invalid UTF-8 (which go-yaml replaces).
func plainText(fm string) bool {
	for i := range len(fm) {
		if c := fm[i]; c < 0x20 && c != '\n' || c == 0x7f {
			return false
		}
	}
	return utf8.ValidString(fm) && !strings.ContainsAny(fm, "\u0085\u2028\u2029\ufeff")
}

// keyNode stands for a top-level key at line (1-based in fm), so that
// Doc.at and spots locate it as they would a parsed one.
func keyNode(line int, key string) *ast.MappingValueNode {
	pos := &token.Position{Line: line, Column: 1}
	return &ast.MappingValueNode{Key: ast.String(token.String(key, key, pos))}
}

// topKey splits "key: value" or "key:" at the start of a line; keys are
// lower-case words.
func topKey(line string) (key, value string, ok bool) {
	k, v, found := strings.Cut(line, ":")
	if !found || k == "" || strings.TrimLeft(k, "abcdefghijklmnopqrstuvwxyz_") != "" {
		return "", "", false
	}
	if v == "" {
		return k, "", true
	}
	if v[0] != ' ' || len(v) < 2 || v[1] == ' ' {
		return "", "", false
	}
	return k, v[1:], true
}

// blockItem is one "- …" element of a block sequence: its first line,
// and for a mapping the lines of its other keys.
type blockItem struct {
	first string
	more  []string
}

// blockSeq reads the block sequence that starts at lines[i], indented by
// zero or more spaces; it returns nil unless there is one, and the line
// after it.
func blockSeq(lines []string, i int) ([]blockItem, int) {
	if i >= len(lines) {
		return nil, i
	}
	indent := len(lines[i]) - len(strings.TrimLeft(lines[i], " "))
	dash := strings.Repeat(" ", indent) + "- "
	cont := strings.Repeat(" ", indent+2)
	var items []blockItem
	for ; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, dash):
			items = append(items, blockItem{first: l[len(dash):]})
		case len(items) > 0 && strings.HasPrefix(l, cont) && len(l) > len(cont) && l[len(cont)] != ' ':
			items[len(items)-1].more = append(items[len(items)-1].more, l[len(cont):])
		case len(l) > 0 && l[0] != ' ' && l[0] != '-':
			return items, i // the next top-level key
		default:
			return nil, i
		}
	}
	return items, i
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	matchesType = reflect.TypeFor[[]Match]()
	amountType  = reflect.TypeFor[*Amount]()
	linksType   = reflect.TypeFor[[]Link]()
)

// setFast sets a field from a one-line value or a block sequence.
func setFast(field reflect.Value, key, value string, items []blockItem) bool {
	switch field.Type() {
	case timeType:
		s, ok := scalarOf(value, false)
		if !ok || items != nil {
			return false
		}
		t, err := ParseDate(s)
		if err != nil {
			return false
		}
		field.Set(reflect.ValueOf(t))
		return true
	case stringType:
		s, ok := textOf(value, false)
		if ok && items == nil {
			field.SetString(s)
		}
		return ok && items == nil
	case boolType, boolPtrType:
		if items != nil || (value != "true" && value != "false") {
			return false
		}
		setBool(field, value == "true")
		return true
	case stringsType:
		list, ok := fastList(value, items)
		if ok {
			field.Set(reflect.ValueOf(list))
		}
		return ok
	case matchesType:
		ms, ok := fastMatches(value, items)
		if ok {
			field.Set(reflect.ValueOf(ms))
		}
		return ok
	case amountType:
		a, ok := fastAmount(value)
		if ok {
			field.Set(reflect.ValueOf(a))
		}
		return ok
	case linksType:
		// Bare URLs only; an empty list or {title, url} is the parser's.
		urls, ok := fastList(value, items)
		if !ok || len(urls) == 0 {
			return false
		}
		links := make([]Link, len(urls))
		for i, u := range urls {
			links[i].URL = u
		}
		field.Set(reflect.ValueOf(links))
		return true
	}
	return false
}

// fastAmount is "{value: 18228000000, currency: CNY}".
func fastAmount(value string) (*Amount, bool) {
	if !strings.HasPrefix(value, "{") {
		return nil, false
	}
	pairs, ok := itemPairs(blockItem{first: value})
	if !ok || len(pairs) != 2 {
		return nil, false
	}
	a := &Amount{}
	var seen [2]bool // value, currency: a repeated key is go-yaml's to report
	for _, p := range pairs {
		k, v, ok := topKey(p)
		if !ok {
			return nil, false
		}
		switch k {
		case "value":
			a.Value, ok = decimal(v, true)
			ok = ok && !seen[0]
			seen[0] = true
		case "currency":
			a.Currency, ok = textOf(v, true)
			ok = ok && !seen[1]
			seen[1] = true
		default:
			ok = false
		}
		if !ok {
			return nil, false
		}
	}
	return a, a.Currency != ""
}

// fastList is a list of strings, "[a, b]" or a block sequence of
// scalars. An empty flow list is an empty slice, as setPlain makes it.
func fastList(value string, items []blockItem) ([]string, bool) {
	if items != nil {
		list := make([]string, len(items))
		for i, it := range items {
			s, ok := textOf(it.first, false)
			if !ok || it.more != nil {
				return nil, false
			}
			list[i] = s
		}
		return list, true
	}
	if len(value) < 2 || value[0] != '[' || value[len(value)-1] != ']' {
		return nil, false
	}
	inner := value[1 : len(value)-1]
	if strings.TrimSpace(inner) == "" {
		return []string{}, inner == ""
	}
	parts := strings.Split(inner, ",")
	list := make([]string, len(parts))
	for i, p := range parts {
		if i > 0 {
			if !strings.HasPrefix(p, " ") {
				return nil, false
			}
			p = p[1:]
		}
		s, ok := textOf(p, true)
		if !ok {
			return nil, false
		}
		list[i] = s
	}
	return list, true
}

// fastMatches is the matched list: a block sequence of flow mappings
// ("- {topic: t, term: x, field: body, weight: 2}", as synth writes) or
// of block mappings (as fetch writes).
func fastMatches(value string, items []blockItem) ([]Match, bool) {
	if value != "" || items == nil {
		return nil, false
	}
	ms := make([]Match, len(items))
	for i, it := range items {
		pairs, ok := itemPairs(it)
		if !ok || !setMatch(&ms[i], pairs, strings.HasPrefix(it.first, "{")) {
			return nil, false
		}
	}
	return ms, true
}

// itemPairs splits a mapping item into its "key: value" pairs.
func itemPairs(it blockItem) ([]string, bool) {
	if !strings.HasPrefix(it.first, "{") {
		return append([]string{it.first}, it.more...), true
	}
	if it.more != nil || !strings.HasSuffix(it.first, "}") {
		return nil, false
	}
	inner := it.first[1 : len(it.first)-1]
	var pairs []string
	for inner != "" {
		// A value may be quoted and hold commas: find where it ends.
		k, rest, ok := strings.Cut(inner, ": ")
		if !ok {
			return nil, false
		}
		end := strings.IndexByte(rest, ',')
		if strings.HasPrefix(rest, `"`) {
			q := strings.IndexByte(rest[1:], '"')
			if q < 0 {
				return nil, false
			}
			end = q + 2
			if end < len(rest) && rest[end] != ',' {
				return nil, false
			}
		}
		if end < 0 {
			end = len(rest)
		}
		pairs = append(pairs, k+": "+rest[:end])
		inner = rest[end:]
		if inner != "" {
			if !strings.HasPrefix(inner, ", ") || len(inner) == 2 {
				return nil, false
			}
			inner = inner[2:]
		}
	}
	return pairs, true
}

// setMatch sets a Match from its pairs; each key at most once.
// flow: the pairs came from a { } mapping.
func setMatch(m *Match, pairs []string, flow bool) bool {
	seen := map[string]bool{}
	for _, p := range pairs {
		k, v, ok := topKey(p)
		if !ok || v == "" || seen[k] {
			return false
		}
		seen[k] = true
		switch k {
		case "topic", "term", "field":
			s, ok := textOf(v, flow)
			if !ok {
				return false
			}
			switch k {
			case "topic":
				m.Topic = s
			case "term":
				m.Term = s
			default:
				m.Field = s
			}
		case "offset":
			n, ok := decimal(v, false)
			if !ok {
				return false
			}
			m.Offset = int(n)
		case "weight":
			n, ok := decimal(v, true)
			if !ok {
				return false
			}
			m.Weight = n
		default:
			return false
		}
	}
	return true
}

// decimal reads a plain unsigned number: digits, with one point if
// frac. A leading zero before digits is octal in YAML: not taken here.
func decimal(s string, frac bool) (float64, bool) {
	whole, part, dot := strings.Cut(s, ".")
	if !digits(whole) || len(whole) > 1 && whole[0] == '0' || dot && (!frac || !digits(part)) || len(s) > 15 {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}

func digits(s string) bool {
	return s != "" && strings.TrimLeft(s, "0123456789") == ""
}

// textOf is a scalar that go-yaml reads as a string: a plain scalar
// that is not null, a boolean or a number, or a simple double-quoted one.
func textOf(s string, flow bool) (string, bool) {
	v, ok := scalarOf(s, flow)
	if !ok {
		return "", false
	}
	if s[0] != '"' && !stringScalar(v) {
		return "", false
	}
	return v, true
}

// stringScalar reports whether go-yaml reads the plain scalar v as a
// string, as token.New decides. Most scalars are prose, which token.New
// first tries as a number, allocating an error each time (~1% of a
// build's allocations). Prose that can be neither one of its keywords
// (five bytes at most: null, true, .inf, …) nor a number (whose first
// byte is a digit, a sign or a point) is a string without asking.
func stringScalar(v string) bool {
	if c := v[0]; len(v) > 5 && c != '.' && c != '+' && c != '-' && (c < '0' || c > '9') {
		return true
	}
	return token.New(v, v, &token.Position{}).Type == token.StringType
}

// scalarOf is the value of a plain scalar, or of a double-quoted one
// without escapes, as long as it has none of the characters that would
// make YAML read it as anything else. flow: inside [ ] or { }.
func scalarOf(s string, flow bool) (string, bool) {
	if s == "" {
		return "", false
	}
	if s[0] == '"' {
		inner := s[1:]
		if !strings.HasSuffix(inner, `"`) {
			return "", false
		}
		inner = inner[:len(inner)-1]
		return inner, !strings.ContainsAny(inner, `"\`)
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@` ", rune(s[0])) ||
		s[len(s)-1] == ' ' || s[len(s)-1] == ':' ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.ContainsAny(s, "[]{}\\") ||
		flow && strings.ContainsAny(s, `,:#'"`) {
		return "", false
	}
	return s, true
}
