package text

import (
	"encoding/json"
	"testing"
)

func check(t *testing.T, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
		t.Errorf("AppendJSONString(%q) = %s, json.Marshal = %s", s, got[1:], want)
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "<script>&amp;</script>",
		"tab\tnewline\nreturn\rbell\aback\bfeed\fnul\x00unit\x1fdel\x7f",
		"中国市场监管总局对阿里巴巴罚款", "Urząd Ochrony Konkurencji", "emoji 🎉",
		"line\u2028para\u2029end", "bad \xff byte", "cut \xe4\xb8", "\xed\xa0\x80 surrogate",
	} {
		check(t, s)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("a<b>&\"\\\n\u2028\xff中")
	f.Fuzz(func(t *testing.T, s string) { check(t, s) })
}
