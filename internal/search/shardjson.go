package search

import (
	"encoding/json"
	"slices"
)

// sortedTerms are m's keys, sorted, and about the bytes their pairs
// take in a shard.
func sortedTerms(m map[string]string) ([]string, int) {
	keys := make([]string, 0, len(m))
	n := 0
	for k, v := range m {
		keys = append(keys, k)
		n += len(k) + len(v) + 6
	}
	slices.Sort(keys)
	return keys, n
}

// marshalShard writes a shard's terms and lists as json.Marshal writes
// the map: keys sorted, strings escaped as encoding/json escapes them.
// It does without reflection and the map's sorting by reflection, a
// good part of writing the index; a string with anything to escape is
// left to encoding/json.
func marshalShard(m map[string]string) ([]byte, error) {
	keys, n := sortedTerms(m)
	b := make([]byte, 0, n+2)
	b = append(b, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendJSONString(b, k); err != nil {
			return nil, err
		}
		b = append(b, ':')
		if b, err = appendJSONString(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as a JSON string, as encoding/json does.
func appendJSONString(b []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, err := json.Marshal(s)
			return append(b, q...), err
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}
