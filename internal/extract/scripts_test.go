package extract

import (
	"html"
	"strings"
	"testing"
)

// scriptPage is one small news page in one script, written for these
// tests: a menu, the article, a box of related links and a footer.
type scriptPage struct {
	lang    string
	title   string
	menu    []string
	paras   []string
	closing string // a short last line outside the article's block
	// closingLost: the closing line is known to be dropped. Thai marks
	// no sentence end, so a short Thai line outside the article cannot
	// be told from a photo credit or a "follow us" line.
	closingLost bool
	related     string   // the related box's heading
	links       []string // its headlines
	footer      string
}

// scriptPages hold text in scripts the measures must treat sensibly:
// Thai writes no spaces between words, Japanese none at all, Arabic and
// Hebrew run right to left with their own comma and question mark.
var scriptPages = []scriptPage{
	{
		lang: "ar", title: "هيئة المنافسة تحقق مع شركتين",
		menu: []string{"الرئيسية", "سياسة", "اقتصاد", "رياضة", "تكنولوجيا"},
		paras: []string{
			"أعلنت هيئة المنافسة يوم الاثنين أنها فتحت تحقيقاً في ممارسات شركتين كبيرتين للتكنولوجيا، وقالت إن التحقيق سيستمر عدة أشهر.",
			"وأوضحت الهيئة في بيان أن الشركتين منعتا المنافسين من الوصول إلى منصاتهما، مما أضر بالمستهلكين والشركات الصغيرة على حد سواء.",
			"قال محللون إن ذلك غير مؤكد، لكن الغرامات المحتملة قد تصل إلى عشرة في المئة من الإيرادات السنوية للشركتين.",
			"ومن المتوقع أن تصدر الهيئة قرارها النهائي قبل نهاية العام المقبل، بعد الاستماع إلى الشركات والمستهلكين.",
		},
		closing: "فهل تمتثل الشركتان؟",
		related: "اقرأ أيضاً",
		links:   []string{"البنك المركزي يرفع الفائدة", "أسعار النفط ترتفع من جديد", "افتتاح معرض الكتاب"},
		footer:  "جميع الحقوق محفوظة © 2024",
	},
	{
		lang: "he", title: "רשות התחרות חוקרת שתי חברות",
		menu: []string{"ראשי", "חדשות", "כלכלה", "ספורט", "טכנולוגיה"},
		paras: []string{
			"רשות התחרות הודיעה ביום שני כי פתחה בחקירה נגד שתי חברות טכנולוגיה גדולות, בחשד שמנעו ממתחרים גישה לפלטפורמות שלהן.",
			"לדברי הרשות, החקירה צפויה להימשך מספר חודשים, והיא תבחן גם את ההשפעה על צרכנים ועל עסקים קטנים.",
			"החברות מסרו בתגובה כי הן פועלות על פי החוק וכי ישתפו פעולה באופן מלא עם הרשות.",
			"אם יוכח שהפרו את החוק, הן עלולות לשלם קנסות של עד עשרה אחוזים מהכנסותיהן השנתיות.",
		},
		closing: "האם החברות יצייתו?",
		related: "כתבות נוספות",
		links:   []string{"בנק ישראל העלה את הריבית", "מחירי הדלק יעלו בחודש הבא", "נפתח שבוע הספר"},
		footer:  "כל הזכויות שמורות © 2024",
	},
	{
		lang: "ru", title: "ФАС возбудила дело против двух компаний",
		menu: []string{"Главная", "Политика", "Экономика", "Спорт", "Технологии"},
		paras: []string{
			"Федеральная антимонопольная служба в понедельник возбудила дело против двух крупных технологических компаний, которые, по её данным, ограничивали доступ конкурентов к своим платформам.",
			"В ведомстве пояснили, что расследование продлится несколько месяцев и затронет как потребителей, так и малый бизнес.",
			"Компании заявили, что действуют в рамках закона и готовы сотрудничать с регулятором.",
			"Если нарушение будет доказано, им грозят оборотные штрафы до десяти процентов годовой выручки.",
		},
		closing: "Решение ожидается в следующем году.",
		related: "Читайте также",
		links:   []string{"ЦБ повысил ключевую ставку", "Цены на нефть снова выросли", "Открылась книжная ярмарка"},
		footer:  "© 2024 Все права защищены",
	},
	{
		lang: "th", closingLost: true, title: "กขค. สอบสวนบริษัทเทคโนโลยีสองแห่ง",
		menu: []string{"หน้าแรก", "การเมือง", "เศรษฐกิจ", "กีฬา", "เทคโนโลยี"},
		paras: []string{
			"คณะกรรมการการแข่งขันทางการค้าประกาศเมื่อวันจันทร์ว่าได้เริ่มสอบสวนบริษัทเทคโนโลยีขนาดใหญ่สองแห่ง ซึ่งถูกกล่าวหาว่าปิดกั้นคู่แข่งไม่ให้เข้าถึงแพลตฟอร์มของตน",
			"คณะกรรมการระบุว่าการสอบสวนจะใช้เวลาหลายเดือน และจะพิจารณาผลกระทบต่อผู้บริโภคและธุรกิจขนาดเล็กด้วย",
			"ทั้งสองบริษัทชี้แจงว่าดำเนินธุรกิจตามกฎหมายทุกประการ และพร้อมให้ความร่วมมือกับคณะกรรมการอย่างเต็มที่",
			"หากพบว่ามีการกระทำผิดจริง บริษัทอาจต้องจ่ายค่าปรับสูงถึงร้อยละสิบของรายได้ต่อปี",
		},
		closing: "คดีนี้ยังไม่สิ้นสุด ต้องติดตามต่อไป",
		related: "ข่าวที่เกี่ยวข้อง",
		links:   []string{"ธนาคารกลางขึ้นดอกเบี้ย", "ราคาน้ำมันปรับตัวสูงขึ้นอีกครั้ง", "เปิดงานมหกรรมหนังสือ"},
		footer:  "สงวนลิขสิทธิ์ © 2024",
	},
	{
		lang: "ja", title: "公取委、大手IT二社を調査",
		menu: []string{"トップ", "政治", "経済", "スポーツ", "テクノロジー"},
		paras: []string{
			"公正取引委員会は月曜日、大手IT企業二社が競合他社によるプラットフォームへのアクセスを妨げていた疑いがあるとして、調査を開始したと発表した。",
			"委員会によると、調査は数か月に及ぶ見通しで、消費者や中小企業への影響についても検討する。",
			"両社は「法令を順守しており、調査には全面的に協力する」とコメントした。",
			"違反が認められた場合、年間売上高の最大一割に相当する課徴金が科される可能性がある。",
		},
		closing: "最終判断は来年になる見通しだ。",
		related: "関連記事",
		links:   []string{"日銀、利上げを決定", "原油価格が再び上昇", "ブックフェアが開幕"},
		footer:  "Copyright © 2024 All rights reserved.",
	},
	{
		lang: "ko", title: "공정위, 대형 IT 기업 두 곳 조사",
		menu: []string{"홈", "정치", "경제", "스포츠", "기술"},
		paras: []string{
			"공정거래위원회는 월요일 대형 정보기술 기업 두 곳이 경쟁사의 플랫폼 접근을 막은 혐의로 조사에 착수했다고 밝혔다.",
			"위원회는 조사가 몇 달 동안 이어질 것이며, 소비자와 중소기업에 미친 영향도 함께 살펴볼 것이라고 설명했다.",
			"두 회사는 법을 준수하고 있으며 조사에 적극 협조하겠다는 입장을 밝혔다.",
			"위반 사실이 확인되면 연간 매출액의 최대 10%에 해당하는 과징금이 부과될 수 있다.",
		},
		closing: "최종 결정은 내년에 나올 전망이다.",
		related: "관련 기사",
		links:   []string{"한국은행 기준금리 인상", "국제 유가 다시 상승", "서울 도서전 개막"},
		footer:  "Copyright © 2024 All rights reserved.",
	},
	{
		lang: "hi", title: "प्रतिस्पर्धा आयोग ने दो कंपनियों की जांच शुरू की",
		menu: []string{"होम", "राजनीति", "व्यापार", "खेल", "तकनीक"},
		paras: []string{
			"भारतीय प्रतिस्पर्धा आयोग ने सोमवार को दो बड़ी प्रौद्योगिकी कंपनियों के खिलाफ जांच शुरू की, जिन पर प्रतिस्पर्धियों को अपने प्लेटफॉर्म तक पहुंचने से रोकने का आरोप है।",
			"आयोग ने कहा कि जांच कई महीनों तक चलेगी और इसमें उपभोक्ताओं तथा छोटे व्यवसायों पर पड़े प्रभाव की भी समीक्षा की जाएगी।",
			"दोनों कंपनियों ने कहा कि वे कानून का पालन करती हैं और आयोग के साथ पूरा सहयोग करेंगी।",
			"उल्लंघन साबित होने पर उन पर वार्षिक राजस्व के दस प्रतिशत तक का जुर्माना लगाया जा सकता है।",
		},
		closing: "अंतिम फैसला अगले साल आएगा।",
		related: "ये भी पढ़ें",
		links:   []string{"रिज़र्व बैंक ने ब्याज दर बढ़ाई", "तेल की कीमतें फिर बढ़ीं", "पुस्तक मेला शुरू"},
		footer:  "सर्वाधिकार सुरक्षित © 2024",
	},
}

// html writes the page; brs puts the article's paragraphs in one block
// separated by <br><br>, as older templates do.
func (sp scriptPage) html(brs bool) string {
	var b strings.Builder
	b.WriteString(`<html lang="` + sp.lang + `"><head><title>` + html.EscapeString(sp.title) + `</title></head><body><div id="top"><ul>`)
	for i, m := range sp.menu {
		b.WriteString(`<li><a href="/s` + string(rune('a'+i)) + `">` + m + `</a></li>`)
	}
	b.WriteString(`</ul></div><div id="main"><h1>` + sp.title + `</h1><div id="story">`)
	if brs {
		b.WriteString(strings.Join(sp.paras, "<br><br>\n"))
	} else {
		for _, p := range sp.paras {
			b.WriteString("<p>" + p + "</p>\n")
		}
	}
	b.WriteString(`</div><p>` + sp.closing + `</p><div id="more"><h3>` + sp.related + `</h3><ul>`)
	for i, l := range sp.links {
		b.WriteString(`<li><a href="/r` + string(rune('a'+i)) + `">` + l + `</a></li>`)
	}
	b.WriteString(`</ul></div></div><div id="bottom"><p>` + sp.footer + `</p></div></body></html>`)
	return b.String()
}

// TestScripts: in every script the article is found whole, without the
// menu, the related links or the footer, and the gate takes it.
func TestScripts(t *testing.T) {
	for _, sp := range scriptPages {
		for _, brs := range []bool{false, true} {
			name := sp.lang
			if brs {
				name += "-br"
			}
			t.Run(name, func(t *testing.T) {
				a, err := Extract([]byte(sp.html(brs)), "text/html; charset=utf-8", "https://news.example/a")
				if err != nil {
					t.Fatal(err)
				}
				// <br><br> is a line break in Text, not a blank line.
				got := paragraphs(strings.ReplaceAll(a.Text, "\n", "\n\n"))
				want := sp.paras[:len(sp.paras):len(sp.paras)]
				if !sp.closingLost {
					want = append(want, sp.closing)
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("paragraphs:\ngot  %q\nwant %q", got, want)
				}
				// Menu labels are words the article uses too: the
				// paragraphs' check covers them.
				for _, chrome := range append([]string{sp.related, sp.footer}, sp.links...) {
					if strings.Contains(a.Text, chrome) {
						t.Errorf("text holds chrome %q", chrome)
					}
				}
				if !a.Usable("") {
					t.Errorf("gate refused it: confidence %.2f, %d units, %d paragraphs", a.Confidence, a.measured, a.paragraphs)
				}
			})
		}
	}
}

// TestEndsSentence: sentence ends in each script's own punctuation;
// Thai has none, and a space between its clauses is no proof of prose
// (a photo credit has one too).
func TestEndsSentence(t *testing.T) {
	for s, want := range map[string]bool{
		"He said no.":        true,
		"He said “no.”":      true,
		"Menu":               false,
		"他说：“不。”":            true,
		"首页":                 false,
		"هل تمتثل الشركتان؟": true,
		"اقتصاد":             false,
		"یہ فیصلہ آیا۔":      true,
		"अंतिम फैसला अगले साल आएगा।": true,
		"तकनीक":              false,
		"Որոշումը կկայացվի։": true,
		"คดีนี้ยังไม่สิ้นสุด ต้องติดตามต่อไป": false,
		"หน้าแรก": false,
		"ข่าว AI": false,
	} {
		if got := endsSentence(s); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestMeasureAcrossScripts: the same news text in each script measures
// within a third of the Russian version: the length thresholds (a
// paragraph, enough text, the gate) mean about the same in each.
func TestMeasureAcrossScripts(t *testing.T) {
	var ref int
	for _, sp := range scriptPages {
		if sp.lang == "ru" {
			ref, _ = measure(strings.Join(sp.paras, " "))
		}
	}
	for _, sp := range scriptPages {
		n, _ := measure(strings.Join(sp.paras, " "))
		if n*3 < ref*2 || n*3 > ref*4 {
			t.Errorf("%s: %d units, Russian %d", sp.lang, n, ref)
		}
	}
}
