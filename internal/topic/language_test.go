package topic

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// languageRules writes a small rule set that uses entity kinds and
// near_all, and loads it.
func languageRules(t *testing.T) *Rules {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), `entities:
  - {id: acme, name: Acme, kind: company}
  - {id: globex, name: Globex, kind: company}
  - {id: watch, name: Markets Board, kind: authority}
  - {id: ruritania, name: Ruritania, kind: jurisdiction}
`)
	write(t, filepath.Join(dir, "topics.yaml"), `contexts:
  - id: company
    kinds: [company]
  - id: review
    terms: {en: [regulator, approves, blocks]}
topics:
  - id: antitrust
    name: Antitrust
    threshold: 2
    rules:
      # A bare purchase is a merger only right by a company and by a review.
      - weight: 2
        terms: {en: [purchase]}
        near_all: [company, review]
        within: 3
      # Every authority, whichever entities.yaml lists.
      - weight: 2
        kinds: [authority]
`)
	return mustLoad(t, dir)
}

func TestNearAllAndKinds(t *testing.T) {
	r := languageRules(t)
	tests := []struct {
		name string
		it   Item
		want bool
	}{
		{"a company's purchase before a regulator", Item{Title: "Regulator approves Acme purchase"}, true},
		{"any company of the kind counts", Item{Title: "Regulator blocks the Globex purchase"}, true},
		{"a company's purchase, no review", Item{Title: "Acme purchase of a rival closes"}, false},
		{"a review, no company", Item{Title: "Regulator approves purchase of fireworks"}, false},
		{"company and review too far apart", Item{Title: "Acme said its purchase of new trucks, long planned, went ahead as the regulator approves"}, false},
		{"an authority by kind", Item{Title: "Markets Board opens a probe"}, true},
		{"a jurisdiction is not an authority", Item{Title: "Ruritania opens a probe"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Contains(r.Classify(tt.it).Topics, "antitrust")
			if got != tt.want {
				var b strings.Builder
				r.Explain(&b, tt.it)
				t.Errorf("selected = %v, want %v\n%s", got, tt.want, b.String())
			}
		})
	}
}

// TestNearAllExplained: explain names the context that was missing.
func TestNearAllExplained(t *testing.T) {
	var b strings.Builder
	if err := languageRules(t).Explain(&b, Item{Title: "Acme purchase of a rival closes"}); err != nil {
		t.Fatal(err)
	}
	if want := "not counted: no review term within 3 words"; !strings.Contains(b.String(), want) {
		t.Errorf("explain lacks %q:\n%s", want, b.String())
	}
}

func TestLoadRefusesUnknownKindsAndContexts(t *testing.T) {
	dir := rulesDir(t, `contexts:
  - {id: firms, kinds: [firm]}
topics:
  - id: antitrust
    name: Antitrust
    threshold: 1
    rules:
      - {weight: 1, kinds: [regulator]}
      - {weight: 1, terms: {en: [deal]}, near_all: [firms, nowhere]}
`)
	_, err := Load(dir)
	for _, want := range []string{
		`topics.yaml:2:25: kind "firm" is not company, authority or jurisdiction`,
		`topics.yaml:8:29: kind "regulator" is not company, authority or jurisdiction`,
		`topics.yaml:9:52: unknown context "nowhere"`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load = %v, want an error with %q", err, want)
		}
	}
}

// TestNearWordsExplained: explain names the word that met each context of
// a counted match, and every context missing from a near_all.
func TestNearWordsExplained(t *testing.T) {
	r := languageRules(t)
	for _, tt := range []struct{ title, want string }{
		{"Regulator approves Acme purchase", `near company "Acme", near review "Regulator"`},
		{"Purchase of fireworks goes ahead", "not counted: no company, review term within 3 words"},
	} {
		var b strings.Builder
		if err := r.Explain(&b, Item{Title: tt.title}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tt.want) {
			t.Errorf("explain of %q lacks %q:\n%s", tt.title, tt.want, b.String())
		}
	}
}

// TestNotWithin: not_near has its own distance where a rule wants its
// context right by the term.
func TestNotWithin(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), "entities:\n  - {id: acme, name: Acme, kind: company}\n")
	write(t, filepath.Join(dir, "topics.yaml"), `contexts:
  - {id: co, kinds: company}
  - {id: consumer, terms: {en: [refunds]}}
topics:
  - id: antitrust
    name: Antitrust
    threshold: 1
    rules:
      - {weight: 1, terms: {en: [v]}, near_all: co, not_near: consumer, within: 1, not_within: 10}
`)
	r := mustLoad(t, dir)
	for _, tt := range []struct {
		title string
		want  bool
	}{
		{"State v Acme: closing arguments", true},
		{"State v Acme: trial over refunds opens", false},
	} {
		if got := len(r.Classify(Item{Title: tt.title}).Topics) > 0; got != tt.want {
			t.Errorf("%q selected = %v, want %v", tt.title, got, tt.want)
		}
	}
}

// TestLintKindsAndNearAll: a kind no entity has matches nothing, and a
// context listed twice in near_all or a kind listed twice is a slip; lint
// says so (Load does not refuse them).
func TestLintKindsAndNearAll(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), "entities:\n  - {id: acme, name: Acme, kind: company}\n")
	write(t, filepath.Join(dir, "topics.yaml"), `contexts:
  - {id: co, kinds: [company, company]}
  - {id: boards, kinds: authority}
topics:
  - id: antitrust
    name: Antitrust
    threshold: 1
    rules:
      - {weight: 1, terms: {en: [purchase]}, near_all: [co, co]}
      - {weight: 1, kinds: [jurisdiction]}
`)
	if _, err := Load(dir); err != nil {
		t.Fatalf("Load = %v, want no error", err)
	}
	errs := fmt.Sprint(Lint(dir))
	for _, want := range []string{
		`kind "company" is listed twice`,
		`no entity in entities.yaml is of kind "authority", so it matches nothing`,
		`context "co" is listed twice in near_all`,
		`no entity in entities.yaml is of kind "jurisdiction", so it matches nothing`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("Lint = %s, want a warning with %q", errs, want)
		}
	}
}

// TestSameSpanEveryRule: two terms of different rules that match the same
// words ("monopoly" in a rule with a condition, "monopol*" in one without)
// are tried each under its own rule, as one term listed in both rules is:
// neither is longer, so neither hides the other. The stem was hidden
// behind the exact word, whose condition failed, and the item scored 0.
func TestSameSpanEveryRule(t *testing.T) {
	dir := rulesDir(t, `fields: {title: 1, summary: 1, body: 1}
contexts:
  - id: tech
    terms: {en: [platform]}
topics:
  - id: a
    name: A
    threshold: 1
    rules:
      - weight: 3
        terms: {en: [monopoly, monopolies]}
        near: tech
      - weight: 1
        terms: {en: [monopol*, monopoly power]}
`)
	r := mustLoad(t, dir)
	for _, tt := range []struct {
		title string
		score float64
	}{
		{"The state liquor monopoly", 1},
		{"A platform monopoly", 3 + 1},
		{"Monopoly power", 1},             // the longer term still hides the shorter
		{"Monopolies and monopolists", 1}, // once per field in a rule
	} {
		if got := r.Classify(Item{Title: tt.title}).Scores["a"]; got != tt.score {
			var b strings.Builder
			r.Explain(&b, Item{Title: tt.title})
			t.Errorf("%q: score %v, want %v\n%s", tt.title, got, tt.score, b.String())
		}
	}
}

// TestExceptHidesNameWrittenAsTerm: an entity's except phrases hide its
// names wherever a rule or a context lists them, as entities or written
// out as terms: "U.S." as a state next to a deal is not the one in "2.8
// billion U.S. dollars", nor "CMA" as a review word the one in "CMA CGM".
func TestExceptHidesNameWrittenAsTerm(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), `entities:
  - {id: us, name: United States, kind: jurisdiction, aliases: {en: [U.S.]}, except: [U.S. dollar*]}
  - {id: cma, name: CMA, kind: authority, except: [CMA CGM]}
`)
	write(t, filepath.Join(dir, "topics.yaml"), `fields: {title: 1, summary: 1, body: 1}
contexts:
  - id: review
    terms: {en: [CMA, approves]}
  - id: deal
    terms: {en: [deal]}
topics:
  - id: a
    name: A
    threshold: 1
    rules:
      - weight: 1
        terms: {en: [U.S.]}
        near: deal
  - id: b
    name: B
    threshold: 1
    rules:
      - weight: 1
        terms: {en: [deal]}
        near: review
        within: 2
`)
	r := mustLoad(t, dir)
	for _, tt := range []struct {
		title string
		want  []string
	}{
		{"A deal for 2.8 billion U.S. dollars", nil},
		{"The U.S. approves deal", []string{"a", "b"}},
		{"CMA CGM deal", nil},
		{"CMA deal", []string{"b"}},
	} {
		if got := r.Classify(Item{Title: tt.title}).Topics; !slices.Equal(got, tt.want) {
			var b strings.Builder
			r.Explain(&b, Item{Title: tt.title})
			t.Errorf("%q: topics %v, want %v\n%s", tt.title, got, tt.want, b.String())
		}
	}
}
