package site

import (
	"encoding/json"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"docket/internal/content"
)

// varintDigits is the text varint's alphabet as the scripts spell it.
const varintDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// readPostings decodes a list of entries of the facet index, as
// facets-all.js does.
func readPostings(t *testing.T, s string) []int {
	t.Helper()
	var out []int
	d, v, scale := -1, 0, 1
	for _, ch := range s {
		c := strings.IndexRune(varintDigits, ch)
		switch {
		case c < 0:
			t.Fatalf("postings %q: %q is no digit", s, ch)
		case c >= 32:
			v += (c - 32) * scale
			scale *= 32
		default:
			d += v + c*scale + 1
			out = append(out, d)
			v, scale = 0, 1
		}
	}
	if scale != 1 {
		t.Fatalf("postings %q end inside a number", s)
	}
	return out
}

func TestFacetPostings(t *testing.T) {
	for _, tt := range []struct {
		docs []int
		want string
	}{
		{nil, ""},
		{[]int{0}, "0"},
		{[]int{0, 1, 2, 3}, "0000"},
		{[]int{5}, "5"},
		{[]int{31}, "V"},
		{[]int{32}, "W1"},          // 32 = 0 + 1×32: a carrying digit, then 1
		{[]int{3, 1, 3, 2}, "100"}, // sorted, each once
		{[]int{0, 1000}, "0dV"},    // gap 999 = 7 + 31×32: d is 32+7
		{[]int{100000}, "WrX3"},    // 100000 = 0 + 21×32 + 1×32² + 3×32³
	} {
		got := string(appendPostings(nil, slices.Clone(tt.docs)))
		if got != tt.want {
			t.Errorf("%v: %q, want %q", tt.docs, got, tt.want)
		}
		want := slices.Compact(slices.Sorted(slices.Values(tt.docs)))
		if back := readPostings(t, got); !slices.Equal(back, want) {
			t.Errorf("%v: %q reads back as %v", tt.docs, got, back)
		}
	}
}

// TestFacetIndex reads the facet index of the test site and the shipped
// sample back and checks it against the model: every term's entries,
// kinds, years, stories and amounts.
func TestFacetIndex(t *testing.T) {
	for _, tt := range []struct {
		name, root string
		// What the project is known to hold, so that a check of nothing
		// cannot pass: entries, stories, amounts, amounts not in euros,
		// and of those without a rate. The sample's are minima: editors
		// add to it, and a fetch does.
		docs, stories, amounts, foreign, unrated int
		atLeast                                  bool
	}{
		{"testdata", "", 5, 1, 1, 1, 1, false},
		{"sample", "../..", 32, 5, 3, 1, 0, true},
	} {
		known := func(got, want int) bool { return got == want || tt.atLeast && got > want }
		t.Run(tt.name, func(t *testing.T) {
			root := tt.root
			if root == "" {
				root = project(t)
			}
			m := mustLoad(t, root).b.m
			raw, err := (&builder{m: m}).facetIndex()
			if err != nil {
				t.Fatal(err)
			}
			var x struct {
				Version          int
				Docs, Chunk      int
				Classes          []string
				Terms            [][2]any
				Postings, Events string
				Years, Months    [][2]int
				Types            []any
				Stories          [][]int
				Amounts          []int64
				Foreign          []any
			}
			if err := json.Unmarshal(raw, &x); err != nil {
				t.Fatal(err)
			}
			if x.Version != facetIndexVersion || x.Docs != len(m.items) || !known(x.Docs, tt.docs) || x.Chunk < 1 {
				t.Errorf("version %d, docs %d, chunk %d; want %d, %d entries", x.Version, x.Docs, x.Chunk, facetIndexVersion, tt.docs)
			}
			// Each term lists exactly the entries of its page.
			posts := strings.Split(x.Postings, " ")
			if len(posts) != len(x.Terms) {
				t.Fatalf("%d terms, %d postings", len(x.Terms), len(posts))
			}
			seen := map[string]bool{}
			for i, tm := range x.Terms {
				class, id := x.Classes[int(tm[0].(float64))], tm[1].(string)
				seen[class+":"+id] = true
				var want []int
				for _, tax := range m.taxes {
					if tax.Singular != class {
						continue
					}
					if term := tax.byID[id]; term != nil {
						for _, it := range term.Items {
							want = append(want, it.n)
						}
					}
				}
				slices.Sort(want)
				if got := readPostings(t, posts[i]); len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%s:%s lists %v, its page %v", class, id, got, want)
				}
			}
			for _, tax := range m.taxes {
				for _, term := range tax.Terms {
					if !seen[tax.Singular+":"+term.ID] {
						t.Errorf("%s:%s is not in the index", tax.Singular, term.ID)
					}
				}
			}
			// The built site: the index's entries are the search's
			// documents, and each term's postings are what its pages show.
			out := t.TempDir()
			if _, err := Build(Options{Root: root, Out: out}); err != nil {
				t.Fatal(err)
			}
			var built facetIndex
			readJSON(t, filepath.Join(out, "search", "facets.json"), &built)
			if built.Postings != x.Postings || built.Docs != x.Docs {
				t.Error("the built facets.json differs from the model's")
			}
			rows := docURLs(t, out, x.Docs, x.Chunk)
			storyOf := map[string]string{}
			for i, it := range m.items {
				if rows[i] != it.URL {
					t.Errorf("entry %d: the search's row is %s, the model's %s", i, rows[i], it.URL)
				}
				storyOf[it.URL] = it.URL
				if st := it.Story(); st != nil {
					storyOf[it.URL] = st.URL()
				}
			}
			for i, tm := range x.Terms {
				class, id := x.Classes[int(tm[0].(float64))], tm[1].(string)
				termPagesMatch(t, out, rows, func(u string) string { return storyOf[u] }, class, id, readPostings(t, posts[i]))
			}
			// Kinds and years.
			var events []int
			years := map[int]int{}
			for _, it := range m.items {
				if it.IsEvent() {
					events = append(events, it.n)
				}
			}
			if got := readPostings(t, x.Events); len(events) == 0 || !slices.Equal(got, events) {
				t.Errorf("events %v, want %v", got, events)
			}
			d := 0
			for _, run := range x.Years {
				for range run[1] {
					if d < len(m.items) && m.items[d].Date.Year() != run[0] {
						t.Errorf("entry %d of %d said to be of %d", d, m.items[d].Date.Year(), run[0])
					}
					d++
					years[run[0]]++
				}
			}
			if d != len(m.items) {
				t.Errorf("years cover %d entries of %d", d, len(m.items))
			}
			d = 0
			for _, run := range x.Months {
				for range run[1] {
					if d < len(m.items) && m.items[d].Date.Year()*100+int(m.items[d].Date.Month()) != run[0] {
						t.Errorf("entry %d of %s said to be of %d", d, m.items[d].Date.Format("2006-01"), run[0])
					}
					d++
				}
			}
			if d != len(m.items) || len(x.Months) < len(x.Years) {
				t.Errorf("months cover %d entries of %d in %d runs", d, len(m.items), len(x.Months))
			}
			// Source types: each typed source's, on its term.
			types := map[string]string{}
			for _, it := range m.items {
				if it.SourceType != "" {
					types[content.Slug(it.Source)] = it.SourceTypeLabel()
				}
			}
			if len(x.Types) != 2*len(types) {
				t.Errorf("%d source types, the model has %d", len(x.Types)/2, len(types))
			}
			for i := 0; i+1 < len(x.Types); i += 2 {
				tm := x.Terms[int(x.Types[i].(float64))]
				if x.Classes[int(tm[0].(float64))] != "source" || types[tm[1].(string)] != x.Types[i+1] {
					t.Errorf("term %v said to be of type %v, want %q", tm, x.Types[i+1], types[tm[1].(string)])
				}
			}
			// Stories: head first, then every other report.
			if len(x.Stories) != len(m.stories) || !known(len(x.Stories), tt.stories) {
				t.Errorf("%d stories, the model has %d, want %d", len(x.Stories), len(m.stories), tt.stories)
			}
			for i, s := range x.Stories {
				if i >= len(m.stories) {
					break
				}
				st := m.stories[i]
				if len(s) != st.N() || s[0] != st.Head().n || listing(m.items[s[0] : s[0]+1])[0] != st.Head() {
					t.Errorf("story %s: %v", st.ID, s)
				}
				for _, r := range s[1:] {
					if m.items[r].Story() != st {
						t.Errorf("story %s lists entry %d of another", st.ID, r)
					}
				}
			}
			// Amounts: euros at the date's rate, or -1; the rest as written.
			if len(x.Amounts)%2 != 0 || len(x.Foreign)%3 != 0 {
				t.Fatalf("amounts %v, foreign %v", x.Amounts, x.Foreign)
			}
			foreign := map[int64][]any{}
			for i := 0; i < len(x.Foreign); i += 3 {
				foreign[int64(x.Foreign[i].(float64))] = x.Foreign[i+1 : i+3]
			}
			unrated := 0
			for i := 0; i < len(x.Amounts); i += 2 {
				it := m.items[x.Amounts[i]]
				if !it.IsEvent() || it.Amount() == nil {
					t.Errorf("entry %d has an amount in the index, not in the model", x.Amounts[i])
					continue
				}
				want := int64(-1)
				if r, ok := m.rates.Convert(it.Amount().Value, it.Amount().Currency, "EUR", it.Date); ok {
					want = int64(math.Round(r.Value))
				}
				if x.Amounts[i+1] == -1 {
					unrated++
				}
				if x.Amounts[i+1] != want {
					t.Errorf("%s: %d euros, want %d", it.URL, x.Amounts[i+1], want)
				}
				f, ok := foreign[x.Amounts[i]]
				if ok != (it.Amount().Currency != "EUR") || ok && (f[0].(float64) != it.Amount().Value || f[1] != it.Amount().Currency) {
					t.Errorf("%s: %s written as %v", it.URL, it.Amount(), f)
				}
			}
			if !known(len(x.Amounts)/2, tt.amounts) || !known(len(foreign), tt.foreign) || !known(unrated, tt.unrated) {
				t.Errorf("%d amounts, %d foreign, %d unrated; want %d, %d, %d", len(x.Amounts)/2, len(foreign), unrated, tt.amounts, tt.foreign, tt.unrated)
			}
			t.Logf("%d entries: %d bytes (%s years)", x.Docs, len(raw), strconv.Itoa(len(years)))
		})
	}
}

// docURLs reads the search's document rows (search/d/N.json) of a built
// site: the URL of each entry by its number, as the facet index numbers
// them (newest first: the search's document docs-1-n).
func docURLs(t *testing.T, out string, docs, chunk int) []string {
	t.Helper()
	var urls []string
	for c := 0; c*chunk < docs; c++ {
		var rows [][]any
		readJSON(t, filepath.Join(out, "search", "d", strconv.Itoa(c)+".json"), &rows)
		for _, r := range rows {
			urls = append(urls, "/"+r[0].(string))
		}
	}
	if len(urls) != docs {
		t.Fatalf("%d search documents, %d in the facet index", len(urls), docs)
	}
	slices.Reverse(urls)
	return urls
}

// termPagesMatch reads a term's built pages (following their pager) and
// checks their cards against the index's postings for the term, matched
// by URL through the search's rows: each posted entry shows as a card or
// as a report of a story whose card shows, and each card is posted or
// is a story with a posted report. storyOf keys an entry by its story.
func termPagesMatch(t *testing.T, out string, rows []string, storyOf func(string) string, class, id string, posted []int) {
	t.Helper()
	dirs := map[string]string{"topic": "topics", "company": "entities", "authority": "authorities", "jurisdiction": "jurisdictions", "source": "sources"}
	card := regexp.MustCompile(`<h3 class="title"(?: lang="[^"]+")?><a href="([^"]+)"`)
	next := regexp.MustCompile(`<a rel="next" href="([^"]+)"`)
	shown := map[string]bool{}
	for page := "/" + dirs[class] + "/" + id + "/"; page != ""; {
		html, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page), "index.html"))
		if err != nil {
			t.Fatalf("%s:%s: %v", class, id, err)
		}
		for _, m := range card.FindAllStringSubmatch(string(html), -1) {
			shown[path.Join(page, m[1])+"/"] = true
		}
		if m := next.FindStringSubmatch(string(html)); m != nil {
			page = path.Join(page, m[1]) + "/"
		} else {
			page = ""
		}
	}
	shownStory, postedStory := map[string]bool{}, map[string]bool{}
	for u := range shown {
		shownStory[storyOf(u)] = true
	}
	for _, d := range posted {
		if d >= len(rows) {
			t.Errorf("%s:%s posts entry %d of %d", class, id, d, len(rows))
			continue
		}
		u := rows[d]
		postedStory[storyOf(u)] = true
		if !shown[u] && !shownStory[storyOf(u)] {
			t.Errorf("%s:%s posts %s, which its pages do not show", class, id, u)
		}
	}
	for u := range shown {
		if !postedStory[storyOf(u)] {
			t.Errorf("%s:%s pages show %s, which the index does not post", class, id, u)
		}
	}
	if len(shown) == 0 {
		t.Errorf("%s:%s: no cards on its pages", class, id)
	}
}

// BenchmarkFacetIndex measures making search/facets.json for a synthetic
// site of 10,000 entries: what the facet index adds to a build.
func BenchmarkFacetIndex(b *testing.B) {
	s := loadSynth(b, synthProject(b, 10000))
	bld := &builder{m: s.b.m}
	var n int
	for b.Loop() {
		js, err := bld.facetIndex()
		if err != nil {
			b.Fatal(err)
		}
		n = len(js)
	}
	b.ReportMetric(float64(n), "bytes")
}
