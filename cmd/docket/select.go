package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"docket/internal/content"
	"docket/internal/reselect"
	"docket/internal/topic"
)

const selectSummary = "re-apply the topic rules to content/news: --diff shows changes, --apply writes them, --eval measures them"

func runSelect(std stdio, args []string) error {
	fs := newFlags(std, "select", "--diff|--apply|--eval [FILE.jsonl…] [--root DIR] [--content DIR] [--feeds DIR]", selectSummary+
		".\nOnly topics, entities, jurisdictions and matched change; bodies and editors' keys are kept. A tag in the file is the editor's unless matched records the rules set it: select adds tags and drops only the rules' own, and a topic of theirs an editor took out of topics (leaving its matched lines) stays out. pinned: true items are never dropped, hidden: true items are left alone."+
		"\n--eval reports precision and recall of the rules against the editors' decisions (feeds/decisions.jsonl) and against each labelled FILE.jsonl ({id, title, summary, lang, topics, unsure} per line).")
	diff := fs.Bool("diff", false, "print what would be added, dropped or changed, and why; write nothing")
	apply := fs.Bool("apply", false, "update the front matter of changed items")
	eval := fs.Bool("eval", false, "measure the rules against labelled examples; write nothing")
	root := rootFlag(fs)
	contentFlag := dirFlag(fs, root, "content", "content folder")
	feeds := dirFlag(fs, root, "feeds", "folder with topics.yaml and entities.yaml")
	// Flags may follow --eval's files, as the usage line shows them.
	files, err := parseAnywhere(fs, args)
	if err != nil {
		return err
	}
	if *eval && !*diff && !*apply {
		return runEval(std, *root, feeds(), files)
	}
	if *diff == *apply || *eval || len(files) > 0 {
		return usageError("select needs exactly one of --diff, --apply or --eval")
	}
	contentDir := contentFlag()
	// Cleaned first: the Dir of "content/" is "content".
	if err := needProject(filepath.Dir(filepath.Clean(contentDir)), useRoot); err != nil {
		return err
	}
	rules, err := topic.Load(feeds())
	if err != nil {
		return err
	}
	status := newStatusLine(std.err)
	defer status.clear()
	status.show(true, "loading content")
	tree, ps := content.Load(contentDir, nil)
	if tree == nil {
		return ps.Err()
	}
	skipped := skippedFiles(std.err, tree, ps, status)
	thresholds := map[string]float64{}
	for _, t := range rules.Topics {
		thresholds[t.ID] = t.Threshold
	}
	var n selectCounts
	for i, d := range tree.Docs {
		status.show(i == 0, "selecting: %d of %d entries", i, len(tree.Docs))
		if d.Kind != content.News {
			continue
		}
		c, err := reselect.Doc(rules, d)
		if err != nil {
			return err
		}
		n.add(c.Kind)
		if c.Kind == reselect.Unchanged || c.Kind == reselect.Hidden {
			continue
		}
		status.clear()
		printChange(std.out, c, d, thresholds)
		if *apply {
			if err := reselect.Apply(contentDir, d, c); err != nil {
				return err
			}
		}
	}
	status.clear()
	verb := "would change"
	if *apply {
		verb = "changed"
	}
	fmt.Fprintf(std.out, "%d news items: %s %d (%d added, %d dropped); %d pinned kept; %d hidden left alone\n",
		n.total, verb, n.added+n.dropped+n.changed, n.added, n.dropped, n.pinned, n.hidden)
	if skipped > 0 {
		fmt.Fprintf(std.out, "%d %s left out (their problems are above)\n", skipped, plural(skipped, "file", "files"))
	}
	return nil
}

// skippedFiles says each problem the load found, so that the files
// select leaves out are not passed over in silence, and counts those
// files: the ones with a problem and no document.
func skippedFiles(w io.Writer, tree *content.Tree, ps content.Problems, status *statusLine) int {
	left := map[string]bool{}
	for _, p := range ps {
		status.clear()
		fmt.Fprintf(w, "select: %v\n", p)
		left[p.Path] = true
	}
	for _, d := range tree.Docs {
		delete(left, d.Path)
	}
	return len(left)
}

// print explains one change: each topic gained or lost with its score, and
// the ID lists that differ.
func printChange(w io.Writer, c reselect.Change, d *content.Doc, thresholds map[string]float64) {
	label := map[reselect.Kind]string{reselect.Added: "add", reselect.Dropped: "drop", reselect.Changed: "update", reselect.PinnedKept: "keep (pinned)"}[c.Kind]
	fmt.Fprintf(w, "%s %s: %s\n", label, d.Rel, d.Title)
	for _, t := range c.Result.Topics {
		if !slices.Contains(d.Topics, t) {
			fmt.Fprintf(w, "    + topic %s: score %v >= %v (%s)\n", t, c.Result.Scores[t], thresholds[t], termsFor(c.Result, t))
		}
	}
	for _, t := range d.Topics {
		if !slices.Contains(c.Result.Topics, t) {
			fmt.Fprintf(w, "    - topic %s: score %v, threshold %v, or too few kinds of evidence (docket explain shows which)\n", t, c.Result.Scores[t], thresholds[t])
		}
	}
	listDiff(w, "entities", d.Entities, c.Result.Entities)
	listDiff(w, "jurisdictions", d.Jurisdictions, c.Result.Jurisdictions)
	if !reselect.SameMatches(c.Result.Matched, d.Matched) {
		fmt.Fprintf(w, "    matched: %d rules fired (was %d)\n", len(c.Result.Matched), len(d.Matched))
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

func (n *selectCounts) add(k reselect.Kind) {
	n.total++
	switch k {
	case reselect.Added:
		n.added++
	case reselect.Dropped:
		n.dropped++
	case reselect.Changed:
		n.changed++
	case reselect.PinnedKept:
		n.pinned++
	case reselect.Hidden:
		n.hidden++
	}
}
