package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zhText is a sentence of our own.
const zhText = "主管部门要求各大平台在规定期限内解除对其他平台网址链接的屏蔽，保障用户正常访问，促进互联互通。"

// TestGB2312Page reads a whole page served as GB2312, declared only in an
// http-equiv meta tag.
func TestGB2312Page(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "golden", "chinese-gb2312.html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(src, "", "http://news.example.com.cn/gn/2024-06-01/123.shtml")
	if err != nil {
		t.Fatal(err)
	}
	if a.Charset != "gbk" || a.Title != "平台互联互通迈出新步伐" || !strings.HasPrefix(a.Text, "本网讯 多家互联网企业") {
		t.Errorf("charset %q title %q text %q", a.Charset, a.Title, a.Text)
	}
	if !a.Usable("多家互联网企业表示，已逐步开放对其他平台网址链接的访问") {
		t.Errorf("gate refused the page (confidence %.2f)", a.Confidence)
	}
}
