package content

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/goccy/go-yaml/ast"
	"golang.org/x/text/language"

	"docket/internal/projfile"
	"docket/internal/yamlerr"
)

// Doc is one parsed content file.
type Doc struct {
	Entry
	Kind Kind
	Path string // for messages: the root as given, joined with Rel + ".md"
	Rel  string // relative to content/, slash-separated, without ".md"
	Slug string
	// Sum is the sum of the file as Load read it, for the build's
	// manifest; zero for a document Parse was given.
	Sum [sha256.Size]byte

	// body is the Markdown of a document Parse was given; Load keeps
	// none, and Text reads it from the file again.
	body string
	// Where feed, case, story and related stand, for problems found
	// after parsing (see spotFeed and spotsOf): positions, not nodes, as
	// a go-yaml node keeps its whole file's tokens alive. All in one
	// string, 8 bytes a position: a large archive holds a document an
	// entry at once, and a Doc of at most 760 bytes (768 with the
	// allocator's header) takes a size class below 896.
	spots string
}

// Permalink is the entry's URL path on the site, relative to its root.
// It is made when asked for, not kept: the site keeps its items' own.
func (d *Doc) Permalink() string { return permalink(d) }

func permalink(d *Doc) string {
	switch d.Kind {
	case News:
		return "/" + d.Rel + "/"
	case Event:
		return "/events/" + d.Slug + "/"
	case Case:
		return "/cases/" + d.Slug + "/"
	default:
		return "/" + d.Slug + "/"
	}
}

// Tree is the whole content folder.
type Tree struct {
	Docs []*Doc // sorted by Rel
}

// Reserved are the top-level URL paths the site uses itself; a page may not
// take one.
var Reserved = []string{"news", "events", "topics", "entities", "authorities", "jurisdictions", "sources", "search", "data", "status", "page", "assets", "feed", "tags", "cases", "fines", "archive", "stories"}

// Load reads every entry under root (the content folder). With tax it
// also checks topic, entity, authority and jurisdiction IDs. It returns the
// documents that parsed and every problem found, all at once.
func Load(root string, tax Taxonomy) (*Tree, Problems) {
	t, ps := LoadFiles(root, tax)
	if t == nil {
		return nil, ps
	}
	return t, append(ps, t.Check()...)
}

// LoadFiles is Load without the checks between files (Tree.Check): each
// problem it returns belongs to the file it names alone, so a caller that
// re-reads single files (the preview server) can replace a file's
// problems and run Check over the whole tree itself.
func LoadFiles(root string, tax Taxonomy) (*Tree, Problems) {
	return LoadFilesCached(root, tax, nil)
}

// LoadFilesCached is LoadFiles taking the documents of unchanged files
// from c and writing c for the next load (loadcache.go); a nil c is
// LoadFiles. c's cache file is read beside the walk.
func LoadFilesCached(root string, tax Taxonomy, c *Cache) (*Tree, Problems) {
	start := time.Now()
	recs := make(chan []cached, 1)
	if c != nil {
		c.git = newGitIndex(root)
		go func() { recs <- c.read(root, func(rec cached) bool { return c.statFails(root, rec) }) }()
	}
	rels, ps, err := walkContent(root)
	if err != nil {
		return nil, Problems{{Path: filepath.ToSlash(root), Msg: err.Error()}}
	}
	var prev records
	var stats []fileStat
	var statErrs []error
	if c != nil {
		// Decoding the cache takes one core: the files are stat'ed
		// meanwhile (at 50,000 files, 0.35 s of CPU the workers below
		// would spend after it), on every core, since a build without
		// a cache has nothing to decode (at 100,000 files, the first
		// 0.8 s of such a build ran on one core).
		stats, statErrs = statAll(root, rels, runtime.GOMAXPROCS(0))
		prev = newRecords(<-recs)
	}
	docs := make([]*Doc, len(rels))
	probs := make([]Problems, len(rels))
	var wg sync.WaitGroup
	work := make(chan int)
	// More workers than cores: a file's stat and read wait on the file
	// system about as long as its parse computes (on 2 cores, 8 workers
	// took a cold 50,000-file load from 2.5 to 1.9 s, a warm one from
	// ~0.4 to ~0.25 s).
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			in := interner{} // a worker's: no lock
			for i := range work {
				if c == nil {
					docs[i], probs[i] = readDoc(root, rels[i], tax, in, false)
				} else {
					docs[i], probs[i], stats[i] = c.load(root, rels[i], tax, in, prev, stats[i], statErrs[i])
				}
				rels[i] = "" // the document has its own: a large load holds fewer
			}
		})
	}
	for i := range rels {
		work <- i
	}
	close(work)
	wg.Wait()
	if c != nil && !c.ReadOnly && c.changed(len(rels), len(prev.recs)) {
		c.Err = c.save(docs, probs, stats, start)
	}

	t := &Tree{}
	for i, d := range docs {
		ps = append(ps, probs[i]...)
		if d != nil {
			t.Docs = append(t.Docs, d)
		}
	}
	return t, ps
}

// statAll stats the files of the entries at rels (as walkContent gives
// them) on n goroutines, at least one.
func statAll(root string, rels []string, n int) ([]fileStat, []error) {
	stats, errs := make([]fileStat, len(rels)), make([]error, len(rels))
	n = max(1, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Go(func() {
			for i := k * len(rels) / n; i < (k+1)*len(rels)/n; i++ {
				stats[i], errs[i] = statOf(filepath.Join(root, filepath.FromSlash(rels[i])+".md"))
			}
		})
	}
	wg.Wait()
	return stats, errs
}

// walkContent lists the entries under root, as paths relative to it
// without ".md", sorted, with problems of files that are not entries in
// the order of a walk. Folders are read in parallel, and paths made by
// joining names: at 50,000 entries, filepath.WalkDir's walk took 90 ms
// of a scheduled build's load, half of it in Join and Rel.
func walkContent(root string) ([]string, Problems, error) {
	w := &walker{sem: make(chan struct{}, 2*runtime.GOMAXPROCS(0))}
	info, err := os.Lstat(root)
	switch {
	case err != nil:
		w.problem(root, err.Error())
	case info.IsDir():
		w.wg.Add(1)
		w.dir(filepath.Clean(root), "")
	default: // a file, not an entry: reported if it is a link
		w.file(root, ".", fs.FileInfoToDirEntry(info))
	}
	w.wg.Wait()
	slices.Sort(w.rels)
	// As filepath.WalkDir would give them: a folder's names in order,
	// each folder's own before its files'.
	slices.SortStableFunc(w.ps, func(a, b Problem) int {
		return slices.Compare(strings.Split(a.Path, "/"), strings.Split(b.Path, "/"))
	})
	return w.rels, w.ps, nil
}

// walker is walkContent's walk: a goroutine a folder, at most cap(sem)
// reading at once.
type walker struct {
	sem  chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	rels []string
	ps   Problems
}

// dir lists the folder at p, rel (with a slash, or "") under the root,
// and walks its folders, hidden ones left out.
func (w *walker) dir(p, rel string) {
	defer w.wg.Done()
	w.sem <- struct{}{}
	entries, err := os.ReadDir(p)
	<-w.sem
	if err != nil {
		w.problem(p, err.Error())
	}
	var rels []string
	for _, d := range entries {
		name := d.Name()
		sub := p + string(filepath.Separator) + name
		switch {
		case p == ".":
			sub = name // as filepath.Join makes them
		case strings.HasSuffix(p, string(filepath.Separator)):
			sub = p + name // the root of the file system
		}
		switch {
		case !d.IsDir():
			if r := w.file(sub, rel+name, d); r != "" {
				rels = append(rels, r)
			}
		case !strings.HasPrefix(name, "."):
			w.wg.Add(1)
			go w.dir(sub, rel+name+"/")
		}
	}
	w.add(rels)
}

// file is the entry of the file at p, rel under the root, if it is a
// regular file ending in .md, else "": a link or a special file is a
// problem (an entry or a folder of them would otherwise vanish from the
// site), a hidden file nothing.
func (w *walker) file(p, rel string, d fs.DirEntry) string {
	if strings.HasPrefix(d.Name(), ".") {
		return ""
	}
	if err := projfile.Regular(p, d.Type()); err != nil {
		w.problem(p, projfile.Reason(err))
		return ""
	}
	r, ok := strings.CutSuffix(rel, ".md")
	if !ok {
		return ""
	}
	return r
}

func (w *walker) add(rels []string) {
	w.mu.Lock()
	w.rels = append(w.rels, rels...)
	w.mu.Unlock()
}

func (w *walker) problem(p, msg string) {
	w.mu.Lock()
	w.ps = append(w.ps, Problem{Path: filepath.ToSlash(p), Msg: msg})
	w.mu.Unlock()
}

// ReadDoc reads and parses one file, given its path relative to root
// without ".md"; the preview server calls it for each file that changed.
// It does not keep the body: a large site's bodies would otherwise stay in
// memory for the whole build. Text reads it back.
func ReadDoc(root, rel string, tax Taxonomy) (*Doc, Problems) {
	return readDoc(root, rel, tax, nil, false)
}

// readDoc is ReadDoc sharing repeated values through in (see compact),
// keeping the body too when whole (ReadWhole).
func readDoc(root, rel string, tax Taxonomy, in interner, whole bool) (*Doc, Problems) {
	display, rel := docPaths(root, rel)
	data, err := projfile.ReadFile(fileOf(root, rel, display), projfile.MaxEntry)
	if err != nil {
		return nil, Problems{{Path: display, Msg: projfile.Reason(err)}}
	}
	return parseRead(display, rel, data, tax, in, whole)
}

// docPaths is the display path of the entry at rel and rel as a part of
// it: kept as part of display, it does not keep alive the string it
// came from (a walk's path).
func docPaths(root, rel string) (string, string) {
	display := DisplayPath(root, rel)
	if i := len(display) - len(".md") - len(rel); i >= 0 && (i == 0 || display[i-1] == '/') && display[i:len(display)-len(".md")] == rel {
		rel = display[i : len(display)-len(".md")]
	}
	return display, rel
}

// pathPrefix is what DisplayPath puts before an entry's rel under root:
// "content/" for root "content", "" for ".".
func pathPrefix(root string) string {
	return strings.TrimSuffix(DisplayPath(root, "x"), "x.md")
}

// docPathsFrom is docPaths for a walk's rel, from root's pathPrefix, and
// the slug as a part of it where it is one: the three strings are one
// allocation (a million cached entries held their rels and slugs apart,
// ~100 MB, until the load took them).
func docPathsFrom(prefix, rel, slug string) (display, _, _ string) {
	display = prefix + rel + ".md"
	rel = display[len(prefix) : len(display)-len(".md")]
	if i := strings.LastIndex(rel, slug); i >= 0 {
		return display, rel, rel[i : i+len(slug)]
	}
	return display, rel, strings.Clone(slug)
}

// fileOf is the file of the entry at rel: on Unix display itself, so
// that every entry keeps one copy.
func fileOf(root, rel, display string) string {
	if file := filepath.Join(root, filepath.FromSlash(rel)+".md"); file != display {
		return file
	}
	return display
}

// parseRead is the end of readDoc: data, the file's bytes, parsed.
func parseRead(display, rel string, data []byte, tax Taxonomy, in interner, whole bool) (*Doc, Problems) {
	d, ps := parse(display, rel, data, tax, in)
	if d != nil {
		d.Sum = sha256.Sum256(data)
		if whole {
			// data was read for this document alone and is never
			// written: its body is kept as it is, not copied.
			_, body, _ := split(data) // parse split it without an error
			d.body = unsafe.String(unsafe.SliceData(body), len(body))
		}
	}
	return d, ps
}

// DisplayPath is the Path of the document at rel (relative to the
// content folder root, without ".md").
func DisplayPath(root, rel string) string {
	return filepath.ToSlash(filepath.Join(root, filepath.FromSlash(rel))) + ".md"
}

// Text returns the Markdown body, reading it from the file again when
// the document came from Load (a document with a Sum and no body kept):
// from its Path, whose slashes are the system's again. A body kept is
// given as it is, not copied (a one-shot build reads each entry back,
// ~4 KB a page): the caller must not change it.
func (d *Doc) Text() ([]byte, error) {
	if d.Sum == ([sha256.Size]byte{}) || d.body != "" {
		if d.body == "" {
			return nil, nil
		}
		return unsafe.Slice(unsafe.StringData(d.body), len(d.body)), nil
	}
	return TextAt(d.Path)
}

// TextAt reads the Markdown body of the file at the slash path display
// (a Doc's Path), for a caller that keeps the path but not the Doc.
func TextAt(display string) ([]byte, error) {
	data, err := projfile.ReadFile(filepath.FromSlash(display), projfile.MaxEntry)
	if err != nil {
		return nil, err
	}
	body, err := Body(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	return body, nil
}

// Body is the Markdown body of a content file's data: the end of data,
// after its front matter.
func Body(data []byte) ([]byte, error) {
	_, body, err := split(data)
	return body, err
}

// ReadWhole is ReadDoc keeping the body as well, for a one-shot build
// that reads an entry back when a page shows it (site's Item.Doc): Text
// then returns the body without reading the file a third time.
func ReadWhole(root, rel string, tax Taxonomy) (*Doc, Problems) {
	return readDoc(root, rel, tax, nil, true)
}

// Parse parses one file. display names it in problems; rel is its path
// relative to content/ without ".md", which gives its kind. A nil doc means
// the file could not be used at all.
func Parse(display, rel string, data []byte, tax Taxonomy) (*Doc, Problems) {
	d, ps := parse(display, rel, data, tax, nil)
	if d != nil {
		_, body, _ := split(data) // parse split it without an error
		d.body = string(body)
	}
	return d, ps
}

// parse is Parse sharing repeated values through in (see compact).
func parse(display, rel string, data []byte, tax Taxonomy, in interner) (*Doc, Problems) {
	kind, slug, fileDate, err := classify(rel)
	if kind == "" {
		return nil, Problems{{Path: display, Msg: err.Error()}}
	}
	var ps Problems
	if err != nil {
		ps = append(ps, Problem{Path: display, Msg: err.Error()})
	}
	if p, bad := invalidUTF8(display, data); bad {
		ps = append(ps, p)
	}
	fm, _, err := split(data)
	if err != nil {
		return nil, append(ps, Problem{Path: display, Line: 1, Col: 1, Msg: err.Error()})
	}
	d := &Doc{Kind: kind, Path: display, Rel: rel, Slug: slug}
	src := string(fm)
	f, ok := fastFrontMatter(src, kind, &d.Entry)
	if ok {
		ok = len(ps) == 0 && len(checkDoc(d, f, fileDate, tax)) == 0
	}
	if ok {
		compact(&d.Entry, in)
	}
	if !ok {
		// The full parser, which alone reports problems.
		d.Entry = Entry{}
		var fps Problems
		f, fps = parseFrontMatter(display, fm, 2, kind, &d.Entry)
		ps = append(ps, fps...)
		if f == nil {
			return nil, ps
		}
		ps = append(ps, checkDoc(d, f, fileDate, tax)...)
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	d.locate(f)
	return d, ps
}

// checkDoc dates d from its file name when its front matter has no date,
// then checks it.
func checkDoc(d *Doc, f fields, fileDate time.Time, tax Taxonomy) Problems {
	if d.Date.IsZero() && !fileDate.IsZero() {
		d.Date = fileDate
	}
	return check(d, f, tax)
}

// check validates one document's values; positions come from f.
func check(d *Doc, f fields, tax Taxonomy) Problems {
	var ps Problems
	at := func(key string, i int, msg string) {
		ps = append(ps, d.at(f, key, i, msg))
	}
	if strings.TrimSpace(d.Title) == "" && f[reported+"title"] == nil {
		at("title", -1, "missing title: add a line 'title: …'")
	}
	if d.Kind == Case {
		ps = append(ps, d.checkCase(f)...)
	}
	if d.Kind != Page && d.Kind != Case && d.Date.IsZero() && f["date"] == nil && f[reported+"date"] == nil {
		at("date", -1, "missing date: add a line 'date: YYYY-MM-DD'")
	}
	if d.Kind == Event {
		if d.EventKind == "" && f[reported+"kind"] == nil {
			at("kind", -1, "missing kind: add 'kind:' with one of "+strings.Join(EventKinds, ", "))
		} else if d.EventKind != "" && !slices.Contains(EventKinds, d.EventKind) {
			at("kind", -1, fmt.Sprintf("unknown event kind %q%s: use one of %s", d.EventKind, yamlerr.DidYouMean(d.EventKind, EventKinds), strings.Join(EventKinds, ", ")))
		}
		if d.Amount != nil {
			ps = append(ps, d.checkAmount(f)...)
		}
	}
	if d.Story != "" && !validStory(d.Story) {
		at("story", -1, fmt.Sprintf("story %q: use own, or a story's ID as docket stories lists it (lower-case letters, digits and dashes)", d.Story))
	}
	ps = append(ps, d.checkText(f)...)
	ps = append(ps, d.checkURLs(f)...)
	if d.Lang != "" {
		if _, err := language.Parse(d.Lang); err != nil {
			at("lang", -1, fmt.Sprintf("lang %q is not a BCP 47 language tag such as en, zh or zh-Hant", d.Lang))
		}
	}
	if d.Kind == Page && slices.Contains(Reserved, d.Slug) {
		ps = append(ps, Problem{Path: d.Path, Msg: fmt.Sprintf("page name %q is used by the site itself: rename the file", d.Slug)})
	}
	if tax != nil {
		ps = append(ps, d.checkIDs(f, tax)...)
		ps = append(ps, d.checkParties(f, tax)...)
		ps = append(ps, d.checkPayers(f, tax)...)
	}
	return ps
}

// Taxonomy says which IDs exist in feeds/topics.yaml and
// feeds/entities.yaml; *topic.Rules is one. content checks references
// through it and imports nothing of the rules.
type Taxonomy interface {
	// Accepts reports whether id may stand in the front-matter list key:
	// "topics", "entities", "authorities" or "jurisdictions".
	Accepts(key, id string) bool
	// IDs lists every known ID, to suggest one for a typo.
	IDs() []string
}

// checkIDs checks taxonomy references against tax.
func (d *Doc) checkIDs(f fields, tax Taxonomy) Problems {
	var ps Problems
	ids := func(key string, list []string, what string) {
		for i, id := range list {
			if slices.Contains(list[:i], id) {
				// A chip twice on the page and the ID twice in the data.
				ps = append(ps, d.at(f, key, i, fmt.Sprintf("%s %q is listed twice: keep one", what, id)))
				continue
			}
			if tax.Accepts(key, id) {
				continue
			}
			if other := listOf(tax, id); other != "" {
				ps = append(ps, d.at(f, key, i, fmt.Sprintf("unknown %s %q: it is one of the %s, list it there", what, id, other)))
				continue
			}
			var known []string
			for _, k := range tax.IDs() {
				if tax.Accepts(key, k) {
					known = append(known, k)
				}
			}
			ps = append(ps, d.at(f, key, i, fmt.Sprintf("unknown %s %q%s: add it to %s or fix the ID", what, id, yamlerr.DidYouMean(id, known), idFile(key))))
		}
	}
	ids("topics", d.Topics, "topic")
	ids("entities", d.Entities, "entity")
	ids("authorities", d.Authorities, "authority")
	ids("jurisdictions", d.Jurisdictions, "jurisdiction")
	return ps
}

// listOf is the front-matter list that takes id, if another does.
func listOf(tax Taxonomy, id string) string {
	for _, key := range []string{"topics", "authorities", "entities", "jurisdictions"} { // the narrower first
		if tax.Accepts(key, id) {
			return key
		}
	}
	return ""
}

func idFile(key string) string {
	if key == "topics" {
		return "feeds/topics.yaml"
	}
	return "feeds/entities.yaml"
}

// at locates a problem with key (and its i-th list element when i >= 0).
func (d *Doc) at(f fields, key string, i int, msg string) Problem {
	mv := f[key]
	if mv == nil {
		return Problem{Path: d.Path, Line: 2, Col: 1, Msg: msg}
	}
	var n ast.Node = mv.Key
	if el := element(mv.Value, i); i >= 0 && el != nil {
		n = el
	}
	return nodeProblem(d.Path, 2, n, msg)
}

// spot is where a value stands in its file.
type spot struct{ line, col int32 }

// Where Doc.spots keeps each key (a zero spot for a key the file does
// not have): related's list elements follow its key, element i at
// spotRelated+1+i.
const (
	spotFeed = iota
	spotCase
	spotStory
	spotRelated
)

var spotKeys = [...]string{spotFeed: "feed", spotCase: "case", spotStory: "story", spotRelated: "related"}

// locate keeps where the keys of spotKeys and related's elements stand,
// each as its line and column, 4 bytes each, little-endian; a key the
// file does not have as zeros.
func (d *Doc) locate(f fields) {
	d.spots = ""
	if !slices.ContainsFunc(spotKeys[:], func(k string) bool { return f[k] != nil }) {
		return
	}
	buf := make([]byte, 0, 8*(len(spotKeys)+len(d.Related)))
	at := func(key string, i int) {
		var p Problem
		if f[key] != nil {
			p = d.at(f, key, i, "")
		}
		buf = binary.LittleEndian.AppendUint32(buf, uint32(p.Line))
		buf = binary.LittleEndian.AppendUint32(buf, uint32(p.Col))
	}
	for _, k := range spotKeys {
		at(k, -1)
	}
	if f["related"] != nil {
		for i := range d.Related {
			at("related", i)
		}
	}
	d.spots = string(buf)
}

// spotsOf locates the key of spotKeys at k and, for related, its list
// elements (element i at i+1); nil when the file does not have it. Only
// problems ask, so it may allocate.
func (d *Doc) spotsOf(k int) []spot {
	var ss []spot
	for n := k; 8*(n+1) <= len(d.spots) && (n == k || k == spotRelated); n++ {
		b := d.spots[8*n:]
		s := spot{int32(binary.LittleEndian.Uint32([]byte(b[:4]))), int32(binary.LittleEndian.Uint32([]byte(b[4:8])))}
		if n == k && s == (spot{}) {
			return nil
		}
		ss = append(ss, s)
	}
	return ss
}

// ForgetSpots lets go of where the file's keys stand, which only the
// checks after parsing (Tree.Check, CheckFeed) use to locate problems: a
// build that has passed them and renders once keeps less an entry. A
// problem found later is located at the front matter's start.
func (d *Doc) ForgetSpots() { d.spots = "" }

// atSpot is a problem with the i-th element of what ss locates (the key
// itself when i < 0), for problems found after parsing.
func (d *Doc) atSpot(ss []spot, i int, msg string) Problem {
	s := spot{2, 1}
	switch {
	case i >= 0 && i+1 < len(ss):
		s = ss[i+1]
	case len(ss) > 0:
		s = ss[0]
	}
	return Problem{Path: d.Path, Line: int(s.line), Col: int(s.col), Msg: msg}
}

// CheckFeed checks the entry's feed ID with known, which reports
// whether feeds/feeds.yaml has it. It is apart from Load, whose callers
// do not all read feeds.yaml.
func (d *Doc) CheckFeed(known func(id string) bool) Problems {
	if d.Feed == "" || known(d.Feed) {
		return nil
	}
	return Problems{d.atSpot(d.spotsOf(spotFeed), -1, fmt.Sprintf("unknown feed %q: add it to feeds/feeds.yaml or fix the ID", d.Feed))}
}

// CleanRel is a related path as Check normalises it.
func CleanRel(r string) string {
	return strings.TrimSuffix(strings.Trim(path.Clean("/"+r), "/"), ".md")
}

// relatedProblem says what is wrong with a related path (raw as
// written, r cleaned) that names no news item; n is the entry at r, if
// any.
func relatedProblem(raw, r string, n *Doc) string {
	switch {
	case n != nil:
		return fmt.Sprintf("related %q is %s, not a news item: related lists news items only", raw, n.Kind.noun())
	case newsPath.MatchString(r):
		return fmt.Sprintf("related %q: no such news item (content/%s.md was deleted, or did not load): remove the line, or restore or fix the file", raw, r)
	}
	return fmt.Sprintf("related %q is not a news item: use a path like news/2021/09/slug", raw)
}

var newsPath = regexp.MustCompile(`^news/\d{4}/\d{2}/[^/]+$`)

// Check finds problems between files: two entries with one permalink,
// related news that does not exist. It also normalises related paths.
// t.Docs must be sorted by Rel.
func (t *Tree) Check() Problems {
	var ps Problems
	byLink := newKeyIndex(t.Docs, (*Doc).Permalink)
	byRel := newKeyIndex(t.Docs, func(d *Doc) string { return d.Rel })
	for i, d := range t.Docs {
		byRel.add(i, d.Rel)
		if prev := byLink.add(i, d.Permalink()); prev != nil {
			ps = append(ps, Problem{Path: d.Path, Msg: fmt.Sprintf("permalink %s is also used by %s: rename one of the files", d.Permalink(), prev.Path)})
		}
	}
	for _, d := range t.Docs {
		for i, r := range d.Related {
			r = CleanRel(r)
			if n := byRel.get(r); n == nil || n.Kind != News {
				ps = append(ps, d.atSpot(d.spotsOf(spotRelated), i, relatedProblem(d.Related[i], r, n)))
			}
			d.Related[i] = r
		}
	}
	ps = append(ps, t.checkCaseLinks()...)
	return append(ps, t.checkStories()...)
}
