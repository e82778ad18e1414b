package site

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/internal/golden"
	"docket/internal/publish"
	"docket/internal/search"
)

// edit replaces old with new in the project's file rel.
func edit(t *testing.T, root, rel, old, new string) {
	t.Helper()
	p := filepath.Join(root, rel)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// addItem writes a news item of the fixture project dated date.
func addItem(t *testing.T, root, slug string, date time.Time) {
	t.Helper()
	write(t, root, "content/news/"+date.Format("2006/01")+"/"+slug+".md", `---
title: "Antitrust: `+madeUp(uint64(len(slug)), 6)+`"
date: `+date.Format(time.RFC3339)+`
summary: "`+madeUp(uint64(len(slug))+1, 12)+`."
topics: [antitrust]
entities: [alibaba]
source: Outlet
url: https://added.example/`+slug+`
---

`+madeUp(uint64(len(slug))+2, 40)+`.
`)
}

// buildTree builds root into out and reads the site back.
func buildTree(t *testing.T, root, out string) (*Result, map[string]string) {
	t.Helper()
	res, err := Build(Options{Root: root, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return res, golden.ReadTree(t, out)
}

// sameTrees fails the test where an incremental build's site differs
// from a full build's.
func sameTrees(t *testing.T, incr, full map[string]string) {
	t.Helper()
	if len(incr) != len(full) {
		t.Errorf("the build with the cache wrote %d files, without %d", len(incr), len(full))
	}
	for name, f := range full {
		if incr[name] != f {
			t.Errorf("%s differs from a full build's:\n%s", name, firstDiff(incr[name], f))
		}
	}
}

// A build on the last build's cache writes the site a full build writes,
// keeping the entry pages whose inputs did not change and rendering the
// rest, through a series of edits as a tracker sees them; so does one
// that reads the last build's records after the load (a large archive's,
// recordsAhead).
func TestBuildCacheMatchesFullBuild(t *testing.T) {
	t.Run("records read beside the load", buildCacheMatchesFullBuild)
	t.Run("records read after it", func(t *testing.T) {
		defer func(n int64) { recordsAhead = n }(recordsAhead)
		recordsAhead = 0
		buildCacheMatchesFullBuild(t)
	})
}

func buildCacheMatchesFullBuild(t *testing.T) {
	newer := time.Date(2021, 12, 2, 9, 0, 0, 0, time.UTC)
	root := project(t)
	out := filepath.Join(t.TempDir(), "public")
	type step struct {
		name     string
		change   func(t *testing.T, root string)
		keptMin  int // at least this many pages kept
		keptNone bool
		whole    bool   // the build key changes: a whole new tree, not a patch
		uncached string // the kinds the cache leaves out, when checked
		// appended is how many documents the search index must append
		// to (Result.IndexAppended): 0, every entry merged.
		appended int
		noRows   bool // no row of the data files is to be copied
	}
	steps := []step{
		{name: "nothing changed", change: func(*testing.T, string) {}, keptMin: 5, appended: 5},
		{name: "newer entries", change: func(t *testing.T, root string) {
			addItem(t, root, "added-one", newer)
			addItem(t, root, "added-two", newer.Add(time.Hour))
		}, keptMin: 5, appended: 5},
		// Documents from 0: an event and marketplace-fined (2021-04-10),
		// then this one.
		{name: "an older entry", change: func(t *testing.T, root string) {
			addItem(t, root, "added-old", time.Date(2021, 4, 11, 0, 0, 0, 0, time.UTC))
		}, keptMin: 5, appended: 2},
		{name: "a cited item's title", change: func(t *testing.T, root string) {
			edit(t, root, "content/news/2021/04/marketplace-fined.md", "title: ", "title: Retitled ")
		}, keptMin: 5, appended: 1},
		{name: "an entry removed", change: func(t *testing.T, root string) { // after added-old
			if err := os.Remove(filepath.Join(root, "content/news/2021/09/old-item.md")); err != nil {
				t.Fatal(err)
			}
		}, keptMin: 5, appended: 3},
		{name: "a case's title", change: func(t *testing.T, root string) {
			edit(t, root, "content/cases/marketplace-exclusivity.md", "title: ", "title: Renamed ")
		}, keptMin: 5, appended: 7}, // no entry's tokens name a case
		// Tokens that parse but are not the ones written: those of the
		// entries after an edited one are taken from the file.
		{name: "a damaged tokens file", change: func(t *testing.T, root string) {
			edit(t, root, "content/news/2021/04/added-old.md", `title: "`, `title: "Edited `)
			p := filepath.Join(publish.CachePath(out), tokensFile)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, bytes.ReplaceAll(data, []byte("e"), []byte("q")), 0o644); err != nil {
				t.Fatal(err)
			}
		}, keptMin: 5, appended: 2},
		// A page out of the menu is on no page the cache keeps; a menu
		// page is on all of them (the nav), by its title and address
		// alone unless a template reads more of it.
		{name: "a page out of the menu", change: func(t *testing.T, root string) {
			write(t, root, "content/pages/notes.md", "---\ntitle: Notes\n---\n\nFirst notes.\n")
		}, keptMin: 5, appended: 7}, // pages are no search documents: every entry shared

		{name: "its body", change: func(t *testing.T, root string) {
			edit(t, root, "content/pages/notes.md", "First notes.", "Second notes.")
		}, keptMin: 5, appended: 7},
		{name: "a menu page's body", change: func(t *testing.T, root string) {
			edit(t, root, "content/pages/about.md", "# About the fixture", "# About this fixture")
		}, keptMin: 5, appended: 7},
		{name: "a menu page's title", change: func(t *testing.T, root string) {
			edit(t, root, "content/pages/about.md", "title: About", "title: About us")
		}, keptNone: true, whole: true},
		{name: "a nav that shows the menu pages' summaries", change: func(t *testing.T, root string) {
			edit(t, root, "templates/partials/chrome.html", `{{if eq $.Path .URL}} aria-current="page"{{end}}>{{.Title}}`,
				`{{if eq $.Path .URL}} aria-current="page"{{end}} title="{{.Summary}}">{{.Title}}`)
		}, keptNone: true, whole: true},
		{name: "a menu page's summary then", change: func(t *testing.T, root string) {
			edit(t, root, "content/pages/about.md", "title: About us", "title: About us\nsummary: What this is.")
		}, keptNone: true, whole: true},
		{name: "a template", change: func(t *testing.T, root string) {
			edit(t, root, "templates/entry.html", `<article class="entry`, `<article data-x="1" class="entry`)
		}, keptNone: true, whole: true},
		{name: "the rules", change: func(t *testing.T, root string) {
			edit(t, root, "feeds/topics.yaml", "name: ", "name: Renamed ")
		}, keptNone: true, whole: true},
		{name: "the settings", change: func(t *testing.T, root string) {
			edit(t, root, "content/site.yaml", "title: ", "title: Renamed ")
		}, keptNone: true, whole: true},
		{name: "a listing template the cache cannot cover", change: func(t *testing.T, root string) {
			edit(t, root, "templates/partials/timeline.html", `{{- if and . .Paged}}`, `{{- if and . (gt .Last 0)}}{{.Last}}`)
		}, keptNone: true, whole: true},
		{name: "entry pages kept, listings not", change: func(*testing.T, string) {}, keptMin: 5, uncached: "archive archive-front home term term-front", appended: 7},
		{name: "an entry template the cache cannot cover", change: func(t *testing.T, root string) {
			edit(t, root, "templates/entry.html", `<article data-x="1" class="entry`, `<article data-n="{{.Entries}}" class="entry`)
		}, keptNone: true, whole: true},
		// Only the search's one chunk of documents, which no template makes.
		{name: "and again", change: func(*testing.T, string) {}, keptMin: 1, uncached: "archive archive-front entry home term term-front", appended: 7},
		// The entry pages are rendered from here on (.Entries), the index
		// appended to all the same.
		{name: "a newer entry", change: func(t *testing.T, root string) {
			addItem(t, root, "added-three", newer.Add(2*time.Hour))
		}, appended: 7},
		{name: "a damaged shards file", change: func(t *testing.T, root string) {
			addItem(t, root, "added-four", newer.Add(3*time.Hour))
			damage(t, filepath.Join(publish.CachePath(out), shardsFile))
		}},
		{name: "newer entries after", change: func(t *testing.T, root string) {
			addItem(t, root, "added-five", newer.Add(4*time.Hour))
		}, appended: 9},
		{name: "enough newer entries for a second shard", change: func(t *testing.T, root string) {
			for i := range 30 {
				addItem(t, root, fmt.Sprintf("added-many-%d", i), newer.Add(time.Duration(5+i)*time.Hour))
			}
		}},
		{name: "and newer again", change: func(t *testing.T, root string) {
			addItem(t, root, "added-last", newer.Add(40*time.Hour))
		}, appended: 40},
		// A late entry, dated between the two newest: all but the newest
		// (document 40) are kept, in both shards.
		{name: "an entry dated between the two newest", change: func(t *testing.T, root string) {
			addItem(t, root, "added-late", newer.Add(37*time.Hour))
		}, appended: 40},
		{name: "a recent entry removed", change: func(t *testing.T, root string) { // document 35
			if err := os.Remove(filepath.Join(root, "content/news/2021/12/added-many-25.md")); err != nil {
				t.Fatal(err)
			}
		}, appended: 35},
		{name: "an old entry edited", change: func(t *testing.T, root string) { // document 4
			edit(t, root, "content/news/2021/09/links-unblocked-zh.md", "title: ", "title: Edited ")
		}, appended: 4},
		// A data file that is not the one its rows describe, and rows
		// damaged: both files are made whole.
		{name: "a data file and rows damaged", change: func(t *testing.T, root string) {
			damage(t, filepath.Join(out, "data", "items.json"))
			damage(t, filepath.Join(publish.CachePath(out), "rows-items.csv"))
		}, appended: 40, noRows: true},
		{name: "the data files' rows again", change: func(*testing.T, string) {}, appended: 40},
	}
	if _, err := Build(Options{Root: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		s.change(t, root)
		res, incr := buildTree(t, root, out)
		_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
		sameTrees(t, incr, full)
		if res.IndexAppended != s.appended {
			t.Errorf("step %d (%s): the search index appended to %d documents, want %d", i, s.name, res.IndexAppended, s.appended)
		}
		switch {
		case s.keptNone && res.Kept > 0:
			t.Errorf("step %d (%s): kept %d pages, want none", i, s.name, res.Kept)
		case res.Kept < s.keptMin:
			t.Errorf("step %d (%s): kept %d pages, want at least %d", i, s.name, res.Kept, s.keptMin)
		}
		// The data files' rows are copied from the last build's where
		// their entries are unchanged, and never under a new build key.
		if (s.whole || s.noRows) != (res.RowsCopied == 0) {
			t.Errorf("step %d (%s): %d rows of the data files copied", i, s.name, res.RowsCopied)
		}
		if res.Patched == s.whole {
			t.Errorf("step %d (%s): patched %v, want %v", i, s.name, res.Patched, !s.whole)
		}
		if s.uncached != "" {
			if got := strings.Join(slices.Sorted(maps.Keys(res.Uncached)), " "); got != s.uncached {
				t.Errorf("step %d (%s): uncached kinds %q, want %q", i, s.name, got, s.uncached)
			}
		}
		if t.Failed() {
			t.Fatalf("step %d (%s) failed", i, s.name)
		}
	}
}

// docAt is the search document of the entry in file rel of the
// project at root.
func docAt(t *testing.T, root, rel string) int {
	t.Helper()
	s := mustLoad(t, root)
	url := "/" + strings.TrimSuffix(strings.TrimPrefix(rel, "content/"), ".md") + "/"
	for _, it := range s.b.m.items {
		if it.URL == url {
			return s.b.docOf(it)
		}
	}
	t.Fatalf("no entry %s", url)
	return 0
}

// monthEarlier moves the date of the entry at path 31 days back.
func monthEarlier(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, rest, ok := strings.Cut(string(data), "\ndate: ")
	line, tail, _ := strings.Cut(rest, "\n")
	date, err := time.Parse(time.RFC3339, line)
	if !ok || err != nil {
		t.Fatalf("%s: no date line: %v", path, err)
	}
	moved := head + "\ndate: " + date.AddDate(0, 0, -31).Format(time.RFC3339) + "\n" + tail
	if err := os.WriteFile(path, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
}

// damage changes a byte in the middle of the file at path.
func damage(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The names the shipped templates of the kinds the cache keeps use are
// all covered by the keys: a change to them that adds one the keys miss
// shows in this test.
func TestShippedTemplatesCacheable(t *testing.T) {
	ts, err := loadTemplates("../../templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range cachedKinds {
		if u := unkeyed(ts, k); len(u) > 0 {
			t.Errorf("the %s templates use %v, which the build cache does not cover", k, u)
		}
	}
}

// unkeyed is checkTemplates' names for one kind.
func unkeyed(ts templates, kind string) []string {
	u, _ := checkTemplates(ts)
	return u[kind]
}

// TestMenuReads: the names read on the menu's pages, whatever way a
// template reaches them, which decide whether the build key covers their
// files. The walk may count more than a template reads (a variable
// redeclared in a range body counts after it too), never less.
func TestMenuReads(t *testing.T) {
	for _, tc := range []struct {
		name, add, want string
		exact           bool
	}{
		{"shipped", "", "Title URL", true},
		{"not the related items", `{{range .Item.Related}}{{.Summary}}{{end}}`, "Title URL", true},
		{"a summary in a range", `{{range .Menu}}{{.Summary}}{{end}}`, "Summary Title URL", true},
		{"through a variable and index", `{{$m := .Menu}}{{(index $m 0).Date}}`, "Date Title URL", true},
		{"a card", `{{range .Menu}}{{template "card" (card $ .)}}{{end}}`, "Doc Item Title URL", false},
		{"mixed with the page's own item", `{{range .Menu}}{{(or . $.Item).Blurb}}{{end}}`, "Blurb Title URL", true},
		// $ in a template called with a menu page is that page.
		{"$ in a block", `{{range .Menu}}{{block "menu-x" .}}{{$.Summary}}{{end}}{{end}}`, "Summary Title URL", true},
		{"a variable declared again", `{{range .Menu}}{{$it := .}}{{$it.Summary}}{{end}}`, "Summary Title URL", false},
		{"declared again, same scope", `{{$it := index .Menu 0}}{{$it.Summary}}`, "Summary Title URL", false},
		{"from a range's last pass", `{{$prev := ""}}{{range .Menu}}{{with $prev}}{{.Summary}}{{end}}{{$prev = .}}{{end}}`, "Summary Title URL", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, got := checkTemplates(shippedWith(t, "entry.html", tc.add))
			want := strings.Fields(tc.want)
			if tc.exact && !slices.Equal(got, want) || !tc.exact && slices.ContainsFunc(want, func(n string) bool { return !slices.Contains(got, n) }) {
				t.Errorf("menuReads = %v, want %v (exact: %v)", got, want, tc.exact)
			}
		})
	}
}

// TestTermFrontNames: a term's first page may show the term's numbers
// and histogram, which frontKey covers, but not the tracker's fines
// (the page's .Fines), and its numbered pages may show neither.
func TestTermFrontNames(t *testing.T) {
	for _, tc := range []struct {
		name, add   string
		front, term string // the names unkeyed finds for each kind
	}{
		{"shipped", "", "", ""},
		{"the term's counts on every page", `{{.Term.Events}}{{with .Term}}{{.News}}{{end}}`, "", ".Events .News"},
		{"the histogram, nil on numbered pages", `{{with .Histogram}}{{.Total}}{{end}}`, "", ""},
		{"a name only the page has, on the term", `{{.Term.Entries}}{{with .Histogram}}{{.Feeds}}{{end}}`, ".Entries", ".Entries"},
		{"the tracker's fines", `{{if .Front}}{{.Fines}}{{end}}`, ".Fines", ""},
		{"a count from the page", `{{if .Front}}{{.Entries}}{{end}}`, ".Entries", ""},
		{"the page mixed with its term", `{{with and .Term .}}{{.Fines}}{{end}}{{(or . .Term).News}}`, ".Fines .News", ".Fines .News"},
		{"the term's variable made the page", `{{$x := .Term}}{{if .Front}}{{$x = $}}{{end}}{{$x.Fines}}`, ".Fines", ".Fines"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := shippedWith(t, "term.html", tc.add)
			for kind, want := range map[string]string{"term-front": tc.front, "term": tc.term} {
				if got := strings.Join(unkeyed(ts, kind), " "); got != want {
					t.Errorf("%s: unkeyed %q, want %q", kind, got, want)
				}
			}
		})
	}
}

// TestStoryNames: a story's page may show its story and its reports'
// cards (storyKey), with their story lines, but not what the keys leave
// out: citations or whatever else only its entry page shows.
func TestStoryNames(t *testing.T) {
	for _, tc := range []struct{ name, add, want string }{
		{"shipped", "", ""},
		{"a report's card and title", `{{range $st.Items}}{{.Card}}{{.Title}}{{end}}{{(index $st.Items 0).URL}}`, ""},
		{"a report's story line", `{{$st.Head.Story.ID}}{{range $st.Items}}{{.Story.N}}{{.Story.Detail}}{{end}}`, ""}, // in its card's key
		{"a report's story's date", `{{range $st.Items}}{{.Story.Updated}}{{end}}`, ".Updated"},
		{"what a report cites", `{{range $st.Items}}{{range .Related}}{{.Title}}{{end}}{{end}}`, ".Related"},
		{"a report's case's items", `{{range $st.Items}}{{with .Case}}{{len .Items}}{{end}}{{end}}`, ".Items"},
		{"why a report is there", `{{range $st.Items}}{{$st.Primary .}}{{end}}{{$st.Updated}}`, ".Primary .Updated"},
		{"a page's name on a listing", `{{.Pager}}`, ".Pager"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(unkeyed(shippedWith(t, "story.html", tc.add), "story"), " "); got != tc.want {
				t.Errorf("unkeyed %q, want %q", got, tc.want)
			}
		})
	}
}

// shippedWith loads the shipped templates with add put before the end
// of the header in the template file name.
func shippedWith(t *testing.T, name, add string) templates {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "templates")
	golden.CopyTree(t, "../../templates", dir)
	if add != "" {
		edit(t, filepath.Dir(dir), "templates/"+name, "</header>", add+"</header>")
	}
	ts, err := loadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestFrontKeyFines: a term's first page shows its fines in euros and
// how many had no rate, which its key must tell apart however they
// print.
func TestFrontKeyFines(t *testing.T) {
	b := &builder{}
	key := func(tm *Term) [sha256.Size]byte {
		k, err := b.frontKey(&Page{Kind: "term", Path: "/t/", Term: tm}, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	base := func() *Term {
		return &Term{ID: "t", Events: 2, Fines: []Amount{{Value: 1e9, Currency: "USD"}}, FinesEUR: &Total{EUR: 9e8, Fines: 1}}
	}
	seen := map[[sha256.Size]byte]string{}
	for name, change := range map[string]func(*Term){
		"as it was":                func(*Term) {},
		"one more without rate":    func(tm *Term) { tm.FinesEUR.Unrated++ },
		"an amount a euro more":    func(tm *Term) { tm.Fines[0].Value++ },
		"no total":                 func(tm *Term) { tm.FinesEUR = nil },
		"the currency":             func(tm *Term) { tm.Fines[0].Currency = "CNY" },
		"two fines, one uncounted": func(tm *Term) { tm.FinesEUR.Fines++ },
	} {
		tm := base()
		change(tm)
		k := key(tm)
		if other, ok := seen[k]; ok {
			t.Errorf("%q and %q have the same key", name, other)
		}
		seen[k] = name
	}
}

// On an archive with many numbered pages, what a scheduled run does
// (newer entries, an older one, an edit, a removal) gives with the
// cache the site a full build gives, and most pages are kept.
func TestBuildCacheSynth(t *testing.T) {
	root := pagedSynth(t, 400, 5)
	out := filepath.Join(t.TempDir(), "public")
	res0, first := buildTree(t, root, out)
	// A news item in the middle of the archive, and its newest year: a
	// new year changes every page's footer.
	var news []string
	year := 0
	for name := range first {
		if strings.HasPrefix(name, "news/") && strings.Count(name, "/") == 4 {
			news = append(news, "content/"+strings.TrimSuffix(name, "/index.html")+".md")
		}
		if y, ok := strings.CutPrefix(name, "archive/"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(y, "/index.html"))
			year = max(year, n)
		}
	}
	slices.Sort(news)
	some := news[len(news)/2]
	newer := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	older, gone, moved := "", 0, 0
	// appended is how many documents the search index must append to,
	// after the change: those before the first that is new, changed or
	// removed, and at most either build's split (search.Split).
	steps := []struct {
		name     string
		change   func()
		appended func(last *Result) int
	}{
		{"newer entries", func() {
			for i := range 7 {
				addNews(t, root, fmt.Sprintf("newer-%d", i), newer.Add(time.Duration(i)*time.Hour), i%5, (i+1)%5)
			}
		}, func(last *Result) int { return last.Entries }},
		{"an older entry", func() { older = addNews(t, root, "older", time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC), 1, 2) },
			func(*Result) int { return docAt(t, root, older) }},
		{"an edited entry", func() { edit(t, root, some, "title: ", "title: Edited ") },
			func(*Result) int { return docAt(t, root, some) }},
		// Its terms' first pages stay as they were, their histograms not.
		{"an entry a month earlier", func() {
			moved = docAt(t, root, some)
			monthEarlier(t, filepath.Join(root, some))
		}, func(*Result) int { return min(moved, docAt(t, root, some)) }},
		{"a removed entry", func() {
			gone = docAt(t, root, some)
			if err := os.Remove(filepath.Join(root, some)); err != nil {
				t.Fatal(err)
			}
		}, func(*Result) int { return gone }},
		{"newer entries again", func() {
			for i := range 3 {
				addNews(t, root, fmt.Sprintf("newer-again-%d", i), newer.Add(time.Duration(10+i)*time.Hour), i%5, (i+2)%5)
			}
		}, func(last *Result) int { return last.Entries }},
	}
	last := res0
	// The base's files, and the cache's copy of them.
	baseShards := func() map[string]os.FileInfo {
		m := map[string]os.FileInfo{}
		paths, _ := filepath.Glob(filepath.Join(out, "search", "s", "*.json"))
		paths = append(paths, filepath.Join(publish.CachePath(out), shardsFile))
		for _, p := range paths {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			m[p] = fi
		}
		return m
	}
	for _, s := range steps {
		s.change()
		before := baseShards()
		res, incr := buildTree(t, root, out)
		_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
		sameTrees(t, incr, full)
		want := min(s.appended(last), search.Split(last.Entries), search.Split(res.Entries))
		if res.IndexAppended != want || want == 0 {
			t.Errorf("%s: the search index appended to %d documents, want %d", s.name, res.IndexAppended, want)
		}
		// A base that did not change is the last build's files.
		if want == search.Split(res.Entries) && want == search.Split(last.Entries) {
			after := baseShards()
			if len(after) != len(before) || len(after) == 0 {
				t.Errorf("%s: %d base shards, then %d", s.name, len(before), len(after))
			}
			for p, fi := range after {
				if was := before[p]; was == nil || !os.SameFile(was, fi) || !was.ModTime().Equal(fi.ModTime()) {
					t.Errorf("%s: %s written again", s.name, p)
				}
			}
		}
		last = res
		keepable := 0 // entry pages, numbered pages and archives
		for name := range full {
			kind := pageKind(name)
			if strings.HasSuffix(kind, "-numbered") || kind == "archive" || kind == "entry" && !strings.HasPrefix(name, "stories/") {
				keepable++
			}
		}
		if res.Kept < keepable*8/10 { // an older entry moves the pages from its place on
			t.Errorf("%s: kept %d of %d entry, numbered and archive pages, want at least 80%%", s.name, res.Kept, keepable)
		}
		t.Logf("%s: kept %d of %d entry, numbered and archive pages (%d files)", s.name, res.Kept, keepable, len(full))
		if t.Failed() {
			t.Fatalf("%s failed", s.name)
		}
	}
}

// Templates an editor may write that reach what the keys do not cover:
// with each, and a content change after the first build, a build on the
// cache either leaves the cache off for the kinds that use them or
// writes what a full build writes. (From a review that found a stale
// page with each of them.)
func TestBuildCacheTemplatesReach(t *testing.T) {
	const event = "content/events/2021-04-10-regulator-fines-marketplace.md"
	tests := []struct {
		name          string
		templ, change func(t *testing.T, root string)
	}{
		{"a chrome part named in the entry template", func(t *testing.T, root string) {
			write(t, root, "templates/partials/side.html", `{{define "side"}}<p class="count">{{.Entries}} entries</p>{{end}}`)
			edit(t, root, "templates/entry.html", `<article class="entry`, `{{.Chrome "side"}}<article class="entry`)
		}, func(t *testing.T, root string) {
			addItem(t, root, "one-more", time.Date(2021, 9, 20, 0, 0, 0, 0, time.UTC))
		}},
		{"a card defined in the home set", func(t *testing.T, root string) {
			edit(t, root, "templates/home.html", `{{define "main"}}`, `{{define "card"}}<li>{{.Item.Title}}{{with .Item.Case}} ({{len .Items}} in the case){{end}}{{chipSlot}}</li>{{end}}{{define "main"}}`)
		}, func(t *testing.T, root string) {
			addItem(t, root, "in-the-case", time.Date(2021, 4, 11, 9, 0, 0, 0, time.UTC))
			edit(t, root, "content/news/2021/04/in-the-case.md", "source: Outlet\n", "source: Outlet\ncase: marketplace-exclusivity\n")
		}},
		{"the menu's pages' summaries", func(t *testing.T, root string) {
			edit(t, root, "templates/entry.html", `<article class="entry`, `{{range .Menu}}<p>{{.Summary}}</p>{{end}}<article class="entry`)
		}, func(t *testing.T, root string) {
			edit(t, root, "content/pages/about.md", "title: ", "summary: Who we are\ntitle: ")
		}},
		{"what a citing event cites", func(t *testing.T, root string) {
			edit(t, root, "templates/entry.html", `{{- with $it.CitedBy}}`, `{{range $it.CitedBy}}{{range .Related}}<i>{{.Title}}</i>{{end}}{{end}}{{- with $it.CitedBy}}`)
			edit(t, root, event, "related: [news/2021/04/marketplace-fined]", "related: [news/2021/04/marketplace-fined, news/2021/09/old-item]")
		}, func(t *testing.T, root string) {
			edit(t, root, "content/news/2021/09/old-item.md", "title: ", "title: Retitled ")
		}},
		{"what cites a cited item", func(t *testing.T, root string) {
			edit(t, root, "templates/entry.html", `{{- with $it.Related}}`, `{{range $r := $it.Related}}<i>{{len $r.CitedBy}}</i>{{end}}{{- with $it.Related}}`)
		}, func(t *testing.T, root string) {
			write(t, root, "content/events/2021-04-12-another.md", "---\ntitle: Another event\nkind: order\nauthorities: [miit]\nentities: [tencent]\ntopics: [interoperability]\nrelated: [news/2021/04/marketplace-fined]\n---\n\nBody.\n")
		}},
		{"a cited item reached through index", func(t *testing.T, root string) {
			edit(t, root, "templates/entry.html", `{{- with $it.Related}}`, `{{with $it.Related}}{{(index . 0).CitedBy}}{{end}}{{- with $it.Related}}`)
		}, func(t *testing.T, root string) {
			write(t, root, "content/events/2021-04-12-another.md", "---\ntitle: Another event\nkind: order\nauthorities: [miit]\nentities: [tencent]\ntopics: [interoperability]\nrelated: [news/2021/04/marketplace-fined]\n---\n\nBody.\n")
		}},
		{"a hidden partial", func(t *testing.T, root string) {
			write(t, root, "templates/partials/.extra.html", `{{define "footer"}}one{{end}}`)
		}, func(t *testing.T, root string) {
			write(t, root, "templates/partials/.extra.html", `{{define "footer"}}two{{end}}`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := project(t)
			out := filepath.Join(t.TempDir(), "public")
			tt.templ(t, root)
			buildTree(t, root, out)
			tt.change(t, root)
			res, incr := buildTree(t, root, out)
			_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
			if len(res.Uncached) == 0 {
				sameTrees(t, incr, full)
			}
			t.Logf("kept %d, off for %v", res.Kept, res.Uncached)
		})
	}
}

// A relative root and an absolute one name an entry's file differently
// (.Path): a build on the other's cache renders what a full build does.
func TestBuildCacheRootAsGiven(t *testing.T) {
	root := project(t)
	edit(t, root, "templates/entry.html", `<article class="entry`, `<p class="file">{{.Item.Path}}</p><article class="entry`)
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	t.Chdir(filepath.Dir(root))
	rel := filepath.Base(root)
	res, incr := buildTree(t, rel, out)
	_, full := buildTree(t, rel, filepath.Join(t.TempDir(), "full"))
	sameTrees(t, incr, full)
	if res.Kept > 0 && len(res.Uncached) == 0 {
		t.Errorf("kept %d pages built from another root", res.Kept)
	}
}

// Spellings of one root name the files alike: a build keeps the pages
// another spelling's build made.
func TestBuildCacheRootSpelling(t *testing.T) {
	root := project(t)
	out := filepath.Join(t.TempDir(), "public")
	t.Chdir(filepath.Dir(root))
	rel := filepath.Base(root)
	buildTree(t, rel, out)
	for _, spelt := range []string{rel + "/", "./" + rel, rel + "/../" + rel} {
		if res, _ := buildTree(t, spelt, out); res.Kept == 0 || !res.Patched {
			t.Errorf("--root %s after --root %s: kept %d pages, patched %v", spelt, rel, res.Kept, res.Patched)
		}
	}
}

// TestKeyHashFields checks that a key tells apart lists of fields whose
// bytes run alike: a key that did not would keep a page that changed.
func TestKeyHashFields(t *testing.T) {
	lists := [][]string{{"ab", "c"}, {"a", "bc"}, {"abc"}, {"abc", ""}, {"", "abc"}, {}}
	seen := map[[sha256.Size]byte][]string{}
	for _, l := range lists {
		h := newKeyHash()
		h.field(l...)
		sum := h.sum()
		if prev, ok := seen[sum]; ok {
			t.Errorf("fields %q and %q have the same key", prev, l)
		}
		seen[sum] = l
	}
}

// TestBuildCacheStoryAcrossYears: a year's archive shows a story by its
// head, which may be dated in another year: an edit to the head changes
// that year's archive too, whose key must cover the cards it shows.
func TestBuildCacheStoryAcrossYears(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "feeds", "templates"} {
		golden.CopyTree(t, filepath.Join("../..", d), filepath.Join(root, d))
	}
	// A report of the 2023 verdict dated 2025: the story is in both years.
	edit(t, root, "content/news/2023/12/techtimes-jury-finds-google-play-monopoly.md", "date: 2023-12-11", "date: 2025-08-05")
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	head := "content/events/2023-12-11-epic-v-google-jury-verdict.md"
	report := "content/news/2021/04/samr-fines-alibaba-18-billion-yuan.md"
	for _, step := range []struct {
		name   string
		change func()
	}{
		{"nothing", func() {}},
		// A story's page shows its reports' cards, sources and languages.
		{"a report retitled", func() { edit(t, root, report, "title: China's", "title: Retitled China's") }},
		{"a report's source", func() { edit(t, root, report, "source: People's Daily Online (Xinhua)", "source: Xinhua") }},
		{"a report split out", func() { edit(t, root, report, "lang: en\n", "lang: en\nstory: own\n") }},
		{"the head retitled", func() { edit(t, root, head, "title: Epic v. Google", "title: Retitled Epic v. Google") }},
		{"the head renamed", func() {
			renamed := strings.Replace(head, "jury-verdict", "verdict", 1)
			if err := os.Rename(filepath.Join(root, head), filepath.Join(root, renamed)); err != nil {
				t.Fatal(err)
			}
			head = renamed
		}},
		{"the head removed", func() {
			if err := os.Remove(filepath.Join(root, head)); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		step.change()
		res, incr := buildTree(t, root, out)
		_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
		if !res.Patched {
			t.Errorf("%s: the build did not patch", step.name)
		}
		sameTrees(t, incr, full)
		if t.Failed() {
			t.Fatalf("%s: the incremental build differs", step.name)
		}
		if step.name == "nothing" {
			storiesRecorded(t, out, res)
		}
	}
}

// storiesRecorded fails unless the build cache at out holds a record of
// every story page in the tree at out (which the cache keeps by key),
// and the build res kept at least as many pages.
func storiesRecorded(t *testing.T, out string, res *Result) {
	t.Helper()
	c := loadPageCache(filepath.Join(publish.CachePath(out), pagesFile), nil)
	if c == nil {
		t.Fatal("no build cache")
	}
	stories, err := filepath.Glob(filepath.Join(out, "stories", "*", "index.html"))
	if err != nil || len(stories) == 0 {
		t.Fatalf("no story pages (%v)", err)
	}
	for _, f := range stories {
		path := "/stories/" + filepath.Base(filepath.Dir(f)) + "/"
		if _, ok := c.Pages.find(path); !ok {
			t.Errorf("the build cache has no record of %s", path)
		}
	}
	if res.Kept < len(stories) {
		t.Errorf("kept %d pages, fewer than the %d story pages", res.Kept, len(stories))
	}
}

// When the base of the search index is the last build's and every file
// of it is published as recorded, the cache's shards file is not read
// through: a damaged one does not matter. When a base file must be made
// again, the shards file is read through first: a damaged one is no
// cache, and the build merges the index whole.
func TestBuildCacheBaseDamaged(t *testing.T) {
	root := pagedSynth(t, 400, 5)
	out := filepath.Join(t.TempDir(), "public")
	_, first := buildTree(t, root, out)
	year := 0 // the newest: a new year changes every page, the cache's key
	for name := range first {
		if y, ok := strings.CutPrefix(name, "archive/"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(y, "/index.html"))
			year = max(year, n)
		}
	}
	newer := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	shards := filepath.Join(publish.CachePath(out), shardsFile)
	// Damaged, but nothing needs it: the base is kept.
	addNews(t, root, "newer-1", newer, 1, 2)
	damage(t, shards)
	res, incr := buildTree(t, root, out)
	_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
	sameTrees(t, incr, full)
	if res.IndexAppended != search.Split(res.Entries) {
		t.Fatalf("appended to %d documents, want the base's %d", res.IndexAppended, search.Split(res.Entries))
	}
	// Damaged, and a base file to make again.
	addNews(t, root, "newer-2", newer.Add(time.Hour), 2, 3)
	if err := os.Remove(filepath.Join(out, "search", "s", "0.json")); err != nil {
		t.Fatal(err)
	}
	res, incr = buildTree(t, root, out)
	_, full = buildTree(t, root, filepath.Join(t.TempDir(), "full"))
	sameTrees(t, incr, full)
	if res.IndexAppended != 0 {
		t.Errorf("the build after appended to %d documents, want a whole merge", res.IndexAppended)
	}
}

// TestBuildCacheShownChips: on a term's listing a card leaves the term
// out and shows the next of its terms in rank instead, which older
// entries can change while the card itself (its first four) stays as it
// was. The listing page is made again all the same.
func TestBuildCacheShownChips(t *testing.T) {
	root := project(t)
	// Seven terms, three of them (interoperability, tencent, miit) the
	// rarest at its date: on tencent's listing (its second page) the card
	// shows the fifth in rank, alibaba, the first of the terms of three
	// entries in the order of its terms.
	write(t, root, "content/news/2021/06/many-terms.md", `---
title: "Sevenfold filing of a quarrel"
date: 2021-06-01
summary: "An item under many terms."
topics: [antitrust, interoperability]
entities: [alibaba, tencent, samr, miit]
jurisdictions: [cn]
source: Outlet
---

Body.
`)
	out := filepath.Join(t.TempDir(), "public")
	buildTree(t, root, out)
	tencent := "/entities/tencent/"
	before, beforeOn := chipsOf(t, root, "news/2021/06/many-terms", tencent)
	// Two older entries of alibaba alone put it behind samr and cn, all
	// of them after the card's first four.
	for i, day := range []string{"2021-05-03", "2021-05-04"} {
		write(t, root, "content/news/2021/05/alibaba-"+strconv.Itoa(i)+".md", `---
title: "`+madeUp(uint64(90+i), 6)+`"
date: `+day+`
summary: "`+madeUp(uint64(95+i), 10)+`."
entities: [alibaba]
source: Outlet
---

Body.
`)
	}
	after, afterOn := chipsOf(t, root, "news/2021/06/many-terms", tencent)
	if before != after || beforeOn == afterOn {
		t.Fatalf("the fixture does not make the case: card %q then %q, on %s %q then %q", before, after, tencent, beforeOn, afterOn)
	}
	res, incr := buildTree(t, root, out)
	_, full := buildTree(t, root, filepath.Join(t.TempDir(), "full"))
	if !res.Patched || res.Kept == 0 {
		t.Errorf("the build patched %v and kept %d pages; want a patch that keeps some", res.Patched, res.Kept)
	}
	sameTrees(t, incr, full)
}

// chipsOf are the URLs of the terms the card of the item at rel shows,
// and shows on the listing of the term at omit.
func chipsOf(t *testing.T, root, rel, omit string) (card, on string) {
	t.Helper()
	s := mustLoad(t, root)
	for _, it := range s.b.m.items {
		if it.Rel != rel {
			continue
		}
		urls := func(omit string) string {
			shown, n := it.shownTerms(omit)
			var u []string
			for _, tm := range shown[:n] {
				u = append(u, tm.url)
			}
			return strings.Join(u, " ")
		}
		return urls(""), urls(omit)
	}
	t.Fatalf("no item %s", rel)
	return "", ""
}
