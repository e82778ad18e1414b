package site

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"docket/internal/golden"
)

// project copies the fixture site and the shipped templates into a fresh
// folder, so tests can change them freely.
func project(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	golden.CopyTree(t, "testdata/site", dir)
	golden.CopyTree(t, "../../templates", filepath.Join(dir, "templates"))
	return dir
}

// mustLoad loads the project at root or ends the test.
func mustLoad(t testing.TB, root string) *Site {
	t.Helper()
	s, err := Load(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func build(t testing.TB, root string) string {
	t.Helper()
	if _, err := Build(Options{Root: root}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "public")
}

func TestGolden(t *testing.T) {
	got := golden.ReadTree(t, build(t, project(t)))
	// Assets are copied as they are: that they are copied is checked
	// here, their contents belong to templates/.
	if got["assets/style.css"] == "" {
		t.Fatal("the build did not copy templates/assets")
	}
	for name := range got {
		if strings.HasPrefix(name, "assets/") {
			delete(got, name)
		}
	}
	if _, ok := got["search/index.json"]; !ok || len(got) == 0 {
		t.Fatal("the build lacks its search index")
	}
	const dir = "testdata/golden"
	want := golden.ReadTree(t, dir)
	for name, w := range want {
		file := dir + "/" + name
		if g, ok := got[name]; !ok {
			if !golden.Remove(t, file) {
				t.Errorf("%s: not built", name)
			}
		} else if g != w && !golden.Write(t, file, []byte(g)) {
			t.Errorf("%s differs from the golden file (go test -update=%s to accept):\n%s", name, file, firstDiff(g, w))
		}
	}
	for name, g := range got {
		file := dir + "/" + name
		if _, ok := want[name]; !ok && !golden.Write(t, file, []byte(g)) {
			t.Errorf("%s: built but not in the golden files (go test -update=%s to accept)", name, file)
		}
	}
}

// firstDiff shows the first line where got and want part.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + g[i] + "\nwant: " + w[i]
		}
	}
	return "lengths differ"
}

func TestDeterministic(t *testing.T) {
	a := golden.ReadTree(t, build(t, project(t)))
	b := golden.ReadTree(t, build(t, project(t)))
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("builds made %d and %d files", len(a), len(b))
	}
	for name := range a {
		if a[name] != b[name] {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
}

// An entry template that fails on one entry's data names that entry's
// file: the template's line alone does not say which of thousands of
// pages it failed on.
func TestEntryTemplateErrorNamesEntry(t *testing.T) {
	root := project(t)
	tmpl := filepath.Join(root, "templates/entry.html")
	good, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(good, []byte(`{{define "main"}}`), []byte(`{{define "main"}}{{if eq .Item.Title "An item from a source's first fetch"}}{{index .Item.Topics 99}}{{end}}`), 1)
	if err := os.WriteFile(tmpl, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(Options{Root: root})
	if err == nil || !strings.Contains(err.Error(), "old-item.md") || !strings.Contains(err.Error(), "entry.html:") {
		t.Fatalf("err = %v, want one naming old-item.md and entry.html's line", err)
	}
}

// TestTemplateErrorOnce: a template mistake that fails every entry page
// is one error naming the first entry's file and how many more pages
// failed so, the same in every build, not one line a page.
func TestTemplateErrorOnce(t *testing.T) {
	root := project(t)
	edit(t, root, "templates/entry.html", `{{define "main"}}`, `{{define "main"}}{{.Item.Doc.Entry.NoSuchField}}`)
	var msgs []string
	for range 2 {
		_, err := Build(Options{Root: root, Out: filepath.Join(t.TempDir(), "public")})
		if err == nil {
			t.Fatal("a broken template built")
		}
		msgs = append(msgs, err.Error())
	}
	if n := strings.Count(msgs[0], "can't evaluate"); n != 1 || !strings.Contains(msgs[0], "more pages)") || msgs[0] != msgs[1] {
		t.Errorf("want one line naming the first page and the others' count, the same twice:\n%s\n%s", msgs[0], msgs[1])
	}
}

func TestAtomicPublish(t *testing.T) {
	root := project(t)
	out := build(t, root)
	before := golden.ReadTree(t, out)

	// A template that fails while executing must leave public/ untouched.
	card := filepath.Join(root, "templates/partials/card.html")
	good, _ := os.ReadFile(card)
	os.WriteFile(card, bytes.Replace(good, []byte(`{{define "card"}}`), []byte(`{{define "card"}}{{.Item.Nope}}`), 1), 0o644)
	if _, err := Build(Options{Root: root}); err == nil || !strings.Contains(err.Error(), "card.html:") {
		t.Fatalf("broken template: err = %v, want one naming card.html and its line", err)
	}
	if after := golden.ReadTree(t, out); !equalTrees(before, after) {
		t.Fatal("a failed build changed public/")
	}
	// Broken front matter likewise.
	os.WriteFile(card, good, 0o644)
	bad := filepath.Join(root, "content/news/2021/09/broken.md")
	os.WriteFile(bad, []byte("---\ntitle: [\n---\n"), 0o644)
	if _, err := Build(Options{Root: root}); err == nil || !strings.Contains(err.Error(), "broken.md:2:") {
		t.Fatalf("broken front matter: err = %v", err)
	}
	if after := golden.ReadTree(t, out); !equalTrees(before, after) {
		t.Fatal("a failed build changed public/")
	}
	os.Remove(bad)

	// Files of earlier builds that no longer exist are removed, by a
	// build that patches public/ as by one that writes a whole new tree
	// (a template changed); that one also removes a file that no build
	// wrote.
	os.Remove(filepath.Join(root, "content/news/2021/09/old-item.md"))
	build(t, root)
	if _, ok := golden.ReadTree(t, out)["news/2021/09/old-item/index.html"]; ok {
		t.Error("a removed entry's page survived a patching build")
	}
	os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644)
	os.WriteFile(card, append(good, '\n'), 0o644)
	build(t, root)
	if _, ok := golden.ReadTree(t, out)["stale.html"]; ok {
		t.Error("stale.html survived a whole build")
	}
	left, _ := filepath.Glob(filepath.Join(root, ".public.tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestFeedsParseBack(t *testing.T) {
	out := build(t, project(t))
	for _, name := range []string{"feed.xml", "feed.json", "topics/antitrust/feed.xml", "topics/antitrust/feed.json"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := gofeed.NewParser().ParseString(string(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.HasPrefix(f.Link, "https://example.org/tracker/") {
			t.Errorf("%s: link %q", name, f.Link)
		}
		for _, it := range f.Items {
			if it.Title == "" || it.PublishedParsed == nil || !strings.HasPrefix(it.Link, "https://example.org/tracker/") {
				t.Errorf("%s: item %q link %q date %v", name, it.Title, it.Link, it.PublishedParsed)
			}
			if strings.Contains(it.Title, "first fetch") {
				t.Errorf("%s: a backfilled item is in the feed", name)
			}
		}
		if name == "feed.xml" || name == "feed.json" {
			// Five entries, the fine's event and its report in one story.
			if len(f.Items) != 3 {
				t.Fatalf("%s: %d items, want 3", name, len(f.Items))
			}
			first := f.Items[0]
			want := time.Date(2021, 9, 13, 0, 0, 0, 0, time.UTC)
			if first.Title != "工信部要求平台解除屏蔽网址链接" || !first.PublishedParsed.Equal(want) || first.Link != "https://example.org/tracker/news/2021/09/links-unblocked-zh/" {
				t.Errorf("%s: first item %q %v %q", name, first.Title, first.PublishedParsed, first.Link)
			}
		}
	}
}

func TestCheckLinks(t *testing.T) {
	root := project(t)
	out := build(t, root)
	broken, err := CheckLinks(out, "/tracker/")
	if err != nil || len(broken) > 0 {
		t.Fatalf("fixture site has broken links: %v %v", broken, err)
	}
	os.WriteFile(filepath.Join(root, "content/pages/lost.md"), []byte("---\ntitle: Lost\n---\n[gone](/events/nowhere/) [ok](/about/) [ext](https://example.com/x) ![img](missing.png)\n"), 0o644)
	// Pages are checked at once: what each finds is gathered and sorted.
	os.WriteFile(filepath.Join(root, "content/pages/astray.md"), []byte("---\ntitle: Astray\n---\n[gone](/events/elsewhere/)\n"), 0o644)
	out = build(t, root)
	broken, _ = CheckLinks(out, "/tracker/")
	want := []string{`astray/index.html: broken link "../events/elsewhere/"`, `lost/index.html: broken link "../events/nowhere/"`, `lost/index.html: broken link "missing.png"`}
	if strings.Join(broken, "\n") != strings.Join(want, "\n") {
		t.Errorf("broken = %q, want %q", broken, want)
	}
}

// TestCheckLinksUnreadable: a page that cannot be read is an error, the
// first in the walk's order, however many are checked at once.
func TestCheckLinksUnreadable(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.html", "a.html"} {
		if err := os.Symlink(filepath.Join(dir, "nowhere-"+name), filepath.Join(dir, name)); err != nil {
			t.Skip(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "c.html"), []byte(`<a href="a.html">a</a>`), 0o644)
	broken, err := CheckLinks(dir, "/")
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "a.html")+":") || strings.Contains(err.Error(), "b.html") || broken != nil {
		t.Errorf("CheckLinks = %q, %v; want nil and the error of a.html alone", broken, err)
	}
}

// TestSampleSite builds the shipped sample content with the shipped
// templates and checks every internal link.
func TestSampleSite(t *testing.T) {
	dir := t.TempDir()
	res, err := Render(Options{Root: "../.."}, dir)
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries < 32 {
		t.Errorf("sample site has %d entries; the README promises at least 12 events and 20 news items", res.Entries)
	}
	broken, err := CheckLinks(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range broken {
		t.Error(b)
	}
}

func TestReselect(t *testing.T) {
	root := project(t)
	s := mustLoad(t, root)
	// The fixture's rules select no news item on its own words. Of the
	// three tagged items, two carry no matched list: their topics are the
	// editor's, which select keeps (internal/reselect), so only the one
	// the rules tagged would be dropped. (Before reselection had one home,
	// Site.Reselect counted 3 here while select --diff listed 1.)
	added, dropped, err := s.Reselect()
	if err != nil || added != 0 || dropped != 1 {
		t.Fatalf("Reselect = %d added, %d dropped, %v; want 0, 1", added, dropped, err)
	}
	rules := filepath.Join(root, "feeds/topics.yaml")
	b, _ := os.ReadFile(rules)
	os.WriteFile(rules, bytes.Replace(b, []byte("en: [antitrust]"), []byte("en: [antitrust, fine, sum, record]"), 1), 0o644)
	if _, err := s.Update([]string{"feeds/topics.yaml"}); err != nil {
		t.Fatal(err)
	}
	if _, dropped, _ := s.Reselect(); dropped != 0 {
		t.Errorf("after widening the rules, dropped = %d, want 0", dropped)
	}
}

// TestEmptyFeedIsDated: a term whose items all came in as a backfill has
// an empty feed, dated like the site rather than at year 1.
func TestEmptyFeedIsDated(t *testing.T) {
	root := project(t)
	os.WriteFile(filepath.Join(root, "content/news/2021/09/lone.md"), []byte("---\ntitle: Lone\ndate: 2021-09-02\nsource: Lone Outlet\nbackfilled: true\n---\n"), 0o644)
	out := build(t, root)
	data, err := os.ReadFile(filepath.Join(out, "sources/lone-outlet/feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "0001-01-01") || !strings.Contains(string(data), "<updated>2021-09-13T00:00:00Z</updated>") {
		t.Errorf("empty feed:\n%s", data)
	}
}

// TestBuildThroughSymlink: when public/ is a link, the build replaces the
// folder it points to and the link stays.
func TestBuildThroughSymlink(t *testing.T) {
	root := project(t)
	target := filepath.Join(t.TempDir(), "www")
	os.Mkdir(target, 0o755)
	os.WriteFile(filepath.Join(target, "stale.html"), []byte("old"), 0o644)
	sum := strings.Repeat("0", 64)
	os.WriteFile(filepath.Join(target, "build.json"), []byte(`{"docket": "dev", "inputs": "`+sum+`", "outputs": "`+sum+`", "files": 1}`), 0o644) // an earlier build's
	if err := os.Symlink(target, filepath.Join(root, "public")); err != nil {
		t.Fatal(err)
	}
	build(t, root)
	if fi, err := os.Lstat(filepath.Join(root, "public")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("public is no longer a link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, "index.html")); err != nil {
		t.Errorf("the link's target was not built: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, "stale.html")); err == nil {
		t.Error("a stale file survived in the link's target")
	}
}

// TestNavCurrent: the menu marks the link to the page itself as the
// current page, and on a page inside a section (a term, a case) the
// section's link as the current place, not as this page.
func TestNavCurrent(t *testing.T) {
	out := build(t, project(t))
	for _, c := range []struct{ page, link, want string }{
		{"topics/index.html", "Topics", "page"},
		{"topics/antitrust/index.html", "Topics", "true"},
		{"authorities/samr/index.html", "Authorities", "true"},
		{"cases/index.html", "Cases", "page"},
		{"cases/marketplace-exclusivity/index.html", "Cases", "true"},
		{"index.html", "Timeline", "page"},
	} {
		data, err := os.ReadFile(filepath.Join(out, c.page))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`<nav aria-label="Site">[\s\S]*?</nav>`).Find(data)
		got := regexp.MustCompile(`aria-current="([a-z]+)">` + c.link + `<`).FindSubmatch(m)
		if got == nil || string(got[1]) != c.want {
			t.Errorf("%s: the menu's %s link is not aria-current=%q:\n%s", c.page, c.link, c.want, m)
		}
	}
}
