package site

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"docket/internal/search"
)

// searchResult is what a search result shows, read from the page.
type searchResult struct {
	Title, Lang, Why, Time, Date string
	Marks                        []string
	Elements                     []string // element names inside the title link
}

// searchAll runs a query from the URL, shows every result and reads them.
func searchAll(t *testing.T, b *browser, q string) []searchResult {
	t.Helper()
	b.open(t, "search/?q="+url.QueryEscape(q), "#search-q")
	b.do(t, "results for "+q, chromedp.WaitVisible("#search-status[data-ms]"))
	for eval[bool](t, b, `!document.getElementById("search-more").hidden`) {
		n := eval[int](t, b, `document.querySelectorAll("#search-results > li").length`)
		b.do(t, "more results", chromedp.Click("#search-more"),
			chromedp.WaitVisible(fmt.Sprintf("#search-results > li:nth-child(%d)", n+1)))
	}
	return eval[[]searchResult](t, b, `[...document.querySelectorAll("#search-results > li")].map(li => ({
		Title: li.querySelector(".title a").textContent,
		Lang: li.querySelector(".title").lang || document.documentElement.lang,
		Why: li.querySelector(".why")?.textContent || "",
		Time: li.querySelector("time").textContent,
		Date: li.querySelector("time").dateTime,
		Marks: [...li.querySelectorAll("mark")].map(m => m.textContent),
		Elements: [...li.querySelectorAll(".title a *")].map(e => e.localName),
	}))`)
}

func TestBrowserSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	out := buildSample(t)
	var items []struct {
		Kind, Title string
		EventKind   string `json:"event_kind"`
	}
	readJSON(t, filepath.Join(out, "data/items.json"), &items)
	b := startBrowser(t, out)
	var axeJS []byte
	if p := nodeModule("axe-core/axe.min.js"); p != "" {
		axeJS, _ = os.ReadFile(p)
	}

	// fine finds every fine, and every entry whose title has a form of
	// the word; the forms are highlighted.
	t.Run("fine", func(t *testing.T) {
		b.open(t, "search/", "#search-q")
		b.transferred()
		results := searchAll(t, b, "fine")
		if n, files := b.transferred(); n > 300<<10 {
			t.Errorf("query fine downloads %.0f bytes in %d files, budget 300 KB", n, files)
		}
		form := regexp.MustCompile(`(?i)\bfin(e|es|ed|ing)\b`)
		fines := 0
		for _, it := range items {
			if it.EventKind != "fine" && !form.MatchString(it.Title) {
				continue
			}
			if it.EventKind == "fine" {
				fines++
			}
			i := slices.IndexFunc(results, func(r searchResult) bool { return r.Title == it.Title })
			if i < 0 {
				t.Errorf("fine does not find %q (%s %s)", it.Title, it.Kind, it.EventKind)
				continue
			}
			if form.MatchString(it.Title) && !slices.ContainsFunc(results[i].Marks, form.MatchString) {
				t.Errorf("%q: marks %q, want the form of fine", it.Title, results[i].Marks)
			}
		}
		if fines < 3 {
			t.Errorf("the sample has %d events of kind fine, want several", fines)
		}
		b.axe(t, axeJS, "search results")
		b.checkClean(t)
	})

	// 反垄断 ranks the Chinese entries that say (part of) it above the
	// entries found only through the topic's Chinese name, and says
	// which is which.
	t.Run("cjk", func(t *testing.T) {
		results := searchAll(t, b, "反垄断")
		if len(results) == 0 || results[0].Lang != "zh" || !strings.HasPrefix(results[0].Why, "matched in ") {
			t.Fatalf("first result %+v, want a Chinese entry matched in its text", results[0])
		}
		via := 0
		for _, r := range results {
			switch {
			case r.Why == "matched via topic Antitrust & competition":
				via++
			case !strings.HasPrefix(r.Why, "matched in "):
				t.Errorf("%q: why %q", r.Title, r.Why)
			case via > 0:
				t.Errorf("%q matched in its text ranks below a match only through a name", r.Title)
			case r.Lang != "zh" || !slices.ContainsFunc(r.Marks, func(m string) bool { return strings.Contains(m, "垄断") }):
				t.Errorf("%q (%s) matched in text, marks %q", r.Title, r.Lang, r.Marks)
			}
		}
		if via == 0 || via == len(results) {
			t.Errorf("%d of %d results through the topic's name, want some", via, len(results))
		}
	})

	// Results are dated as the timeline dates its cards.
	t.Run("dates", func(t *testing.T) {
		for _, r := range searchAll(t, b, "interoperability") {
			d, err := time.Parse(time.DateOnly, r.Date)
			if err != nil || r.Time != d.Format("2 Jan 2006") {
				t.Errorf("%q dated %q (%s), want the timeline's format", r.Title, r.Time, r.Date)
			}
			if strings.Contains(strings.ToLower(r.Title), "interoperab") && r.Why != "matched in title" {
				t.Errorf("%q: why %q, want matched in title", r.Title, r.Why)
			}
		}
	})

	// "More results" clicked twice at once adds one page, not the same
	// page twice; a link within the page (#main, the skip link) keeps
	// the results and what was typed.
	t.Run("more", func(t *testing.T) {
		b.open(t, "search/?q=apple", "#search-q")
		b.do(t, "results", chromedp.WaitVisible("#search-status[data-ms]"))
		if eval[bool](t, b, `document.getElementById("search-more").hidden`) {
			t.Fatal("apple finds one page of results in the sample, want more")
		}
		eval[bool](t, b, `(() => { const m = document.getElementById("search-more"); m.click(); m.click(); return true })()`)
		b.do(t, "the next page", chromedp.WaitVisible("#search-results > li:nth-child(11)"), chromedp.WaitEnabled("#search-more"))
		links := `[...document.querySelectorAll("#search-results .title a")].map(a => a.href)`
		got := eval[[]string](t, b, links)
		if len(got) > 20 || len(slices.Compact(slices.Sorted(slices.Values(got)))) != len(got) {
			t.Errorf("%d results after two clicks, %d of them different: want one more page", len(got), len(slices.Compact(slices.Sorted(slices.Values(got)))))
		}
		b.do(t, "type", chromedp.SendKeys("#search-q", " typed"))
		eval[bool](t, b, `(() => { location.hash = "main"; return true })()`)
		time.Sleep(300 * time.Millisecond) // a search it started would have emptied the list by now
		if after := eval[[]string](t, b, links); len(after) != len(got) || eval[string](t, b, `document.getElementById("search-q").value`) != "apple typed" {
			t.Errorf("after #main: %d results (want %d), box %q", len(after), len(got), eval[string](t, b, `document.getElementById("search-q").value`))
		}
		b.checkClean(t)
	})

	// A query of only stop words or single letters says so, rather than
	// asking for a word that was typed.
	t.Run("nothing to search", func(t *testing.T) {
		for _, q := range []string{"the", "U.S.", "of it"} {
			b.open(t, "search/?q="+url.QueryEscape(q), "#search-q")
			status := `document.getElementById("search-status").textContent`
			waitFor(t, b, "the status for "+q, status+` !== ""`)
			if got, want := eval[string](t, b, status), "“"+q+"” has no word the index keeps"; !strings.HasPrefix(got, want) {
				t.Errorf("%q: status %q, want it to start %q", q, got, want)
			}
		}
	})

	// The empty page offers example queries, which run in place.
	t.Run("examples", func(t *testing.T) {
		b.open(t, "search/", "#search-examples a")
		if n := eval[int](t, b, `document.querySelectorAll("#search-examples a").length`); n < 3 {
			t.Errorf("%d example queries", n)
		}
		b.do(t, "run an example", chromedp.Click("#search-examples a"), chromedp.WaitVisible("#search-results li"))
		if got := eval[string](t, b, `location.search + " " + document.getElementById("search-q").value + " " + document.getElementById("search-examples").hidden`); got != "?q=fine fine true" {
			t.Errorf("after the example: %q, want ?q=fine in the URL and the box, the examples hidden", got)
		}
		b.axe(t, axeJS, "search examples")
		b.checkClean(t)
	})
}

// TestBrowserSearchInert: a title with markup shows as text, with the
// query highlighted, and no element of it is made.
func TestBrowserSearchInert(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	root := project(t)
	title := `Fines <img src=x onerror="document.title='pwned'"> & <b>bold</b> rulings`
	md := "---\ntitle: '" + strings.ReplaceAll(title, "'", "''") + "'\ndate: 2021-09-04\nsummary: '<script>x</script> ruled'\n---\nBody.\n"
	if err := os.WriteFile(filepath.Join(root, "content/news/2021/09/markup.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t, build(t, root))
	results := searchAll(t, b, "ruling bold")
	if len(results) != 1 {
		t.Fatalf("%d results, want the entry with markup", len(results))
	}
	r := results[0]
	if r.Title != title || len(r.Elements) != 2 || r.Elements[0] != "mark" || r.Elements[1] != "mark" {
		t.Errorf("title %q with elements %q, want the text as it is with two marks", r.Title, r.Elements)
	}
	if !slices.Equal(r.Marks, []string{"bold", "rulings", "ruled"}) {
		t.Errorf("marks %q, want bold, rulings and ruled", r.Marks)
	}
	if got := eval[string](t, b, `document.title + document.querySelectorAll("#search-results img, #search-results script, #search-results b").length`); strings.Contains(got, "pwned") || !strings.HasSuffix(got, "0") {
		t.Errorf("markup from the data ran or made elements: %q", got)
	}
	b.checkClean(t)
}

// TestBrowserSearchMoreFails: a page of results that cannot be loaded
// says so, and "More results" tries again (it failed without a word).
func TestBrowserSearchMoreFails(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	out := build(t, synthProject(t, 600))
	b := startBrowser(t, out)
	b.open(t, "search/?q=market", "#search-q")
	b.do(t, "results", chromedp.WaitVisible("#search-status[data-ms]"))
	status := `document.getElementById("search-status").textContent`
	said := eval[string](t, b, status)
	// The chunks of documents the next page needs go away (600 entries
	// are 19 chunks; the first page loaded at most 10).
	chunks, _ := filepath.Glob(filepath.Join(out, "search", "d", "*.json"))
	for _, c := range chunks {
		if err := os.Rename(c, c+".gone"); err != nil {
			t.Fatal(err)
		}
	}
	b.do(t, "more", chromedp.Click("#search-more"))
	waitFor(t, b, "the failure said", status+`.startsWith("Search could not load more results")`)
	for _, c := range chunks {
		if err := os.Rename(c+".gone", c); err != nil {
			t.Fatal(err)
		}
	}
	b.do(t, "more again", chromedp.WaitEnabled("#search-more"), chromedp.Click("#search-more"), chromedp.WaitVisible("#search-results > li:nth-child(11)"))
	if got := eval[string](t, b, status); got != said {
		t.Errorf("status after the second try %q, want %q", got, said)
	}
	// The chunks' 404s and the script's warning were expected; they
	// arrive when they arrive, so they are taken out only now.
	b.mu.Lock()
	b.problems = slices.DeleteFunc(b.problems, func(p string) bool {
		return strings.Contains(p, "/search/d/") || strings.Contains(p, "search:")
	})
	b.mu.Unlock()
	b.checkClean(t)
}

// TestBrowserSearchBaseAndTail: a term's documents before the index's
// split are in the base shards, the newer in the tail's (see
// internal/search); the page finds both, every one of them.
func TestBrowserSearchBaseAndTail(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	out := build(t, synthProject(t, 600))
	var m struct{ Split, Shards, Tail int }
	readJSON(t, filepath.Join(out, "search/index.json"), &m)
	if m.Shards == 0 || m.Tail == 0 {
		t.Fatalf("manifest %+v: want a base and a tail", m)
	}
	// A word of a dozen documents or more, on both sides of the split.
	var tails []map[string]string
	for i := range m.Tail {
		var shard map[string]string
		readJSON(t, filepath.Join(out, "search/t", strconv.Itoa(i)+".json"), &shard)
		tails = append(tails, shard)
	}
	word, docs := "", map[int]int(nil)
	for _, shard := range tails {
		for term := range shard {
			if len(term) < 4 || search.Stem(term) != term || strings.Trim(term, "abcdefghijklmnopqrstuvwxyz") != "" || term >= word && word != "" {
				continue
			}
			got := lookup(t, out, term)
			if base := slices.ContainsFunc(slices.Collect(maps.Keys(got)), func(d int) bool { return d < m.Split }); base && len(got) >= 12 && len(got) <= 60 {
				word, docs = term, got
			}
		}
	}
	if word == "" {
		t.Fatal("no word found on both sides of the split")
	}
	var want []string
	for d := range docs {
		var rows [][]string
		readJSON(t, filepath.Join(out, "search/d", strconv.Itoa(d/search.Chunk)+".json"), &rows)
		want = append(want, rows[d%search.Chunk][1])
	}
	b := startBrowser(t, out)
	var got []string
	for _, r := range searchAll(t, b, word) {
		got = append(got, r.Title)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%q found %d documents, want %d (split at %d):\n got %q\nwant %q", word, len(got), len(want), m.Split, got, want)
	}
}
