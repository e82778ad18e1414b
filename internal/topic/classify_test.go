package topic

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"docket/internal/golden"
)

func testRules(t testing.TB) *Rules { return mustLoad(t, "testdata/rules") }

// mustLoad loads the rules in dir or ends the test.
func mustLoad(t testing.TB, dir string) *Rules {
	t.Helper()
	r, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestClassifyTopics(t *testing.T) {
	r := testRules(t)
	tests := []struct {
		name string
		it   Item
		want []string
	}{
		{"english word", Item{Title: "Regulators open antitrust probe"}, []string{"antitrust"}},
		{"no match inside a longer word", Item{Title: "An antitrustworthy claim"}, nil},
		{"no match across a word start", Item{Title: "Nonantitrust matters"}, nil},
		{"hyphen equals space", Item{Title: "Price fixing at bakeries"}, []string{"antitrust"}},
		{"full-width", Item{Title: "ＡＮＴＩＴＲＵＳＴ ｃａｓｅ"}, []string{"antitrust"}},
		{"a trademark sign ends the word", Item{Title: "Antitrust™ case"}, []string{"antitrust"}},
		{"a soft hyphen is inside the word", Item{Summary: "<p>An anti&shy;trust case</p>", Title: "Anti\u00adtrust"}, []string{"antitrust"}},
		{"chinese inside a sentence", Item{Title: "市场监管总局发布反垄断指南"}, []string{"antitrust"}},
		{"traditional chinese", Item{Title: "國家市場監管總局加強反壟斷執法"}, []string{"antitrust"}},
		{"traditional interop", Item{Title: "平台互聯互通再進一步"}, []string{"interoperability"}},
		{"german stem", Item{Title: "Das Kartellamt prüft Googles Daten"}, []string{"antitrust"}},
		{"german compound stem", Item{Title: "Wettbewerbsrechtliche Bedenken"}, []string{"antitrust"}},
		{"polish inflection", Item{Title: "Postępowanie antymonopolowe wobec spółki"}, []string{"antitrust"}},
		{"polish phrase inflected", Item{Summary: "zarzut nadużycia pozycji dominującej"}, []string{"antitrust"}},
		{"stem does not match a shorter word", Item{Title: "Kartel"}, nil},
		{"negative phrase hides the word", Item{Title: "Mexican drug cartel leader arrested"}, nil},
		{"cartel counts in business news", Item{Title: "Cartel fined by regulators"}, []string{"antitrust"}},
		{"not_near crime", Item{Title: "Cartel", Summary: "The cocaine trade"}, nil},
		{"trust fund is not antitrust", Item{Title: "Trust fund for coastal towns"}, nil},
		{"negative subtracts", Item{Title: "Antitrust lawyer", Summary: "sets up a trust fund"}, []string{"antitrust"}},
		{"FTC alone does not count", Item{Title: "FTC sues over subscription traps"}, nil},
		{"FTC near competition counts", Item{Title: "FTC challenges merger"}, []string{"antitrust"}},
		{"except hides a context term", Item{Title: "FTC says competition for talent is fierce"}, nil},
		{"authority name is enough", Item{Summary: "The Competition and Markets Authority opened a probe."}, []string{"antitrust"}},
		{"html summary", Item{Summary: "<p>The <b>anti</b>trust case &amp; more</p>"}, []string{"antitrust"}},
		{"stem on english", Item{Title: "Apple lets users sideload apps"}, []string{"interoperability"}},
		{"below threshold in the body", Item{Body: "antitrust"}, nil},
		{"empty", Item{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Classify(tt.it)
			if !slices.Equal(got.Topics, tt.want) {
				t.Errorf("topics = %v, want %v (scores %v)", got.Topics, tt.want, got.Scores)
			}
		})
	}
}

func TestClassifyResult(t *testing.T) {
	r := testRules(t)
	got := r.Classify(Item{
		Title:   "UK's CMA fines bakers for price-fixing",
		Summary: "<p>Tencent and the FTC</p>",
	})
	want := Result{
		Topics:        []string{"antitrust"},
		Entities:      []string{"cma", "ftc", "tencent"},
		Jurisdictions: []string{"uk", "us"},
		Scores:        map[string]float64{"antitrust": 12},
		Matched: []Match{
			{Topic: "antitrust", Term: "CMA", Field: "title", Offset: 5, Weight: 6},
			{Topic: "antitrust", Term: "price-fixing", Field: "title", Offset: 26, Weight: 6},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if !got.Selected() {
		t.Error("Selected() = false")
	}
}

func TestAfterLeadWeighsLess(t *testing.T) {
	r := testRules(t)
	filler := strings.Repeat("word ", 50)
	early := r.Classify(Item{Summary: "antitrust " + filler}).Scores["antitrust"]
	late := r.Classify(Item{Summary: filler + "antitrust"}).Scores["antitrust"]
	if early != 3 || late != 1.5 {
		t.Errorf("scores early %v late %v, want 3 and 1.5", early, late)
	}
}

func TestCountedOncePerField(t *testing.T) {
	r := testRules(t)
	got := r.Classify(Item{Summary: "antitrust antitrust antitrust"})
	if got.Scores["antitrust"] != 3 || len(got.Matched) != 1 {
		t.Errorf("scores %v matched %v, want one match of 3", got.Scores, got.Matched)
	}
}

func TestExplainGolden(t *testing.T) {
	r := testRules(t)
	cases := []struct {
		name string
		it   Item
	}{
		{"selected", Item{ID: "a1", Title: "UK's CMA fines bakers for price-fixing", Summary: "<p>The FTC also looks at the merger.</p>"}},
		{"not-counted", Item{ID: "a2", Title: "Drug cartel and FTC", Summary: "Cartel members and cocaine."}},
		{"chinese", Item{ID: "a3", Title: "工信部：平台互聯互通，解除屏蔽", Summary: "反壟斷"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			if err := r.Explain(&b, c.it); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "explain", c.name+".golden"), b.String())
		})
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if golden.Write(t, path, []byte(got)) {
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestThresholdReachedDespiteRounding: weights that add up to the
// threshold reach it, though their binary sum falls a hair short
// (0.7 + 0.1 is 0.7999999999999999): explain showed "score 0.8, threshold
// 0.8: not selected".
func TestThresholdReachedDespiteRounding(t *testing.T) {
	dir := rulesDir(t, `fields: {title: 1, summary: 1, body: 1}
topics:
  - id: a
    name: A
    threshold: 0.8
    rules:
      - weight: 0.7
        terms: {en: [antitrust]}
      - weight: 0.1
        terms: {en: [probe]}
`)
	r := mustLoad(t, dir)
	it := Item{Title: "Antitrust probe"}
	if got := r.Classify(it); !got.Selected() {
		t.Errorf("not selected: %+v", got)
	}
	var b strings.Builder
	if err := r.Explain(&b, it); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "score 0.8, threshold 0.8: SELECTED") {
		t.Errorf("explain:\n%s", b.String())
	}
}

// A term written in capitals matches only words without a lower-case
// letter: the country US, not the pronoun; lower-case terms match any
// case.
func TestCapitalsTermsMatchCapitals(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	tests := []struct {
		title string
		want  bool // jurisdiction us
	}{
		{"US regulators sue Google", true},
		{"U.S. regulators sue Google", true},
		{"US FINES GOOGLE", true},
		{"ＵＳ regulators sue Google", true}, // full width folds to capitals
		{"Regulators told us nothing", false},
		{"Don't blame us, says Rama", false},
		{"The Last of Us board game", false},
		{"Us and them", false},
		{"More at https://www.example.us/news", false},
		{"American regulators sue Google", true}, // a name in lower case matches any case
		{"AMERICAN regulators", true},
	}
	for _, tt := range tests {
		got := slices.Contains(r.Classify(Item{Title: tt.title}).Jurisdictions, "us")
		if got != tt.want {
			t.Errorf("%q: jurisdiction us %v, want %v", tt.title, got, tt.want)
		}
	}
	for _, tt := range []struct {
		term string
		caps bool
	}{{"US", true}, {"U.S.", true}, {"DOJ", true}, {"A", false}, {"Us", false}, {"us", false}, {"UOKiK", false}, {"反垄断", false}, {"ЕС", true}} {
		if got := capitals(tt.term); got != tt.caps {
			t.Errorf("capitals(%q) = %v, want %v", tt.term, got, tt.caps)
		}
	}
}
