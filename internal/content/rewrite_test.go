package content

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetSelection: only the selection keys change; comments, key order
// and the body stay; a second run changes nothing.
func TestSetSelection(t *testing.T) {
	sel := Selection{
		Topics: []string{"antitrust"}, Entities: []string{"cma"}, Jurisdictions: []string{"uk"},
		Matched: []Match{{Topic: "antitrust", Term: "CMA", Field: "title", Offset: 0, Weight: 6}},
	}
	tests := []struct{ name, in, want string }{
		{"replace",
			"---\ntitle: CMA blocks deal\ntopics: [interoperability]\nentities:\n  - apple\n# editor note\npinned: true\nmatched:\n  - {topic: x, term: y, field: body, weight: 1}\n---\nBody with\ntopics: [not front matter]\n",
			"---\ntitle: CMA blocks deal\ntopics: [antitrust]\nentities: [cma]\njurisdictions: [uk]\n# editor note\npinned: true\nmatched:\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\n---\nBody with\ntopics: [not front matter]\n"},
		// Each key where the editor put it; an unchanged one as it was,
		// its comment too. Both were lost when every key was written
		// where the first had been.
		{"in place",
			"---\nentities:\n  - cma # the regulator\n# the editor's\ntitle: x\ntopics: [a]\nextracted: true\nmatched: []\n---\n",
			"---\nentities:\n  - cma # the regulator\n# the editor's\ntitle: x\ntopics: [antitrust]\njurisdictions: [uk]\nextracted: true\nmatched:\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\n---\n"},
		{"append",
			"---\n# source: wire\ntitle: x # why\nsummary: |\n  topics: in a block scalar\n---\n",
			"---\n# source: wire\ntitle: x # why\nsummary: |\n  topics: in a block scalar\ntopics: [antitrust]\nentities: [cma]\njurisdictions: [uk]\nmatched:\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\n---\n"},
		{"a comment among the values", // kept, before the new keys
			"---\ntitle: x\nentities:\n# checked against the notice\n  - miit\n  - alibaba\n# about pinned\npinned: true\n---\n",
			"---\ntitle: x\n# checked against the notice\ntopics: [antitrust]\nentities: [cma]\njurisdictions: [uk]\nmatched:\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\n# about pinned\npinned: true\n---\n"},
		{"CRLF", // line ends as the file has them
			"---\r\ntitle: x\r\ntopics: [a]\r\n---\r\nbody\r\n",
			"---\r\ntitle: x\r\ntopics: [antitrust]\r\nentities: [cma]\r\njurisdictions: [uk]\r\nmatched:\r\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\r\n---\r\nbody\r\n"},
		{"CRLF and comments", // go-yaml counts a "\r\n" in a comment as two lines
			"---\r\n# one\r\n# two\r\ntitle: x\r\ntopics: [a]\r\n---\r\nbody\r\n",
			"---\r\n# one\r\n# two\r\ntitle: x\r\ntopics: [antitrust]\r\nentities: [cma]\r\njurisdictions: [uk]\r\nmatched:\r\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\r\n---\r\nbody\r\n"},
		{"quoted key",
			"---\n\"topics\": [a]\ntitle: x\n---\nb\n",
			"---\ntopics: [antitrust]\nentities: [cma]\njurisdictions: [uk]\nmatched:\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\ntitle: x\n---\nb\n"},
	}
	for _, tt := range tests {
		got, err := SetSelection([]byte(tt.in), sel)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(got) != tt.want {
			t.Errorf("%s: got:\n%s\nwant:\n%s", tt.name, got, tt.want)
		}
		if again, err := SetSelection(got, sel); err != nil || string(again) != tt.want {
			t.Errorf("%s: a second run changed the file:\n%s", tt.name, again)
		}
	}
	for _, bad := range []string{"no front matter\n", "---\ntitle: x\n", "---\n- a list\n---\n",
		// Valid front matter that splicing lines would damage: refused.
		"---\n  title: x\n  topics: [a]\n---\n",        // an indented mapping
		"---\n{title: x, topics: [a]}\n---\n",          // a flow mapping
		"---\ntitle: x\n...\n---\n",                    // a second document would get the keys
		"---\ntitle: x\ntopics: [a]\n...\nx: 1\n---\n", // and here, the first loses them
	} {
		if _, err := SetSelection([]byte(bad), sel); err == nil {
			t.Errorf("SetSelection(%q) succeeded", bad)
		}
		if _, err := SetCase([]byte(bad), "a-case"); err == nil {
			t.Errorf("SetCase(%q) succeeded", bad)
		}
	}
	if got, _ := SetSelection([]byte("---\ntitle: x\ntopics: [a]\n---\n"), Selection{}); !strings.Contains(string(got), "title: x\n---") {
		t.Errorf("empty selection: %q", got)
	}
}

// TestRewriteSample: every file of the shipped sample can be rewritten,
// and SetSelection then SetCase leave every other key as it was (checked
// inside: an error here is a layout the check took for damage).
func TestRewriteSample(t *testing.T) {
	files, _ := filepath.Glob("../../content/*/*.md")
	more, _ := filepath.Glob("../../content/news/*/*/*.md")
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("%d sample files: the glob is wrong", len(files))
	}
	sel := Selection{Topics: []string{"antitrust"}, Matched: []Match{{Topic: "antitrust", Term: "fine", Field: "title", Weight: 3}}}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := SetSelection(data, sel); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if _, err := SetCase(data, "a-case"); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// FuzzSetSelection: whatever an editor's front matter, SetSelection
// refuses it or writes the selection, keeps the other keys (checked
// inside), and a second run changes nothing or, on layouts the splice
// cannot read back (line ends mixed within the front matter), refuses.
func FuzzSetSelection(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\ntopics: [a]\n---\nb\n",
		"---\nentities:\n  - cma # c\n# n\ntitle: x\nmatched: []\n---\n",
		"---\r\ntitle: x\r\ntopics: [a]\r\n---\r\n",
		"---\n# c\ntitle: x\nsummary: |\n  topics: no\njurisdictions: [uk]\n---\n",
	} {
		f.Add(s)
	}
	sel := Selection{Topics: []string{"antitrust"}, Entities: []string{"cma"},
		Matched: []Match{{Topic: "antitrust", Term: "CMA", Field: "title", Weight: 6}}}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := SetSelection([]byte(in), sel)
		if err != nil {
			return
		}
		again, err := SetSelection(out, sel)
		if err == nil && !bytes.Equal(again, out) {
			t.Fatalf("a second run changed %q:\n%q\n%q (%v)", in, out, again, err)
		}
	})
}

// TestSetSelectionRulesTagged: rules_tagged, the record of the entities
// and jurisdictions the rules set, is written after matched, and
// replaced where the file has it.
func TestSetSelectionRulesTagged(t *testing.T) {
	sel := Selection{Topics: []string{"antitrust"}, Entities: []string{"cma"}, Jurisdictions: []string{"uk"},
		Matched:     []Match{{Topic: "antitrust", Term: "CMA", Field: "title", Weight: 6}},
		RulesTagged: []string{"cma", "uk"}}
	for in, want := range map[string]string{
		"---\ntitle: x\ntopics: [antitrust]\n---\n":                 "---\ntitle: x\ntopics: [antitrust]\nentities: [cma]\njurisdictions: [uk]\nmatched:\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\nrules_tagged: [cma, uk]\n---\n",
		"---\ntitle: x\nrules_tagged: [us]\nextracted: true\n---\n": "---\ntitle: x\ntopics: [antitrust]\nentities: [cma]\njurisdictions: [uk]\nmatched:\n  - {topic: antitrust, term: CMA, field: title, weight: 6.0}\nrules_tagged: [cma, uk]\nextracted: true\n---\n",
	} {
		got, err := SetSelection([]byte(in), sel)
		if err != nil || string(got) != want {
			t.Errorf("SetSelection(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
