package site

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"docket/internal/content"
	"docket/internal/search"
)

// jsTerms runs search.js's tokeniser in Node over inputs: for each input,
// its terms in order, with the Traditional-to-Simplified pairs and stop
// words of the site.
const jsTerms = `
const vm = require("vm"), fs = require("fs");
const [src, pairs, stopJSON] = process.argv.slice(1).map((f) => fs.readFileSync(f, "utf8"));
const ctx = vm.createContext({ document: { getElementById: () => null } });
vm.runInContext(src + ";globalThis.api = docketTerms;", ctx);
const cs = [...JSON.parse(pairs)], t2s = new Map();
for (let i = 0; i + 1 < cs.length; i += 2) t2s.set(cs[i], cs[i + 1]);
const stop = new Set(JSON.parse(stopJSON));
const inputs = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(inputs.map((s) => ctx.api.terms(s, stop, t2s).flat())));
`

// TestSearchJSAgrees: the browser's tokeniser (search.js) and the index's
// (search.Tokens, then search.Stem, after the rules' Simplified) make the
// same terms of the sample's text and of random strings; the first input
// on which they differ is the failure.
func TestSearchJSAgrees(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	s := mustLoad(t, "../..")
	rules := s.b.m.rules
	inputs := sampleText(t, "../../content")
	inputs = append(inputs, searchTokenSeeds...)
	rng := rand.New(rand.NewPCG(17, 3))
	for range 3000 {
		inputs = append(inputs, randomText(rng))
	}
	for _, w := range strings.Fields(englishForms) {
		inputs = append(inputs, w, strings.ToUpper(w))
	}

	dir := t.TempDir()
	pairs, _ := json.Marshal(rules.SimplifiedPairs())
	var m struct{ Stop []string }
	if err := json.Unmarshal(mustIndex(t, s).Manifest, &m); err != nil {
		t.Fatal(err)
	}
	stop, _ := json.Marshal(m.Stop)
	for name, data := range map[string][]byte{"pairs.json": pairs, "stop.json": stop} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, _ := json.Marshal(inputs)
	cmd := exec.Command(node, "-e", jsTerms, "../../templates/assets/search.js", filepath.Join(dir, "pairs.json"), filepath.Join(dir, "stop.json"))
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got [][]string
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(inputs) {
		t.Fatalf("node gave %d results for %d inputs (%v)", len(got), len(inputs), err)
	}
	for i, s := range inputs {
		want := []string{}
		search.Tokens(rules.Simplified(s), func(tok []byte) { want = append(want, search.Stem(string(tok))) })
		if !slices.Equal(got[i], want) {
			t.Fatalf("input %d of %d, %q (%+q):\n search.js %q\n Go        %q", i, len(inputs), s, s, got[i], want)
		}
	}
	t.Logf("%d inputs agree", len(inputs))
}

func mustIndex(t *testing.T, s *Site) *search.Index {
	t.Helper()
	x, err := mustIndexErr(s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// mustIndexErr merges the site's index and renders every file of it.
func mustIndexErr(s *Site) (*search.Index, error) {
	x, _, err := s.b.searchIndex()
	if err != nil {
		return nil, err
	}
	return x.All()
}

// sampleText is every line of every Markdown file under dir.
func sampleText(t *testing.T, dir string) []string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		lines = append(lines, strings.Split(string(data), "\n")...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 100 {
		t.Fatalf("only %d lines of sample text under %s", len(lines), dir)
	}
	return lines
}

// searchTokenSeeds are inputs that once told implementations apart.
var searchTokenSeeds = []string{
	"ΟΔΟΣ Σ ΣΑΣ", "İstanbul ǅemal ﬁne", "Ｗｅｃｈａｔ ＦＩＮＥＳ", "反壟斷 公平會 反垄断", "e\u0301\u0301 Cafe\u0301",
	"Łódź Straße Þórr ŒUVRE", "カーナビ ﾃｽﾄ 한국어", "fine's fines' fined—fining", "yyyy ayyay sky skies",
	"generously communes arsenal", "\u00a0\u2003tab\tnew\nline", "①②③ ²³ ½", "\U0001F600emoji\U0001F600",
}

// englishForms are words that take every branch of the stemmer.
const englishForms = `caresses ponies ties cries gaps gas kiwis agreed feed bleed plastered motoring sing hoping
hopping filing falling hissing fizzed failing luxuriously conditional rational valenci hesitanci digitizer conformabli
radicalli differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness
callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful goodness
revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent
adoption homologou communism activate angulariti homologous effective bowdlerize probate rate cease controll roll
generate generically communication arsenic dying skies yelled ugly early exceeding proceeds innings bias news
cry by say enjoy toy yay played playing syzygy flying happy happily lying tying eyed aye agreedly exceedingly
ruling rules ruled regulators regulated investigations investigating penalties penalised interoperability gatekeepers
skis tying idly gently only singly howe atlas cosmos andes inning outing outings canning cannings herring herrings
earring earrings proceed proceeded proceeding exceed exceeds exceeded succeed succeeds succeeded succeeding skiing`

// randomText is a string of runes drawn from scripts, marks, punctuation
// and forms the site's text has or a reader may type. Unassigned code
// points and scripts whose Unicode tables differ between Go's version
// and Node's are left out: there the two could only disagree on data.
func randomText(rng *rand.Rand) string {
	ranges := [][2]rune{
		{'a', 'z'}, {'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {' ', '/'}, {':', '@'}, {0xa0, 0xff}, // ASCII, Latin-1
		{0x100, 0x17f}, {0x391, 0x3a9}, {0x3b1, 0x3c9}, {0x410, 0x44f}, // Latin Extended-A, Greek, Cyrillic
		{0x300, 0x36f}, {0x2000, 0x206f}, {0x2160, 0x2188}, {0x2460, 0x24ff}, // marks, punctuation, numerals, circled
		{0x3000, 0x303f}, {0x3041, 0x3096}, {0x30a1, 0x30ff}, {0x4e00, 0x9fff}, {0xac00, 0xd7a3}, // CJK, kana, Hangul
		{0xff01, 0xff5e}, {0xff61, 0xff9f}, {0xfb00, 0xfb06}, // full-width, half-width, ligatures
	}
	var b strings.Builder
	for range 1 + rng.IntN(24) {
		if rng.IntN(4) == 0 { // a whole English word, to reach the stemmer
			forms := strings.Fields(englishForms)
			b.WriteString(forms[rng.IntN(len(forms))])
			continue
		}
		r := ranges[rng.IntN(len(ranges))]
		b.WriteRune(r[0] + rune(rng.IntN(int(r[1]-r[0]+1))))
	}
	return b.String()
}

// jsMoney runs facets-all.js's money() in Node over amounts in euros.
const jsMoney = `
const src = require("fs").readFileSync(process.argv[1], "utf8");
const fn = src.match(/function money\(v, cur\) \{[\s\S]*?\n  \}/)[0];
const money = new Function(fn + "; return money;")();
const values = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(values.map((v) => money(v, "EUR"))));
`

// TestMoneyJSAgrees: the cards the browser draws (facets-all.js) write
// amounts as the build's do (content.Amount.String), at every scale and
// at the edges where an amount rounds up into the next unit.
func TestMoneyJSAgrees(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	values := []float64{0.5, 6.978, 12, 999.994, 999.996, 1000, 1234.5, 719057.172, 950000, 999999.4, 999999.6, 5e6, 1.23456e7, 999.5e6, 999999499, 999999700, 18.228e9, 999.6e9, 1.03e12, 2.5e12}
	rng := rand.New(rand.NewPCG(5, 8))
	for range 200 {
		values = append(values, math.Round(math.Pow(10, rng.Float64()*12)*1000)/1000)
	}
	in, _ := json.Marshal(values)
	cmd := exec.Command(node, "-e", jsMoney, "../../templates/assets/facets-all.js")
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(values) {
		t.Fatalf("node gave %d results for %d amounts (%v)", len(got), len(values), err)
	}
	for i, v := range values {
		if want := (content.Amount{Value: v, Currency: "EUR"}).String(); got[i] != want {
			t.Errorf("%v: facets-all.js writes %q, the build %q", v, got[i], want)
		}
	}
}
