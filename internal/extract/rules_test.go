package extract

import (
	"strings"
	"testing"
)

const testRules = `
phrases:
  exact: [share]
  prefix: [read more]
  contains: [syndicated feed]
sites:
  example.org:
    content: ["#missing", "#story"]
    remove: [".promo"]
`

// sitePage has a long sidebar that the scorer would pick; the site rule
// names the short story instead.
var sitePage = `<html><body>
<div id="story"><p>The short story the rule points at, two sentences long. It is the article.</p>
<div class="promo">Subscribe now for a discount on everything we publish this year.</div></div>
<div id="other">` + strings.Repeat(`<p>A long unrelated block of prose that would win on length alone, with many, many commas, clauses, and words.</p>`, 4) + `</div>
</body></html>`

func TestSiteRules(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if x.rules, err = parseRules([]byte(testRules)); err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"https://example.org/a", "https://www.example.org/a", "https://news.example.org/a"} {
		a, err := x.Extract([]byte(sitePage), "", host)
		if err != nil {
			t.Fatal(err)
		}
		if a.Text != "The short story the rule points at, two sentences long. It is the article." {
			t.Errorf("%s: text %q", host, a.Text)
		}
	}
	a, err := x.Extract([]byte(sitePage), "", "https://example.net/a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "unrelated") {
		t.Errorf("rule applied to another host: %q", a.Text)
	}
}

func TestParseRulesErrors(t *testing.T) {
	for name, data := range map[string]string{
		"unknown key":  "phrases:\n  infix: [x]\n",
		"bad selector": "sites:\n  example.org:\n    content: [\"div[\"]\n",
		"not yaml":     "sites: [",
	} {
		if _, err := parseRules([]byte(data)); err == nil || !strings.HasPrefix(err.Error(), "extract: rules") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestBoilerplate(t *testing.T) {
	r, err := parseRules(rulesYAML)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"advertisement", true},
		{"— share —", true},
		{"representative image", true},
		{"(this story has not been edited by devdiscourse staff and is auto-generated from a syndicated feed.)", true},
		{"责任编辑：王五", true},
		{"（责任编辑：王五）", true},
		{"第1页/共3页 << 上一页 | 下一页 >>", true},
		{"广告", true},
		{"版权所有 © 2005 某某网", true},
		{"copyright © 2005 某某网 版权所有", true},
		{"本文为原创，未经授权不得转载。", true},
		{"（转载请注明出处）", true},
		{"lesen sie auch: kartellamt prüft", true},
		{"weiterlesen", true},
		{"© 2024 zeitung gmbh. alle rechte vorbehalten.", true},
		{"lire aussi : la commission ouvre une enquête", true},
		{"lee también: la cnmc multa a google", true},
		{"publicidad", true},
		{"leggi anche: l'antitrust apre un'istruttoria", true},
		{"leia também: cade investiga apple", true},
		{"lees ook: acm beboet apple", true},
		{"czytaj więcej", true},
		{"читайте также: фас оштрафовала google", true},
		{"関連記事", true},
		{"関連記事：公取委がグーグルに命令", true},
		{"관련기사", true},
		{"<저작권자 © 연합뉴스, 무단 전재 및 재배포 금지>", true},
		{"ⓒ 한국경제tv, 무단 전재-재배포 금지", true},
		{"無断転載禁止", true},
		// Article sentences that start or hold the words of a label.
		{"publicidad engañosa: la cnmc multa a la compañía con 2 millones de euros por anuncios que ocultaban el precio final.", false},
		{"die behörde will weiterlesen, was die unternehmen einreichen, bevor sie entscheidet, ob sie ein verfahren eröffnet, hieß es.", false},
		{"reklama i marketing: uokik nałożył karę na spółkę za wprowadzające w błąd praktyki wobec konsumentów w całym kraju.", false},
		{"広告配信をめぐり、公正取引委員会はグーグルに排除措置命令を出した。", false},
		// "Unauthorised reproduction" is news too (piracy sites); a notice
		// is matched by what it forbids.
		{"無断転載サイトの運営者を逮捕", false},
		{"무단 전재 사이트 운영자 검거", false},
		{"무단전재 혐의 업체에 과징금", false},
		{"广告法第九条规定，广告不得使用“国家级”“最高级”“最佳”等用语。", false},
		{"法院认定，被告未经授权抓取原告平台数据，构成不正当竞争。", false},
		{"个人信息处理者未经授权不得向他人提供其处理的个人信息。", false},
		{"原告系涉案软件的版权所有人，被告未经许可复制并销售。", false},
		{"advertisers spent less on television this year than on search, the survey found.", false},
		{"share prices fell.", false},

		{"read more about the ruling, which the court published in full on its website on monday afternoon along with a summary.", false},
	}
	for _, tt := range tests {
		if got := r.boilerplate(tt.text); got != tt.want {
			t.Errorf("boilerplate(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestSelectorAttrs(t *testing.T) {
	for sel, want := range map[string]string{
		"#storyBody":                        "",
		".a [data-Role=body] > p":           "data-role",
		`div[ itemprop ~= "x"], a[href^=h]`: "itemprop href",
		"[data-x]":                          "data-x",
		"p[lang|=en":                        "lang",
	} {
		if got := strings.Join(selectorAttrs(sel), " "); got != want {
			t.Errorf("selectorAttrs(%q) = %q, want %q", sel, got, want)
		}
	}
}
