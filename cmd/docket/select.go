package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"docket/internal/content"
	"docket/internal/topic"

	"github.com/goccy/go-yaml"

	"docket/internal/projfile"
)

const selectSummary = "re-apply the topic rules to content/news: --diff shows changes, --apply writes them, --eval measures them"

func runSelect(std stdio, args []string) error {
	fs := newFlags(std, "select", "--diff|--apply|--eval [FILE.jsonl…] [--content DIR] [--feeds DIR]", selectSummary+
		".\nOnly topics, entities, jurisdictions and matched change; bodies and editors' keys are kept. A tag in the file is the editor's unless matched records the rules set it: select adds tags and drops only the rules' own. pinned: true items are never dropped, hidden: true items are left alone."+
		"\n--eval reports precision and recall of the rules against the editors' decisions (feeds/decisions.jsonl) and against each labelled FILE.jsonl ({id, title, summary, lang, topics, unsure} per line).")
	diff := fs.Bool("diff", false, "print what would be added, dropped or changed, and why; write nothing")
	apply := fs.Bool("apply", false, "update the front matter of changed items")
	eval := fs.Bool("eval", false, "measure the rules against labelled examples; write nothing")
	root := rootFlag(fs)
	contentFlag := dirFlag(fs, root, "content", "content folder")
	feeds := dirFlag(fs, root, "feeds", "folder with topics.yaml and entities.yaml")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *eval && !*diff && !*apply {
		return runEval(std, feeds(), fs.Args())
	}
	if *diff == *apply || *eval || fs.NArg() > 0 {
		return usageError("select needs exactly one of --diff, --apply or --eval")
	}
	contentDir := contentFlag()
	if err := needProject(filepath.Dir(contentDir), useRoot); err != nil {
		return err
	}
	rules, err := topic.Load(feeds())
	if err != nil {
		return err
	}
	tree, ps := content.Load(contentDir, nil)
	if tree == nil {
		return ps.Err()
	}
	var n selectCounts
	for _, d := range tree.Docs {
		if d.Kind != content.News {
			continue
		}
		c := reselect(rules, d)
		n.add(c)
		if c.kind == unchanged || c.kind == hiddenItem {
			continue
		}
		c.print(std.out, d)
		if *apply && c.kind != pinnedKept {
			if err := rewriteFrontMatter(filepath.Join(contentDir, filepath.FromSlash(d.Rel)+".md"), c.res); err != nil {
				return err
			}
		}
	}
	verb := "would change"
	if *apply {
		verb = "changed"
	}
	fmt.Fprintf(std.out, "%d news items: %s %d (%d added, %d dropped); %d pinned kept; %d hidden left alone\n",
		n.total, verb, n.added+n.dropped+n.changed, n.added, n.dropped, n.pinned, n.hidden)
	return nil
}

// change is what re-applying the rules does to one item.
type change struct {
	kind       changeKind
	res        topic.Result
	oldTopics  []string
	oldEnts    []string
	oldJuris   []string
	thresholds map[string]float64
}

type changeKind int

const (
	unchanged  changeKind = iota
	added                 // had no topic, now has one
	dropped               // had a topic, now has none
	changed               // topics, entities, jurisdictions or matches differ
	pinnedKept            // the rules would drop it, the editor pinned it
	hiddenItem            // the editor hid it: not touched
)

func reselect(rules *topic.Rules, d *content.Doc) change {
	res := keepEditorsTags(rules.Classify(itemFromDoc(d)), d)
	c := change{res: res, oldTopics: d.Topics, oldEnts: d.Entities, oldJuris: d.Jurisdictions, thresholds: map[string]float64{}}
	for _, t := range rules.Topics {
		c.thresholds[t.ID] = t.Threshold
	}
	switch {
	case d.Hidden:
		c.kind = hiddenItem
	case len(res.Topics) == 0 && len(d.Topics) > 0 && d.Pinned:
		c.kind = pinnedKept
	case len(res.Topics) == 0 && len(d.Topics) > 0:
		c.kind = dropped
	case len(res.Topics) > 0 && len(d.Topics) == 0:
		c.kind = added
	case !slices.Equal(res.Topics, d.Topics) || !slices.Equal(res.Entities, d.Entities) ||
		!slices.Equal(res.Jurisdictions, d.Jurisdictions) || !sameMatches(res.Matched, d.Matched):
		c.kind = changed
	}
	return c
}

// keepEditorsTags merges what the rules say now with the tags in the file.
// The rules' own record is matched: a topic with matched entries was set
// by the rules and is theirs to drop. Every other tag (a topic without
// matches, every entity and jurisdiction, for which no record says who
// wrote them) is taken to be the editor's: kept, never removed or changed.
// The rules may only add.
func keepEditorsTags(res topic.Result, d *content.Doc) topic.Result {
	ruleSet := map[string]bool{}
	for _, m := range d.Matched {
		ruleSet[m.Topic] = true
	}
	var topics []string
	for _, t := range d.Topics {
		if !ruleSet[t] && !slices.Contains(res.Topics, t) {
			topics = append(topics, t)
		}
	}
	res.Topics = append(append([]string{}, res.Topics...), topics...)
	res.Entities = union(d.Entities, res.Entities)
	res.Jurisdictions = union(d.Jurisdictions, res.Jurisdictions)
	return res
}

// union is old followed by what now adds to it.
func union(old, now []string) []string {
	out := append([]string{}, old...)
	for _, x := range now {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func sameMatches(a []topic.Match, b []content.Match) bool {
	return slices.EqualFunc(a, b, func(x topic.Match, y content.Match) bool { return content.Match(x) == y })
}

// print explains one change: each topic gained or lost with its score, and
// the ID lists that differ.
func (c change) print(w io.Writer, d *content.Doc) {
	label := map[changeKind]string{added: "add", dropped: "drop", changed: "update", pinnedKept: "keep (pinned)"}[c.kind]
	fmt.Fprintf(w, "%s %s: %s\n", label, d.Rel, d.Title)
	for _, t := range c.res.Topics {
		if !slices.Contains(c.oldTopics, t) {
			fmt.Fprintf(w, "    + topic %s: score %v >= %v (%s)\n", t, c.res.Scores[t], c.thresholds[t], termsFor(c.res, t))
		}
	}
	for _, t := range c.oldTopics {
		if !slices.Contains(c.res.Topics, t) {
			fmt.Fprintf(w, "    - topic %s: score %v, threshold %v, or too few kinds of evidence (docket explain shows which)\n", t, c.res.Scores[t], c.thresholds[t])
		}
	}
	listDiff(w, "entities", c.oldEnts, c.res.Entities)
	listDiff(w, "jurisdictions", c.oldJuris, c.res.Jurisdictions)
	if !sameMatches(c.res.Matched, d.Matched) {
		fmt.Fprintf(w, "    matched: %d rules fired (was %d)\n", len(c.res.Matched), len(d.Matched))
	}
}

func termsFor(res topic.Result, t string) string {
	var terms []string
	for _, m := range res.Matched {
		if m.Topic == t && !slices.Contains(terms, m.Term) {
			terms = append(terms, fmt.Sprintf("%q", m.Term))
		}
	}
	return strings.Join(terms, ", ")
}

func listDiff(w io.Writer, name string, old, now []string) {
	var d []string
	for _, x := range now {
		if !slices.Contains(old, x) {
			d = append(d, "+"+x)
		}
	}
	for _, x := range old {
		if !slices.Contains(now, x) {
			d = append(d, "-"+x)
		}
	}
	if len(d) > 0 {
		fmt.Fprintf(w, "    %s: %s\n", name, strings.Join(d, " "))
	}
}

type selectCounts struct{ total, added, dropped, changed, pinned, hidden int }

func (n *selectCounts) add(c change) {
	n.total++
	switch c.kind {
	case added:
		n.added++
	case dropped:
		n.dropped++
	case changed:
		n.changed++
	case pinnedKept:
		n.pinned++
	case hiddenItem:
		n.hidden++
	}
}

// rewriteFrontMatter replaces the selection keys in a content file and
// leaves every other line, the body above all, as it was. The file is
// replaced atomically.
func rewriteFrontMatter(path string, res topic.Result) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := replaceSelection(data, res)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return projfile.Replace(path, out)
}

// replaceSelection drops the top-level selection keys (and their indented
// or continued values) from the front matter and writes the new ones where
// the first of them was, or at its end.
func replaceSelection(data []byte, res topic.Result) ([]byte, error) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) == 0 || strings.TrimSpace(string(lines[0])) != "---" {
		return nil, fmt.Errorf("no front matter")
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(string(lines[i]), " \t\r\n") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, fmt.Errorf("front matter is not closed")
	}
	block, err := selectionYAML(res)
	if err != nil {
		return nil, err
	}
	owned := []string{"topics", "entities", "jurisdictions", "matched"}
	var b bytes.Buffer
	b.Write(lines[0])
	at, skipping := -1, false
	for _, l := range lines[1:end] {
		s := string(l)
		top := len(s) > 0 && s[0] != ' ' && s[0] != '\t' && s[0] != '\n' && s[0] != '\r'
		switch {
		case top && s[0] == '#':
			skipping = false // a comment at the margin belongs to what follows
		case top:
			key, _, _ := strings.Cut(s, ":")
			skipping = slices.Contains(owned, strings.TrimSpace(key))
			if skipping && at < 0 {
				at = b.Len()
			}
		}
		if !skipping {
			b.Write(l)
		}
	}
	fm := b.Bytes()
	if at < 0 {
		at = len(fm)
	}
	var out bytes.Buffer
	out.Write(fm[:at])
	out.Write(block)
	out.Write(fm[at:])
	for _, l := range lines[end:] {
		out.Write(l)
	}
	return out.Bytes(), nil
}

// selectionYAML renders the selection keys in the style fetch writes:
// flow lists, one flow mapping per match.
func selectionYAML(res topic.Result) ([]byte, error) {
	var b bytes.Buffer
	for _, kv := range []struct {
		key string
		ids []string
	}{{"topics", res.Topics}, {"entities", res.Entities}, {"jurisdictions", res.Jurisdictions}} {
		if len(kv.ids) == 0 {
			continue
		}
		v, err := yaml.MarshalWithOptions(kv.ids, yaml.Flow(true))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%s: %s", kv.key, v)
	}
	if len(res.Matched) > 0 {
		b.WriteString("matched:\n")
		for _, m := range res.Matched {
			v, err := yaml.MarshalWithOptions(content.Match(m), yaml.Flow(true))
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "  - %s", v)
		}
	}
	return b.Bytes(), nil
}
