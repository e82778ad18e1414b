package topic

import (
	"reflect"
	"testing"
)

// FuzzClassify: any title, summary and body classify without panicking,
// twice to the same result, with offsets inside their field.
func FuzzClassify(f *testing.F) {
	r := testRules(f)
	for _, it := range benchItems {
		f.Add(it.Title, it.Summary, it.Body)
	}
	f.Add("ＡＮＴＩＴＲＵＳＴ 反壟斷", "<p>a<b>b</b>&amp;</p><script>x", "e\u0301\u0301ﬁ İ ß ł")
	f.Add("\xff\xfe", "<", "&#")
	f.Fuzz(func(t *testing.T, title, summary, body string) {
		it := Item{Title: title, Summary: summary, Body: body}
		a, b := r.Classify(it), r.Classify(it)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("two runs differ:\n%+v\n%+v", a, b)
		}
		lens := map[string]int{FieldTitle: len(title), FieldSummary: len(summaryText(summary)), FieldBody: len(body)}
		for _, m := range a.Matched {
			if m.Offset < 0 || m.Offset >= lens[m.Field] {
				t.Fatalf("match %+v outside its field of %d bytes", m, lens[m.Field])
			}
		}
	})
}
