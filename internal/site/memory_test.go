package site

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"
	"weak"

	"docket/internal/content"
	"docket/internal/publish"
)

// TestItemSize: a large archive holds an Item an entry for the whole
// build; past 128 bytes it takes the 144-byte size class.
func TestItemSize(t *testing.T) {
	if n := unsafe.Sizeof(Item{}); n > 128 {
		t.Errorf("Item is %d bytes, more than 128: pack small fields or keep rare ones behind a pointer", n)
	}
}

// TestBuildLetsModelGo: a build lets go of its model once the pages
// are rendered, before the build cache reads their records back; at a
// million entries each is a gigabyte.
func TestBuildLetsModelGo(t *testing.T) {
	called := false
	testHookSettle = func(m weak.Pointer[model]) {
		called = true
		runtime.GC()
		if m.Value() != nil {
			t.Error("the model is still reachable as the output settles")
		}
	}
	defer func() { testHookSettle = nil }()
	if _, err := Build(Options{Root: project(t), Out: filepath.Join(t.TempDir(), "public")}); err != nil {
		t.Fatal(err)
	}
	if !called {
		t.Error("the build did not settle its output")
	}
}

// TestCheckLetsModelGo: given Rendered, check lets go of the model
// before it reads the pages for links, with public/'s caches open or
// without a built site; Rendered sees the site whole first.
func TestCheckLetsModelGo(t *testing.T) {
	for _, built := range []bool{false, true} {
		root := project(t)
		out := filepath.Join(root, "public")
		if built {
			if _, err := Build(Options{Root: root}); err != nil {
				t.Fatal(err)
			}
		}
		called, entries := false, 0
		testHookLinks = func(m weak.Pointer[model]) {
			called = true
			runtime.GC()
			if m.Value() != nil {
				t.Errorf("built %v: the model is still reachable as check reads links", built)
			}
		}
		res, err := Check(Options{Root: root, Out: out}, t.TempDir(), func(s *Site) { entries = len(s.b.m.items) })
		testHookLinks = nil
		if err != nil {
			t.Fatal(err)
		}
		if !called || res.Site != nil || entries == 0 || len(res.Broken) != 0 {
			t.Errorf("built %v: hook called %v, site %v, %d entries seen, broken %q", built, called, res.Site, entries, res.Broken)
		}
	}
}

// TestCheckReadsNoRecords: check's read-only build cache, which saves
// nothing, does not read back the pages' records a build saves (~0.4 GB
// at a million entries, held through the links phase).
func TestCheckReadsNoRecords(t *testing.T) {
	root := project(t)
	out := filepath.Join(root, "public")
	if _, err := Build(Options{Root: root}); err != nil {
		t.Fatal(err)
	}
	c, err := readCache(publish.CachePath(out), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	<-c.loaded
	if c.prev == nil {
		t.Fatal("the build left no records: the test checks nothing")
	}
	c.rendered()
	if c.pagesRead != nil || c.pages.len() > 0 || c.prev != nil {
		t.Error("a read-only cache reads the pages' records after the render, or keeps the last build's")
	}
}

// TestFineChips: a fine's chips, made from its event's terms when asked
// for, are the event's chips without its topics, in the event's order;
// a case's fine has its case's.
func TestFineChips(t *testing.T) {
	s := mustLoad(t, project(t))
	m := s.b.m
	if len(m.fines) == 0 {
		t.Fatal("the fixture has no fines")
	}
	fromEvent := 0
	for _, f := range m.fines {
		var want []Chip
		if f.item != nil {
			fromEvent++
			for _, c := range f.item.Chips() {
				if c.Class != "topic" {
					want = append(want, c)
				}
			}
		} else {
			want = f.Case.Chips
		}
		if got := f.Chips(); !slices.Equal(got, want) {
			t.Errorf("fine %q: chips %v, want %v", f.Title, got, want)
		}
		for _, class := range []string{"authority", "company", "jurisdiction", "topic"} {
			var wantOf []Chip
			for _, c := range want {
				if c.Class == class {
					wantOf = append(wantOf, c)
				}
			}
			if got := f.ChipsOf(class); !slices.Equal(got, wantOf) {
				t.Errorf("fine %q: %s chips %v, want %v", f.Title, class, got, wantOf)
			}
		}
	}
	if fromEvent == 0 {
		t.Error("no fine of an event: the test checks nothing of them")
	}
	// The fixture's one fine, as the old copy made when the fine was
	// filed had it: every class but topics, in the event's order.
	var got []string
	for _, c := range m.fines[0].Chips() {
		got = append(got, c.Class+":"+c.ID)
	}
	if want := []string{"company:alibaba", "authority:samr", "jurisdiction:cn"}; !slices.Equal(got, want) {
		t.Errorf("the fixture's fine has chips %v, want %v", got, want)
	}
}

// TestKnownSumAfterDrop: once a build lets the map of documents go, the
// sum of every content file is still found, by its path, and no other.
func TestKnownSumAfterDrop(t *testing.T) {
	s := mustLoad(t, project(t))
	var docs []*content.Doc
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	s.dropPreview()
	if s.docs != nil || s.rels != nil {
		t.Fatal("the map of documents is still held")
	}
	if len(s.sums.paths) != len(docs) {
		t.Fatalf("%d sums kept, want %d", len(s.sums.paths), len(docs))
	}
	for _, d := range docs {
		sum, ok := s.sums.known("content/" + d.Rel + ".md")
		if !ok || sum != d.Sum {
			t.Errorf("%s: sum not found after the drop", d.Rel)
		}
	}
	for _, rel := range []string{"content/site.yaml", "templates/base.html", "content/news/none.md", "content/" + docs[0].Rel, docs[0].Rel + ".md"} {
		if _, ok := s.sums.known(rel); ok {
			t.Errorf("%s: a sum found for a path that is no loaded document", rel)
		}
	}
}

// itemOf is an item of d alone, as newModel makes it, for tests.
func itemOf(d *content.Doc) *Item { return &Item{entry: newEntry(d, nil)} }

// TestCheckNotesLean: what docket check asks of the rendered site (the
// warnings and notes it prints) is the same when the items have let
// their documents go, as they do from leanFrom entries, as when they
// keep them.
func TestCheckNotesLean(t *testing.T) {
	root := project(t)
	write(t, root, "feeds/rates.csv", "Date,USD,RUB,\n2022-07-18,1.01,N/A,\n2022-03-01,1.12,117.3,\n")
	event := func(name, front string) {
		write(t, root, "content/events/"+name+".md", "---\ntitle: "+name+"\nauthorities: [samr]\ntopics: [antitrust]\n"+front+"summary: A note.\n---\nBody.\n\n<table><tr><td>1</td></tr></table>\n")
	}
	event("2022-07-18-fine", "kind: fine\namount: {value: 21000000000, currency: RUB}\n")
	write(t, root, "content/events/2022-07-18-rated.md", "---\ntitle: Rated\nauthorities: [samr]\ntopics: [antitrust]\nkind: fine\namount: {value: 5000000, currency: USD}\n---\nNothing to note.\n")
	event("2030-03-02-hearing", "kind: statement\ndate: 2030-03-02\n")
	event("0202-05-01-typo", "kind: statement\ndate: 0202-05-01\nupdated: 0201-01-01\n")
	write(t, root, "content/news/2021/09/editors-own.md", "---\ntitle: An editor's item\ndate: 2021-09-20\nsource: Example Wire\ntopics: [antitrust]\n---\n<iframe src=\"https://example.org/\"></iframe>\n")
	edit(t, root, "content/news/2021/04/marketplace-fined.md", "feed: example\n", "feed: example\nstory: own\n")
	notes := func(s *Site) []string {
		var out []string
		add := func(kind string, docs []*content.Doc) {
			for _, d := range docs {
				out = append(out, kind+" "+d.Path)
			}
		}
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		add("unrated", s.Unrated())
		last, late := s.PastRates()
		add("past "+last, late)
		add("future", s.Future(now))
		add("updated-future", s.UpdatedFuture(now))
		add("updated-before", s.UpdatedBefore())
		add("ancient", s.DatedBefore(time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC)))
		for _, l := range s.RawHTML() {
			out = append(out, "raw "+l)
		}
		ovs, err := s.Overrides()
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range ovs {
			out = append(out, fmt.Sprintf("override %s:%d %s", o.Path, o.Line, o.Story))
		}
		sources := s.Sources()
		for _, it := range slices.Concat(s.b.m.items, s.b.m.pages) {
			out = append(out, "source "+it.URL+" "+sources.File(it.URL))
		}
		for _, c := range s.b.m.cases {
			out = append(out, "source "+c.URL+" "+sources.File(c.URL))
		}
		return out
	}
	var kept, lean []string
	for _, c := range []struct {
		from int
		got  *[]string
	}{{1 << 30, &kept}, {1, &lean}} {
		opts := Options{Root: root, leanFrom: c.from}
		rendered := func(s *Site) {
			lean := s.b.m.items[0].full == nil
			if lean != (c.from == 1) {
				t.Errorf("leanFrom %d: items lean %v", c.from, lean)
			}
			if !lean {
				*c.got = notes(s)
				return
			}
			// Only what a note names is read back.
			src := s.b.m.items[0].src
			src.cache, src.order = map[*entry]*content.Doc{}, nil
			*c.got = notes(s)
			all := strings.Join(*c.got, "\n")
			for _, e := range src.order {
				if !strings.Contains(all, e.Rel) {
					t.Errorf("%s was read back, but no note names it", e.Rel)
				}
			}
		}
		if _, err := Check(opts, t.TempDir(), rendered); err != nil {
			t.Fatal(err)
		}
	}
	for _, kind := range []string{"unrated ", "future ", "updated-before ", "ancient ", "raw " + root + "/content/news/2021/09/editors-own.md", "override ", "source /events/", "source /cases/"} {
		if !slices.ContainsFunc(kept, func(n string) bool { return strings.HasPrefix(n, kind) }) {
			t.Errorf("no %q note: the test checks too little\n%s", kind, strings.Join(kept, "\n"))
		}
	}
	for _, n := range kept {
		if strings.HasPrefix(n, "source ") && !strings.HasSuffix(n, ".md") {
			t.Errorf("%s: no file", n)
		}
	}
	if !slices.Equal(kept, lean) {
		t.Errorf("lean items give other notes:\n%s\nwant\n%s", strings.Join(lean, "\n"), strings.Join(kept, "\n"))
	}
}

// TestCheckWarnsOfUnreadable: a check's warnings of lean items name
// their files even when a file cannot be read back (removed since the
// load): they do not vanish.
func TestCheckWarnsOfUnreadable(t *testing.T) {
	root := project(t)
	write(t, root, "feeds/rates.csv", "Date,USD,RUB,\n2022-07-18,1.01,N/A,\n")
	files := map[string]string{
		"content/events/2022-07-18-fine.md":    "kind: fine\namount: {value: 21000000000, currency: RUB}\n",
		"content/events/2030-03-02-hearing.md": "kind: statement\ndate: 2030-03-02\n",
		"content/events/0202-05-01-typo.md":    "kind: statement\ndate: 0202-05-01\nupdated: 0201-01-01\n",
		"content/events/2022-07-19-own.md":     "kind: statement\nstory: own\n",
	}
	for name, front := range files {
		write(t, root, name, "---\ntitle: A note\nauthorities: [samr]\ntopics: [antitrust]\n"+front+"---\nBody.\n")
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rendered := func(s *Site) {
		src := s.b.m.items[0].src // what the render read back is read again
		src.cache, src.order = map[*entry]*content.Doc{}, nil
		for name := range files {
			if err := os.Remove(filepath.Join(root, name)); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			kind, file string
			docs       []*content.Doc
		}{
			{"unrated", "2022-07-18-fine", s.Unrated()},
			{"future", "2030-03-02-hearing", s.Future(now)},
			{"updated-before", "0202-05-01-typo", s.UpdatedBefore()},
			{"ancient", "0202-05-01-typo", s.DatedBefore(time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC))},
		} {
			want := filepath.Join(root, "content/events", c.file+".md")
			if !slices.ContainsFunc(c.docs, func(d *content.Doc) bool { return d.Path == want }) {
				t.Errorf("%s: no warning of %s, whose file is gone", c.kind, want)
			}
		}
		// An override cannot be listed without its file: said, as an error.
		if _, err := s.Overrides(); err == nil || !strings.Contains(err.Error(), "2022-07-19-own") {
			t.Errorf("overrides of a file gone: error %v", err)
		}
	}
	if _, err := Check(Options{Root: root, leanFrom: 1}, t.TempDir(), rendered); err != nil {
		t.Fatal(err)
	}
}
