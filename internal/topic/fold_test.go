package topic

import "testing"

func TestNormalize(t *testing.T) {
	f, err := newFolder()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"Antitrust", "antitrust"},
		{"ＡＮＴＩＴＲＵＳＴ　Ｃａｓｅ", "antitrust case"}, // full-width letters and space
		{"price-fixing", "price fixing"},
		{"price—fixing", "price fixing"},
		{"Google's", "google s"},
		{"Autorité de la concurrence", "autorite de la concurrence"},
		{"Nadużycie pozycji dominującej", "naduzycie pozycji dominujacej"},
		{"Złożył", "zlozyl"}, // ł has no decomposition
		{"Straße", "strasse"},
		{"Wettbewerbshüter", "wettbewerbshuter"},
		{"e\u0301clair", "eclair"}, // combining accent
		{"ﬁne", "fine"},            // ligature
		{"İstanbul", "istanbul"},
		{"反壟斷", "反 垄 断"},
		{"互聯互通", "互 联 互 通"},
		{"市场监管总局", "市 场 监 管 总 局"},
		{"蘋果App Store", "苹 果 app store"},
		{"ｶﾙﾃﾙ", "カ ル テ ル"}, // half-width katakana
		{"공정위", "공 정 위"},
		{"U.S. DOJ", "u s doj"},
		{"２０２１年", "2021 年"},
		{"Apple™ Pay", "apple tm pay"}, // a symbol spelt in letters is no part of the word
		{"Google℠", "google sm"},
		{"Microsoft¹", "microsoft 1"},
		{"10㎞", "10 km"},
		{"Bundes\u00adkartell\u00adamt", "bundeskartellamt"}, // soft hyphens (&shy;) only say where a word may break
		{"anti\u200btrust\u2060law", "antitrustlaw"},         // so do zero-width spaces and joiners
		{"", ""},
		{"!!! ...", ""},
	}
	for _, tt := range tests {
		if got := f.normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseTerm(t *testing.T) {
	f, _ := newFolder()
	tests := []struct{ in, key, err string }{
		{"Kartell*", "kartell*", ""},
		{"nadużyci* pozycji dominując*", "naduzyci* pozycji dominujac*", ""},
		{"price-fixing*", "price fixing*", ""},
		{"anti*trust", "", "* may only end a word"},
		{"反壟斷", "反 垄 断", ""},
	}
	for _, tt := range tests {
		p, err := f.parseTerm(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseTerm(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || p.key() != tt.key {
			t.Errorf("parseTerm(%q) = %q, %v, want %q", tt.in, p.key(), err, tt.key)
		}
	}
}

// TestSummaryText: the rules read a summary's words, not its markup.
func TestSummaryText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no  markup", "no  markup"},
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"The <b>anti</b>trust case", "The antitrust case"},
		{"<script>antitrust()</script>text", "text"},
	}
	for _, tt := range tests {
		if got := summaryText(tt.in); got != tt.want {
			t.Errorf("summaryText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSimplified(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	if got := r.Simplified("反壟斷與互聯互通 WeChat"); got != "反垄断与互联互通 WeChat" {
		t.Errorf("Simplified = %q", got)
	}
	pairs := []rune(r.SimplifiedPairs())
	if len(pairs) < 2000 || len(pairs)%2 != 0 || pairs[0] >= pairs[2] {
		t.Errorf("SimplifiedPairs: %d runes, want sorted pairs", len(pairs))
	}
}
