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

// TestHeadLines: the header printed in the article's block (the headline
// again, a deck, bylines, a dateline), one short line each, leaves the
// text down to its last byline or dateline, in <p>s or in lines of <br>s;
// the author is still read from it. Short lines with no credit among
// them (a list, a poem) and those below the credit stay.
func TestHeadLines(t *testing.T) {
	prose := `<p>今年春天雨水偏多，城郊的几座水库相继开闸泄洪，下游的村庄提前转移了群众，没有人员伤亡。</p>` +
		`<p>水利部门表示，汛期还将持续一个多月，各地要加强巡查，及时发布预警，确保群众生命财产安全。</p>`
	poem := strings.Repeat(`<p>河水绿了</p><p>山花开了</p>`, 5)
	tests := []struct {
		name, body, author string
		want, not          []string
	}{
		{"byline and dateline in paragraphs", `<p>水库开闸泄洪</p><p>本报记者 王大明 李小红</p><p>2021-03-04 10:20 来源：晨报</p>` + prose,
			"王大明 李小红", []string{"今年春天"}, []string{"水库开闸泄洪", "本报记者", "来源：晨报"}},
		{"lines of breaks", `<p>下游群众提前转移<br>某某日报记者 张三 李四<br><br>` + strings.TrimPrefix(prose, `<p>`),
			"张三 李四", []string{"今年春天"}, []string{"下游群众提前转移", "日报记者"}},
		{"name under the headline", `<p>春天的水库</p><p>王小明</p><p>编者按</p>` + prose,
			"王小明", []string{"编者按", "今年春天"}, []string{"春天的水库", "王小明"}},
		{"translator and date", `<p>作者： Some Writer</p><p>译： 陈某</p><p>2005年1月2日</p>` + prose,
			"", []string{"今年春天"}, []string{"Some Writer", "陈某", "2005年1月2日"}},
		{"no credit", `<p>一、总则</p><p>二、范围</p>` + prose, "", []string{"一、总则", "二、范围"}, nil},
		{"a clause naming a reporter", `<p>记者获悉，水库已开闸</p>` + prose, "", []string{"记者获悉"}, nil},
		{"many short lines", poem + `<p>作者：王某</p>` + prose, "", []string{"河水绿了", "山花开了"}, nil},
		// A list's dated entries are a timeline, not the page's dateline.
		{"a dated list", `<p>时间线</p><ul><li>2023年1月5日 立案调查</li><li>2023年6月1日 作出处罚</li></ul>` + prose,
			"", []string{"时间线", "立案调查", "作出处罚"}, nil},
		{"a dated list in English", `<p>Timeline</p><ul><li>2019-04-02 Complaint filed</li><li>2021-06-15 Decision</li></ul>` + prose,
			"", []string{"Timeline", "Complaint filed", "Decision"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><meta charset="utf-8"><title>汛期</title></head><body><div class="c">` + tt.body + `</div></body></html>`
			a, err := Extract([]byte(page), "", "https://example.com/a")
			if err != nil {
				t.Fatal(err)
			}
			checkHolds(t, a.Text, tt.want, tt.not)
			if checkHolds(t, a.Markdown, tt.want, tt.not); tt.author != "" && a.Author != tt.author {
				t.Errorf("author %q, want %q", a.Author, tt.author)
			}
		})
	}
}

// TestTrimAuthor: a byline's name without the label of the next field or
// the date it ran into; a name alone stays whole.
func TestTrimAuthor(t *testing.T) {
	for in, want := range map[string]string{
		"赵婕 出自":                           "赵婕",
		"吕峥 来源":                           "吕峥",
		"孙仲旻 分享":                          "孙仲旻",
		"芊草凡凡 时间：2021-03-02":              "芊草凡凡",
		"Carrie Arnold November 15, 2019": "Carrie Arnold",
		"Carrie Arnold, Nov. 15, 2019":    "Carrie Arnold",
		"王燕平 2021-03-02 10:00":            "王燕平",
		"刘国栋 周炜 王燕平":                      "刘国栋 周炜 王燕平",
		"Jane Doe":                        "Jane Doe",
		"May Smith":                       "May Smith",
		"来源":                              "来源",
		"Alex March":                      "Alex March",
	} {
		if got := trimAuthor(in); got != want {
			t.Errorf("trimAuthor(%q) = %q, want %q", in, got, want)
		}
	}
}
