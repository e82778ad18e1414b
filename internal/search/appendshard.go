package search

// Appending to a shard: documents are numbered from the oldest end, so
// when a build's first k documents are the last build's, each term's
// Postings are the last build's cut before document k, followed by the
// postings of this build's documents from k on. A shard is then made
// from the one rendered before: its terms are copied as they are, each
// list cut at k (a term left with none is dropped, unless the new
// documents have it), the new documents' postings appended to the terms
// that have them, and the terms new to the shard put in their sorted
// places; the bytes are those a full merge renders (marshalShard), which
// tests check.

import (
	"encoding/json"
	"errors"
	"fmt"

	"docket/internal/text"
)

// AppendTo makes each base shard render as old(i), the base shard
// rendered by an earlier index, cut before document from, with the
// base's postings appended: they must start at from (see Merger.From),
// which is at most the split. The earlier index's first from documents
// must be this one's, with the same base shard count: the caller knows,
// the shards do not say. The tail is rendered from its postings alone.
func (x *Parts) AppendTo(from int, old func(shard int) ([]byte, error)) {
	x.from, x.old = from, old
}

var errShardSyntax = errors.New("search: a shard to append to is not one the index renders")

// appendShard is old, a shard as marshalShard renders it, with its
// terms' postings cut before document from and add's lists (each first
// gap from document -1, every document from on) appended.
func appendShard(old []byte, from int, add map[string]string) ([]byte, error) {
	if len(old) < 2 || old[0] != '{' || old[len(old)-1] != '}' {
		return nil, errShardSyntax
	}
	keys, n := sortedTerms(add)
	out := make([]byte, 0, len(old)+n)
	out = append(out, '{')
	rest := old[1 : len(old)-1]
	k := 0
	var err error
	for first := true; len(rest) > 0; first = false {
		var p shardPair
		if p, rest, err = nextPair(rest, !first); err != nil {
			return nil, err
		}
		for ; k < len(keys) && keys[k] < p.term; k++ {
			out = appendNewTerm(out, keys[k], add[keys[k]])
		}
		list, last, err := cutList(p.list, from)
		if err != nil {
			return nil, err
		}
		more, added := "", k < len(keys) && keys[k] == p.term
		if added {
			more = add[keys[k]]
			k++
		}
		if len(list) == 0 && !added {
			continue // every document of the term's is gone
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, p.raw[:len(p.raw)-len(p.list)]...) // "term":"
		out = append(out, list...)
		if added {
			if out, err = appendList(out, last, more); err != nil {
				return nil, fmt.Errorf("search: term %q: %w", p.term, err)
			}
		}
		out = append(out, '"')
	}
	for ; k < len(keys); k++ {
		out = appendNewTerm(out, keys[k], add[keys[k]])
	}
	return append(out, '}'), nil
}

// appendNewTerm appends a term the old shard lacks, as marshalShard would.
func appendNewTerm(out []byte, term, list string) []byte {
	if len(out) > 1 {
		out = append(out, ',')
	}
	out = text.AppendJSONString(out, term)
	out = append(out, ':')
	return text.AppendJSONString(out, list)
}

// shardPair is one term of a rendered shard: raw runs from the key's
// opening quote to the list's last letter (its closing quote left out,
// so that postings can be appended), term is the key unescaped.
type shardPair struct {
	raw  []byte
	term string
	list []byte
}

// nextPair reads the first "term":"list" of b, after a comma unless it
// is the first, and returns what follows it.
func nextPair(b []byte, comma bool) (shardPair, []byte, error) {
	start := 0
	if comma {
		if len(b) == 0 || b[0] != ',' {
			return shardPair{}, nil, errShardSyntax
		}
		start = 1
	}
	end, escaped, ok := stringEnd(b, start)
	if !ok || end+1 >= len(b) || b[end] != ':' || b[end+1] != '"' {
		return shardPair{}, nil, errShardSyntax
	}
	key := b[start:end]
	term := string(key[1 : len(key)-1])
	if escaped { // as encoding/json wrote it: read it back the same way
		if json.Unmarshal(key, &term) != nil {
			return shardPair{}, nil, errShardSyntax
		}
	}
	from := end + 2
	to := from
	for to < len(b) && b[to] != '"' {
		if !isDigit(b[to]) {
			return shardPair{}, nil, errShardSyntax
		}
		to++
	}
	if to == len(b) || to == from {
		return shardPair{}, nil, errShardSyntax
	}
	return shardPair{raw: b[start:to], term: term, list: b[from:to]}, b[to+1:], nil
}

// stringEnd is where the JSON string opening at b[i] ends (the index
// after its closing quote), and whether it has escapes.
func stringEnd(b []byte, i int) (end int, escaped, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return 0, false, false
	}
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped, true
		}
	}
	return 0, false, false
}

// appendList appends to out, which ends in postings whose last
// document is last (-1 for none), the postings add, whose first gap is
// from document -1: it becomes the gap from last.
func appendList(out []byte, last int, add string) ([]byte, error) {
	v, n := readVarint([]byte(add[:min(len(add), 16)]))
	doc := v/4 - 1
	if n == 0 || doc <= last {
		return nil, fmt.Errorf("postings to append start at document %d, not after %d", doc, last)
	}
	out = AppendVarint(out, (doc-last)*4+v%4)
	return append(out, add[n:]...), nil
}

// cutList is list, a term's postings, cut before its first document at
// or after from, and the last document left (-1 for none). What follows
// the cut is not read.
func cutList(list []byte, from int) ([]byte, int, error) {
	doc, v, scale, end := -1, 0, 1, 0
	for i, c := range list {
		d := digitValue[c]
		if d >= 32 {
			v += int(d-32) * scale
			scale *= 32
			continue
		}
		next := doc + (v+int(d)*scale)/4
		if next >= from {
			return list[:end], doc, nil
		}
		doc, v, scale, end = next, 0, 1, i+1
	}
	if scale != 1 {
		return nil, 0, errShardSyntax // a number cut short
	}
	return list, doc, nil
}

// isDigit reports whether c is a letter of the postings' alphabet.
func isDigit(c byte) bool { return c == '0' || digitValue[c] != 0 }
