package extract

import (
	"strings"
	"testing"
)

// TestFirstPost: a blog page with several dated posts gives the first;
// a story split around an ad into blocks of one class stays whole.
func TestFirstPost(t *testing.T) {
	one := strings.Repeat("第一篇文章的正文，讲的是湖南菜和广东菜在本地餐馆里各自的做法与口味。", 6)
	two := strings.Repeat("第二篇文章的正文，讲的是另一件完全不相干的事情，不应出现在结果中。", 6)
	post := func(title, date, body string) string {
		return `<div class="post-title">` + title + ` ` + date + `</div><div class="post-body"><p>` + body + `</p></div>`
	}
	blog := `<html><body><div id="main">` + post("湘菜", "2005-06-14 03:25", one) + post("其他", "2005-06-13 10:00", two) + `</div></body></html>`
	a, err := Extract([]byte(blog), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "第一篇") || strings.Contains(a.Text, "第二篇") {
		t.Errorf("blog: %q", a.Text)
	}
	split := `<html><body><div id="main"><div class="story-body"><p>` + one + `</p></div><div class="ad">广告</div><div class="story-body"><p>` + two + `</p></div></div></body></html>`
	if a, err = Extract([]byte(split), "", ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "第一篇") || !strings.Contains(a.Text, "第二篇") {
		t.Errorf("split story: %q", a.Text)
	}
}
