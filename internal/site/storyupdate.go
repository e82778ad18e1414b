package site

import (
	"cmp"
	"reflect"
	"slices"
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

// lazyInputs is the clustering's story.Source over the model's items: it
// makes each item's input when the clustering asks for it, so a one-shot
// build does not hold every input at once (on a large archive ~220 B an
// entry at the peak of the load), nor every story ID (~75 B an entry).
type lazyInputs struct {
	m     *model
	owner map[string]*Item
}

func newLazyInputs(m *model) *lazyInputs {
	return &lazyInputs{m: m, owner: relatedOwners(m.items)}
}

func (l *lazyInputs) Len() int { return len(l.m.items) }

func (l *lazyInputs) Key(i int) (time.Time, string) {
	it := l.m.items[i]
	return it.Date, it.StoryID()
}

// Item only reads the model and owner, so the clustering may ask for
// items from several goroutines at once.
func (l *lazyInputs) Item(i int) story.Item {
	it := l.m.items[i]
	in := storyInputID(it.entry, it.StoryID(), l.m.rules)
	in.Related = ownRelated(it, l.owner)
	return in
}

// ownRelated are the story IDs of the news an event lists in related
// and owns (relatedOwners).
func ownRelated(it *Item, owner map[string]*Item) []string {
	var out []string
	for _, r := range it.relatedRels() {
		if owner[r] == it {
			out = append(out, strings.ReplaceAll(strings.TrimPrefix(r, "news/"), "/", "-"))
		}
	}
	return out
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
			in, ok = c.m[it.full]
		}
		if !ok {
			in = storyInput(it.entry, m.rules)
			if c != nil {
				c.m[it.full] = in
			}
		}
		out[i] = in
		out[i].Related = ownRelated(it, owner)
	}
	return out
}

// recluster brings the last clustering up to date after the entries with
// story IDs changed were saved, created or deleted: only the stories with
// a report within a Window of a changed entry (or pinned to, or listed by,
// an entry clustered again) are clustered again, with the changed entries;
// the others stand. The preview uses it; a build clusters all.
func recluster(prev *storyIndex, m *model, changed []string, c *inputCache) *storyIndex {
	x := &storyIndex{items: inputs(m, c)}
	opt := storyOptions(m.rules)
	win := opt.Window
	var dates []time.Time
	sub := map[string]bool{} // IDs of the items to cluster again
	for _, id := range changed {
		sub[id] = true
		for _, list := range [][]story.Item{x.items, prev.items} {
			if i := slices.IndexFunc(list, func(it story.Item) bool { return it.ID == id }); i >= 0 {
				dates = append(dates, list[i].Date)
			}
		}
	}
	prevList := prev.stories()
	hit := make([]bool, len(prevList))
	for k, sp := range prev.spans {
		hit[k] = sp.near(dates, win)
	}
	var lo, hi time.Time // the dates of the items clustered again
	var undated bool     // whether undated items are among them
	out := func(d time.Time) bool {
		return (d.IsZero() && !undated) || (!d.IsZero() && (d.Before(lo) || d.After(hi)))
	}
	for {
		// Items clustered again follow their editors' word: the stories
		// of the items they are pinned to or list are clustered too.
		want := map[string]bool{}
		for k := range prevList {
			if !hit[k] {
				continue
			}
			for _, mb := range prevList[k].Members {
				sub[mb.ID] = true
			}
		}
		// Only items within the dates of the stories hit and the changed
		// entries can be among them.
		lo, hi, undated = time.Time{}, time.Time{}, false
		widen := func(d time.Time) {
			if d.IsZero() {
				undated = true
				return
			}
			if lo.IsZero() || d.Before(lo) {
				lo = d
			}
			if d.After(hi) {
				hi = d
			}
		}
		for _, d := range dates {
			widen(d)
		}
		for k, sp := range prev.spans {
			if hit[k] {
				undated = undated || sp.undated
				if !sp.lo.IsZero() {
					widen(sp.lo)
					widen(sp.hi)
				}
			}
		}
		for i := range x.items {
			it := &x.items[i]
			if out(it.Date) || !sub[it.ID] {
				continue
			}
			if it.Story != "" && it.Story != story.Own && !sub[it.Story] {
				want[it.Story] = true
			}
			for _, r := range it.Related {
				if !sub[r] {
					want[r] = true
				}
			}
		}
		more := false
		for k := range prevList {
			if hit[k] || len(want) == 0 {
				continue
			}
			if want[prevList[k].ID] || slices.ContainsFunc(prevList[k].Members, func(mb story.Member) bool { return want[mb.ID] }) {
				hit[k], more = true, true
			}
		}
		if !more {
			break
		}
	}
	var items []story.Item
	for i := range x.items {
		if !out(x.items[i].Date) && sub[x.items[i].ID] {
			items = append(items, x.items[i])
		}
	}
	res := story.Cluster(items, opt)
	kept := make([]story.Story, 0, len(prevList))
	keptSpans := make([]span, 0, len(prevList))
	for k := range prevList {
		if !hit[k] {
			kept = append(kept, prevList[k])
			keptSpans = append(keptSpans, prev.spans[k])
		} else {
			x.replaced = append(x.replaced, prevList[k])
		}
	}
	x.fresh = res.Stories
	x.list, x.spans = mergeByID(kept, keptSpans, res.Stories, spans(items, res.Stories))
	return x
}

// span is the dates of a story's reports.
type span struct {
	lo, hi  time.Time // of the dated reports; zero when none is
	undated bool      // a report has no date
}

// near reports whether a story of this span may change when entries of
// these dates change: an undated report or entry is near all.
func (sp span) near(dates []time.Time, win time.Duration) bool {
	for _, d := range dates {
		if sp.undated || d.IsZero() || (!sp.lo.IsZero() && !d.Before(sp.lo.Add(-win)) && !d.After(sp.hi.Add(win))) {
			return true
		}
	}
	return false
}

// spans are the spans of stories of the items.
func spans(items []story.Item, stories []story.Story) []span {
	date := make(map[string]time.Time, len(items))
	for i := range items {
		date[items[i].ID] = items[i].Date
	}
	out := make([]span, len(stories))
	for k := range stories {
		sp := &out[k]
		for _, mb := range stories[k].Members {
			d := date[mb.ID]
			switch {
			case d.IsZero():
				sp.undated = true
			case sp.lo.IsZero():
				sp.lo, sp.hi = d, d
			default:
				if d.Before(sp.lo) {
					sp.lo = d
				}
				if d.After(sp.hi) {
					sp.hi = d
				}
			}
		}
	}
	return out
}

// mergeByID merges two lists of stories ordered by ID, and their spans.
func mergeByID(a []story.Story, as []span, b []story.Story, bs []span) ([]story.Story, []span) {
	out, spans := make([]story.Story, 0, len(a)+len(b)), make([]span, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if strings.Compare(a[0].ID, b[0].ID) <= 0 {
			out, spans, a, as = append(out, a[0]), append(spans, as[0]), a[1:], as[1:]
		} else {
			out, spans, b, bs = append(out, b[0]), append(spans, bs[0]), b[1:], bs[1:]
		}
	}
	return append(append(out, a...), b...), append(append(spans, as...), bs...)
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

// storiesKept reports, when the changed entries changed only in what is
// shown of them (sameShape), whether their stories stay as they are: a
// new title or summary may move an entry to another story. The stories
// are made again for the saved entries on the model as it is; when they
// differ, they are kept for index, which must then run.
func (s *Site) storiesKept() bool {
	m := s.b.m
	changed := false
	for _, it := range m.items {
		if d := s.docs[it.Rel]; d != it.full && d != nil {
			a, b := storyInput(it.entry, s.rules), storyInput(newEntry(d, nil), s.rules)
			b.Lang = cmp.Or(b.Lang, s.conf.Language)
			if !reflect.DeepEqual(a, b) {
				changed = true
				break
			}
		}
	}
	if !changed {
		return true
	}
	// The model with the saved documents, for the clustering only.
	saved := &model{items: make([]*Item, len(m.items)), rules: m.rules}
	for i, it := range m.items {
		cp := *it
		if d := s.docs[it.Rel]; d != nil && d != it.full {
			d.Lang = cmp.Or(d.Lang, s.conf.Language)
			cp.entry = newEntry(d, it.src)
		}
		saved.items[i] = &cp
	}
	x := recluster(s.stories, saved, s.changed, s.inputs)
	if reflect.DeepEqual(x.replaced, x.fresh) {
		s.stories, s.changed = x, nil
		return true
	}
	x.pending = true
	s.stories = x
	return false
}
