package topic

import (
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
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), "entities: []\n")
	write(t, filepath.Join(dir, "topics.yaml"), `contexts:
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
