package search

import (
	"slices"

	"docket/internal/text"
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
// good part of writing the index.
func marshalShard(m map[string]string) []byte {
	keys, n := sortedTerms(m)
	b := make([]byte, 0, n+2)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = text.AppendJSONString(b, k)
		b = append(b, ':')
		b = text.AppendJSONString(b, m[k])
	}
	return append(b, '}')
}
