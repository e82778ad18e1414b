package reselect

import (
	"docket/internal/content"
	"docket/internal/topic"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestApply: the rules' verdict is written into the front matter only,
// the editor's tags and comments kept; a pinned item is left alone.
func TestApply(t *testing.T) {
	rules, err := topic.Load("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"news/2024/01/fine.md":   "---\ntitle: Commission fines platform for abuse of dominance\ndate: 2024-01-02\n# the editor's tag:\ntopics: [interoperability]\n---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n",
		"news/2024/01/pinned.md": "---\ntitle: Quarterly results\ndate: 2024-01-02\ntopics: [antitrust]\nmatched:\n  - {topic: antitrust, term: x, field: body, weight: 1}\npinned: true\n---\n\nNothing here.\n",
	}
	for rel, data := range files {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	tree, ps := content.Load(dir, nil)
	if tree == nil {
		t.Fatal(ps.Err())
	}
	kinds := map[string]Kind{}
	for _, d := range tree.Docs {
		c, err := Doc(rules, d)
		if err != nil {
			t.Fatal(err)
		}
		kinds[d.Rel] = c.Kind
		if err := Apply(dir, d, c); err != nil {
			t.Fatal(err)
		}
	}
	if kinds["news/2024/01/fine"] != Changed || kinds["news/2024/01/pinned"] != PinnedKept {
		t.Errorf("kinds %v", kinds)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "news/2024/01/fine.md"))
	if !strings.Contains(string(got), "# the editor's tag:\ntopics: [antitrust, interoperability]\n") ||
		!strings.Contains(string(got), "matched:\n  - {topic: antitrust") ||
		!strings.HasSuffix(string(got), "---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n") {
		t.Errorf("rewritten:\n%s", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "news/2024/01/pinned.md")); string(got) != files["news/2024/01/pinned.md"] {
		t.Errorf("pinned item rewritten:\n%s", got)
	}
}

// TestEditorsTopicStaysTheirs: a topic the editor wrote stays the
// editor's when the rules select it too (no matches are recorded for it,
// which would make it the rules'), and so when they stop selecting it.
func TestEditorsTopicStaysTheirs(t *testing.T) {
	d := &content.Doc{Entry: content.Entry{
		Topics:  []string{"antitrust", "interoperability"}, // interoperability: the editor's
		Matched: []content.Match{{Topic: "antitrust", Term: "fine", Field: "title", Weight: 3}},
	}}
	both := topic.Result{Topics: []string{"antitrust", "interoperability"}, Matched: []topic.Match{
		{Topic: "antitrust", Term: "fine", Field: "title", Weight: 3},
		{Topic: "interoperability", Term: "open up", Field: "title", Weight: 3},
	}}
	got, _ := keepEditorsTags(both, d)
	for _, m := range got.Matched {
		if m.Topic == "interoperability" {
			t.Errorf("a match recorded for the editor's topic: %+v", m)
		}
	}
	if len(both.Matched) != 2 {
		t.Error("the rules' result was changed in place")
	}
	// Written, and read back: then the rules select neither topic.
	d.Matched = make([]content.Match, len(got.Matched))
	for i, m := range got.Matched {
		d.Matched[i] = content.Match(m)
	}
	if later, _ := keepEditorsTags(topic.Result{}, d); !slices.Equal(later.Topics, []string{"interoperability"}) {
		t.Errorf("once the rules select nothing, topics %v, want the editor's [interoperability]", later.Topics)
	}
}

// TestEditorsRemovalStays: a topic the rules set (its matches still in
// the file) that the editor took out of topics stays out, and its
// matches stay as the record of it; select put it back at every run.
func TestEditorsRemovalStays(t *testing.T) {
	fine := content.Match{Topic: "antitrust", Term: "fine", Field: "title", Weight: 3}
	d := &content.Doc{Entry: content.Entry{
		Topics:  []string{"interoperability"},
		Matched: []content.Match{fine, {Topic: "interoperability", Term: "open up", Field: "title", Weight: 3}},
	}}
	rules := topic.Result{Topics: []string{"antitrust", "interoperability"}, Matched: []topic.Match{
		{Topic: "antitrust", Term: "fine", Field: "title", Weight: 3},
		{Topic: "antitrust", Term: "competition", Field: "summary", Weight: 1},
		{Topic: "interoperability", Term: "open up", Field: "title", Weight: 3},
	}}
	got, _ := keepEditorsTags(rules, d)
	if !slices.Equal(got.Topics, []string{"interoperability"}) {
		t.Errorf("topics %v, want the editor's [interoperability]", got.Topics)
	}
	if !SameMatches(got.Matched, d.Matched) {
		t.Errorf("matches %+v, want the file's %+v", got.Matched, d.Matched)
	}
}

// TestApplyChangedFile: a file an editor saved after select read it is
// not rewritten from what select read: the edit stays, and Apply says so.
func TestApplyChangedFile(t *testing.T) {
	rules, err := topic.Load("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "news/2024/01/fine.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("---\ntitle: Commission fines platform for abuse of dominance\ndate: 2024-01-02\n---\n\nAn antitrust case under competition law.\n"), 0o644)
	tree, ps := content.Load(dir, nil)
	if tree == nil || len(tree.Docs) != 1 {
		t.Fatal(ps.Err())
	}
	d := tree.Docs[0]
	c, err := Doc(rules, d)
	if err != nil || c.Kind == Unchanged {
		t.Fatalf("the rules change nothing (%v): the test needs a change", err)
	}
	edited := "---\ntitle: Commission fines platform for abuse of dominance\ndate: 2024-01-02\nentities: [ec]\n---\n\nAn antitrust case under competition law.\n"
	os.WriteFile(p, []byte(edited), 0o644)
	if err := Apply(dir, d, c); !errors.Is(err, content.ErrChanged) {
		t.Errorf("Apply on a file changed since the load: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != edited {
		t.Errorf("the editor's edit was overwritten:\n%s", got)
	}
}

// TestEditorsOrderUnchanged: an item whose topics are the rules' and the
// editor's, listed in another order than the rules', is unchanged:
// select neither reports it nor reorders the editor's list.
func TestEditorsOrderUnchanged(t *testing.T) {
	rules, err := topic.Load("../../feeds")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "news/2024/01/fine.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("---\ntitle: Commission fines platform for abuse of dominance\ndate: 2024-01-02\n---\n\nThe antitrust case turns on competition law and an abuse of dominance.\n"), 0o644)
	load := func() *content.Doc {
		tree, ps := content.Load(dir, nil)
		if tree == nil || len(tree.Docs) != 1 {
			t.Fatal(ps.Err())
		}
		return tree.Docs[0]
	}
	d := load()
	c, err := Doc(rules, d)
	if err != nil || c.Kind != Added || !strings.Contains(strings.Join(c.Result.Topics, ","), "antitrust") || len(c.Result.Topics) != 1 {
		t.Fatalf("first select: %+v, %v", c, err)
	}
	if err := Apply(dir, d, c); err != nil {
		t.Fatal(err)
	}
	// The editor adds interoperability before the rules' antitrust.
	data, _ := os.ReadFile(p)
	edited := strings.Replace(string(data), "topics: [antitrust]", "topics: [interoperability, antitrust]", 1)
	if edited == string(data) {
		t.Fatalf("no topics line:\n%s", data)
	}
	os.WriteFile(p, []byte(edited), 0o644)
	if c, err := Doc(rules, load()); err != nil || c.Kind != Unchanged {
		t.Errorf("after the editor's tag: kind %v (topics %v), %v; want unchanged", c.Kind, c.Result.Topics, err)
	}
}

// TestItemAsFetchScoredIt: the item the rules see again is the one fetch
// scored: the body without the blank line before it, and a body that is
// the feed's summary (fetch's, when it did not extract) as the summary.
func TestItemAsFetchScoredIt(t *testing.T) {
	const fm = "---\ntitle: T\ndate: 2024-01-02\nsummary: \"First paragraph.\"\n"
	for _, tt := range []struct {
		name, file, summary, body string
	}{
		{"extracted", fm + "extracted: true\n---\n\nArticle text.\n", "First paragraph.", "Article text.\n"},
		{"editor's entry", fm + "---\n\nFirst paragraph. More.\n", "First paragraph.", "First paragraph. More.\n"},
		{"no blank line", fm + "---\nText.\n", "First paragraph.", "Text.\n"},
		{"feed's summary", fm + "extracted: false\n---\n\nFirst paragraph.\n\nSecond one.\n", "First paragraph.\n\nSecond one.", ""},
		{"editor's text in its place", fm + "extracted: false\n---\n\nAn editor's account.\n", "First paragraph.", "An editor's account.\n"},
		// Saved again by an editor's tool with \r\n line ends: the same
		// text, or every match's offset moves.
		{"crlf", strings.ReplaceAll(fm+"extracted: true\n---\n\nArticle text.\nMore.\n", "\n", "\r\n"), "First paragraph.", "Article text.\nMore.\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "news", "2024", "01", "t.md")
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(tt.file), 0o644)
			tree, ps := content.Load(dir, nil)
			if err := ps.Err(); err != nil {
				t.Fatal(err)
			}
			it, err := Item(tree.Docs[0])
			if err != nil {
				t.Fatal(err)
			}
			if it.Summary != tt.summary || it.Body != tt.body {
				t.Errorf("summary %q, body %q; want %q, %q", it.Summary, it.Body, tt.summary, tt.body)
			}
		})
	}
}
