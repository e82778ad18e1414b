package synth

import (
	"math/rand/v2"
	"strings"
	"sync"
	"unicode/utf8"
)

// Vocabulary sizes. English word forms beyond the handwritten head are
// syllable combinations, made by a fixed generator: the vocabulary is the
// same for every seed, and only the draws depend on it.
const (
	englishWords = 40_000
	chineseWords = 12_000
	zipfS        = 1.07 // the exponent of word frequency by rank in news text
	zipfV        = 2.7  // Mandelbrot's offset: the head of the curve is flatter
)

// head is the most frequent English words of news about competition, in
// rough frequency order; the synthetic forms follow them.
var head = strings.Fields(`the of to and a in that for is on said with as by it at was from
be has have its an are will which not or this but were after their more would also been they
than company market platform rules said other who about new over up two into could one year
commission regulator competition court its market users order fine billion million percent
deal merger app store payment data access services search advertising messaging developers
rivals consumers prices law ministry decision ruling appeal investigation probe settlement
review remedy compliance obligations gatekeeper interoperability browser default choice screen
business dominance abuse officials statement filing group unit share revenue growth week month
according added last first government european federal antitrust case companies digital
markets act under against between because could should may before while since during`)

// Syllables of the synthetic forms: onsets, vowels and codas in rough
// order of frequency, so that frequent words come out short and plain.
var (
	onsets = strings.Fields(`t s r l n m d c p b f g h w v pr st tr br gr pl cl ch sh th fr dr k j`)
	nuclei = strings.Fields(`a e i o u ea ou io ai ie`)
	codas  = append([]string{""}, strings.Fields(`n r s t l m d nt st ng ck rd ss ct`)...)
)

// hanzi is common simplified Han characters, most frequent first.
const hanzi = `的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功包片史委乎查轻易早曾除农找装广显阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵侧滑骑`

var vocab = sync.OnceValues(func() (en, zh []string) { return english(), chinese() })

// english is the head, then distinct syllable combinations: one
// syllable, then two, then three or four, so length grows with rank.
func english() []string {
	r := rand.New(rand.NewPCG(19, 4))
	seen := map[string]bool{}
	words := make([]string, 0, englishWords)
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	for _, w := range head {
		add(w)
	}
	// Earlier onsets, vowels and codas are likelier: the square of a
	// uniform draw leans to the front of each list.
	pick := func(list []string) string {
		f := r.Float64()
		return list[int(f*f*float64(len(list)))]
	}
	for tries := 0; len(words) < englishWords && tries < 50*englishWords; tries++ {
		syllables := 1 + min(len(words)/300, 1) + r.IntN(1+min(len(words)/3000, 2))
		var b strings.Builder
		for range syllables {
			b.WriteString(pick(onsets) + pick(nuclei) + pick(codas))
		}
		add(b.String())
	}
	return words
}

// chinese is the characters, then two-character words, then a few of
// three, made from the frequent characters first.
func chinese() []string {
	r := rand.New(rand.NewPCG(19, 8))
	var chars []string
	seen := map[string]bool{}
	for _, c := range hanzi {
		if !seen[string(c)] {
			seen[string(c)] = true
			chars = append(chars, string(c))
		}
	}
	words := append([]string(nil), chars...)
	pick := func() string {
		f := r.Float64()
		return chars[int(f*f*float64(len(chars)))]
	}
	for tries := 0; len(words) < chineseWords && tries < 50*chineseWords; tries++ {
		w := pick() + pick()
		if r.IntN(8) == 0 {
			w += pick()
		}
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// lexicon draws words by Zipf's law from one language's vocabulary.
type lexicon struct {
	words []string
	zipf  *rand.Zipf
	sep   string // between words: a space, or nothing in Chinese
	stop  string // the end of a sentence
	comma string
}

func newLexicons(r *rand.Rand) (en, zh *lexicon) {
	ew, zw := vocab()
	return &lexicon{ew, rand.NewZipf(r, zipfS, zipfV, uint64(len(ew)-1)), " ", ".", ","},
		&lexicon{zw, rand.NewZipf(r, zipfS, zipfV, uint64(len(zw)-1)), "", "。", "，"}
}

func (l *lexicon) word() string { return l.words[l.zipf.Uint64()] }

// words is n words joined, with a comma now and then in longer runs.
func (l *lexicon) phrase(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if i > 3 && i < n-2 && r.IntN(9) == 0 {
				b.WriteString(l.comma)
			}
			b.WriteString(l.sep)
		}
		b.WriteString(l.word())
	}
	return b.String()
}

// sentence is n words, capitalised, with a full stop.
func (l *lexicon) sentence(r *rand.Rand, n int) string {
	return capitalise(l.phrase(r, n)) + l.stop
}

// title is 6–14 words (12–28 characters in Chinese), capitalised like a
// sentence, without a full stop.
func (l *lexicon) title(r *rand.Rand) string {
	if l.sep == "" {
		// Counted in characters: the frequent words, which Zipf's law
		// draws most, are of one character. Words have at most three,
		// so a title of at least 12–26 characters has at most 28.
		var b strings.Builder
		for n := 12 + r.IntN(15); utf8.RuneCountInString(b.String()) < n; {
			b.WriteString(l.word())
		}
		return b.String()
	}
	return capitalise(l.phrase(r, 6+r.IntN(9)))
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
