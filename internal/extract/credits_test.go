package extract

import (
	"strings"
	"testing"
)

func TestCreditLine(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"本报记者 李明 张华", true},
		{"本报记者李明发自上海", true},
		{"晨报记者 王小红 北京报道", true},
		{"某某网江南频道 记者 周一 吴二", true},
		{"□ 通讯员 赵四", true},
		{"（实习生 钱五）", true},
		{"作者： 孙六 (Sun Liu)", true},
		{"来源：某某日报", true},
		{"记者：请问您怎样看待今年的粮食补贴政策？", false}, // an interview's question
		{"记者在现场看到，工人们正在加紧施工。", false},
		{"据记者了解", false},
		{"作者注：本文写于三年前，有删改，请读者见谅。", false},
		{"本报记者 李明 张华 " + strings.Repeat("报道", 20), false},
		{"责任编辑：王五", false}, // rules.yaml's prefix list has editors
		{"by jane doe", false},
	}
	for _, tt := range tests {
		if got := creditLine(tt.text); got != tt.want {
			t.Errorf("creditLine(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestCredits: a credit block goes, above the text or on a <br> line of
// its own in bold; a sentence naming a reporter stays.
func TestCredits(t *testing.T) {
	zh := strings.Repeat("为做好工程建设，确保征地调查工作顺利进行，维护相关单位和群众的合法权益，现将有关事项通告如下。", 3)
	tests := []struct {
		name, body string
		want, not  []string
		author     string
	}{
		{"block", `<div class="c"><p>本报记者 李明 张华</p><p>` + zh + `</p><p>` + zh + `</p><p>来源：某某日报</p></div>`,
			[]string{"通告如下"}, []string{"李明", "来源"}, "李明 张华"},
		{"br line", `<div class="c">` + zh + `<br><br><b>本报记者李明发自上海</b><br><br>` + zh + `<br><br>` + zh + `</div>`,
			[]string{"通告如下"}, []string{"李明"}, "李明"},
		{"in a sentence", `<div class="c"><p>` + zh + `</p><p>` + zh + `<b>本报记者李明</b>在现场看到，工人们正在加紧施工。</p></div>`,
			[]string{"本报记者李明在现场看到"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(`<html><body><ul><li><a href="/c">记者 专栏</a></li></ul>`+tt.body+`</body></html>`), "", "https://example.com/a")
			if err != nil {
				t.Fatal(err)
			}
			checkHolds(t, a.Text, tt.want, tt.not)
			// The page's menu names a column like a byline: the credit
			// taken out of the text still names the author first.
			if tt.author != "" && a.Author != tt.author {
				t.Errorf("author %q, want %q", a.Author, tt.author)
			}
		})
	}
}
