package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Chinese pages that print no byline word still credit their author in
// a few set places: a line of the name alone under the headline (essays,
// papers: "比赛革命的革命 / 胡平 / 正文"), the reporter's name in
// brackets at the article's foot ("（袁源）"), or in brackets on the
// dateline before the source ("2004年7月16日08:19 [ 黄宇 ] 来源：").
// bareByline reads them, in that order; article is the article's text,
// one paragraph a line, title its headline, page the page's text.
func bareByline(article, title, page string) string {
	if name := headNameLine(article, title, page); name != "" {
		return name
	}
	if name := footNameLine(article); name != "" {
		return name
	}
	return sourceBracketName(page)
}

// sourceBracketName returns the name in brackets just before a source's
// label in page ("[ 黄宇 ] 来源："), when it begins with a common
// surname. It looks before each label rather than scanning the page.
func sourceBracketName(page string) string {
	for at := 0; ; {
		i := strings.Index(page[at:], "来源")
		if i < 0 {
			return ""
		}
		i += at
		at = i + len("来源")
		lo := max(0, i-sourceWindow)
		for lo < i && !utf8.RuneStart(page[lo]) {
			lo++
		}
		if m := sourceBracketRE.FindStringSubmatch(page[lo:i]); m != nil && surnamed(m[1]) {
			return m[1]
		}
	}
}

// sourceWindow is how far before a source's label (in bytes) its
// bracketed name is looked for: enough for five names and the brackets.
const sourceWindow = 96

// headLines is how many lines at the head of an article a name line is
// looked for in, and proseLine the length (in characters) of a line that
// is the text's first paragraph, as is one that ends a sentence: the name
// stands above it.
const (
	headLines = 5
	proseLine = 40
)

// nameLineRE is a line holding names alone.
var nameLineRE = regexp.MustCompile(`^` + hanNames + `$`)

// footNameRE is a closing line holding a name alone in brackets, the
// reporter's word allowed before it.
var footNameRE = regexp.MustCompile(`^[（(]` + anySpace + `(?:记者` + anySpace + `)?(` + hanNames + `)` + anySpace + `[)）]$`)

// sourceBracketRE is a name in brackets at the end of the text before a
// source's label.
var sourceBracketRE = regexp.MustCompile(`[\[【（(]` + anySpace + `(` + hanNames + `)` + anySpace + `[\]】）)]` + anySpace + `$`)

// anySpace is white space of any width, the ideographic and no-break
// spaces too (\s is ASCII's), and the replacement character: legacy
// pages pad with broken halves of full-width spaces, which decode so.
const anySpace = `[\s\x{3000}\x{a0}\x{fffd}]*`

// headNameLine returns the names of a line of names alone among the
// article's first lines, above its first paragraph of prose and below
// the headline: below a line at least, or, when the article's text
// begins with it (its headline, the page's title, left out), right after
// the title in the page's text. A line that repeats one above is a
// headline; editors' labels that stand alone on a line are not names.
// "" when there is none.
func headNameLine(article, title, page string) string {
	var above []string
	for line := range strings.SplitSeq(article, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if len(above) >= headLines || utf8.RuneCountInString(line) > proseLine || strings.Contains(line, "。") {
			return ""
		}
		if !headingWords[line] && !slices.Contains(above, line) && nameLineRE.MatchString(line) &&
			(len(above) > 0 || title != "" && strings.Contains(page, title+" "+line+" ")) {
			return line
		}
		above = append(above, line)
	}
	return ""
}

// footNameLine returns the name of the article's last line when it is a
// name in brackets ("（袁源）", "（记者 胡晓蓉）") and begins with a
// common surname (which "（未完待续）" and "（组图）" do not).
func footNameLine(article string) string {
	article = strings.TrimSpace(article)
	last := article[strings.LastIndexByte(article, '\n')+1:]
	m := footNameRE.FindStringSubmatch(strings.TrimSpace(last))
	if m == nil || !surnamed(m[1]) {
		return ""
	}
	return m[1]
}

// headingWords are the editors' labels that may stand alone on a line
// under a headline, as a name would.
var headingWords = set("编者按", "编者的话", "按语", "摘要", "提要", "内容提要", "导语", "导读", "前言", "引言",
	"序言", "正文", "全文", "简介", "目录", "图片", "组图", "图文", "视频", "原创", "转载", "转帖",
	"相关新闻", "相关链接", "快讯", "短讯", "通讯", "评论", "专稿", "特稿", "独家", "声明", "通告", "公告")

// surnamed reports whether each name of names (joined by spaces or 、)
// begins with a common Chinese surname.
func surnamed(names string) bool {
	for name := range strings.FieldsFuncSeq(names, func(r rune) bool { return r == ' ' || r == '、' }) {
		if !hasSurname(name) {
			return false
		}
	}
	return true
}

func hasSurname(name string) bool {
	r, size := utf8.DecodeRuneInString(name)
	if strings.ContainsRune(surnames, r) && utf8.RuneCountInString(name) >= 2 {
		return true
	}
	if utf8.RuneCountInString(name) >= 3 {
		r2, _ := utf8.DecodeRuneInString(name[size:])
		return compoundSurnames[string([]rune{r, r2})]
	}
	return false
}

// surnames are the commonest Chinese surnames, simplified and
// traditional, which most people bear.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程" +
	"苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万" +
	"钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚" +
	"符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司" +
	"卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣" +
	"巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝" +
	"張劉陳楊黃趙吳孫馬羅鄭謝韓馮鄧蕭葉蘇呂盧鍾譚陸範賈韋鄒閻龍賀顧龔錢嚴溫莊聶魯鮑顏喬龐鄺"

// compoundSurnames are the two-character surnames still borne.
var compoundSurnames = set("欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫",
	"令狐", "慕容", "尉迟", "尉遲", "公孙", "公孫", "夏侯", "轩辕", "長孫", "长孙", "宇文", "司徒", "端木")

// authorTail is what a byline's name runs into on a page: the label of
// the next field ("来源", "source"; "出自", "分享", "时间", "发布",
// "编辑") or a date ("Carrie Arnold November 15, 2019").
var authorTail = regexp.MustCompile(`[\s\x{3000}|·,，:：]+(?:(?:来源|來源|出自|分享|时间|時間|发布|發佈|发表|發表|编辑|編輯|日期|浏览|瀏覽|阅读|閱讀)|(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)\s+\d{1,2},?\s+\d{4}|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}).*$`)

// trimAuthor cuts what follows the name in a byline.
func trimAuthor(s string) string {
	if loc := authorTail.FindStringIndex(s); loc != nil && loc[0] > 0 {
		return s[:loc[0]]
	}
	return s
}
