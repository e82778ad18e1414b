package site

// A browser test of the filters over a whole listing: the shipped sample
// with four entries a page, so that what a filter matches spans pages.
// What the page shows is checked against the model, filtered in Go.

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"docket/internal/golden"
)

// facetChoice is one filter: a facet and a value.
type facetChoice struct{ name, value string }

func (c facetChoice) has(it *Item) bool {
	switch c.name {
	case "kind":
		return it.KindID() == c.value
	case "year":
		return strconv.Itoa(it.Date.Year()) == c.value
	}
	return slices.ContainsFunc(it.Chips(), func(ch Chip) bool { return ch.Class == c.name && ch.ID == c.value })
}

// filterItems is what a filter matches: the entries in scope that have
// every choice.
func filterItems(m *model, scope func(*Item) bool, want ...facetChoice) []*Item {
	var items []*Item
	for _, it := range m.items {
		if scope(it) && !slices.ContainsFunc(want, func(c facetChoice) bool { return !c.has(it) }) {
			items = append(items, it)
		}
	}
	return items
}

// filterCards is what a filter shows, newest first.
func filterCards(m *model, scope func(*Item) bool, want ...facetChoice) []*Item {
	return expectCards(m, scope, "", want...)
}

// expectCards is what a filter shows in an order ("", "oldest",
// "amount"), worked out here from the entries themselves, not with the
// listings' rule (listing): the matching entries, one card a story; the
// card is the story's lead report when that matches, else its newest
// matching report (oldest first: its oldest), so that every card is an
// entry the filter matches. By amount, a card counts the largest amount
// of its story's matching entries; ties newest first.
func expectCards(m *model, scope func(*Item) bool, order string, want ...facetChoice) []*Item {
	type group struct {
		card *Item
		eur  float64
	}
	var groups []*group
	byStory := map[*Story]*group{}
	for _, it := range filterItems(m, scope, want...) { // newest first
		st := it.Story()
		g := byStory[st]
		if st == nil || g == nil {
			g = &group{it, euros(m, it)}
			groups = append(groups, g)
			if st != nil {
				byStory[st] = g
			}
			continue
		}
		if g.card != st.Items[0] && (it == st.Items[0] || order == "oldest") {
			g.card = it
		}
		g.eur = max(g.eur, euros(m, it))
	}
	slices.SortStableFunc(groups, func(a, c *group) int { return cmp.Compare(a.card.n, c.card.n) })
	switch order {
	case "oldest":
		slices.Reverse(groups)
	case "amount":
		slices.SortStableFunc(groups, func(a, c *group) int { return cmp.Compare(c.eur, a.eur) })
	}
	out := make([]*Item, len(groups))
	for i, g := range groups {
		out[i] = g.card
	}
	return out
}

// facetStatus is what the status says of a filter.
func facetStatus(m *model, page, perPage int, scope func(*Item) bool, want ...facetChoice) string {
	items, cards := filterItems(m, scope, want...), filterCards(m, scope, want...)
	total, noun := len(filterItems(m, scope)), "entries"
	if total == 1 {
		noun = "entry"
	}
	verb := "match"
	if len(items) == 1 {
		verb = "matches"
	}
	s := fmt.Sprintf("%d of %d %s %s", len(items), total, noun, verb)
	if len(cards) < len(items) {
		s += fmt.Sprintf(", on %d cards (a story's reports share one)", len(cards))
	}
	if pages := (len(cards) + perPage - 1) / perPage; pages > 1 {
		return s + fmt.Sprintf("; page %d of %d.", page, pages)
	}
	return s + "."
}

// euros is a card's amount in euros for sorting: -1 without a rate, -2
// without an amount.
func euros(m *model, it *Item) float64 {
	if !it.IsEvent() || it.Amount() == nil {
		return -2
	}
	if r, ok := m.rates.Convert(it.Amount().Value, it.Amount().Currency, "EUR", it.Date); ok {
		return math.Round(r.Value)
	}
	return -1
}

func paths(items []*Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = "/tracker" + it.URL
	}
	return out
}

// waitFor waits until a JavaScript condition holds.
func waitFor(t *testing.T, b *browser, what, cond string) {
	t.Helper()
	js := `new Promise((ok, fail) => { const end = Date.now() + 10000;
		const f = () => { try { if (` + cond + `) return ok(true) } catch (e) {} if (Date.now() > end) return fail(new Error("timed out")); setTimeout(f, 25) }; f() })`
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, cond, err)
	}
}

func TestBrowserFacets(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	// The sample, four entries a page.
	const perPage = 4
	root := t.TempDir()
	for _, dir := range []string{"content", "feeds", "templates"} {
		golden.CopyTree(t, filepath.Join("../..", dir), filepath.Join(root, dir))
	}
	yaml := filepath.Join(root, "content", "site.yaml")
	conf, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yaml, []byte(strings.Replace(string(conf), "page_size: 20", "page_size: "+strconv.Itoa(perPage), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// On the home page the filters cover the whole tracker.
	home := func(*Item) bool { return true }
	m := mustLoad(t, root).b.m
	// The topic of most cards among those with two amounts or more.
	var topic *Term
	for _, tm := range m.taxes[0].Terms {
		cards := filterCards(m, home, facetChoice{"topic", tm.ID})
		amounts := 0
		for _, c := range cards {
			if euros(m, c) > 0 {
				amounts++
			}
		}
		if amounts >= 2 && (topic == nil || len(cards) > len(filterCards(m, home, facetChoice{"topic", topic.ID}))) {
			topic = tm
		}
	}
	if topic == nil || m.taxes[0].Singular != "topic" {
		t.Fatal("no topic with two amounts in the sample")
	}
	// One of its news items came with its source's first fetch: the
	// timeline's own pages leave it out, its term page and the filters
	// do not. Every news item of the sample is in a story: this one is
	// split out, to have a card of its own.
	i := slices.IndexFunc(topic.Items, func(it *Item) bool { return !it.IsEvent() })
	if i < 0 {
		t.Fatalf("topic %s has no news item", topic.ID)
	}
	backfilled := topic.Items[i].URL
	file := filepath.Join(root, "content", topic.Items[i].Rel+".md")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(src), "---\n", "---\nbackfilled: true\nstory: own\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "public")
	if _, err := Build(Options{Root: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	m = mustLoad(t, root).b.m
	all := filterCards(m, home)
	if len(m.home) != len(m.items)-1 || len(listing(m.home)) >= len(all) {
		t.Fatalf("the home timeline has %d of %d entries, %d cards of %d: want one backfilled", len(m.home), len(m.items), len(listing(m.home)), len(all))
	}
	topic = m.taxes[0].byID[topic.ID]
	byTopic := filterCards(m, home, facetChoice{"topic", topic.ID})
	if !slices.Contains(paths(byTopic), "/tracker"+backfilled) || len(byTopic) <= 2*perPage || len(byTopic) == len(all) {
		t.Fatalf("topic %s has %d of %d cards: want several pages, not all", topic.ID, len(byTopic), len(all))
	}
	pages := (len(byTopic) + perPage - 1) / perPage

	b := startBrowser(t, out)
	var axeJS []byte
	if p := nodeModule("axe-core/axe.min.js"); p != "" {
		axeJS, _ = os.ReadFile(p)
	}
	fetched := func(part string) bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, u := range b.urls {
			if strings.Contains(u, part) {
				return true
			}
		}
		return false
	}
	shown := `[...document.querySelectorAll("ol.results > li .title a")].map(a => new URL(a.href).pathname)`
	status := `document.querySelector(".facet-status").textContent`
	choose := func(t *testing.T, name, value string) {
		t.Helper()
		eval[chromedp.Void](t, b, fmt.Sprintf(`(() => { const s = document.querySelector("form.facets [name=%s]"); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})) })()`, name, value))
	}
	// counts checks the count of every choice shown against the model.
	counts := func(t *testing.T, scope func(*Item) bool, want ...facetChoice) {
		t.Helper()
		opts := eval[[][3]string](t, b, `[...document.querySelectorAll("form.facets .facet:not([hidden]) select:not([name=sort]) option")].filter(o => o.value).map(o => [o.parentElement.name, o.value, o.textContent])`)
		if len(opts) < 10 {
			t.Fatalf("%d choices", len(opts))
		}
		for _, o := range opts {
			with := []facetChoice{{o[0], o[1]}}
			for _, w := range want {
				if w.name != o[0] {
					with = append(with, w)
				}
			}
			n := len(filterItems(m, scope, with...))
			if !strings.HasSuffix(o[2], " ("+strconv.Itoa(n)+")") {
				t.Errorf("with %v, %s=%s says %q, want %d", want, o[0], o[1], o[2], n)
			}
		}
	}

	// matches checks that every card shown is an entry in scope that the
	// filter matches, with the built card's heading, date and badge.
	byURL := map[string]*Item{}
	for _, it := range m.items {
		byURL["/tracker"+it.URL] = it
	}
	matches := func(t *testing.T, scope func(*Item) bool, want ...facetChoice) {
		t.Helper()
		cards := eval[[][4]string](t, b, `[...document.querySelectorAll("ol.results > li")].map(li => [new URL(li.querySelector("h3.title a").href).pathname, li.className, li.querySelector(".meta time")?.dateTime ?? "", li.querySelector(".meta .source-type")?.textContent ?? ""])`)
		if len(cards) == 0 {
			t.Error("no cards shown")
		}
		for _, c := range cards {
			it := byURL[c[0]]
			if it == nil {
				t.Errorf("card %s: no such entry", c[0])
				continue
			}
			if !scope(it) || slices.ContainsFunc(want, func(f facetChoice) bool { return !f.has(it) }) {
				t.Errorf("card %s (%s) does not match %v", c[0], it.KindID(), want)
			}
			if c[1] != "card "+it.KindID() || c[2] != it.Date.Format("2006-01-02") || c[3] != it.SourceTypeLabel() {
				t.Errorf("card %s: class %q, date %q, badge %q; want %s, %s, %q", c[0], c[1], c[2], c[3], it.KindID(), it.Date.Format("2006-01-02"), it.SourceTypeLabel())
			}
		}
	}

	t.Run("plain visit", func(t *testing.T) {
		b.open(t, "", "details.filter > summary")
		b.do(t, "settle", chromedp.Sleep(300*time.Millisecond))
		for _, part := range []string{"facets.json", "facets-all.js", "terms.json", "/search/d/"} {
			if fetched(part) {
				t.Errorf("a plain visit fetched %s", part)
			}
		}
		if eval[bool](t, b, `document.querySelector("details.filter").open`) || eval[bool](t, b, `document.querySelector("ol.results") !== null`) {
			t.Error("filters open or results shown on a plain visit")
		}
		// Opening the control loads the index and counts the choices
		// over the whole timeline.
		b.do(t, "open the filters", chromedp.Click("details.filter > summary"), chromedp.WaitReady("form.facets[data-named]"))
		if !fetched("/search/facets.json") {
			t.Error("opening the filters did not fetch the facet index")
		}
		counts(t, home)
		if got := eval[string](t, b, status); got != "" {
			t.Errorf("status %q without a filter", got)
		}
		b.checkClean(t)
	})

	t.Run("filter across pages", func(t *testing.T) {
		choose(t, "topic", topic.ID)
		if loc := eval[string](t, b, `location.search`); loc != "?topic="+topic.ID {
			t.Errorf("query string %q", loc)
		}
		want := facetStatus(m, 1, perPage, home, facetChoice{"topic", topic.ID})
		if !strings.HasPrefix(want, fmt.Sprintf("%d of %d entries match", len(topic.Items), len(m.items))) || !strings.HasSuffix(want, fmt.Sprintf("; page 1 of %d.", pages)) {
			t.Fatalf("want %q: %d entries of %d, %d pages", want, len(topic.Items), len(m.items), pages)
		}
		waitFor(t, b, "the filtered status", status+` === `+strconv.Quote(want))
		if eval[bool](t, b, `[...document.querySelectorAll(".timeline > section.year, nav.pager[aria-label=Pages]")].some(e => !e.hidden)`) {
			t.Error("the page's own entries still show under a filter")
		}
		counts(t, home, facetChoice{"topic", topic.ID})
		// Page by page, the filter stays in every link.
		var got []string
		for p := 1; p <= pages; p++ {
			if p > 1 {
				b.do(t, "page "+strconv.Itoa(p), chromedp.Click(fmt.Sprintf(`ol.results + nav a[data-p="%d"]`, p)))
				waitFor(t, b, "page "+strconv.Itoa(p), fmt.Sprintf(`location.search.endsWith("p=%d") && %s === %q && %s[0] === %q`, p, status, facetStatus(m, p, perPage, home, facetChoice{"topic", topic.ID}), shown, paths(byTopic)[(p-1)*perPage]))
			}
			if bad := eval[[]string](t, b, `[...document.querySelectorAll("ol.results + nav a")].map(a => a.search).filter(s => !s.includes("topic=`+topic.ID+`"))`); len(bad) > 0 {
				t.Errorf("page %d: pager links without the filter: %v", p, bad)
			}
			got = append(got, eval[[]string](t, b, shown)...)
			matches(t, home, facetChoice{"topic", topic.ID})
			// The built pager's words, newest first.
			if p < pages && eval[string](t, b, `document.querySelector("ol.results + nav a[rel=next]")?.textContent`) != "Older →" {
				t.Errorf("page %d: no \"Older →\" link", p)
			}
		}
		if want := paths(byTopic); !slices.Equal(got, want) {
			t.Errorf("topic=%s shows\n%v\nwant\n%v", topic.ID, got, want)
		}
		// Back goes to the page before, filter and all.
		eval[chromedp.Void](t, b, `history.back()`) // as the browser's back button
		waitFor(t, b, "the page before", fmt.Sprintf(`location.search === "?topic=%s&p=%d" && %s[0] === %q`, topic.ID, pages-1, shown, paths(byTopic)[(pages-2)*perPage]))
		b.axe(t, axeJS, "filtered timeline")
		b.checkClean(t)
	})

	t.Run("same as the term page", func(t *testing.T) {
		// The term page, all its pages, lists what the filter found.
		var got []string
		next := topic.URL()[1:]
		for next != "" {
			b.open(t, next, ".timeline")
			got = append(got, eval[[]string](t, b, `[...document.querySelectorAll(".timeline .card .title a")].map(a => new URL(a.href).pathname)`)...)
			next = eval[string](t, b, `(() => { const a = document.querySelector("nav.pager a[rel=next]"); return a ? new URL(a.href).pathname.replace("/tracker/", "") : "" })()`)
		}
		// The same stories: the built page heads a story with its lead
		// report even when only another report is filed under the term,
		// the filter with a report that is.
		story := func(ps []string) []string {
			out := make([]string, len(ps))
			for i, p := range ps {
				out[i] = p
				if it := byURL[p]; it != nil && it.Story() != nil {
					out[i] = it.Story().URL()
				}
			}
			return out
		}
		if want := paths(byTopic); !slices.Equal(story(got), story(want)) {
			t.Errorf("the term page lists\n%v\nthe filter\n%v", got, want)
		}
	})

	t.Run("combined and sorted", func(t *testing.T) {
		b.open(t, "?topic="+topic.ID, "ol.results > li")
		events := filterCards(m, home, facetChoice{"topic", topic.ID}, facetChoice{"kind", "event"})
		if len(events) == 0 || len(events) == len(byTopic) {
			t.Fatalf("topic %s: %d events of %d cards", topic.ID, len(events), len(byTopic))
		}
		choose(t, "kind", "event")
		waitFor(t, b, "events", status+` === `+strconv.Quote(facetStatus(m, 1, perPage, home, facetChoice{"topic", topic.ID}, facetChoice{"kind", "event"})))
		counts(t, home, facetChoice{"topic", topic.ID}, facetChoice{"kind", "event"})
		if got := eval[string](t, b, `document.querySelector("details.filter > summary").textContent`); got != "Filter (2)" {
			t.Errorf("summary %q", got)
		}
		// Largest amount first, then newest; the card says the amount.
		byAmount := expectCards(m, home, "amount", facetChoice{"topic", topic.ID}, facetChoice{"kind", "event"})
		choose(t, "sort", "amount")
		n := min(perPage, len(byAmount))
		waitFor(t, b, "sorted by amount", `location.search.includes("sort=amount") && `+shown+`[0] === `+strconv.Quote(paths(byAmount)[0]))
		if got := eval[[]string](t, b, shown); !slices.Equal(got, paths(byAmount)[:n]) {
			t.Errorf("by amount: %v, want %v", got, paths(byAmount)[:n])
		}
		if got := eval[string](t, b, `document.querySelector("ol.results > li .amount")?.textContent ?? ""`); got != byAmount[0].Amount().String() {
			t.Errorf("the largest amount says %q, want %q", got, byAmount[0].Amount().String())
		}
		// Kept where DOCKET_SCREENSHOTS names a folder, as TestBrowser's.
		if dir := os.Getenv("DOCKET_SCREENSHOTS"); dir != "" {
			b.screenshot(t, dir, "filtered-1280", 1280, false)
			b.screenshot(t, dir, "filtered-390", 390, true)
			b.viewport(t, 0, false)
		}
		choose(t, "sort", "oldest")
		oldest := expectCards(m, home, "oldest", facetChoice{"topic", topic.ID}, facetChoice{"kind", "event"})
		waitFor(t, b, "oldest first", shown+`[0] === `+strconv.Quote(paths(oldest)[0]))
		matches(t, home, facetChoice{"topic", topic.ID}, facetChoice{"kind", "event"})
		// Each change is a step back in the history.
		eval[chromedp.Void](t, b, `history.back()`)
		waitFor(t, b, "back to by amount", `location.search.endsWith("sort=amount") && document.getElementById("f-sort").value === "amount" && `+shown+`[0] === `+strconv.Quote(paths(byAmount)[0]))
		// Clear: the page's own entries again, and the plain address.
		b.do(t, "clear", chromedp.Click(`form.facets button[type="reset"]`))
		waitFor(t, b, "cleared", `location.search === "" && document.querySelector("ol.results").hidden && !document.querySelector(".timeline > section.year").hidden`)
		b.checkClean(t)
	})

	t.Run("term and year pages", func(t *testing.T) {
		// On a term page the filter covers the term's entries, all pages.
		inTerm := func(it *Item) bool { return facetChoice{"topic", topic.ID}.has(it) }
		events := filterCards(m, inTerm, facetChoice{"kind", "event"})
		b.open(t, topic.URL()[1:]+"?kind=event", "ol.results > li")
		if len(events) == 0 {
			t.Fatal("no events")
		}
		want := facetStatus(m, 1, perPage, inTerm, facetChoice{"kind", "event"})
		waitFor(t, b, "the term page's filter", status+` === `+strconv.Quote(want))
		matches(t, inTerm, facetChoice{"kind", "event"})
		if eval[int](t, b, `document.querySelectorAll("#f-topic option[value=`+topic.ID+`]").length`) != 0 {
			t.Error("the term page offers its own term as a choice")
		}
		// A year's archive: its entries only; the year is no choice.
		y := m.years[len(m.years)-1]
		inYear := func(it *Item) bool { return it.Date.Year() == y }
		news := filterCards(m, inYear, facetChoice{"kind", "news"})
		b.open(t, fmt.Sprintf("archive/%d/?kind=news", y), "ol.results > li")
		if len(news) == 0 {
			t.Fatal("no news")
		}
		want = facetStatus(m, 1, perPage, inYear, facetChoice{"kind", "news"})
		waitFor(t, b, "the year's filter", status+` === `+strconv.Quote(want))
		matches(t, inYear, facetChoice{"kind", "news"})
		if !eval[bool](t, b, `document.getElementById("f-year").closest(".facet").hidden`) {
			t.Error("a year's archive offers the year as a choice")
		}
		b.axe(t, axeJS, "filtered archive")
		b.checkClean(t)
	})

	t.Run("news", func(t *testing.T) {
		// News shows news: a story's card is a report the filter
		// matches, not its lead event.
		news := []facetChoice{{"kind", "news"}}
		b.open(t, "?kind=news", "ol.results > li")
		want := expectCards(m, home, "", news...)
		waitFor(t, b, "news", status+` === `+strconv.Quote(facetStatus(m, 1, perPage, home, news...)))
		if got := eval[[]string](t, b, shown); !slices.Equal(got, paths(want)[:min(perPage, len(want))]) {
			t.Errorf("kind=news shows %v, want %v", got, paths(want)[:min(perPage, len(want))])
		}
		matches(t, home, news...)
		// A source whose news is in a story led by an event.
		var src *Term
		for _, tm := range m.taxes[4].Terms {
			if slices.ContainsFunc(tm.Items, func(it *Item) bool { return !it.IsEvent() && it.Story() != nil && it.Story().Items[0].IsEvent() }) && (src == nil || len(tm.Items) > len(src.Items)) {
				src = tm
			}
		}
		if m.taxes[4].Singular != "source" || src == nil {
			t.Fatal("no source with a report in a story led by an event")
		}
		inSource := func(it *Item) bool { return slices.Contains(src.Items, it) }
		b.open(t, src.URL()[1:]+"?kind=news", "ol.results > li")
		waitFor(t, b, "the source's news", status+` === `+strconv.Quote(facetStatus(m, 1, perPage, inSource, news...)))
		matches(t, inSource, news...)
		// Every year, and every company named in some reports of a story
		// but not in its lead: the cards shown are entries that match.
		var risky []facetChoice
		for _, y := range m.years {
			risky = append(risky, facetChoice{"year", strconv.Itoa(y)})
		}
		for _, tm := range m.taxes[1].Terms {
			if slices.ContainsFunc(tm.Items, func(it *Item) bool { return it.Story() != nil && !slices.Contains(tm.Items, it.Story().Items[0]) }) {
				risky = append(risky, facetChoice{"company", tm.ID})
			}
		}
		if m.taxes[1].Singular != "company" || len(risky) <= len(m.years) {
			t.Fatalf("no company named in a story but not in its lead: %v", risky)
		}
		for _, c := range risky {
			b.open(t, "?"+c.name+"="+c.value, "ol.results > li")
			waitFor(t, b, c.name+"="+c.value, status+` === `+strconv.Quote(facetStatus(m, 1, perPage, home, c)))
			want := paths(filterCards(m, home, c))
			if got := eval[[]string](t, b, shown); !slices.Equal(got, want[:min(perPage, len(want))]) {
				t.Errorf("%s=%s shows %v, want %v", c.name, c.value, got, want[:min(perPage, len(want))])
			}
			matches(t, home, c)
		}
		b.checkClean(t)
	})

	t.Run("unknown values", func(t *testing.T) {
		// An unknown kind or sort order is ignored: the page as built.
		for _, q := range []string{"?kind=zzz", "?sort=evil", "?kind=__proto__&sort=constructor"} {
			b.open(t, q, "form.facets[data-named]")
			waitFor(t, b, q, `document.querySelector("ol.results").hidden && !document.querySelector(".timeline > section.year").hidden`)
			if got := eval[[]string](t, b, `[document.getElementById("f-kind").value, document.getElementById("f-sort").value, [...document.querySelectorAll("#f-kind option, #f-sort option")].map(o => o.value).join(" "), `+status+`]`); !slices.Equal(got, []string{"", "", " event news  oldest amount", ""}) {
				t.Errorf("%s: kind, sort, their options, status: %q", q, got)
			}
		}
		// A page number that is not a whole number is the page it begins.
		b.open(t, "?topic="+topic.ID+"&p=1.5", "form.facets[data-named]")
		waitFor(t, b, "p=1.5", status+` === `+strconv.Quote(facetStatus(m, 1, perPage, home, facetChoice{"topic", topic.ID})))
		// One match is "1 of N entries matches".
		var one *facetChoice
		for _, it := range m.items {
			for _, term := range it.terms {
				c := facetChoice{term.Class, term.ID}
				if facetClasses[c.name] && len(filterItems(m, home, c)) == 1 && (one == nil || c.value < one.value) {
					one = &c
				}
			}
		}
		if one == nil {
			t.Fatal("no term with one entry to filter by")
		}
		b.open(t, "?"+one.name+"="+one.value, "form.facets[data-named]")
		waitFor(t, b, "one match", status+` === `+strconv.Quote(fmt.Sprintf("1 of %d entries matches.", len(m.items))))
		// An unknown term matches nothing.
		b.open(t, "?topic=__proto__", "form.facets[data-named]")
		waitFor(t, b, "no match", status+` === `+strconv.Quote(fmt.Sprintf("0 of %d entries match.", len(m.items))))
		if n := eval[int](t, b, `document.querySelectorAll("ol.results > li").length + Object.keys(Object.prototype).length`); n != 0 {
			t.Errorf("%d cards or properties of Object.prototype", n)
		}
		b.checkClean(t)
	})

	t.Run("histogram month", func(t *testing.T) {
		// A month of the term page's histogram opens the filtered year
		// at the page that holds the month, scrolled to its first card.
		b.open(t, topic.URL()[1:], "svg a")
		links := eval[[]string](t, b, `[...document.querySelectorAll(".histogram svg a, svg a")].map(a => a.getAttribute("href"))`)
		tried := 0
		for _, l := range links {
			i := strings.Index(l, "archive/")
			if i < 0 || !strings.Contains(l, "?topic="+topic.ID+"#m") {
				continue
			}
			l = l[i:]
			mo := l[strings.Index(l, "#m")+2:]
			y, _ := strconv.Atoi(mo[:4])
			inYear := func(it *Item) bool { return it.Date.Year() == y }
			cards := filterCards(m, inYear, facetChoice{"topic", topic.ID})
			at := slices.IndexFunc(cards, func(it *Item) bool { return it.Date.Format("2006-01") == mo })
			if at < 0 {
				t.Errorf("%s: the filtered year has no card of the month", l)
			}
			if at < perPage {
				continue
			}
			tried++
			p := at/perPage + 1
			b.open(t, l, "ol.results > li")
			waitFor(t, b, "the month's page", status+` === `+strconv.Quote(facetStatus(m, p, perPage, inYear, facetChoice{"topic", topic.ID})))
			if got := eval[[]string](t, b, shown); len(got) == 0 || got[at%perPage] != paths(cards)[at] {
				t.Errorf("%s: shows %v, want %s at %d", l, got, paths(cards)[at], at%perPage)
			}
			waitFor(t, b, "the month's first card in view", fmt.Sprintf(`(() => { const r = document.querySelectorAll("ol.results > li")[%d].getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight })()`, at%perPage))
			matches(t, inYear, facetChoice{"topic", topic.ID})
		}
		if tried == 0 {
			t.Fatalf("no month of topic %s past the first page of its year (links %v)", topic.ID, links)
		}
		b.checkClean(t)
	})

	t.Run("script fails to load", func(t *testing.T) {
		b.open(t, "", "details.filter > summary")
		eval[chromedp.Void](t, b, `document.querySelector("form.facets").dataset.script = "assets/missing.js"`)
		b.do(t, "open the filters", chromedp.Click("details.filter > summary"))
		waitFor(t, b, "a message", `document.querySelector("form.facets .facet-error")?.textContent.startsWith("The filters could not load")`)
		b.mu.Lock()
		b.problems = nil // the 404 asked for
		b.mu.Unlock()
	})

	t.Run("without JavaScript", func(t *testing.T) {
		// The page as built: its own cards and pager, the term pages'
		// links as the filters, no control, even when the address names
		// a filter.
		noScript := func(off bool) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
				return err
			})
		}
		b.do(t, "scripts off", noScript(true))
		defer b.do(t, "scripts on", noScript(false))
		b.open(t, "?topic="+topic.ID, ".timeline .card")
		// The home page's own: the newest full page and the partial
		// one after it (pageItems).
		n := len(listing(m.home))
		if got, want := eval[int](t, b, `document.querySelectorAll(".timeline .card").length`), n-numberedPages(n, perPage)*perPage; got != want {
			t.Errorf("%d cards, want the page's %d", got, want)
		}
		if eval[bool](t, b, `!!document.querySelector("details.filter:not([hidden]), ol.results")`) {
			t.Error("the filter control shows without JavaScript")
		}
		if n := eval[[]int](t, b, `[document.querySelectorAll(".timeline .chip[href*='/topics/'], .timeline .chip[href*='/entities/']").length, document.querySelectorAll("nav.pager a[rel=next]").length]`); n[0] == 0 || n[1] != 1 {
			t.Errorf("%d links to term pages, %d to the next page", n[0], n[1])
		}
	})
}

// TestBrowserFacetBudget measures a large built site (DOCKET_BIG_SITE, as
// TestBrowserBudgets): a plain visit to the home page downloads nothing
// of the filters and at most homeBudget bytes; one filter at most budget.
func TestBrowserFacetBudget(t *testing.T) {
	dir := os.Getenv("DOCKET_BIG_SITE")
	if dir == "" {
		t.Skip("DOCKET_BIG_SITE not set")
	}
	const budget, homeBudget = 300 << 10, 100 << 10
	b := startBrowser(t, dir)
	b.open(t, "", "details.filter > summary")
	b.do(t, "settle", chromedp.Sleep(300*time.Millisecond))
	n, files := b.transferred()
	t.Logf("home page: %.0f bytes in %d files", n, files)
	if n > homeBudget || files == 0 {
		t.Errorf("the home page downloads %.0f bytes in %d files, budget %d", n, files, homeBudget)
	}
	b.mu.Lock()
	for _, u := range b.urls {
		for _, part := range []string{"/search/facets.json", "/assets/facets-all.js", "/data/terms.json", "/search/d/"} {
			if strings.Contains(u, part) {
				t.Errorf("a plain visit fetched %s", u)
			}
		}
	}
	b.mu.Unlock()
	var x struct{ Terms [][2]any }
	readJSON(t, filepath.Join(dir, "search", "facets.json"), &x)
	if len(x.Terms) == 0 {
		t.Fatal("no terms in the facet index")
	}
	topic := x.Terms[0][1].(string)
	b.do(t, "open the filters", chromedp.Click("details.filter > summary"), chromedp.WaitReady("form.facets[data-named]"))
	eval[chromedp.Void](t, b, `(() => { for (const [k, v] of [["topic", "`+topic+`"], ["kind", "event"]]) {
		const s = document.querySelector("form.facets [name=" + k + "]"); s.value = v; s.dispatchEvent(new Event("change", {bubbles: true})) } })()`)
	waitFor(t, b, "the filter's status", `location.search.includes("kind=event") && document.querySelector(".facet-status").textContent.includes(" of ")`)
	n, files = b.transferred()
	status := eval[string](t, b, `document.querySelector(".facet-status").textContent`)
	ms := eval[string](t, b, `document.querySelector(".facet-status").dataset.ms`)
	t.Logf("filter topic=%s&kind=event: %.0f bytes in %d files, %s ms to count and show: %s", topic, n, files, ms, status)
	if n > budget {
		t.Errorf("a filter downloads %.0f bytes, budget %d", n, budget)
	}
	// Combining a choice counts again over every entry: time it.
	start := time.Now()
	eval[chromedp.Void](t, b, `(() => { const s = document.getElementById("f-sort"); s.value = "amount"; s.dispatchEvent(new Event("change", {bubbles: true})) })()`)
	waitFor(t, b, "sorted", `location.search.includes("sort=amount") && document.querySelector("ol.results > li .amount")`)
	t.Logf("sorted by amount in %v", time.Since(start).Round(time.Millisecond))
	b.checkClean(t)
}
