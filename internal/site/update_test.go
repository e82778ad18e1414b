package site

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"docket/internal/golden"
)

// renderAll renders every output of a loaded site.
func renderAll(t *testing.T, s *Site) map[string]string {
	t.Helper()
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.err != nil {
		t.Fatalf("site has an error: %v", s.err)
	}
	out := map[string]string{}
	for p, o := range s.outs {
		if strings.HasPrefix(p, "/status") {
			continue
		}
		data, err := o.render()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[p] = string(data)
	}
	return out
}

// sameAsLoad checks that s, brought up to date by Update, renders what a
// fresh Load of its project renders.
func sameAsLoad(t *testing.T, s *Site) {
	t.Helper()
	fresh, err := Load(s.opts)
	if err != nil {
		t.Fatalf("fresh load: %v", err)
	}
	if s.rels != nil && !slices.Equal(s.rels, slices.Sorted(maps.Keys(s.docs))) {
		t.Errorf("the kept entry paths are not the entries' paths, sorted:\n%v", s.rels)
	}
	got, want := renderAll(t, s), renderAll(t, fresh)
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	}) {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: missing after Update", p)
		} else if g != want[p] {
			t.Errorf("%s differs after Update:\n%s", p, firstDiff(g, want[p]))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: left over after Update", p)
		}
	}
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const missingNews = "content/news/2021/09/not-yet.md"

// TestUpdateCrossFileProblem: an event cites a news item that does not
// exist yet; writing the item must clear the error without touching the
// event, as a fresh load would.
func TestUpdateCrossFileProblem(t *testing.T) {
	root := project(t)
	ev := "content/events/2021-09-09-ministry-orders-links-unblocked.md"
	data, _ := os.ReadFile(filepath.Join(root, ev))
	write(t, root, ev, strings.Replace(string(data), "status: in force\n", "status: in force\nrelated: [news/2021/09/not-yet]\n", 1))
	s, err := Load(Options{Root: root})
	if err == nil {
		t.Fatal("a related item that does not exist: no error")
	}
	if n := strings.Count(err.Error(), "no such news item"); n != 1 {
		t.Errorf("the problem is reported %d times, want once:\n%v", n, err)
	}
	write(t, root, missingNews, "---\ntitle: Now here\ndate: 2021-09-20\nsource: Example Wire\ntopics: [antitrust]\n---\nBody.\n")
	if _, err := s.Update([]string{missingNews}); err != nil {
		t.Fatalf("after writing the cited item: %v", err)
	}
	sameAsLoad(t, s)
}

// TestUpdateHiddenFiles: files a full load skips (names starting with a
// dot, such as macOS's ._x.md) must not enter the site by Update either.
func TestUpdateHiddenFiles(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	for _, p := range []string{"content/pages/._about.md", "content/news/.cache/2021/x.md"} {
		write(t, root, p, "\x00\x05\x16\x07binary")
		if _, err := s.Update([]string{p}); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	sameAsLoad(t, s)
}

// TestUpdateEdits applies a series of edits one at a time and compares
// each result with a fresh load.
func TestUpdateEdits(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	ev := "content/events/2021-09-09-ministry-orders-links-unblocked.md"
	evData, _ := os.ReadFile(filepath.Join(root, ev))
	steps := []struct {
		name  string
		apply func() []string
	}{
		{"delete", func() []string {
			os.Remove(filepath.Join(root, "content/news/2021/09/old-item.md"))
			return []string{"content/news/2021/09/old-item.md"}
		}},
		{"add", func() []string {
			write(t, root, missingNews, "---\ntitle: New\ndate: 2021-09-20\nsource: Other Wire\ntopics: [antitrust]\n---\nBody.\n")
			return []string{missingNews}
		}},
		{"rename", func() []string {
			os.Rename(filepath.Join(root, missingNews), filepath.Join(root, "content/news/2021/09/renamed.md"))
			return []string{missingNews, "content/news/2021/09/renamed.md"}
		}},
		{"relate", func() []string {
			write(t, root, ev, strings.Replace(string(evData), "status: in force\n", "status: in force\nrelated: [news/2021/09/links-unblocked-zh]\n", 1))
			return []string{ev}
		}},
		{"retitle related", func() []string {
			p := "content/news/2021/09/links-unblocked-zh.md"
			d, _ := os.ReadFile(filepath.Join(root, p))
			write(t, root, p, strings.Replace(string(d), "title: ", "title: Changed ", 1))
			return []string{p}
		}},
		{"hide", func() []string {
			p := "content/news/2021/09/links-unblocked-zh.md"
			d, _ := os.ReadFile(filepath.Join(root, p))
			write(t, root, p, strings.Replace(string(d), "---\n", "---\nhidden: true\n", 1))
			return []string{p}
		}},
		{"rates", func() []string { // docket rates update writes it: the fines' USD and EUR change
			rates, err := os.ReadFile("../../feeds/rates.csv")
			if err != nil {
				t.Fatal(err)
			}
			write(t, root, "feeds/rates.csv", string(rates))
			return []string{"feeds/rates.csv"}
		}},
		{"unhide draft", func() []string {
			p := "content/news/2021/09/draft-item.md"
			d, _ := os.ReadFile(filepath.Join(root, p))
			write(t, root, p, strings.Replace(string(d), "draft: true", "draft: false", 1))
			return []string{p}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if _, err := s.Update(st.apply()); err != nil {
				t.Fatal(err)
			}
			sameAsLoad(t, s)
		})
	}
}

// TestUpdateBrokenThenFixed: a file that breaks and is then fixed, and a
// template that breaks and is then fixed, leave the site as a fresh load.
func TestUpdateBrokenThenFixed(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	p := "content/news/2021/09/links-unblocked-zh.md"
	good, _ := os.ReadFile(filepath.Join(root, p))
	write(t, root, p, "---\ntitle: [\n---\n")
	if _, err := s.Update([]string{p}); err == nil {
		t.Fatal("broken front matter: no error")
	}
	write(t, root, p, strings.Replace(string(good), "title: ", "title: Fixed ", 1))
	if _, err := s.Update([]string{p}); err != nil {
		t.Fatal(err)
	}
	sameAsLoad(t, s)

	tp := "templates/partials/card.html"
	card, _ := os.ReadFile(filepath.Join(root, tp))
	write(t, root, tp, "{{define \"card\"}}{{.Nope")
	if _, err := s.Update([]string{tp}); err == nil {
		t.Fatal("broken template: no error")
	}
	os.Remove(filepath.Join(root, "content/news/2021/09/old-item.md"))
	if _, err := s.Update([]string{"content/news/2021/09/old-item.md"}); err == nil {
		t.Fatal("template still broken: no error")
	}
	write(t, root, tp, string(card))
	if _, err := s.Update([]string{tp}); err != nil {
		t.Fatal(err)
	}
	sameAsLoad(t, s)
}

// TestUpdateKeepsModel: a save that changes only what is shown of an
// entry (its body, title, status...) keeps the model, and still renders
// what a fresh load renders: the page, the listings, the feeds (which show
// the start of a body when there is no summary) and the search index. A
// change to where an entry is filed or counted rebuilds the model.
func TestUpdateKeepsModel(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	renderAll(t, s) // fill the caches an edit must empty
	news := "content/news/2021/09/links-unblocked-zh.md"
	event := "content/events/2021-09-09-ministry-orders-links-unblocked.md"
	edit := func(p string, change func(string) string) func() string {
		return func() string {
			d, _ := os.ReadFile(filepath.Join(root, p))
			write(t, root, p, change(string(d)))
			return p
		}
	}
	add := func(s string) func(string) string { return func(d string) string { return d + s } }
	swap := func(old, new string) func(string) string {
		return func(d string) string { return strings.Replace(d, old, new, 1) }
	}
	for _, st := range []struct {
		name  string
		apply func() string
		kept  bool
	}{
		{"news body", edit(news, add("\nA new paragraph about interoperability zebras.\n")), true},
		{"event body", edit(event, add("\nMore on zebras.\n")), true},
		{"news title", edit(news, swap("title: ", "title: Zebra ")), true},
		{"event status", edit(event, swap("status: in force", "status: appealed")), true},
		{"event summary", edit(event, swap("status: appealed", "status: appealed\nsummary: Zebras everywhere.")), true},
		{"news topic", edit(news, swap("topics: [", "topics: [antitrust, ")), false},
		{"event kind", edit(event, swap("kind: order", "kind: fine\namount: {value: 5, currency: CNY}")), false},
		{"page title", edit("content/pages/about.md", swap("title: About", "title: About us")), false},
	} {
		t.Run(st.name, func(t *testing.T) {
			model := s.b.m
			p := st.apply()
			ch, err := s.Update([]string{p})
			if err != nil {
				t.Fatal(err)
			}
			if kept := s.b.m == model; kept != st.kept {
				t.Errorf("model kept = %v, want %v", kept, st.kept)
			}
			if ch.Entry == "" {
				t.Errorf("the change names no entry")
			}
			sameAsLoad(t, s)
		})
	}
}

// TestUpdateRefiles: a model rebuilt after a save files the entries it
// had under the terms it filed them under before (see newModel); terms
// that come, go and change hands over a series of saves, each followed by
// rendering everything, must leave what a fresh load renders.
func TestUpdateRefiles(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	renderAll(t, s)
	news := "content/news/2021/09/links-unblocked-zh.md"
	fresh := "content/news/2021/09/new-term.md"
	newsData, _ := os.ReadFile(filepath.Join(root, news))
	steps := []struct {
		name  string
		apply func() []string
	}{
		{"new item, new terms", func() []string {
			write(t, root, fresh, "---\ntitle: Zebra platform fined\ndate: 2021-09-21\nsource: Other Wire\ntopics: [interoperability]\nentities: [samr, tencent]\n---\nBody.\n")
			return []string{fresh}
		}},
		{"authority dropped", func() []string {
			write(t, root, news, strings.Replace(string(newsData), "entities: [miit, tencent]", "entities: [tencent]", 1))
			return []string{news}
		}},
		{"only item of terms gone", func() []string {
			os.Remove(filepath.Join(root, fresh))
			return []string{fresh}
		}},
		{"terms back on another item", func() []string {
			write(t, root, news, strings.Replace(strings.Replace(string(newsData), "topics: [interoperability]", "topics: [antitrust, interoperability]", 1), "entities: [miit, tencent]", "entities: [miit, tencent, alibaba]", 1))
			return []string{news}
		}},
		{"unrelated save", func() []string {
			write(t, root, missingNews, "---\ntitle: New\ndate: 2021-09-20\nsource: Other Wire\ntopics: [antitrust]\n---\nBody.\n")
			return []string{missingNews}
		}},
		{"rules", func() []string {
			p := "feeds/entities.yaml"
			d, _ := os.ReadFile(filepath.Join(root, p))
			write(t, root, p, strings.Replace(string(d), "name: Tencent,", "name: Tencent Holdings,", 1))
			return []string{p}
		}},
		{"after the rules", func() []string {
			os.Remove(filepath.Join(root, missingNews))
			return []string{missingNews}
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if _, err := s.Update(st.apply()); err != nil {
				t.Fatal(err)
			}
			sameAsLoad(t, s)
			renderAll(t, s)
		})
	}
}

// TestUpdateListingCards: a listing rendered before a save shows the
// saved entry's card as it is after the save, whichever field an editor
// changed, also when the entry heads a story (its card is the story's) or
// is one of a story's other reports, and when the case its cards name
// changes. The listings are rendered before each save, as a preview
// server's reader does, and compared with a fresh load after it.
func TestUpdateListingCards(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	event := "content/events/2021-04-10-regulator-fines-marketplace.md" // heads a story
	member := "content/news/2021/04/marketplace-fined.md"               // the story's other report
	news := "content/news/2021/09/links-unblocked-zh.md"                // alone
	kase := "content/cases/marketplace-exclusivity.md"
	swap := func(p, old, new string) func() string {
		return func() string {
			d, err := os.ReadFile(filepath.Join(root, p))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(d), old) {
				t.Fatalf("%s has no %q", p, old)
			}
			write(t, root, p, strings.Replace(string(d), old, new, 1))
			return p
		}
	}
	listings := []string{"/", "/archive/2021/", "/archive/2021/page/1/", "/topics/antitrust/", "/feed.xml", "/feed.json", "/data/stories.json"}
	for _, st := range []struct {
		name  string
		apply func() string
		shown string // on the archive of 2021 after the save, if set
	}{
		{"event title", swap(event, "title: Regulator fines", "title: Zebra regulator fines"), "Zebra regulator fines"},
		{"event summary", swap(event, "summary: A fixture event", "summary: A zebra event"), "A zebra event"},
		{"event date", swap(event, "kind: fine", "kind: fine\ndate: 2021-04-11"), ""},
		{"event topics", swap(event, "topics: [antitrust]", "topics: [antitrust, interoperability]"), ""},
		{"event entities", swap(event, "entities: [alibaba]", "entities: [alibaba, tencent]"), ""},
		{"event updated", swap(event, "kind: fine", "kind: fine\nupdated: 2021-05-02"), ""},
		{"event lang", swap(event, "kind: fine", "kind: fine\nlang: fr"), ""},
		{"event case gone", swap(event, "\ncase: marketplace-exclusivity", ""), ""},
		{"event case back", swap(event, "kind: fine", "kind: fine\ncase: marketplace-exclusivity"), ""},
		{"case title", swap(kase, "title: Regulator v. marketplace", "title: Zebra v. marketplace"), "Zebra v. marketplace"},
		{"member title", swap(member, "title: Marketplace fined", "title: Zebra marketplace fined"), ""},
		{"member lang", swap(member, "source: Example Wire", "source: Example Wire\nlang: de"), ""},
		{"member updated", swap(member, "source: Example Wire", "source: Example Wire\nupdated: 2021-06-01"), ""},
		{"member source", swap(member, "source: Example Wire", "source: Zebra Wire"), ""},
		{"member story", swap(member, "source: Zebra Wire", "source: Zebra Wire\nstory: own"), ""},
		{"member story back", swap(member, "\nstory: own", ""), ""},
		{"news title", swap(news, "title: ", "title: Zebra "), "Zebra 工信部"},
		{"news summary", swap(news, "lang: zh", "lang: zh\nsummary: Zebras unblocked."), "Zebras unblocked."},
		{"news case", swap(news, "lang: zh", "lang: zh\ncase: marketplace-exclusivity"), ""},
		{"event title again", swap(event, "title: Zebra regulator fines", "title: Okapi regulator fines"), "Okapi regulator fines"},
	} {
		t.Run(st.name, func(t *testing.T) {
			for _, p := range listings {
				if _, err := s.Get(p); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
			}
			if _, err := s.Update([]string{st.apply()}); err != nil {
				t.Fatal(err)
			}
			if st.shown != "" {
				front, _ := s.Get("/archive/2021/")
				older, _ := s.Get("/archive/2021/page/1/")
				if !strings.Contains(string(front)+string(older), st.shown) {
					t.Errorf("the archive of 2021 does not show %q after the save", st.shown)
				}
			}
			sameAsLoad(t, s)
		})
	}
}

// TestUpdateSampleStoryCard is the reviewer's case on the shipped sample:
// with the listings rendered, a save of the title of an event that heads
// a story left them showing the old title (the story's card is made once
// a model, and a save that keeps the model kept it). The story's other
// reports' feeds, which set the badge of their cards (when the source is
// not an outlet of feeds.yaml) and their rank in the story, are changed
// too.
func TestUpdateSampleStoryCard(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content", "feeds", "templates"} {
		golden.CopyTree(t, filepath.Join("../..", d), filepath.Join(root, d))
	}
	s := mustLoad(t, root)
	event := "content/events/2021-09-28-alibaba-apps-add-wechat-pay.md"
	news := "content/news/2021/09/yicai-alibaba-apps-accept-wechat-pay.md"
	swap := func(p, old, new string) string {
		d, err := os.ReadFile(filepath.Join(root, p))
		if err != nil || !strings.Contains(string(d), old) {
			t.Fatalf("%s has no %q (%v)", p, old, err)
		}
		write(t, root, p, strings.Replace(string(d), old, new, 1))
		return p
	}
	for _, st := range []struct {
		name  string
		apply func() string
		shown string
	}{
		{"event title", func() string {
			return swap(event, "title: Alibaba apps start", "title: Zebra apps start")
		}, "Zebra apps start"},
		{"news title", func() string {
			return swap(news, "title: Alibaba apps such as", "title: Zebra apps such as")
		}, ""},
		{"news source, no outlet", func() string { return swap(news, "source: Yicai Global", "source: Zebra Daily") }, ""},
		{"news feed of the press", func() string { return swap(news, "feed: sample", "feed: techcrunch") }, ""},
		{"news feed of a regulator", func() string { return swap(news, "feed: techcrunch", "feed: miit") }, ""},
		{"event title again", func() string {
			return swap(event, "title: Zebra apps start", "title: Okapi apps start")
		}, "Okapi apps start"},
	} {
		t.Run(st.name, func(t *testing.T) {
			for _, p := range []string{"/", "/archive/2021/", "/feed.xml", "/data/stories.json"} {
				if _, err := s.Get(p); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
			}
			if _, err := s.Update([]string{st.apply()}); err != nil {
				t.Fatal(err)
			}
			if st.shown != "" {
				if data, _ := s.Get("/archive/2021/"); !strings.Contains(string(data), st.shown) {
					t.Errorf("/archive/2021/ does not show %q after the save", st.shown)
				}
			}
			sameAsLoad(t, s)
		})
	}
}
