package site

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"docket/internal/content"
	"docket/internal/topic"
)

func item(date string, kind content.Kind, topics ...string) *Item {
	d, _ := time.Parse("2006-01-02", date)
	doc := &content.Doc{Kind: kind}
	doc.Date, doc.Topics = d, topics
	return itemOf(doc)
}

func TestHistogram(t *testing.T) {
	items := []*Item{ // newest first, as the model keeps them
		item("2021-09-28", content.News, "interop"),
		item("2021-09-13", content.News, "interop", "antitrust"),
		item("2021-09-09", content.Event, "antitrust"),
		item("2021-04-10", content.Event, "antitrust"),
		item("2019-01-02", content.News),
	}
	names := map[string]*topic.Topic{"antitrust": {Name: "Antitrust"}, "interop": {Name: "Interoperability"}}
	// Every year of the range: 2021 and 2019 with their archives, 2020
	// empty, without one.
	h := newHistogram(items, byTopic(items, func(id string) *topic.Topic { return names[id] }), "?company=x")
	var years []string
	for _, y := range h.Years {
		years = append(years, fmt.Sprintf("%d:%d:%s", y.Year, y.Total, y.URL))
	}
	if got := strings.Join(years, " "); got != "2021:4:/archive/2021/ 2020:0: 2019:1:/archive/2019/" {
		t.Fatalf("years %s", got)
	}
	if h.By != "first topic" {
		t.Errorf("coloured by %q", h.By)
	}
	var legend []string
	for _, k := range h.Legend {
		legend = append(legend, k.Class+" "+k.Name)
	}
	// Two topics have two entries each as first topic: the tie goes by ID.
	if got := strings.Join(legend, ", "); got != "c1 Antitrust, c2 Interoperability, c0 other" {
		t.Errorf("legend %q", got)
	}
	sep := h.Years[0].Bars[8]
	if sep.Count != 3 || sep.URL != "/archive/2021/?company=x#m2021-09" ||
		sep.Label != "September 2021: 3 entries" {
		t.Errorf("September bar %+v", sep)
	}
	// The fullest month is the full height, stacked in legend order; one
	// entry of three still shows (April).
	if got := h.Years[0].Paths; len(got) != 2 || got[0].D != "M70 40V26M170 40V26" || got[1].D != "M170 26V0" {
		t.Errorf("September paths %+v", got)
	}
	if jan := h.Years[2].Bars[0]; jan.Count != 1 || jan.Label != "January 2019: 1 entry" {
		t.Errorf("January 2019 %+v", jan)
	}
	for _, b := range h.Years[1].Bars {
		if b.Count != 0 || b.URL != "" {
			t.Errorf("empty 2020 has a bar %+v", b)
		}
	}
	if empty := h.Years[0].Bars[0]; empty.Count != 0 || empty.URL != "" {
		t.Errorf("an empty month links somewhere: %+v", empty)
	}
}

// TestHistogramByKind: on a term page the bars tell events from news.
func TestHistogramByKind(t *testing.T) {
	items := []*Item{
		item("2021-09-28", content.News, "interop"),
		item("2021-09-13", content.Event, "antitrust"),
		item("2021-09-09", content.Event, "antitrust"),
		item("2021-04-10", content.News, "antitrust"),
	}
	h := newHistogram(items, byKind, "")
	var legend []string
	for _, k := range h.Legend {
		legend = append(legend, fmt.Sprintf("%s %s %d", k.Class, k.Name, k.Count))
	}
	if got := strings.Join(legend, ", "); h.By != "kind" || got != "k-event Events 2, k-news News 2" {
		t.Errorf("by %s: legend %q", h.By, got)
	}
	if sep := h.Years[0].Bars[8]; sep.Label != "September 2021: 3 entries (Events 2, News 1)" {
		t.Errorf("September: %q", sep.Label)
	}
	if got := h.Years[0].Paths; len(got) != 2 || got[0].Class != "k-event" || got[1].Class != "k-news" {
		t.Errorf("paths %+v", got)
	}
}

func TestKindID(t *testing.T) {
	a := item("2021-09-28", content.News)
	b := item("2020-09-13", content.Event)
	for _, tt := range []struct{ got, want string }{
		{a.KindID(), "news"},
		{b.KindID(), "event"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestHistogramLinks checks that the links the template takes from the
// histogram are what Page.Rel makes of its site paths, at the root and
// below it, and that months and years without entries have none.
func TestHistogramLinks(t *testing.T) {
	items := []*Item{item("2021-09-28", content.News), item("2019-01-02", content.Event)}
	for _, root := range []string{"", "../../", cardRoot} {
		h := newHistogram(items, byKind, "?topic=x")
		h.link(root)
		p := &Page{root: root}
		n := 0
		for _, y := range h.Years {
			if y.Href != p.Rel(y.URL) && y.URL != "" || y.URL == "" && y.Href != "" {
				t.Errorf("root %q: year %d links %q for %q", root, y.Year, y.Href, y.URL)
			}
			for _, b := range y.Bars {
				if b.URL == "" && b.Href != "" || b.URL != "" && b.Href != p.Rel(b.URL) {
					t.Errorf("root %q: %s links %q for %q", root, b.Label, b.Href, b.URL)
				}
				if b.Href != "" {
					n++
				}
			}
		}
		if n != 2 {
			t.Errorf("root %q: %d months linked, want 2", root, n)
		}
	}
}

// TestHistogramAnchors: on the built sample, every month a histogram
// links to without a filter is a group on its archive page; a month whose
// only entries are later reports of a story that starts in another month
// led to no group (the link went to the top of the archive). Filtered
// links go where the filter's script puts the cards
// (TestBrowserFacets/histogram_month).
func TestHistogramAnchors(t *testing.T) {
	out := buildSample(t)
	href := regexp.MustCompile(`href="((?:\.\./)*archive/\d{4}/)#(m\d{4}-\d{2})"`)
	pages, _ := filepath.Glob(filepath.Join(out, "*", "*", "index.html"))
	pages = append(pages, filepath.Join(out, "index.html"))
	links := 0
	for _, page := range pages {
		html, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range href.FindAllStringSubmatch(string(html), -1) {
			links++
			archive := filepath.Join(filepath.Dir(page), filepath.FromSlash(m[1]), "index.html")
			data, err := os.ReadFile(archive)
			if err != nil {
				t.Errorf("%s links %s: %v", page, m[0], err)
				continue
			}
			if !strings.Contains(string(data), `id="`+m[2]+`"`) {
				t.Errorf("%s: %s: no such group on the archive page", strings.TrimPrefix(page, out), m[0])
			}
		}
	}
	if links < 10 {
		t.Errorf("%d month links in %d pages, want the home page's and the term pages'", links, len(pages))
	}
}

// TestHistogramStoryCards: a month's bar links to the month of the card
// that shows its entry: the story's head's on the archive; filtered, the
// head's when the filter keeps it in that year, else the entry's own (a
// term page's bar led to a month where the filtered archive had no card).
func TestHistogramStoryCards(t *testing.T) {
	story := func(head, later string) (*Item, *Item) {
		h, l := item(head, content.News), item(later, content.News)
		l.n, h.n = 0, 1 // newest first
		st := &Story{Items: []*Item{h, l}}
		h.story, l.story = st, st
		return h, l
	}
	link := func(items []*Item, filter, month string) string {
		h := newHistogram(items, byKind, filter)
		for _, y := range h.Years {
			for _, b := range y.Bars {
				if strings.HasPrefix(b.Label, month) {
					return b.URL[strings.Index(b.URL, "#")+1:]
				}
			}
		}
		return ""
	}
	head, later := story("2025-04-30", "2025-05-01")
	for _, tc := range []struct {
		name   string
		items  []*Item
		filter string
		want   string
	}{
		{"archive", []*Item{later}, "", "m2025-04"},
		{"filter keeps the head", []*Item{later, head}, "?company=x", "m2025-04"},
		{"filter leaves the head out", []*Item{later}, "?company=x", "m2025-05"},
	} {
		if got := link(tc.items, tc.filter, "May 2025"); got != tc.want {
			t.Errorf("%s: May 2025 links #%s, want #%s", tc.name, got, tc.want)
		}
	}
	head, later = story("2024-12-30", "2025-01-02")
	if got := link([]*Item{later, head}, "?company=x", "January 2025"); got != "m2025-01" {
		t.Errorf("head in the year before: January 2025 links #%s, want #m2025-01", got)
	}
}

// TestHistogramKeyCoversFields changes each value a histogram holds, one
// at a time, and checks that the page key it writes changes: a field
// added to Histogram and left out of key would keep stale pages.
func TestHistogramKeyCoversFields(t *testing.T) {
	sample := func() *Histogram {
		return &Histogram{By: "kind", Total: 3,
			Legend: []HistKey{{Class: "c", Name: "n", Count: 3}},
			Years: []HistYear{{Year: 2021, URL: "/2021/", Href: "2021/", Total: 3,
				Bars:  [12]HistBar{{X: 0, Count: 3, URL: "/2021/#m1", Href: "2021/#m1", Label: "l"}},
				Paths: []HistPath{{Class: "c", D: "M0 0"}}, Marks: "<rect/>"}}}
	}
	keyOf := func(h *Histogram) [32]byte { k := newKeyHash(); h.key(k); return k.sum() }
	base := keyOf(sample())
	var leaves []string
	var walk func(v reflect.Value, path string, visit func(reflect.Value, string))
	walk = func(v reflect.Value, path string, visit func(reflect.Value, string)) {
		switch v.Kind() {
		case reflect.Pointer:
			walk(v.Elem(), path, visit)
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), visit)
			}
		case reflect.String, reflect.Int:
			visit(v, path)
		default:
			t.Fatalf("%s: a %s, which this test cannot change: teach it and Histogram.key", path, v.Kind())
		}
	}
	walk(reflect.ValueOf(sample()), "", func(_ reflect.Value, p string) { leaves = append(leaves, p) })
	for _, leaf := range leaves {
		h := sample()
		walk(reflect.ValueOf(h), "", func(v reflect.Value, p string) {
			if p != leaf {
				return
			}
			if v.Kind() == reflect.String {
				v.SetString(v.String() + "x")
			} else {
				v.SetInt(v.Int() + 1)
			}
		})
		if keyOf(h) == base {
			t.Errorf("changing %s leaves the key as it was", leaf)
		}
	}
	if len(leaves) < 20 {
		t.Fatalf("walked %d values, want every field of the sample", len(leaves))
	}
}
