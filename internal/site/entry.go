package site

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"docket/internal/content"
)

// entry is what an item keeps of its document: what listings, cards'
// callers, feeds, the search merge, stories and data exports read in Go.
// The preview keeps the whole document too (full). A one-shot build lets
// it go once the model is made (lean), ~700 B an entry on a large
// archive, and Item.Doc reads it back when a page asks for it.
//
// Its exported fields are promoted through Item under the names of the
// document's, so templates reach them as before; every other field of
// the document has a method of that name on Item (docfields.go).
type entry struct {
	Title, Lang, Summary string
	Source, Feed         string
	Date, Updated        time.Time
	Topics, Entities     []string
	Jurisdictions        []string
	Authorities          []string
	rare                 *rarePart // nil for an entry with none of its values
	card                 cardSpot  // where the build's card file keeps its card
	Extracted            *bool
	Kind                 content.Kind
	Rel, Slug            string
	Backfilled           bool
	url                  string // the document's URL, which Item's own shadows
	full                 *content.Doc
	src                  *docSource
}

// newEntry is what an item keeps of d, with d itself; its strings are
// d's until lean.
func newEntry(d *content.Doc, src *docSource) *entry {
	e := makeEntry(d, src)
	return &e
}

// makeEntry is newEntry's entry, to be placed where the caller wants it.
func makeEntry(d *content.Doc, src *docSource) entry {
	return entry{
		Title: d.Title, Lang: d.Lang, Summary: d.Summary, Source: d.Source, Feed: d.Feed,
		Date: d.Date, Updated: d.Updated, rare: newRarePart(d),
		Topics: d.Topics, Entities: d.Entities, Jurisdictions: d.Jurisdictions, Authorities: d.Authorities,
		Extracted: d.Extracted, Kind: d.Kind,
		Rel: d.Rel, Slug: d.Slug, Backfilled: d.Backfilled, url: d.URL,
		full: d, src: src,
	}
}

// rarePart is what few entries have: an event's values, an editor's
// story and case, a page's place in the menu. Behind a pointer, it costs
// a news item a word instead of sixteen.
type rarePart struct {
	kind, status   string
	sources        []content.Link
	amount         *content.Amount
	related        []string // the document's Related, which Item's own shadows
	storyKey, kase string   // the document's Story and Case, which Item's own shadow
	menu           int32
}

// newRarePart is d's rare values; nil when it has none.
func newRarePart(d *content.Doc) *rarePart {
	if d.EventKind == "" && d.Status == "" && d.Sources == nil && d.Amount == nil && d.Related == nil &&
		d.Story == "" && d.Case == "" && d.Menu == 0 {
		return nil
	}
	return &rarePart{kind: d.EventKind, status: d.Status, sources: d.Sources, amount: d.Amount, related: d.Related,
		storyKey: d.Story, kase: d.Case, menu: d.Menu}
}

// Menu is the document's place in the site menu; 0 for none.
func (e *entry) Menu() int32 {
	if e.rare == nil {
		return 0
	}
	return e.rare.menu
}

// storyKey is the document's Story.
func (e *entry) storyKey() string {
	if e.rare == nil {
		return ""
	}
	return e.rare.storyKey
}

// caseSlug is the document's Case.
func (e *entry) caseSlug() string {
	if e.rare == nil {
		return ""
	}
	return e.rare.kase
}

// relatedRels are the paths the document lists in related.
func (e *entry) relatedRels() []string {
	if e.rare == nil {
		return nil
	}
	return e.rare.related
}

// EventKind is the document's event kind (Entry.EventKind).
func (e *entry) EventKind() string {
	if e.rare == nil {
		return ""
	}
	return e.rare.kind
}

// Status is the document's Status.
func (e *entry) Status() string {
	if e.rare == nil {
		return ""
	}
	return e.rare.status
}

// Sources are the document's primary sources.
func (e *entry) Sources() []content.Link {
	if e.rare == nil {
		return nil
	}
	return e.rare.sources
}

// Amount is the document's amount, nil for none.
func (e *entry) Amount() *content.Amount {
	if e.rare == nil {
		return nil
	}
	return e.rare.amount
}

// listTable keeps one copy of each list of term IDs that items' entries
// hold (topics, entities, jurisdictions, authorities), and of each
// value of Extracted, while a build's model is made (lean): the
// loader's lists are each document's own, ~80 B an entry on a large
// archive, and most repeat (the same topics, the same jurisdiction).
// Its lists are clipped, so that an append to one copies it; nothing
// writes to their elements (nor through Extracted).
type listTable struct {
	lists map[string][]string
	key   []byte
}

// extractedTrue and extractedFalse are the values of Extracted that a
// lean entry points to.
var extractedTrue, extractedFalse = true, false

func newListTable() *listTable { return &listTable{lists: map[string][]string{}} }

// share is the table's copy of list; nil and empty lists are kept as
// they are (templates and exports tell them apart).
func (t *listTable) share(list []string) []string {
	if len(list) == 0 {
		return list
	}
	k := t.key[:0]
	for _, s := range list {
		k = binary.AppendUvarint(k, uint64(len(s)))
		k = append(k, s...)
	}
	t.key = k
	if l, ok := t.lists[string(k)]; ok {
		return l
	}
	l := slices.Clip(list)
	t.lists[string(k)] = l
	return l
}

// lean lets go of the whole document, and shares its lists with other
// entries' through lists (see listTable). The entry's own strings (title,
// summary, URL, an event's sources) are cut from one new string: as slices of the
// document's they would keep its every string in memory (content's
// compact puts them in one). Its path is the sum table's (t), which
// has it as "/rel/": the item's site path when it is a news item's,
// returned as url, else permalink. The lists and shared values are the
// loader's (interned) or the document's own small slices, kept as
// they are.
func (e *entry) lean(t *sumTable, lists *listTable, permalink string) (url string) {
	url = permalink
	if lists != nil {
		e.Topics, e.Entities = lists.share(e.Topics), lists.share(e.Entities)
		e.Jurisdictions, e.Authorities = lists.share(e.Jurisdictions), lists.share(e.Authorities)
		if x := e.Extracted; x != nil {
			e.Extracted = &extractedFalse
			if *x {
				e.Extracted = &extractedTrue
			}
		}
	}
	if i, ok := t.index(e.Rel); ok {
		e.Rel = t.rel(i)
		if t.paths[i] == permalink {
			url = t.paths[i]
		}
	} else {
		e.Rel = strings.Clone(e.Rel)
	}
	// An event's sources and related paths, and an editor's story and
	// case, are in the same string as its title: copied too, the lists
	// into slices of their own.
	own := []*string{&e.Title, &e.Summary, &e.url}
	if r := e.rare; r != nil {
		r.sources, r.related = slices.Clone(r.sources), slices.Clone(r.related)
		for i := range r.sources {
			own = append(own, &r.sources[i].Title, &r.sources[i].URL)
		}
		for i := range r.related {
			own = append(own, &r.related[i])
		}
		own = append(own, &r.storyKey, &r.kase)
	}
	content.Pack(own)
	if strings.HasSuffix(e.Rel, e.Slug) {
		e.Slug = e.Rel[len(e.Rel)-len(e.Slug):]
	} else {
		e.Slug = strings.Clone(e.Slug)
	}
	e.full = nil
	return url
}

// docSource reads documents back for items that let theirs go: from
// the content folder, with the rules the load checked them with, each
// checked against the sum of the file as loaded, through a small cache
// (an entry page and the cards and stories it shows ask for the same
// documents in turn).
type docSource struct {
	root string // the content folder
	tax  content.Taxonomy
	sums *sumTable
	// forgetSpots: the load's documents forgot where their keys stand
	// (dropPreview), so one read back does too.
	forgetSpots bool

	mu    sync.Mutex
	cache map[*entry]*content.Doc
	order []*entry // the cache's keys, oldest first
}

// docCacheSize is how many documents read back a build keeps: a few
// for each worker (workers), which render one page each at a time, and
// at least 64. It is counted in documents, not bytes: an entry is at
// most 2 MiB, and news items' are a few KB.
func docCacheSize() int { return max(64, 8*workers()) }

// cached is e's document if the cache has it, else nil.
func (src *docSource) cached(e *entry) *content.Doc {
	src.mu.Lock()
	defer src.mu.Unlock()
	return src.cache[e]
}

// doc returns e's whole document: cached or read again.
func (src *docSource) doc(e *entry) (*content.Doc, error) {
	if d := src.cached(e); d != nil {
		return d, nil
	}
	d, err := src.read(e)
	if err != nil {
		return nil, err
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	if kept := src.cache[e]; kept != nil {
		return kept, nil // another worker read it meanwhile
	}
	if len(src.order) >= docCacheSize() {
		delete(src.cache, src.order[0])
		src.order = slices.Delete(src.order, 0, 1)
	}
	src.cache[e] = d
	src.order = append(src.order, e)
	return d, nil
}

// read parses e's file again, as the load did, with its body. A file
// gone, changed since the load, or no longer parsing fails the build:
// its page would show what the site was not built from.
func (src *docSource) read(e *entry) (*content.Doc, error) {
	d, ps := content.ReadWhole(src.root, e.Rel, src.tax)
	if len(ps) > 0 {
		return nil, fmt.Errorf("read back after the load: %w", ps)
	}
	if d == nil {
		return nil, fmt.Errorf("%s: read back after the load: no document", src.display(e.Rel))
	}
	if sum, ok := src.sums.find(e.Rel); !ok || sum != d.Sum {
		return nil, fmt.Errorf("%s: changed during the build: build again", d.Path)
	}
	// As newModel, Tree.Check and dropPreview left the loaded document.
	if src.forgetSpots {
		d.ForgetSpots()
	}
	d.Lang = e.Lang
	d.Related = slices.Clone(d.Related)
	for i, r := range d.Related {
		d.Related[i] = content.CleanRel(r)
	}
	return d, nil
}

// display is the path of a content file as the load names it.
func (src *docSource) display(rel string) string {
	return content.DisplayPath(src.root, rel)
}

// sumTable is the sum of every content file as the load read it, by
// path relative to content/: the build's manifest hashes its inputs
// from them, and a document read back is checked against them. Paths
// are kept in one string, not by the documents, which a build lets go,
// each as "/rel/": a news item's site path, which its item shares.
type sumTable struct {
	paths []string // "/" + rel + "/", sorted by rel
	sums  [][sha256.Size]byte
}

// newSumTable tables the sums of docs, sorted by Rel.
func newSumTable(docs []*content.Doc) *sumTable {
	t := &sumTable{paths: make([]string, len(docs)), sums: make([][sha256.Size]byte, len(docs))}
	size := 0
	for _, d := range docs {
		size += len(d.Rel) + 2
	}
	var b strings.Builder
	b.Grow(size)
	for _, d := range docs {
		b.WriteString("/")
		b.WriteString(d.Rel)
		b.WriteString("/")
	}
	all := b.String()
	for i, d := range docs {
		n := len(d.Rel) + 2
		t.paths[i], all = all[:n], all[n:]
		t.sums[i] = d.Sum
	}
	return t
}

// rel is the i-th path relative to content/.
func (t *sumTable) rel(i int) string { p := t.paths[i]; return p[1 : len(p)-1] }

// index is where rel is in the table.
func (t *sumTable) index(rel string) (int, bool) {
	if t == nil {
		return 0, false
	}
	return slices.BinarySearchFunc(t.paths, rel, func(p, rel string) int { return strings.Compare(p[1:len(p)-1], rel) })
}

// find is the sum of the file at rel as loaded.
func (t *sumTable) find(rel string) ([sha256.Size]byte, bool) {
	i, found := t.index(rel)
	if !found {
		return [sha256.Size]byte{}, false
	}
	return t.sums[i], true
}

// known is the sum of a content file as it was loaded, by its path
// relative to the project root, for publish.TreeHashKnown.
func (t *sumTable) known(rel string) ([sha256.Size]byte, bool) {
	r, inContent := strings.CutPrefix(rel, "content/")
	r, md := strings.CutSuffix(r, ".md")
	if !inContent || !md {
		return [sha256.Size]byte{}, false
	}
	return t.find(r)
}

// loadedSum is the sum of the item's file as loaded, without reading
// it back.
func (it *Item) loadedSum() [sha256.Size]byte {
	if it.full != nil {
		return it.full.Sum
	}
	sum, _ := it.src.sums.find(it.Rel)
	return sum
}

// Doc is the item's whole document, as the load parsed it: kept (the
// preview) or read back (a one-shot build, see entry). Templates reach
// it as .Doc, as when an Item held its document.
func (it *Item) Doc() (*content.Doc, error) {
	if it.full != nil {
		return it.full, nil
	}
	return it.src.doc(it.entry)
}

// Text is the entry's Markdown body.
func (it *Item) Text() ([]byte, error) {
	if it.full != nil {
		return it.full.Text()
	}
	if d := it.src.cached(it.entry); d != nil {
		return d.Text()
	}
	return content.TextAt(it.Path())
}

// Path is the entry's file, as problems name it.
func (it *Item) Path() string {
	if it.full != nil {
		return it.full.Path
	}
	return it.src.display(it.Rel)
}

// Permalink is the entry's URL path, as the document gives it.
func (it *Item) Permalink() string { return it.URL }

// lean reports whether the site's items let their documents go (see
// entry): in a site rendered once (Build, Check, Render), and only for a
// large archive; what docket check asks of the site after reads back the
// few documents it names. Reading each document back is a second parse
// of its file, a tenth more CPU, for about a fifth of the peak memory:
// below leanFrom entries the whole build peaks under about 0.7 GB and
// the CPU is worth more. A check that kept every document took more than
// 9 GB at a million entries.
func (s *Site) lean(entries int) bool {
	return s.opts.oneShot && entries >= cmp.Or(s.opts.leanFrom, leanFrom)
}

// leanFrom is the archive size from which Build makes lean items.
const leanFrom = 100_000

// entryText is the body an entry page shows. An item that let its
// document go reads it back first (the page's template reads it as
// .Doc), and in a build makes its card (if card) while the document is
// at hand: the listings that show the card come later, when it would
// have left the cache. A page the build cache keeps makes none: most of
// the pages that show its card are kept too.
func (b *builder) entryText(it *Item, card bool) ([]byte, error) {
	if it.full != nil {
		return it.full.Text()
	}
	d, err := it.Doc()
	if err != nil {
		return nil, err
	}
	if b.oneShot && card {
		if _, err := b.card(it); err != nil {
			return nil, err
		}
	}
	return d.Text()
}
