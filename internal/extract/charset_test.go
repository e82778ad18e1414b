package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Sentences of our own, one per script.
const (
	zhText = "主管部门要求各大平台在规定期限内解除对其他平台网址链接的屏蔽，保障用户正常访问，促进互联互通。"
	twText = "主管機關要求各大平臺在規定期限內解除對其他平臺網址連結的封鎖，保障使用者正常存取。"
	jaText = "規制当局は、大手のメッセージアプリに対して、ほかのアプリの利用者ともやり取りできるようにするよう求めた。"
	koText = "규제 당국은 대형 메신저 앱에 다른 앱 사용자와도 메시지를 주고받을 수 있도록 하라고 요구했다."
	ruText = "Регулятор потребовал от крупных мессенджеров обеспечить совместимость с другими приложениями до конца года."
	heText = "הרגולטור דרש מאפליקציות המסרים הגדולות לאפשר תקשורת עם משתמשי אפליקציות אחרות עד סוף השנה."
	thText = "หน่วยงานกำกับดูแลสั่งให้แอปส่งข้อความรายใหญ่เปิดให้ผู้ใช้แอปอื่นส่งข้อความถึงกันได้ภายในสิ้นปี"
	deText = "Die Behörde verlangt, dass große Plattformen ihre Dienste öffnen; Nutzer müssen wählen dürfen."
	frText = "L'autorité de la concurrence a ordonné aux messageries d'être interopérables, déjà été critiqué."
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func page(head string, body []byte) []byte {
	out := []byte("<html" + head + "><head><title>t</title></head><body><p>")
	out = append(out, body...)
	return append(out, "</p></body></html>"...)
}

func TestToUTF8(t *testing.T) {
	latin := encode(t, charmap.Windows1252, frText)
	tests := []struct {
		name, contentType string
		body              []byte
		want, charset     string
	}{
		{"utf-8 undeclared", "", page("", []byte(zhText)), zhText, "utf-8"},
		{"gb2312 in meta", "", append([]byte(`<meta charset="gb2312">`), page("", encode(t, simplifiedchinese.GBK, zhText))...), zhText, "gbk"},
		{"gb2312 in header", "text/html; charset=GB2312", page("", encode(t, simplifiedchinese.GBK, zhText)), zhText, "gbk"},
		{"gb2312 undeclared", "", page("", encode(t, simplifiedchinese.GBK, zhText)), zhText, "gb18030"},
		{"big5 undeclared", "", page("", encode(t, traditionalchinese.Big5, twText)), twText, "big5"},
		{"shift_jis undeclared", "", page("", encode(t, japanese.ShiftJIS, jaText)), jaText, "shift_jis"},
		{"euc-jp undeclared", "", page("", encode(t, japanese.EUCJP, jaText)), jaText, "euc-jp"},
		{"euc-kr undeclared", "", page("", encode(t, korean.EUCKR, koText)), koText, "euc-kr"},
		{"koi8-r undeclared", "", page("", encode(t, charmap.KOI8R, ruText)), ruText, "koi8-r"},
		{"windows-1251 undeclared", "", page("", encode(t, charmap.Windows1251, ruText)), ruText, "windows-1251"},
		{"windows-1255 undeclared", "", page("", encode(t, charmap.Windows1255, heText)), heText, "windows-1255"},
		{"tis-620 undeclared", "", page("", encode(t, charmap.Windows874, thText)), thText, "windows-874"},
		{"gb18030 undeclared", "", page("", encode(t, simplifiedchinese.GB18030, zhText)), zhText, "gb18030"},
		{"windows-1252 german declared utf-8", "text/html; charset=utf-8", page("", encode(t, charmap.Windows1252, deText)), deText, "windows-1252"},
		{"windows-1251 in meta", "", append([]byte(`<meta charset="windows-1251">`), page("", encode(t, charmap.Windows1251, ruText))...), ruText, "windows-1251"},
		{"euc-kr with lang", "", page(` lang="ko"`, encode(t, korean.EUCKR, koText)), koText, "euc-kr"},
		{"latin-1 declared utf-8", "text/html; charset=utf-8", page("", latin), frText, "windows-1252"},
		{"utf-8 declared latin-1", "text/html; charset=iso-8859-1", page("", []byte(frText)), frText, "utf-8"},
		{"header beats meta", "text/html; charset=windows-1252", append([]byte(`<meta charset="gb2312">`), page("", latin)...), frText, "windows-1252"},
		{"utf-8 bom", "text/html; charset=gb2312", append([]byte{0xEF, 0xBB, 0xBF}, page("", []byte(zhText))...), zhText, "utf-8"},
		{"utf-16le bom", "", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), string(page("", []byte(zhText)))), zhText, "utf-16le"},
		// ISO-2022-JP is 7-bit: no high bytes, yet it must be decoded.
		{"iso-2022-jp in header", "text/html; charset=ISO-2022-JP", page("", encode(t, japanese.ISO2022JP, jaText)), jaText, "iso-2022-jp"},
		{"iso-2022-jp in meta", "", append([]byte(`<meta charset="iso-2022-jp">`), page("", encode(t, japanese.ISO2022JP, jaText))...), jaText, "iso-2022-jp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, cs := toUTF8(tt.body, tt.contentType)
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("decoded %q, want it to hold %q", out, tt.want)
			}
			if cs != tt.charset {
				t.Errorf("charset %q, want %q", cs, tt.charset)
			}
		})
	}
}

// TestDetectCorpus runs detection on the shared legacy-encoding samples
// (feeds without any declaration).
func TestDetectCorpus(t *testing.T) {
	dir := filepath.Join(corpus(t), "feeds", "illformed", "chardet")
	for file, want := range map[string]string{
		"big5.xml": "big5", "gb2312.xml": "gb18030", "shiftjis.xml": "shift_jis",
		"eucjp.xml": "euc-jp", "euckr.xml": "euc-kr", "koi8r.xml": "koi8-r",
		// WHATWG reads TIS-620 as its superset windows-874.
		"tis620.xml": "windows-874", "windows1255.xml": "windows-1255",
	} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if _, got := detect(b); got != want {
			t.Errorf("%s: detected %s, want %s", file, got, want)
		}
	}
}

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
