package site

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"docket/internal/content"
	"docket/internal/golden"
)

// TestRankChips: a card shows at most four chips, the rarest terms first,
// never a term filed under nearly every entry, and a term page's own
// term is left out, letting the next one in.
func TestRankChips(t *testing.T) {
	m := &model{}
	for range 10 {
		m.items = append(m.items, &Item{tracker: 10})
	}
	term := func(id string, n int) *Term {
		tm := &Term{ID: id, Name: strings.ToUpper(id), Class: "topic", url: "/t/" + id + "/"}
		tm.Items = m.items[:n]
		return tm
	}
	it := m.items[0]
	it.terms = []*Term{term("all", 10), term("most", 8), term("three", 3), term("one", 1), term("two", 2), term("five", 5)}
	labels := func(html string) string {
		var ls []string
		for _, s := range regexp.MustCompile(`>([A-Z]+)</a>`).FindAllStringSubmatch(html, -1) {
			ls = append(ls, s[1])
		}
		return strings.Join(ls, " ")
	}
	for _, c := range []struct{ omit, want string }{
		{"", "ONE TWO THREE FIVE"},
		{"/t/one/", "TWO THREE FIVE MOST"},
		{"/t/most/", "ONE TWO THREE FIVE"},
	} {
		if got := labels(it.chipsHTML(c.omit)); got != c.want {
			t.Errorf("chips without %q: %s, want %s", c.omit, got, c.want)
		}
	}
	if got := m.items[1].chipsHTML(""); got != "" {
		t.Errorf("an item without chips writes %q", got)
	}
	// In a small tracker no term is "nearly all": every one counts.
	small := &Item{tracker: 4}
	small.terms = []*Term{term("all", 4)}
	if got := labels(small.chipsHTML("")); got != "ALL" {
		t.Errorf("small tracker: chips %q, want ALL", got)
	}
}

func TestBlurb(t *testing.T) {
	long := strings.Repeat("word ", 60)
	zh := strings.Repeat("反垄断", 100)
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"A short  summary,\n on two lines.", "A short summary, on two lines."},
		{long, strings.TrimSpace(strings.Repeat("word ", 24)) + "…"},
		{zh, string([]rune(zh)[:blurbRunes]) + "…"},
		{" Leading and trailing ", "Leading and trailing"},
		{"Tab\tand\u00a0no-break space", "Tab and no-break space"},
		{"Single spaced as it is.", "Single spaced as it is."},
		{"x" + long, "x" + strings.TrimSpace(strings.Repeat("word ", 23)) + "…"}, // the cut word goes
		{strings.Repeat("é", blurbRunes), strings.Repeat("é", blurbRunes)},
		{strings.Repeat("é", blurbRunes+1), strings.Repeat("é", blurbRunes) + "…"},
	} {
		if got := (itemOf(docWithSummary(c.in))).Blurb(); got != c.want {
			t.Errorf("Blurb(%.20q…) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestSampleCards: on the sample site, cards carry their sources' types
// and their chips; a fetched article's text is quoted from its outlet.
func TestSampleCards(t *testing.T) {
	files := golden.ReadTree(t, buildSample(t))
	for name, f := range files {
		if strings.Contains(f, chipMark) {
			t.Errorf("%s: the chips' placeholder is left in", name)
		}
	}
	home := files["index.html"]
	for _, want := range []string{
		`<span class="badge source-type">wire</span> <span class="source">Reuters</span>`,
		`<span class="badge source-type">state media</span> <span class="source">Global Times</span>`,
	} {
		if !strings.Contains(files["stories/2021-09-28-alibaba-apps-add-wechat-pay/index.html"]+files["stories/2021-09-09-miit-orders-platforms-to-stop-blocking-links/index.html"], want) {
			t.Errorf("no card has %s", want)
		}
	}
	for _, ul := range regexp.MustCompile(`(?s)<ul class="chips".*?</ul>`).FindAllString(home, -1) {
		if n := strings.Count(ul, "<li>"); n > cardChips {
			t.Errorf("a card with %d chips: %s", n, ul)
		}
	}
	// A term page's cards leave out its own term.
	if strings.Contains(files["entities/wechat/index.html"], `href="../../entities/wechat/">WeChat</a>`) {
		t.Error("the WeChat page's cards link to the WeChat page")
	}
	if !strings.Contains(files["entities/alibaba/index.html"], `href="../../entities/wechat/">WeChat</a>`) {
		t.Error("no WeChat chip on the Alibaba page: the check above proves nothing")
	}
	entry := files["news/2021/09/solidot-wechat-lifts-link-blocking-zh/index.html"]
	if !regexp.MustCompile(`<blockquote class="body" cite="https://www\.solidot\.org/[^"]+" lang="zh">`).MatchString(entry) ||
		!strings.Contains(entry, "<figcaption>Quoted from <cite>Solidot</cite></figcaption>") {
		t.Error("the news entry's text is not quoted from its outlet")
	}
}

func docWithSummary(s string) *content.Doc {
	d := &content.Doc{}
	d.Summary = s
	return d
}

// TestQuoted: only what fetch wrote is quoted from its outlet; an
// editor's own news item with a url: is the editor's words.
func TestQuoted(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		kind      content.Kind
		extracted *bool
		want      bool
	}{
		{content.News, &yes, true},
		{content.News, &no, true},
		{content.News, nil, false},
		{content.Event, nil, false},
	}
	for _, tt := range tests {
		it := itemOf(&content.Doc{Kind: tt.kind})
		it.Extracted = tt.extracted
		if got := it.Quoted(); got != tt.want {
			t.Errorf("kind %v, extracted %v: Quoted() = %v", tt.kind, tt.extracted, got)
		}
	}
}

// TestShownChipsOrder: the chips a card shows are those a stable sort of
// its terms by how many entries each files would put first, once the
// page's own term and the terms on nearly every entry are left out
// (ties keep their filing order), for random items.
func TestShownChipsOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const tracker = 20
	items := make([]*Item, tracker)
	for i := range items {
		items[i] = &Item{tracker: tracker}
	}
	for round := range 500 {
		it := &Item{tracker: tracker}
		for k := range r.IntN(9) {
			n := 1 + r.IntN(tracker) // ties are common: 20 weights
			it.terms = append(it.terms, &Term{ID: fmt.Sprint(k), Name: fmt.Sprint("T", k), Class: "topic",
				url: fmt.Sprintf("/t/%d/", k), Items: items[:n]})
		}
		omit := fmt.Sprintf("/t/%d/", r.IntN(9))
		var want []string
		kept := slices.DeleteFunc(slices.Clone(it.terms), func(tm *Term) bool {
			return tm.url == omit || nearlyAll(len(tm.Items), tracker)
		})
		slices.SortStableFunc(kept, func(a, b *Term) int { return len(a.Items) - len(b.Items) })
		for _, tm := range kept[:min(len(kept), cardChips)] {
			want = append(want, tm.chipLine())
		}
		shown, n := it.shownChips(omit)
		if got := shown[:n]; !slices.Equal(got, want) {
			t.Fatalf("round %d, without %s: chips\n%q\nwant\n%q", round, omit, got, want)
		}
		// The build cache's listing keys take them from one ranking.
		c := &cacheRun{items: []*Item{it}, ranks: [][cardChips + 1]uint8{rankIndices(it)}}
		if got, want := fmt.Sprint(c.shown(it, omit)), fmt.Sprint(it.shownTerms(omit)); got != want {
			t.Fatalf("round %d, without %s: cached ranks give %s, want %s", round, omit, got, want)
		}
	}
}
