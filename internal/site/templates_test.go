package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScriptLang: a title mostly in Han, kana or Hangul gets the
// language its script tells; a Latin one, or one with a few Han
// characters in Latin text, none. On the sample, an English event's
// Chinese primary source is marked so, for screen readers' voices.
func TestScriptLang(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"市场监管总局对阿里巴巴“二选一”垄断行为作出行政处罚", "zh"},
		{"新华社：微信Pay开放", "zh"},
		{"公正取引委員会、アップルに排除措置命令", "ja"},
		{"공정거래위원회 과징금 부과", "ko"},
		{"European Commission decision AT.40099", ""},
		{"SAMR decision on Alibaba (国市监处〔2021〕28号)", ""},
		{"", ""},
	} {
		if got := scriptLang(tc.in); got != tc.want {
			t.Errorf("scriptLang(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: "../..", Out: out}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "events", "samr-fines-alibaba-choose-one-of-two", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `rel="noopener" lang="zh">新华社`) {
		t.Error("the event's Chinese primary source has no lang")
	}
}

// TestTemplatePartRedefined: a copy of a part left in templates/partials
// (card_old.html beside card.html) is an error naming both files, not a
// silent winner over the editor's edits to the original; a kind's own
// file still fills base.html's blocks.
func TestTemplatePartRedefined(t *testing.T) {
	root := project(t)
	card, err := os.ReadFile(filepath.Join(root, "templates", "partials", "card.html"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "templates/partials/card_old.html", string(card))
	_, err = Build(Options{Root: root, Out: filepath.Join(t.TempDir(), "public")})
	if err == nil || !strings.Contains(err.Error(), "templates/partials/card_old.html:") || !strings.Contains(err.Error(), "templates/partials/card.html:") {
		t.Errorf("a copy of card.html: %v, want an error naming both files", err)
	}
}
