// Package reselect re-applies the current topic rules to news items that
// are already in content/: docket select (--diff, --apply) and the preview
// server's report after an editor changes the rules both go through it,
// so they always agree.
//
// The editor's word wins: a tag in the file is the editor's unless the
// item's matched list records that the rules set it, and the rules only
// add to the editor's tags; pinned items are never dropped, hidden items
// never touched.
package reselect

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"docket/internal/content"
	"docket/internal/topic"
)

// Kind is what re-applying the rules does to one item.
type Kind int

// The kinds of change, from nothing to everything.
const (
	Unchanged  Kind = iota
	Added           // had no topic, now has one
	Dropped         // had a topic, now has none
	Changed         // topics, entities, jurisdictions or matches differ
	PinnedKept      // the rules would drop it, the editor pinned it
	Hidden          // the editor hid it: not touched
)

// Change is the rules' verdict on one item, with the editor's tags kept.
type Change struct {
	Kind   Kind
	Result topic.Result
	// RulesTagged are the result's entities and jurisdictions that are
	// the rules' (see keepEditorsTags), for the file's rules_tagged.
	RulesTagged []string
}

// Item is what the rules see of an entry: what fetch scored when it
// wrote it. That is its title, summary, language and body, the body as
// fetch had it (without the blank line that parts it from the front
// matter). An item fetch could not extract has the feed's whole summary
// as its body (fedSummary): that is scored as the summary, as fetch
// did, not as a body that repeats it. The body is read from the file,
// which may fail.
func Item(d *content.Doc) (topic.Item, error) {
	data, err := d.Text()
	if err != nil {
		return topic.Item{}, err
	}
	// Offsets count the text as fetch wrote it, with \n line ends: an
	// editor's tool that saved the file with \r\n changes no match.
	body := strings.TrimPrefix(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	it := topic.Item{ID: d.ID, Title: d.Title, Summary: d.Summary, Body: body, Lang: d.Lang}
	if fedSummary(d, body) {
		it.Summary, it.Body = strings.TrimSuffix(body, "\n"), ""
	}
	return it, nil
}

// fedSummary reports whether body is the feed's summary, as fetch writes
// it for an item it did not extract (extracted: false): the front
// matter's summary is its first paragraph, maybe cut. An editor's own
// text in its place is a body.
func fedSummary(d *content.Doc, body string) bool {
	if d.Extracted == nil || *d.Extracted {
		return false
	}
	first := strings.TrimSuffix(d.Summary, "…")
	return first != "" && strings.HasPrefix(body, first)
}

// Doc re-applies rules to one news item.
func Doc(rules *topic.Rules, d *content.Doc) (Change, error) {
	if d.Hidden {
		return Change{Kind: Hidden}, nil
	}
	it, err := Item(d)
	if err != nil {
		return Change{}, fmt.Errorf("reselect: %w", err)
	}
	res, tagged := keepEditorsTags(rules.Classify(it), d)
	c := Change{Result: res, RulesTagged: tagged}
	switch {
	case len(res.Topics) == 0 && len(d.Topics) > 0 && d.Pinned:
		c.Kind = PinnedKept
	case len(res.Topics) == 0 && len(d.Topics) > 0:
		c.Kind = Dropped
	case len(res.Topics) > 0 && len(d.Topics) == 0:
		c.Kind = Added
	case !sameSet(res.Topics, d.Topics) || !slices.Equal(res.Entities, d.Entities) ||
		!slices.Equal(res.Jurisdictions, d.Jurisdictions) || !SameMatches(res.Matched, d.Matched) ||
		!slices.Equal(tagged, d.RulesTagged):
		c.Kind = Changed
	}
	return c, nil
}

// Apply writes the change into the item's file under contentDir (the
// selection keys only, see content.SetSelection), atomically, if the file
// is still the one d was loaded from (else content.ErrChanged). A pinned,
// hidden or unchanged item is left alone.
func Apply(contentDir string, d *content.Doc, c Change) error {
	if c.Kind == Unchanged || c.Kind == Hidden || c.Kind == PinnedKept {
		return nil
	}
	matched := make([]content.Match, len(c.Result.Matched))
	for i, m := range c.Result.Matched {
		matched[i] = content.Match(m)
	}
	sel := content.Selection{Topics: c.Result.Topics, Entities: c.Result.Entities, Jurisdictions: c.Result.Jurisdictions, Matched: matched, RulesTagged: c.RulesTagged}
	path := filepath.Join(contentDir, filepath.FromSlash(d.Rel)+".md")
	err := content.Rewrite(path, d.Sum, func(data []byte) ([]byte, error) { return content.SetSelection(data, sel) })
	if err != nil {
		return fmt.Errorf("reselect: %w", err)
	}
	return nil
}

// keepEditorsTags merges what the rules say now with the tags in the file,
// and returns the entities and jurisdictions that are then the rules'.
// The rules' own record is matched for topics and rules_tagged for
// entities and jurisdictions: a tag they name was set by the rules and is
// theirs to drop; one the editor has since taken out stays out. Every
// other tag (a topic without matches, an entity or jurisdiction of a file
// written before rules_tagged) is the editor's: kept, never removed or
// changed, and the rules may only add. Nor do they claim an editor's tag
// when they find it too: it would be theirs, to drop when they no longer
// find it.
func keepEditorsTags(res topic.Result, d *content.Doc) (topic.Result, []string) {
	ruleSet := map[string]bool{}
	for _, m := range d.Matched {
		ruleSet[m.Topic] = true
	}
	var topics []string
	editors := map[string]bool{}
	for _, t := range d.Topics {
		if ruleSet[t] {
			continue
		}
		editors[t] = true
		if !slices.Contains(res.Topics, t) {
			topics = append(topics, t)
		}
	}
	res.Matched = slices.DeleteFunc(slices.Clone(res.Matched), func(m topic.Match) bool { return editors[m.Topic] })
	res.Topics, res.Matched = keepRemovals(res, d, ruleSet)
	res.Topics = append(res.Topics, topics...)
	var tagged, t []string
	res.Entities, tagged = mergeTags(d.Entities, res.Entities, d.RulesTagged)
	res.Jurisdictions, t = mergeTags(d.Jurisdictions, res.Jurisdictions, d.RulesTagged)
	return res, append(tagged, t...)
}

// mergeTags merges the IDs the rules find now (found) into the file's
// (file), of which those in tagged were the rules': the editor's stay,
// the rules' stay while found, and a found one is added unless it was the
// rules' and the editor took it out. It returns the IDs and those of them
// that are the rules', with the ones the editor took out that the rules
// still find, as the record of it (one the rules stop finding leaves the
// record: should they find it again, it comes back).
func mergeTags(file, found, tagged []string) (ids, rules []string) {
	for _, x := range file {
		editors := !slices.Contains(tagged, x)
		if editors || slices.Contains(found, x) {
			ids = append(ids, x)
		}
		if !editors && slices.Contains(found, x) {
			rules = append(rules, x)
		}
	}
	for _, x := range found {
		switch {
		case slices.Contains(file, x):
		case slices.Contains(tagged, x): // taken out by the editor
			rules = append(rules, x)
		default:
			ids, rules = append(ids, x), append(rules, x)
		}
	}
	return ids, rules
}

// keepRemovals takes out of res the topics the rules set (ruleSet: the
// file's matches name them) that the editor has since taken out of the
// file's topics, and keeps the file's matches of those as the record of
// it, where the rules list that topic's matches: with neither, the next
// select would put the topic back.
func keepRemovals(res topic.Result, d *content.Doc, ruleSet map[string]bool) ([]string, []topic.Match) {
	removed := map[string]bool{}
	for t := range ruleSet {
		if !slices.Contains(d.Topics, t) {
			removed[t] = true
		}
	}
	topics := slices.DeleteFunc(slices.Clone(res.Topics), func(t string) bool { return removed[t] })
	if len(removed) == 0 {
		return topics, res.Matched
	}
	fileOf := func(t string) []topic.Match {
		var ms []topic.Match
		for _, m := range d.Matched {
			if m.Topic == t {
				ms = append(ms, topic.Match(m))
			}
		}
		return ms
	}
	var matched []topic.Match
	done := map[string]bool{}
	for _, m := range res.Matched {
		switch {
		case !removed[m.Topic]:
			matched = append(matched, m)
		case !done[m.Topic]:
			matched, done[m.Topic] = append(matched, fileOf(m.Topic)...), true
		}
	}
	for _, m := range d.Matched { // topics the rules no longer match
		if removed[m.Topic] && !done[m.Topic] {
			matched = append(matched, topic.Match(m))
		}
	}
	return topics, matched
}

// sameSet: a and b hold the same tags. The editor's are listed after the
// rules', so an editor who wrote one first is not a change to report.
func sameSet(a, b []string) bool {
	return len(a) == len(b) && subset(a, b) && subset(b, a)
}

func subset(a, b []string) bool {
	return !slices.ContainsFunc(a, func(x string) bool { return !slices.Contains(b, x) })
}

// SameMatches reports whether the rules' matches are those in the file.
func SameMatches(a []topic.Match, b []content.Match) bool {
	return slices.EqualFunc(a, b, func(x topic.Match, y content.Match) bool { return content.Match(x) == y })
}
