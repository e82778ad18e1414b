package topic

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// marginRules writes a small rule set with a margin and loads it.
func marginRules(t *testing.T) *Rules {
	t.Helper()
	dir := t.TempDir()
	topics := `fields: {title: 2, summary: 1, body: 0.5}
margin: 2
topics:
  - id: antitrust
    name: Antitrust
    threshold: 4
    keep: [[actor, action]]
    rules:
      - weight: 2
        evidence: actor
        terms: {en: [regulator]}
      - weight: 2
        evidence: action
        terms: {en: [probe]}
      - weight: 1
        terms: {en: [market]}
  - id: interoperability
    name: Interoperability
    threshold: 4
    margin: 0
    rules:
      - weight: 1
        terms: {en: [sideload]}
`
	for name, data := range map[string]string{"topics.yaml": topics, "entities.yaml": "entities: []\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return mustLoad(t, dir)
}

func TestUnsure(t *testing.T) {
	r := marginRules(t)
	tests := []struct {
		name string
		it   Item
		want []Doubt
	}{
		{"selected: no doubt", Item{Title: "Regulator opens probe"}, nil},
		{"nothing matched", Item{Title: "Weather"}, nil},
		{"within the margin below", Item{Summary: "regulator", Body: "market market"}, []Doubt{{"antitrust", 2.5, 4, WhyBelow}}},
		{"below the margin", Item{Summary: "market"}, nil},
		{"score reached, one kind of evidence", Item{Title: "Regulator"}, []Doubt{{"antitrust", 4, 4, WhyEvidence}}},
		{"topic margin 0 turns it off", Item{Title: "sideload"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, got := r.Unsure(tt.it)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("doubts = %+v, want %+v", got, tt.want)
			}
			if want := r.Classify(tt.it); !reflect.DeepEqual(res, want) {
				t.Errorf("result = %+v, want Classify's %+v", res, want)
			}
		})
	}
}
