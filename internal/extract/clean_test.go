package extract

import (
	"strings"
	"testing"
)

// TestShortLines: a short line of plain Chinese text closing a notice (a
// signature, a date) stays; a short English label and a short link go.
func TestShortLines(t *testing.T) {
	zh := strings.Repeat("为做好工程建设，确保征地调查工作顺利进行，维护相关单位和群众的合法权益，现将有关事项通告如下。", 3)
	en := strings.Repeat("The regulator said on Monday that the two platforms must open their messaging interfaces to rivals within a year. ", 3)
	tests := []struct {
		name, body string
		want, not  []string
	}{
		{"chinese notice", `<div class="c"><div>` + zh + `</div><div>` + zh + `</div><div>特此通告。</div><div>省人民政府</div><div>2022年1月27日</div>` +
			`<div><a href="/x">返回</a></div></div>`,
			[]string{"特此通告。", "省人民政府", "2022年1月27日"}, []string{"返回"}},
		{"english label", `<div class="c"><div>` + en + `</div><div>Caption</div><div>` + en + `</div><div><a href="/t">Topics</a></div></div>`,
			[]string{"regulator"}, []string{"Caption", "Topics"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(`<html><body>`+tt.body+`</body></html>`), "", "https://example.com/a")
			if err != nil {
				t.Fatal(err)
			}
			checkHolds(t, a.Text, tt.want, tt.not)
		})
	}
}
