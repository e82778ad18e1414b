package extract

import (
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"docket/internal/text"
)

// Class and id hints. Tokens are the words of an element's class and id
// attributes split on anything that is not a letter or digit, lowercased.
// A token is negative when it equals a negExact word or contains a negPart;
// positive likewise. Negative hints win over positive ones inside one
// element ("article-share" is a share bar, not the article).
var (
	negExact = set("ad", "ads", "adv", "advert", "nav", "tags", "tag", "tools",
		"toolbar", "print", "meta", "byline", "dateline", "author", "credit",
		"credits", "caption", "sr", "aside", "masthead", "rail",
		"tease", "teaser", "kicker", "dek", "standfirst", "summary",
		"abstract", "subtitle", "subhead", "subheadline",
		// Chinese templates name their chrome in pinyin: navigation, ads,
		// comments, related, recommended, share, rankings, copyright.
		"daohang", "guanggao", "pinglun", "xiangguan", "tuijian", "fenxiang",
		"paihang", "banquan")
	negPart = partsOf("comment", "disqus", "sidebar", "widget", "related",
		"recommend", "share", "sharing", "social", "newsletter", "subscri",
		"signup", "promo", "sponsor", "advert", "cookie", "consent", "gdpr",
		"popup", "modal", "breadcrumb", "pagination", "pager", "menu",
		"navbar", "navigation", "footer", "banner", "outbrain", "taboola",
		"trending", "popular", "skip", "disclaimer", "feedback", "rating",
		"login", "paywall", "overlay", "visually", "screenreader", "offscreen",
		"tagcloud", "keyword", "jump", "follow", "donate", "mailmunch",
		"authorbio", "bio", "timestamp", "published", "updated",
		"headline", "header", "masthead", "shoutbox", "combx", "community",
		"remark", "sitemap", "legend", "popover", "tooltip", "hovercard",
		"rollover", "copyright")
	posExact = set("article", "body", "content", "entry", "main", "post",
		"story", "text", "blog", "prose", "page", "single", "hentry")
	posPart = partsOf("article", "content", "entry", "story", "body", "text",
		"post", "blog", "prose", "main", "column")
)

// relatedStems start the class and id words of a heading over other
// articles ("relatedpoststitle", "related-heading", "xiangguan"); a word
// must start with one ("unrelated" does not). A heading so named, or
// whose whole text is one of relatedLabels, heads teasers (see
// scorer.prune).
var relatedStems = []string{"related", "xiangguan", "tuijian"}

var relatedLabels = set(
	"related", "related articles", "related stories", "related posts", "related news", "related content",
	"related reading", "recommended", "recommended for you", "recommended reading", "recommended stories",
	"you may also like", "you might also like", "you may like", "you might like", "you may be interested in",
	"more stories", "more articles", "read next", "more on this story", "further reading", "most popular", "most read",
	"você pode gostar", "você também pode gostar", "leia também", "veja também", "notícias relacionadas", "posts relacionados",
	"te puede interesar", "también te puede interesar", "noticias relacionadas", "artículos relacionados", "te recomendamos",
	"à lire aussi", "vous aimerez aussi", "articles liés", "sur le même sujet", "à voir aussi",
	"das könnte sie auch interessieren", "mehr zum thema", "weitere artikel", "ähnliche artikel",
	"potrebbe interessarti", "ti potrebbe interessare", "articoli correlati",
	"zobacz też", "zobacz także", "czytaj także", "czytaj też", "może cię zainteresować", "powiązane artykuły",
	"gerelateerde artikelen", "похожие статьи", "читайте также",
	"相关阅读", "相关文章", "相关新闻", "相关报道", "推荐阅读", "猜你喜欢", "延伸阅读", "热门推荐", "相关推荐", "为您推荐",
	"関連記事", "おすすめ記事", "関連ニュース", "관련기사", "관련 기사", "추천 기사")

// relatedHeading reports a heading (not the page's h1) that introduces
// other articles, by its class or id (bits) or its text.
func relatedHeading(n *html.Node, bits uint8) bool {
	if !isHeading(n.DataAtom) || n.DataAtom == atom.H1 {
		return false
	}
	if bits&hintRelated != 0 {
		return true
	}
	t := textOf(n)
	if len(t) > 80 {
		return false
	}
	return relatedLabels[strings.ToLower(strings.Trim(t, " :：.…|-—»›>[]【】"))]
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// hint classifies an element by its class and id: -1 negative, +1 positive,
// 0 neither.
func hint(n *html.Node) int {
	return hintOf(classBits(n))
}

// classBits is what n's class and id say, as classify's bits.
func classBits(n *html.Node) uint8 {
	var bits uint8
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			bits |= classify(a.Val)
		}
	}
	return bits
}

// hintOf is hint for bits from classBits.
func hintOf(bits uint8) int {
	switch {
	case bits&hintNeg != 0:
		return -1
	case bits&hintPos != 0:
		return 1
	}
	return 0
}

// What the tokens of one class or id value say.
const (
	hintNeg     uint8 = 1 << iota // a token is a negative hint
	hintPos                       // a token is a positive hint (and not negative)
	hintComment                   // a token names a comment section
	hintRelated                   // a token names links to other articles
)

// classCache remembers classify's answer per attribute value: templates
// repeat a few class names thousands of times. It is bounded, and short
// values only are kept.
var classCache struct {
	sync.Map
	size atomic.Int32
}

const (
	classCacheMax = 1 << 15
	classCacheKey = 64
)

// classify reads the tokens of a class or id value: the words split on
// anything that is not a letter or digit, lowercased.
func classify(v string) uint8 {
	if v == "" {
		return 0
	}
	if len(v) <= classCacheKey {
		if b, ok := classCache.Load(v); ok {
			return b.(uint8)
		}
	}
	bits, ok := classifyASCII(v)
	if !ok {
		for _, tok := range strings.FieldsFunc(strings.ToLower(v), notWordRune) {
			bits |= tokenBits(tok)
		}
	}
	if len(v) <= classCacheKey && classCache.size.Load() < classCacheMax {
		classCache.size.Add(1)
		classCache.Store(strings.Clone(v), bits)
	}
	return bits
}

// classifyASCII is classify's reading of an ASCII value, lowercasing each
// token into a buffer instead of copying the value; ok is false for
// other values and for tokens too long for the buffer.
func classifyASCII(v string) (bits uint8, ok bool) {
	var buf [48]byte
	for i := 0; i < len(v); {
		if v[i] >= utf8.RuneSelf {
			return 0, false
		}
		if !asciiWordByte(v[i]) {
			i++
			continue
		}
		j := i
		for j < len(v) && asciiWordByte(v[j]) {
			j++
		}
		if j-i > len(buf) {
			return 0, false
		}
		tok := buf[:j-i]
		for k := range tok {
			tok[k] = v[i+k] | asciiLowerBit(v[i+k])
		}
		bits |= tokenBits(tok)
		i = j
	}
	return bits, true
}

func asciiWordByte(c byte) bool {
	return asciiLetter(c) || '0' <= c && c <= '9'
}

// asciiLowerBit is the bit that lowercases c when it is an ASCII letter.
func asciiLowerBit(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return 0x20
	}
	return 0
}

// tokenBits is what one lowercased token of a class or id says.
func tokenBits[S string | []byte](tok S) uint8 {
	var bits uint8
	switch {
	case negExact[string(tok)] || partsIn(negPart, tok):
		bits = hintNeg
	case posExact[string(tok)] || partsIn(posPart, tok):
		bits = hintPos
	}
	if commentTokens[string(tok)] {
		bits |= hintComment
	}
	for _, stem := range relatedStems {
		if len(tok) >= len(stem) && string(tok[:len(stem)]) == stem {
			bits |= hintRelated
		}
	}
	return bits
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// wordParts are words looked for inside tokens, filed by their first
// byte: a token is read once, trying at each byte only the words that
// start with it, instead of once per word.
type wordParts [256][]string

func partsOf(words ...string) *wordParts {
	var p wordParts
	for _, w := range words {
		p[w[0]] = append(p[w[0]], w)
	}
	return &p
}

// partsIn reports whether one of the words of p is in tok.
func partsIn[S string | []byte](p *wordParts, tok S) bool {
	for i := 0; i < len(tok); i++ {
		for _, w := range p[tok[i]] {
			if len(tok)-i >= len(w) && string(tok[i:i+len(w)]) == w {
				return true
			}
		}
	}
	return false
}

// measure returns a length for text that is comparable across scripts, and
// its count of clause separators. Han, kana and hangul characters carry
// about as much as a short word, so each counts as three; white space is not
// counted.
func measure(s string) (length, commas int) {
	i := 0
	for i < len(s) {
		if i+8 <= len(s) {
			if l, k, ok := measure8(s[i : i+8]); ok {
				length, commas, i = length+l, commas+k, i+8
				continue
			}
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case r < 0x80:
			if r == ',' {
				commas++
			}
			if r > ' ' {
				length++
			}
		case r == '，' || r == '、' || r == '。' || r == '；' || r == '،' || r == '؛':
			// CJK and Arabic commas and semicolons.
			commas++
			length++
		case text.IsCJK(r):
			length += 3
		case !unicode.IsSpace(r):
			length++
		}
	}
	return length, commas
}

// measure8 measures eight ASCII bytes at once (most text on most pages
// is ASCII); ok is false when one is not ASCII.
func measure8(s string) (length, commas int, ok bool) {
	const high = 0x8080808080808080
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	if w&high != 0 {
		return 0, 0, false
	}
	// Per byte, no carries: b+0x5f has its high bit set when b > ' ',
	// and v+0x7f when v, the byte xor ',', is not zero.
	length = bits.OnesCount64((w + 0x5f5f5f5f5f5f5f5f) & high)
	commas = 8 - bits.OnesCount64(((w^0x2c2c2c2c2c2c2c2c)+0x7f7f7f7f7f7f7f7f)&high)
	return length, commas, true
}

// commentTokens name readers' comment sections, which are never the article
// however long they grow.
var commentTokens = set("comment", "comments", "commentlist", "commentlists",
	"disqus", "respond", "replies", "pinglun")
