package topic

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadRefusesBrokenRules(t *testing.T) {
	_, err := Load("testdata/broken")
	if err == nil {
		t.Fatal("Load accepted broken rules")
	}
	for _, want := range []string{
		"testdata/broken/entities.yaml:3:10: duplicate entity id \"acme\"",
		"testdata/broken/entities.yaml:3:39: entity \"acme\": kind \"corporation\" is not company, authority or jurisdiction",
		"testdata/broken/entities.yaml:2:57: entity \"acme\": unknown jurisdiction \"mars\"",
		"testdata/broken/topics.yaml:12:45: term \"anti*trust\": * may only end a word",
		"testdata/broken/topics.yaml:14:15: unknown context \"cartels\"",
		"testdata/broken/topics.yaml:15:20: unknown entity \"nobody\"",
		"testdata/broken/topics.yaml:19:9: duplicate topic id \"antitrust\"",
		"testdata/broken/topics.yaml:21:16: topic \"antitrust\": threshold must be above 0",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q; got:\n%v", want, err)
		}
	}
	// Mistakes that load are the linter's, not Load's.
	if strings.Contains(err.Error(), "repeats") {
		t.Errorf("Load reported a lint warning:\n%v", err)
	}
}

func TestLintReportsMistakes(t *testing.T) {
	var got []string
	for _, err := range Lint("testdata/broken") {
		got = append(got, err.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"testdata/broken/topics.yaml:12:27: term \"Antitrust\" repeats \"antitrust\" at line 12",
		"testdata/broken/topics.yaml:12:38: term \"!!!\" cannot match: nothing left after normalisation",
		"testdata/broken/topics.yaml:12:59: term \"a*\": stem \"a\" is shorter than 3 letters and matches too much",
		"testdata/broken/topics.yaml:12:63: term \"USB*\": a term in capitals matches only words without a lower-case letter, so its * never reaches a plural such as \"USBs\"",
		"testdata/broken/topics.yaml:18:16: term \"antitrust\" is cancelled by \"antitrust\" at line 12",
		"testdata/broken/entities.yaml:4:60: alias \"Acme\" of \"other\" is also an alias of \"acme\"",
		"testdata/broken/topics.yaml:12:45: term \"anti*trust\": * may only end a word",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("lint lacks %q; got:\n%s", want, all)
		}
	}
	// A term in capitals with two stems is one mistake, said once.
	if n := strings.Count(all, `term "EU* DMA*": a term in capitals`); n != 1 {
		t.Errorf("the capitals warning for \"EU* DMA*\" is said %d times, want once; got:\n%s", n, all)
	}
}

func TestLoadYAMLErrorsHaveLines(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), "entities: []\n")
	tests := []struct{ topics, want string }{
		{"topics:\n  - id: a\n    thresold: 3\n", "topics.yaml:3:5:"},
		{"topics:\n  - id: [a\n", "topics.yaml:2:"},
		{"topics:\n  - id: a\n    threshold: high\n", "topics.yaml:3:16:"},
	}
	for _, tt := range tests {
		write(t, filepath.Join(dir, "topics.yaml"), tt.topics)
		_, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%q) = %v, want an error with %q", tt.topics, err, tt.want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
}

// rulesDir is a folder of rules: topics.yaml holding topics, and no
// entities.
func rulesDir(t *testing.T, topics string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), "entities: []\n")
	write(t, filepath.Join(dir, "topics.yaml"), topics)
	return dir
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLoadRefusesUnsafeIDs: IDs name term pages, so an ID that is not a
// slug ("../x", "A B") is an error with its line.
func TestLoadRefusesUnsafeIDs(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "topics.yaml"), "topics:\n  - {id: Anti Trust, name: A, threshold: 1, rules: [{weight: 1, terms: {en: [antitrust]}}]}\n")
	write(t, filepath.Join(dir, "entities.yaml"), "entities:\n  - {id: ../../escaped, name: X, kind: company}\n")
	_, err := Load(dir)
	for _, want := range []string{`topics.yaml:2:10: topic id "Anti Trust"`, `entities.yaml:2:10: entity id "../../escaped"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load = %v, want an error with %q", err, want)
		}
	}
}

// TestLoadRefusesNonFiniteNumbers: YAML spells NaN and infinity (.nan,
// .inf), which every comparison lets through: a threshold of .nan kept
// every item, one without a single match among them.
func TestLoadRefusesNonFiniteNumbers(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "entities.yaml"), "entities: []\n")
	rule := "    rules:\n      - weight: %s\n        terms: {en: [antitrust]}\n"
	tests := []struct{ topics, want string }{
		{"topics:\n  - id: a\n    name: A\n    threshold: .nan\n" + fmt.Sprintf(rule, "1"), "topics.yaml:4:16: topic \"a\": threshold"},
		{"topics:\n  - id: a\n    name: A\n    threshold: 1\n" + fmt.Sprintf(rule, ".inf"), "topics.yaml:6:17: weight"},
		{"topics:\n  - id: a\n    name: A\n    threshold: 1\n    margin: .nan\n" + fmt.Sprintf(rule, "1"), "topics.yaml:5:13: topic \"a\": margin"},
		{"margin: .nan\ntopics:\n  - id: a\n    name: A\n    threshold: 1\n" + fmt.Sprintf(rule, "1"), "topics.yaml:1:9: margin"},
		{"after_lead: .nan\ntopics:\n  - id: a\n    name: A\n    threshold: 1\n" + fmt.Sprintf(rule, "1"), "topics.yaml:1:13: after_lead"},
		{"fields: {title: .inf, summary: 1, body: 1}\ntopics:\n  - id: a\n    name: A\n    threshold: 1\n" + fmt.Sprintf(rule, "1"), "topics.yaml:1:9: field weights"},
	}
	for _, tt := range tests {
		write(t, filepath.Join(dir, "topics.yaml"), tt.topics)
		r, err := Load(dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Load(%q) = %v, want an error with %q", tt.topics, err, tt.want)
		}
		if r != nil && r.Classify(Item{Title: "Weather"}).Selected() {
			t.Errorf("Load(%q): an item without a match was selected", tt.topics)
		}
	}
}

// TestFieldWeightsDefaultEach: a field weight left out of fields: keeps
// its default. Raising the title's weight alone (fields: {title: 3}) set
// the summary's and the body's to 0, so no term there counted.
func TestFieldWeightsDefaultEach(t *testing.T) {
	dir := rulesDir(t, "fields: {title: 3}\ntopics:\n  - id: a\n    name: A\n    threshold: 1\n    rules:\n      - weight: 2\n        terms: {en: [antitrust]}\n")
	r := mustLoad(t, dir)
	if want := (FieldWeights{Title: 3, Summary: 1, Body: 0.5}); r.Fields != want {
		t.Errorf("Fields = %+v, want %+v", r.Fields, want)
	}
	if got := r.Classify(Item{Summary: "An antitrust case"}); !got.Selected() {
		t.Errorf("a term in the summary did not count: %+v", got)
	}
	write(t, filepath.Join(dir, "topics.yaml"), "fields: {title: 2, summery: 1}\ntopics:\n  - id: a\n    name: A\n    threshold: 1\n    rules:\n      - weight: 2\n        terms: {en: [antitrust]}\n")
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "topics.yaml:1:20:") {
		t.Errorf("Load with a misspelt field = %v, want an error at 1:20", err)
	}
}

// TestLoadRefusesEmptyContext: a context with no terms, entities or kinds
// can never be near anything, so a rule that requires it never counts and
// one that is not_near it always does; it is an error, as such a rule is.
func TestLoadRefusesEmptyContext(t *testing.T) {
	dir := rulesDir(t, "contexts:\n  - id: law\n    except: [law firm]\ntopics:\n  - id: a\n    name: A\n    threshold: 1\n    rules:\n      - weight: 2\n        terms: {en: [antitrust]}\n        requires: law\n")
	_, err := Load(dir)
	if want := `topics.yaml:2:7: context "law" has neither terms, entities nor kinds`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Load = %v, want an error with %q", err, want)
	}
}
