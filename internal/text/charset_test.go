package text

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"

	"docket/internal/golden"
)

// Sentences of our own, one per script.
const (
	zhText = "主管部门要求各大平台在规定期限内解除对其他平台网址链接的屏蔽，保障用户正常访问，促进互联互通。"
	twText = "主管機關要求各大平臺在規定期限內解除對其他平臺網址連結的封鎖，保障使用者正常存取。"
	// Words set apart by spaces, as some headlines and tag lists are.
	zhSpaced   = "反垄断 监管机构 对 平台 处以 罚款 互联互通"
	twSpaced   = "反壟斷 監管機構 對 平台 處以 罰款 互聯互通"
	twHeadline = "公平會 對 Apple 與 Google 展開 反壟斷 調查"
	jaText     = "規制当局は、大手のメッセージアプリに対して、ほかのアプリの利用者ともやり取りできるようにするよう求めた。"
	koText     = "규제 당국은 대형 메신저 앱에 다른 앱 사용자와도 메시지를 주고받을 수 있도록 하라고 요구했다."
	ruText     = "Регулятор потребовал от крупных мессенджеров обеспечить совместимость с другими приложениями до конца года."
	heText     = "הרגולטור דרש מאפליקציות המסרים הגדולות לאפשר תקשורת עם משתמשי אפליקציות אחרות עד סוף השנה."
	thText     = "หน่วยงานกำกับดูแลสั่งให้แอปส่งข้อความรายใหญ่เปิดให้ผู้ใช้แอปอื่นส่งข้อความถึงกันได้ภายในสิ้นปี"
	deText     = "Die Behörde verlangt, dass große Plattformen ihre Dienste öffnen; Nutzer müssen wählen dürfen."
	plText     = "Urząd nakazał, żeby duże platformy otworzyły usługi; użytkownicy mają mieć wybór, a kary będą wysokie."
	frText     = "L'autorité de la concurrence a ordonné aux messageries d'être interopérables, déjà été critiqué."
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

func TestDecode(t *testing.T) {
	latin := encode(t, charmap.Windows1252, frText)
	tests := []struct {
		name, contentType, lang string
		body                    []byte
		want, charset           string
	}{
		{"utf-8 undeclared", "", "", page("", []byte(zhText)), zhText, "utf-8"},
		{"gb2312 in meta", "", "", append([]byte(`<meta charset="gb2312">`), page("", encode(t, simplifiedchinese.GBK, zhText))...), zhText, "gbk"},
		{"gb2312 in header", "text/html; charset=GB2312", "", page("", encode(t, simplifiedchinese.GBK, zhText)), zhText, "gbk"},
		{"gb2312 undeclared", "", "", page("", encode(t, simplifiedchinese.GBK, zhText)), zhText, "gb18030"},
		{"big5 undeclared", "", "", page("", encode(t, traditionalchinese.Big5, twText)), twText, "big5"},
		{"shift_jis undeclared", "", "", page("", encode(t, japanese.ShiftJIS, jaText)), jaText, "shift_jis"},
		{"euc-jp undeclared", "", "", page("", encode(t, japanese.EUCJP, jaText)), jaText, "euc-jp"},
		{"euc-kr undeclared", "", "", page("", encode(t, korean.EUCKR, koText)), koText, "euc-kr"},
		{"koi8-r undeclared", "", "", page("", encode(t, charmap.KOI8R, ruText)), ruText, "koi8-r"},
		{"windows-1251 undeclared", "", "", page("", encode(t, charmap.Windows1251, ruText)), ruText, "windows-1251"},
		{"windows-1255 undeclared", "", "", page("", encode(t, charmap.Windows1255, heText)), heText, "windows-1255"},
		{"tis-620 undeclared", "", "", page("", encode(t, charmap.Windows874, thText)), thText, "windows-874"},
		{"gb18030 undeclared", "", "", page("", encode(t, simplifiedchinese.GB18030, zhText)), zhText, "gb18030"},
		{"windows-1252 german declared utf-8", "text/html; charset=utf-8", "", page("", encode(t, charmap.Windows1252, deText)), deText, "windows-1252"},
		{"windows-1251 in meta", "", "", append([]byte(`<meta charset="windows-1251">`), page("", encode(t, charmap.Windows1251, ruText))...), ruText, "windows-1251"},
		{"euc-kr with lang", "", "", page(` lang="ko"`, encode(t, korean.EUCKR, koText)), koText, "euc-kr"},
		{"latin-1 declared utf-8", "text/html; charset=utf-8", "", page("", latin), frText, "windows-1252"},
		{"utf-8 declared latin-1", "text/html; charset=iso-8859-1", "", page("", []byte(frText)), frText, "utf-8"},
		{"header beats meta", "text/html; charset=windows-1252", "", append([]byte(`<meta charset="gb2312">`), page("", latin)...), frText, "windows-1252"},
		{"utf-8 bom", "text/html; charset=gb2312", "", append([]byte{0xEF, 0xBB, 0xBF}, page("", []byte(zhText))...), zhText, "utf-8"},
		{"utf-16le bom", "", "", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), string(page("", []byte(zhText)))), zhText, "utf-16le"},
		// ISO-2022-JP is 7-bit: no high bytes, yet it must be decoded.
		{"iso-2022-jp in header", "text/html; charset=ISO-2022-JP", "", page("", encode(t, japanese.ISO2022JP, jaText)), jaText, "iso-2022-jp"},
		{"iso-2022-jp in meta", "", "", append([]byte(`<meta charset="iso-2022-jp">`), page("", encode(t, japanese.ISO2022JP, jaText))...), jaText, "iso-2022-jp"},
		// Feeds: the XML declaration is the document's own, and the
		// source's language orders detection.
		{"gb2312 in xml declaration", "", "", append([]byte(`<?xml version="1.0" encoding="gb2312"?>`), page("", encode(t, simplifiedchinese.GBK, zhText))...), zhText, "gbk"},
		{"utf-8 header, big5 declaration", "text/xml; charset=utf-8", "", append([]byte(`<?xml version="1.0" encoding="big5"?>`), page("", encode(t, traditionalchinese.Big5, twText))...), twText, "big5"},
		{"utf-8 header, stray byte", "text/xml; charset=utf-8", "", []byte("<p>Kartellbehörde Bußgeld \xff</p>"), "Kartellbehörde Bußgeld \uFFFD", "utf-8"},
		{"utf-16 declaration in utf-8 bytes", "", "", []byte(`<?xml version="1.0" encoding="utf-16"?><p>` + frText + `</p>`), frText, "utf-8"},
		{"utf-32le without bom", "", "", encode(t, utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), `<?xml version="1.0"?><p>`+frText+`</p>`), frText, "utf-32le"},
		{"big5 undeclared, zh-TW source", "", "zh-TW", page("", encode(t, traditionalchinese.Big5, twText)), twText, "big5"},
		// Headlines set their words apart with spaces, as Korean does;
		// the source's language says they are Chinese. Read as EUC-KR
		// and windows-874 before.
		{"gbk spaced, zh source", "", "zh", page("", encode(t, simplifiedchinese.GBK, zhSpaced)), zhSpaced, "gb18030"},
		{"gbk spaced, zh-CN source", "", "zh-CN", page("", encode(t, simplifiedchinese.GBK, zhSpaced)), zhSpaced, "gb18030"},
		{"big5 spaced, zh-TW source", "", "zh-TW", page("", encode(t, traditionalchinese.Big5, twSpaced)), twSpaced, "big5"},
		{"big5 spaced headline, zh-TW source", "", "zh-TW", page("", encode(t, traditionalchinese.Big5, twHeadline)), twHeadline, "big5"},
		// And a Chinese source's Korean or Japanese page is not Chinese.
		{"euc-kr, zh source", "", "zh", page("", encode(t, korean.EUCKR, koText)), koText, "euc-kr"},
		{"euc-kr, zh-TW source", "", "zh-TW", page("", encode(t, korean.EUCKR, koText)), koText, "euc-kr"},
		{"euc-jp, zh source", "", "zh-CN", page("", encode(t, japanese.EUCJP, jaText)), jaText, "euc-jp"},
		{"shift_jis, zh source", "", "zh", page("", encode(t, japanese.ShiftJIS, jaText)), jaText, "shift_jis"},
		{"euc-kr undeclared, ko source", "", "ko", page("", encode(t, korean.EUCKR, koText)), koText, "euc-kr"},
		{"shift_jis undeclared, ja source", "", "ja", page("", encode(t, japanese.ShiftJIS, jaText)), jaText, "shift_jis"},
		{"latin-2 undeclared, pl source", "", "pl", page("", encode(t, charmap.ISO8859_2, plText)), plText, "iso-8859-2"},
		{"us-ascii header, ascii bytes", "text/xml; charset=us-ascii", "", page("", []byte("plain")), "plain", "windows-1252"},
		{"tis-620 in header", "text/html; charset=tis-620", "", page("", encode(t, charmap.Windows874, thText)), thText, "windows-874"},
		{"utf-8 cut inside a character", "", "", page("", []byte(zhText))[:len(page("", []byte(zhText)))-len("</p></body></html>")-1], zhText[:len(zhText)-6], "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, cs, err := Decode(tt.body, tt.contentType, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("decoded %q, want it to hold %q", out, tt.want)
			}
			if cs != tt.charset {
				t.Errorf("charset %q, want %q", cs, tt.charset)
			}
		})
	}
}

// corpus returns $DOCKET_CORPUS/sub, skipping the test when it is unset.
func corpus(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("DOCKET_CORPUS")
	if dir == "" {
		t.Skip("DOCKET_CORPUS not set")
	}
	return filepath.Join(dir, sub)
}

// TestDecodeChardet runs the decision on the shared legacy-encoding
// samples: feeds without any declaration, whose text is the language the
// file names.
func TestDecodeChardet(t *testing.T) {
	dir := corpus(t, "feeds/illformed/chardet")
	for _, tt := range []struct{ file, want string }{
		{"big5.xml", "big5"}, {"gb2312.xml", "gb18030"}, {"shiftjis.xml", "shift_jis"},
		{"eucjp.xml", "euc-jp"}, {"euckr.xml", "euc-kr"}, {"koi8r.xml", "koi8-r"},
		// WHATWG reads TIS-620 as its superset windows-874.
		{"tis620.xml", "windows-874"}, {"windows1255.xml", "windows-1255"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			out, got, err := Decode(b, "", "")
			if err != nil || got != tt.want {
				t.Fatalf("charset %s (%v), want %s", got, err, tt.want)
			}
			if bytes.ContainsRune(out, utf8.RuneError) {
				t.Errorf("decoded text holds U+FFFD")
			}
		})
	}
}

// TestDecodeEncodingCorpus runs the decision on feedparser's encoding
// tests: each file names the HTTP header it was served with and, for most,
// the charset expected, which the test reads as its WHATWG name (feedparser
// says "gb18030" for a GB2312 label and keeps "us-ascii" and
// "iso-8859-1", which browsers read as GBK and windows-1252).
func TestDecodeEncodingCorpus(t *testing.T) {
	dir := corpus(t, "feeds/encoding")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in %s (%v)", dir, err)
	}
	header := regexp.MustCompile(`(?m)^Header:\s*Content-type:\s*(.*)$`)
	expect := regexp.MustCompile(`(?m)^Expect:.*encoding == '([^']+)'`)
	whatwg := map[string]string{"us-ascii": "windows-1252", "iso-8859-1": "windows-1252", "gb18030": "gbk"}
	checked := 0
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// The test's own comment is ASCII in every file but the
			// UTF-16/32 ones, which carry no header.
			var contentType string
			if m := header.FindSubmatch(b); m != nil {
				contentType = strings.TrimSpace(string(m[1]))
			}
			out, got, err := Decode(b, contentType, "")
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(out) {
				t.Errorf("%s: output is not UTF-8", got)
			}
			m := expect.FindSubmatch(out)
			if m == nil {
				return
			}
			want := string(m[1])
			if w, ok := whatwg[want]; ok {
				want = w
			}
			if got == "utf-8" && want == "windows-1252" && strings.HasPrefix(contentType, "text/") && !strings.Contains(contentType, "charset=") {
				// RFC 3023's default for text/* without a charset
				// (US-ASCII); RFC 7303 dropped it, and the bytes are
				// ASCII, which reads the same either way.
				want = got
			}
			if got != want {
				t.Errorf("charset %s, want %s (header %q)", got, want, contentType)
			}
			checked++
		})
	}
	if checked < 40 {
		t.Errorf("only %d files named an expected charset", checked)
	}
}

// TestDecodeArticlesZh decodes every page of articles-zh and finds the
// opening of its gold text (its first run of Chinese characters) in it.
func TestDecodeArticlesZh(t *testing.T) {
	dir := corpus(t, "articles-zh")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	han, tag := regexp.MustCompile(`\p{Han}{6,}`), regexp.MustCompile(`<[^>]*>`)
	names := map[string]int{}
	for id, g := range gold {
		page := golden.ReadGzip(t, filepath.Join(dir, "html", id+".html.gz"))
		out, cs, err := Decode(page, "", "")
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		names[cs]++
		run := han.FindString(g.ArticleBody)
		if run != "" && !bytes.Contains(tag.ReplaceAll(out, nil), []byte(run)) {
			t.Errorf("%s: read as %s, gold text %q not found", id, cs, run)
		}
	}
	t.Logf("%d pages: %v", len(gold), names)
}

// TestDecodeCyrillicNotCJK: undeclared Russian text in windows-1251 or
// KOI8-R, whose letters pair up into valid Big5 or EUC-KR characters,
// is read as Cyrillic, as browsers read it; one sentence of ruText's
// shape is not enough to show it (sentences of our own).
func TestDecodeCyrillicNotCJK(t *testing.T) {
	for _, s := range []string{
		ruText,
		"Федеральная антимонопольная служба оштрафовала компанию за злоупотребление доминирующим положением на рынке.",
		"служба компанию за доминирующим положением на",
		"Суд обязал платформы открыть доступ для конкурентов, сообщила служба в понедельник.",
	} {
		for _, tc := range []struct {
			enc  encoding.Encoding
			name string
		}{{charmap.Windows1251, "windows-1251"}, {charmap.KOI8R, "koi8-r"}} {
			for _, body := range [][]byte{page("", encode(t, tc.enc, s)), encode(t, tc.enc, s)} {
				out, cs, err := Decode(body, "", "")
				if err != nil || cs != tc.name || !strings.Contains(string(out), s) {
					t.Errorf("%s %.30q: charset %q, decoded %q, err %v", tc.name, s, cs, out, err)
				}
			}
		}
	}
}
