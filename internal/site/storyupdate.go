package site

import (
	"strings"
	"time"

	"docket/internal/content"
	"docket/internal/story"
)

// inputCache keeps each entry's clustering input (storyInput: its plain
// title and summary, canonical URL, entities) by parsed document, so that
// after a save only the re-read entry's is made again. A document is
// replaced when its file is re-read and the cache is emptied when the
// rules change (reload), so an input never outlives what it was made of;
// the inputs of replaced documents are dropped when they pile up.
type inputCache struct {
	m map[*content.Doc]story.Item
}

// inputs are the clustering inputs of the model's items, related news
// given to the one event that owns them. c may be nil.
func inputs(m *model, c *inputCache) []story.Item {
	owner := relatedOwners(m.items)
	out := make([]story.Item, len(m.items))
	if c != nil && (c.m == nil || len(c.m) > 2*len(m.items)+64) {
		c.m = make(map[*content.Doc]story.Item, len(m.items)) // forget replaced documents
	}
	for i, it := range m.items {
		in, ok := story.Item{}, false
		if c != nil {
			in, ok = c.m[it.Doc]
		}
		if !ok {
			in = storyInput(it.Doc, m.rules)
			if c != nil {
				c.m[it.Doc] = in
			}
		}
		out[i] = in
		out[i].Related = nil
		for _, r := range it.Doc.Related {
			if owner[r] == it {
				out[i].Related = append(out[i].Related, strings.ReplaceAll(strings.TrimPrefix(r, "news/"), "/", "-"))
			}
		}
	}
	return out
}

// recluster brings the last clustering up to date after the entries with
// story IDs changed were saved, created or deleted: only the stories with
// a report within a Window of a changed entry are clustered again, with
// the changed entries; the others stand. The preview uses it; a build
// clusters all.
func recluster(prev *storyIndex, m *model, changed []string, c *inputCache) *storyIndex {
	x := &storyIndex{items: inputs(m, c), at: make(map[string]int, len(m.items))}
	for i := range x.items {
		x.at[x.items[i].ID] = i
	}
	win := storyOptions(m.rules).Window
	var dates []time.Time
	for _, id := range changed {
		if i, ok := x.at[id]; ok {
			dates = append(dates, x.items[i].Date)
		}
		if i, ok := prev.at[id]; ok && i < len(prev.items) {
			dates = append(dates, prev.items[i].Date)
		}
	}
	near := func(t time.Time) bool {
		for _, d := range dates {
			if t.IsZero() || d.IsZero() || (t.Sub(d) <= win && d.Sub(t) <= win) {
				return true
			}
		}
		return false
	}
	touched := map[string]bool{}
	for _, id := range changed {
		touched[id] = true
	}
	var kept []story.Story
	sub := map[string]bool{}
	for _, s := range prev.stories() {
		hit := false
		for _, mb := range s.Members {
			i, ok := prev.at[mb.ID]
			if touched[mb.ID] || !ok || near(prev.items[i].Date) {
				hit = true
				break
			}
		}
		if !hit {
			kept = append(kept, s)
			continue
		}
		for _, mb := range s.Members {
			sub[mb.ID] = true
		}
	}
	for _, id := range changed {
		sub[id] = true
	}
	var items []story.Item
	for i := range x.items {
		if sub[x.items[i].ID] {
			items = append(items, x.items[i])
		}
	}
	res := story.Cluster(items, storyOptions(m.rules))
	x.list = mergeByID(kept, res.Stories)
	return x
}

// mergeByID merges two lists of stories ordered by ID into one.
func mergeByID(a, b []story.Story) []story.Story {
	out := make([]story.Story, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if strings.Compare(a[0].ID, b[0].ID) <= 0 {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// stories is the clustering's stories, whichever way it was made.
func (x *storyIndex) stories() []story.Story {
	if x.list != nil || x.res == nil {
		return x.list
	}
	return x.res.Stories
}

// kindOf is the kind of an entry by its path below content/.
func kindOf(rel string) content.Kind {
	switch {
	case strings.HasPrefix(rel, "news/"):
		return content.News
	case strings.HasPrefix(rel, "events/"):
		return content.Event
	}
	return content.Page
}
