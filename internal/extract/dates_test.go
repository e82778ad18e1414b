package extract

import (
	"testing"
)

func TestTextDate(t *testing.T) {
	tests := []struct {
		name, text, title, article, want string
	}{
		{"chinese date after headline", "首页 新闻 2019年01月01日 平台开放链接 2021年04月10日 10:30 来源：本报 主管部门要求各平台解除屏蔽", "平台开放链接", "主管部门要求各平台解除屏蔽", "2021-04-10 10:30"},
		{"iso date nearest the text", "建立于:2004年10月6日 标题 发表于 2005-9-15 11:46:00 正文第一句在这里开始了", "别的标题", "正文第一句在这里开始了", "2005-09-15 11:46"},
		{"date at the head of the text", "导航 2004-01-01 栏目 博客 首页 标题 (图) 2005-06-14 03:25:55 正文在这里开始了，很长", "", "标题 (图) 2005-06-14 03:25:55 正文在这里开始了", "2005-06-14 03:25"},
		{"slashes, no article found", "Posted 2022/02/13 by the desk", "", "", "2022-02-13 00:00"},
		{"part of a longer number", "id 120220213 ref 2022-13-45 none", "", "", ""},
		{"31 february", "2022-02-31", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := textDate(tt.text, tt.title, tt.article)
			s := ""
			if !got.IsZero() {
				s = got.Format("2006-01-02 15:04")
			}
			if s != tt.want {
				t.Errorf("got %q, want %q", s, tt.want)
			}
		})
	}
}

func TestTextAuthor(t *testing.T) {
	tests := []struct{ article, page, want string }{
		{"", "编辑： 金金 来源： 21世纪经济报道 作者：宋怡 杨志华 我要说说", "宋怡 杨志华"},
		{"", "作者:zboygirl 阅读(1660)", "zboygirl"},
		{"", "经历了一次折叠。 新京报记者 彭冲 山东冠县报道 【编辑:刘欢】", "彭冲"},
		{"", "本报记者罗科苏盈发自北京", "罗科苏盈"},
		{"", "推动工业高质量发展。（记者 胡晓蓉） 责任编辑：孙重远", "胡晓蓉"},
		{"", "（ 责任编辑：魏喆 ）", "魏喆"},
		{"", "记者从有关部门获悉，平台将开放链接。", ""},
		{"", `作者： size="20" 来源： size="20"`, ""},
		{"频道 记者 伊琳 李清芬", "首页 新华社记者看东北 频道 记者 伊琳 李清芬", "伊琳 李清芬"},
		{"", "文章列表 [打印] 由小雨点张贴 @ 2006-03-02 10:11:12 (120) 评论", "小雨点"},
		{"", "[原创] 春游 lazycat 发表于 2007-4-1 09:30:00 春游记", "lazycat"},
		{"", "老街 王小明 发表于 2008-5-5 老街旧事", "王小明"},
		{"", "本文发表于2005年第3期《读书》", ""},
		{"", "这是一段很长的文字没有人的名字在这里面 发表于 2005-1-1", ""},
		{"", "[发表评论] 春游 lazycat 发表于 2007-4-1 09:30:00 [发表评论]", "lazycat"},
		{"", "（编辑：李四） 往事 由小雨点张贴 @ 2006-03-02", "小雨点"},
		{"", "索引号： 000/2020-1 发文机关： 某某市人民政府 成文日期： 2020年03月02日 责任编辑：张三", "某某市人民政府"},
	}
	for _, tt := range tests {
		if got := textAuthor(tt.article, tt.page); got != tt.want {
			t.Errorf("textAuthor(%q, %q) = %q, want %q", tt.article, tt.page, got, tt.want)
		}
	}
	for _, s := range []string{"www.yunnan.cn,云南日报报业集团,云南网", "51offer.com", "L_104485",
		"青松网络", "蓝海科技有限公司", "某某传媒集团"} {
		if authorName(s) != "" {
			t.Errorf("site name, ID or company %q taken for an author", s)
		}
	}
	for _, s := range []string{"王科技", "李网络", "张小明"} {
		if authorName(s) != s {
			t.Errorf("name %q not taken for an author", s)
		}
	}
}

func TestBareByline(t *testing.T) {
	prose := "春天来了，城里的柳树发了新芽。河边散步的人一天比一天多，老人们说今年的春天来得比往年都早一些。"
	tests := []struct{ name, article, title, page, want string }{
		{"name under the headline", "春夜\n\n李明\n\n" + prose, "", "", "李明"},
		{"names under a repeated headline", "论城市\n论城市\n张三、李四\n" + prose, "", "", "张三、李四"},
		{"pen name under the headline", "春夜\n\n茶花\n\n" + prose, "", "", "茶花"},
		{"headline left out, name after the title", "李明\n\n" + prose, "春夜", "首页 春夜 李明 " + prose, "李明"},
		{"a first line not after the title", "春夜\n\n" + prose, "别的", "别的 导航 春夜 " + prose, ""},
		{"an editor's label", "春夜\n\n编者按\n\n" + prose, "", "", ""},
		{"a short line after the prose", prose + "\n\n李明\n\n" + prose, "", "", ""},
		{"a short line after a sentence", "春夜\n\n天晴了。\n\n李明\n\n" + prose, "", "", ""},
		{"name in brackets at the foot", prose + "\n\n（王小明）", "", "", "王小明"},
		{"reporter in brackets at the foot", prose + "\n\n（记者\u3000胡一刀）", "", "", "胡一刀"},
		{"no surname at the foot", prose + "\n\n（未完待续）", "", "", ""},
		{"a label at the foot", prose + "\n\n(组图)", "", "", ""},
		{"bracketed before the source", prose, "", "财经 2004年7月16日08:19 [ 黄大宇 ] 来源：[ 某报 ] 页面功能", "黄大宇"},
		{"ideographic space before the source", prose, "", "2004年7月16日 [ 黄大宇 ]\u3000来源：某报", "黄大宇"},
		{"broken character before the source", prose, "", "2004年7月16日 [ 黄大宇 ]\ufffd 来源：某报", "黄大宇"},
		{"a section before the source", prose, "", "【 新闻中心 】 来源：某报", ""},
		{"a second source label", prose, "", "来源：本站 2004年7月16日 [ 黄大宇 ] 来源：某报", "黄大宇"},
	}
	for _, tt := range tests {
		if got := bareByline(tt.article, tt.title, tt.page); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
