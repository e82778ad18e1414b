package review

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"docket/internal/content"
	"docket/internal/lock"
	"docket/internal/sources"
	"docket/internal/topic"
)

// ErrNotQueued is returned by Decide for an item that is not in the
// queue (any more): nothing was written.
var ErrNotQueued = errors.New("not in the review queue")

// ErrRefused is wrapped by Decide's error for a keep refused before
// anything was written (the item's feed left feeds.yaml, its file would
// not build): the editor may choose again, a drop for one.
var ErrRefused = errors.New("nothing written")

// Project is where decisions are read and written.
type Project struct {
	Root   string   // project folder
	Topics []string // the topic IDs an editor may choose
	Now    func() time.Time
	// Rules and Feeds, when set, give the IDs a kept item's file may
	// name: an entity or feed removed since the item was queued would
	// make a file that fails every build.
	Rules *topic.Rules
	Feeds map[string]bool
}

// Open is the project at root with its topics, entities and feeds.
func Open(root string) (Project, error) {
	rules, err := topic.Load(filepath.Join(root, "feeds"))
	if err != nil {
		return Project{}, err
	}
	p := Project{Root: root, Topics: rules.TopicIDs(), Rules: rules}
	srcs, err := sources.LoadSources(filepath.Join(root, "feeds", "feeds.yaml"))
	switch {
	case errors.Is(err, fs.ErrNotExist): // only editors' entries: no feed to check
	case err != nil:
		return Project{}, err
	default:
		p.Feeds = map[string]bool{}
		for _, f := range srcs.Feeds {
			p.Feeds[f.ID] = true
		}
	}
	return p, nil
}

// Outcome is what a decision did.
type Outcome struct {
	Item Item
	Path string   // the content file written for a kept item, relative to content/
	Left []string // entity and jurisdiction IDs left out: no longer in feeds/entities.yaml
	// Had: content/ had the kept item already at Path (an editor's file
	// of the same URL, or this keep's own from a try that could not
	// record its decision), and nothing was written.
	Had bool
}

// Decide records an editor's decision on the queued item id: Keep (about
// topics, which must be known and not empty) or Drop. See the package
// documentation for the order of the writes.
func (p Project) Decide(id, decision string, topics []string) (Outcome, error) {
	topics = once(topics) // typed or posted twice: one tag in the file
	if err := p.check(decision, topics); err != nil {
		return Outcome{}, err
	}
	release, err := lock.Acquire(p.Root, "review")
	if err != nil {
		return Outcome{}, err
	}
	defer release()
	queuePath, decisionsPath := p.path(QueuePath), p.path(DecisionsPath)
	// Broken queue lines were said when the queue was shown; the
	// decision goes on with the items that could be read.
	q, err := LoadQueue(queuePath, "")
	if q == nil {
		return Outcome{}, err
	}
	it, ok := q.Find(id)
	if !ok {
		return Outcome{}, fmt.Errorf("review: item %q: %w; nothing written", id, ErrNotQueued)
	}
	out := Outcome{Item: it}
	if decision == Keep {
		out.Path, out.Left, out.Had, err = p.keep(it, topics)
		if err != nil {
			return Outcome{}, fmt.Errorf("review: %w", err)
		}
	} else {
		topics = []string{}
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	d := Decision{ID: it.ID, Title: it.Title, Summary: it.Summary, Lang: it.Lang, Topics: topics,
		Decision: decision, Date: now().UTC().Format(time.RFC3339)}
	if err := appendDecision(decisionsPath, d); err != nil {
		return out, err
	}
	q.remove(id, decision == Keep)
	return out, q.Save(queuePath)
}

// keep writes the kept item into content/news, unless a news file there
// is the item already (had), as fetch tells: the same ID, URL, or feed
// and GUID. An editor may have written it by hand since it was queued,
// or a keep whose decision could not be recorded wrote it; a second copy
// would show the item twice.
//
// The rules' entities and jurisdictions that are no longer known are left
// out (and returned); a feed no longer known refuses the keep, as does
// any other problem the file would have: nothing is written then.
func (p Project) keep(it Item, topics []string) (rel string, left []string, had bool, err error) {
	e := it.Entry(topics)
	var tax content.Taxonomy // nil: no IDs checked (not a typed nil)
	if p.Rules != nil {
		tax = p.Rules
		e.Entities, left = known(tax, "entities", e.Entities, left)
		e.Jurisdictions, left = known(tax, "jurisdictions", e.Jurisdictions, left)
	}
	e.RulesTagged = slices.Concat(e.Entities, e.Jurisdictions) // the rules' (the editor chose the topics)
	if p.Feeds != nil && e.Feed != "" && !p.Feeds[e.Feed] {
		return "", nil, false, fmt.Errorf("item %q: its feed %q is no longer in feeds/feeds.yaml: add it back to keep the item, or drop it; %w", it.ID, e.Feed, ErrRefused)
	}
	data, err := content.Render(e, it.Body)
	if err != nil {
		return "", nil, false, err
	}
	names := content.NewsNames(e)
	if _, ps := content.Parse("the kept item", strings.TrimSuffix(names[0], ".md"), data, tax); ps.Err() != nil {
		return "", nil, false, fmt.Errorf("item %q would not build: %w; %w", it.ID, ps.Err(), ErrRefused)
	}
	if rel, err := p.inContent(it); rel != "" || err != nil {
		return rel, left, rel != "", err
	}
	rel, err = content.CreateNewsAt(p.path("content"), e, it.Body, names...)
	return rel, left, false, err
}

// inContent is the news file (relative to content/) that holds it, if
// one does. Only the month of its date and the months either side are
// read: a file of the item is dated by it (an editor's copy, a keep's
// own), and reading every news file on each keep took a second at
// 20,000 entries.
func (p Project) inContent(it Item) (string, error) {
	keys := map[string]bool{}
	for _, k := range (sources.ItemRef{Feed: it.Feed, ID: it.ID, URL: it.URL, GUID: it.GUID}).Keys() {
		keys[k] = true
	}
	var found string
	month := time.Date(it.Date.Year(), it.Date.Month(), 1, 0, 0, 0, 0, time.UTC)
	for _, m := range []time.Time{month, month.AddDate(0, -1, 0), month.AddDate(0, 1, 0)} {
		if found != "" {
			break
		}
		err := content.EachNewsFileIn(p.path("content"), m.Format("news/2006/01"), func(_ string, n content.NewsRef) {
			for _, k := range sources.ItemRef(n).Keys() {
				if keys[k] && found == "" {
					found = n.Path
				}
			}
		})
		if err != nil {
			return "", fmt.Errorf("item %q: %w; nothing written", it.ID, err)
		}
	}
	return found, nil
}

// known keeps the IDs tax accepts under key, adding the others to left.
func known(tax content.Taxonomy, key string, ids, left []string) ([]string, []string) {
	var kept []string
	for _, id := range ids {
		if tax.Accepts(key, id) {
			kept = append(kept, id)
		} else {
			left = append(left, id)
		}
	}
	return kept, left
}

func (p Project) check(decision string, topics []string) error {
	switch decision {
	case Drop:
		return nil
	case Keep:
	default:
		return fmt.Errorf("review: unknown decision %q (keep or drop)", decision)
	}
	if len(topics) == 0 {
		return fmt.Errorf("review: keep needs at least one topic (%s)", strings.Join(p.Topics, ", "))
	}
	for _, t := range topics {
		if !slices.Contains(p.Topics, t) {
			return fmt.Errorf("review: unknown topic %q (known: %s)", t, strings.Join(p.Topics, ", "))
		}
	}
	return nil
}

// once is ts without repeats, in the order of their first mention.
func once(ts []string) []string {
	var out []string
	for _, t := range ts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func (p Project) path(rel string) string { return filepath.Join(p.Root, rel) }

// Load reads the project's queue; decided items are refused by its Add.
func (p Project) Load() (*Queue, error) {
	return LoadQueue(p.path(QueuePath), p.path(DecisionsPath))
}
