package search

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestMarshalShard(t *testing.T) {
	tests := []map[string]string{
		{},
		{"apple": "0A-_z", "antitrust": "12", "b": ""},
		{"微信": "3", "反垄": "4", "café": "5", "zürich": "x"},
		{`quo"te`: `back\slash`, "<b>": "&amp;", "tab\there": "nl\n", "ctl\x01": "del\x7f"},
		{"line\u2028sep": "para\u2029", "bad\xffutf8": "\xc3", "esc\x1b": "é"},
		{"a<b": "1", "c>d": "2", "e&f": "3", "g\"h": "4", "i\\j": "5", "k\x00": "6", "l\x7f": "7", "m\u0080": "8"},
	}
	for _, m := range tests {
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if got := marshalShard(m); !bytes.Equal(got, want) {
			t.Errorf("marshalShard(%q) =\n%s\nwant\n%s", m, got, want)
		}
	}
}

// BenchmarkMarshalShard writes a shard of 3,000 terms, as an index of
// 10,000 entries has.
func BenchmarkMarshalShard(b *testing.B) {
	m := map[string]string{}
	for i := range 3000 {
		m[string(AppendVarint([]byte("term"), i*7919))] = string(AppendVarint(AppendVarint(nil, i), i*31))
	}
	for _, name := range []string{"encoding/json", "marshalShard"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if name == "marshalShard" {
					marshalShard(m)
				} else if _, err := json.Marshal(m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
