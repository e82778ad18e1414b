package extract

import (
	"strings"
	"testing"
)

// TestFirstPost: a blog or forum page with several dated posts gives the
// first; a story split around an ad into blocks of one class, or told
// under dated subheadings, stays whole.
func TestFirstPost(t *testing.T) {
	one := strings.Repeat("第一篇文章的正文，讲的是湖南菜和广东菜在本地餐馆里各自的做法与口味。", 6)
	two := strings.Repeat("第二篇文章的正文，讲的是另一件完全不相干的事情，不应出现在结果中。", 6)
	three := strings.Repeat("第三段回复也很长，说的是读者自己的经历和看法。", 5)
	blogPost := func(title, date, body string) string {
		return `<div class="post-title">` + title + ` ` + date + `</div><div class="post-body"><p>` + body + `</p></div>`
	}
	// A forum thread as archive pages print it: a dated author line, then
	// the message, in classes that say nothing of content.
	forumPost := func(user, date, body string) string {
		return `<div class="subtable altbg1"><span class="right">` + date + `</span>` + user +
			`</div><div class="subtable altbg2 t_msg">` + body + `<br><br>` + body + `</div>`
	}
	tests := []struct {
		name, body string
		want, not  []string
	}{
		{"blog", `<div id="main">` + blogPost("湘菜", "2005-06-14 03:25", one) + blogPost("其他", "2005-06-13 10:00", two) + `</div>`,
			[]string{"第一篇"}, []string{"第二篇"}},
		{"forum", `<div class="tableborder">` + forumPost("楼主", "2006-4-10 09:07", one) + forumPost("读者", "2006-4-10 12:30", two) +
			forumPost("路人", "2006-4-11 08:45", three) + `</div>`,
			[]string{"第一篇"}, []string{"第二篇", "第三段"}},
		{"split story", `<div id="main"><div class="story-body"><p>` + one + `</p></div><div class="ad">广告</div><div class="story-body"><p>` + two + `</p></div></div>`,
			[]string{"第一篇", "第二篇"}, nil},
		{"dated subheadings", `<div id="main"><p class="MsoNormal">` + one + `</p><h3>2005年6月14日</h3><p class="MsoNormal">` + two +
			`</p><h3>2005年6月15日</h3><p class="MsoNormal">` + three + `</p></div>`,
			[]string{"第一篇", "第二篇", "第三段"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(`<html><body>`+tt.body+`</body></html>`), "", "")
			if err != nil {
				t.Fatal(err)
			}
			checkHolds(t, a.Text, tt.want, tt.not)
		})
	}
}

// checkHolds fails the test for each of want the text lacks and each of
// not it holds.
func checkHolds(t *testing.T, text string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("lacks %q: %q", w, text)
		}
	}
	for _, n := range not {
		if strings.Contains(text, n) {
			t.Errorf("holds %q: %q", n, text)
		}
	}
}
