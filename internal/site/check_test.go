package site

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"docket/internal/golden"
	"docket/internal/lock"
	"docket/internal/publish"
)

// readOutput reads the files of a check's site, by their paths in it.
func readOutput(t *testing.T, res *Result) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, f := range res.output {
		data, err := os.ReadFile(f.Path())
		if err != nil {
			t.Fatal(err)
		}
		files[f.Rel()] = string(data)
	}
	return files
}

// published is every file of the site published at out and of the
// caches beside it, with its modification time and (fileID) inode,
// links and change time: what a check must leave as it was. The lock file, which names its holder, and check's own
// links record are left out.
func published(t *testing.T, out string) map[string]string {
	t.Helper()
	files := map[string]string{}
	dir := filepath.Dir(out)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == publish.LockPath(out) || p == publish.LinksPath(out) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = fi.ModTime().String() + " " + fileID(p) + "\n" + string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// A check on the last build's caches makes the site a whole render
// makes, writes only what changed, and leaves the published site and
// its caches as they were; with the output's lock held by a build, it
// renders everything, and still the same site.
func TestCheckMatchesRender(t *testing.T) {
	// Records flushed as they come: a check that appended to the tokens
	// file would change it.
	defer func(n int) { tokensBuffer = n }(tokensBuffer)
	tokensBuffer = 16
	root := pagedSynth(t, 300, 5)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	// In the newest year: a new year changes every page's footer.
	years, err := filepath.Glob(filepath.Join(out, "archive", "2*"))
	if err != nil || len(years) == 0 {
		t.Fatal("no archive", err)
	}
	year, err := strconv.Atoi(filepath.Base(years[len(years)-1]))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		addNews(t, root, fmt.Sprintf("trial-%d", i), time.Date(year, 12, 31, i, 0, 0, 0, time.UTC), i%5, (i+1)%5)
	}
	before := published(t, out)
	full := filepath.Join(t.TempDir(), "full")
	if err := os.Mkdir(full, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Render(Options{Root: root, Out: out}, full); err != nil {
		t.Fatal(err)
	}
	want := golden.ReadTree(t, full)

	for _, busy := range []bool{false, true} {
		t.Run(fmt.Sprintf("busy=%v", busy), func(t *testing.T) {
			if busy {
				release, err := lock.AcquireFile(publish.LockPath(out), "build")
				if err != nil {
					t.Fatal(err)
				}
				defer release()
			}
			dir := t.TempDir()
			var seen *Site
			res, err := Check(Options{Root: root, Out: out}, dir, func(s *Site) { seen = s })
			if err != nil {
				t.Fatal(err)
			}
			sameTrees(t, readOutput(t, res), want)
			if len(res.Broken) > 0 {
				t.Errorf("broken links: %q", res.Broken)
			}
			written := len(golden.ReadTree(t, dir))
			if busy {
				if res.Kept != 0 || written != len(want) {
					t.Errorf("with a build running: kept %d pages and wrote %d files of %d, want none kept and all written", res.Kept, written, len(want))
				}
			} else if res.Kept < len(want)/2 || written > len(want)/4 {
				t.Errorf("kept %d pages and wrote %d files of %d, want most kept and few written", res.Kept, written, len(want))
			}
			after := published(t, out)
			for name, f := range before {
				if after[name] != f {
					t.Errorf("%s changed", name)
				}
			}
			for name := range after {
				if _, ok := before[name]; !ok {
					t.Errorf("%s made", name)
				}
			}
			if seen == nil || res.Site != nil {
				t.Errorf("check's notes were given the site %p, and its result holds %p: want it given, then let go", seen, res.Site)
			}
		})
	}
}

// Without the listing of the published site (a build that could not
// write it), a check renders what it cannot patch, and links nothing
// of public/ into its folder: a link changes a file's change time, and
// the next build would read every page to trust it.
func TestCheckNoListing(t *testing.T) {
	root := pagedSynth(t, 60, 5)
	base := t.TempDir()
	out := filepath.Join(base, "public")
	if _, err := Build(Options{Root: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(publish.ListingPath(out)); err != nil {
		t.Fatal(err)
	}
	before := published(t, out)
	dir := filepath.Join(base, "scratch") // where a link could be made
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	res, err := Check(Options{Root: root, Out: out}, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Patched || len(res.Broken) > 0 {
		t.Errorf("patched %v, broken %q", res.Patched, res.Broken)
	}
	after := published(t, out)
	for name, f := range before {
		if after[name] != f {
			t.Errorf("%s changed", name)
		}
	}
}

// A check takes the base URL the published site was built with (the
// scheduled build gives it with --base-url), so its pages are the ones
// the build keeps; and so does a check that renders everything, with a
// build running, whose links are then checked under the same path.
func TestCheckBaseURL(t *testing.T) {
	root := pagedSynth(t, 40, 5)
	home := filepath.Join(root, "templates", "home.html")
	data, err := os.ReadFile(home)
	if err != nil {
		t.Fatal(err)
	}
	// A link that forgets the base path: broken there, wherever it leads.
	os.WriteFile(home, []byte(strings.Replace(string(data), "</h1>", `</h1><a href="/404.html">lost</a>`, 1)), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	const base = "https://tracker.example/docket/"
	if _, err := Build(Options{Root: root, Out: out, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	for _, busy := range []bool{false, true} {
		if busy {
			release, err := lock.AcquireFile(publish.LockPath(out), "build")
			if err != nil {
				t.Fatal(err)
			}
			defer release()
		}
		res, err := Check(Options{Root: root, Out: out}, t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if files := readOutput(t, res); !strings.Contains(files["feed.xml"], base) {
			t.Errorf("busy %v: feed.xml does not name %s", busy, base)
		}
		if want := `index.html: broken link "/404.html"`; !slices.Contains(res.Broken, want) {
			t.Errorf("busy %v: broken %q, want %s among them", busy, res.Broken, want)
		}
		if kept := res.Kept > 0; kept == busy {
			t.Errorf("busy %v: kept %d pages", busy, res.Kept)
		}
	}
}

// A check reads for links only the pages the last check did not find
// whole at the same path with the same bytes, or that link to a file
// that is gone; a page with a broken link is read, and reported, every
// time; a damaged record is no record.
func TestCheckLinksRecord(t *testing.T) {
	root := pagedSynth(t, 120, 5)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	years, _ := filepath.Glob(filepath.Join(out, "archive", "2*"))
	year, _ := strconv.Atoi(filepath.Base(years[len(years)-1]))
	month := filepath.Join(root, "content/news", strconv.Itoa(year), "12")
	check := func(step string) *Result {
		t.Helper()
		res, err := Check(Options{Root: root, Out: out}, t.TempDir(), nil)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return res
	}
	pages := func(res *Result) int {
		n := 0
		for _, f := range res.output {
			if strings.HasSuffix(f.Rel(), ".html") {
				n++
			}
		}
		return n
	}
	// appendBody adds a line to the body of the item slug.
	appendBody := func(slug, line string) {
		p := filepath.Join(month, slug+".md")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, append(data, "\n"+line+"\n"...), 0o644)
	}
	remove := func(slug string) {
		if err := os.Remove(filepath.Join(month, slug+".md")); err != nil {
			t.Fatal(err)
		}
	}
	at := func(day int) time.Time { return time.Date(year, 12, day, 0, 0, 0, 0, time.UTC) }

	res := check("first")
	all := pages(res)
	if res.PagesRead != all || len(res.Broken) > 0 {
		t.Fatalf("first check read %d of %d pages, broken %q", res.PagesRead, all, res.Broken)
	}
	if res := check("again"); res.PagesRead != 0 {
		t.Errorf("with nothing changed, read %d pages, want 0", res.PagesRead)
	}
	addNews(t, root, "record-new", at(30), 1, 2)
	if res := check("an item added"); res.PagesRead == 0 || res.PagesRead > all/2 {
		t.Errorf("with an item added, read %d of %d pages, want the few that changed", res.PagesRead, pages(res))
	}
	addNews(t, root, "record-broken", at(29), 2, 3)
	appendBody("record-broken", "See [nothing](/nowhere/).")
	for _, step := range []string{"a broken link", "a broken link again"} {
		res := check(step)
		if len(res.Broken) != 1 || !strings.Contains(res.Broken[0], "record-broken/index.html: broken link") {
			t.Errorf("%s: broken %q", step, res.Broken)
		}
		if res.PagesRead == 0 {
			t.Errorf("%s: read no page", step)
		}
	}
	remove("record-broken")
	// A page linking to another item's, which then goes.
	addNews(t, root, "record-target", at(28), 3, 4)
	addNews(t, root, "record-linker", at(27), 4, 0)
	appendBody("record-linker", fmt.Sprintf("See [the target](/news/%d/12/record-target/).", year))
	if res := check("a link to an item"); len(res.Broken) > 0 {
		t.Fatalf("a link to an item: broken %q", res.Broken)
	}
	remove("record-target")
	res = check("the linked item removed")
	if len(res.Broken) != 1 || !strings.Contains(res.Broken[0], "record-linker/index.html: broken link") {
		t.Errorf("with the linked item removed: broken %q", res.Broken)
	}
	if res.PagesRead == 0 || res.PagesRead > all/2 {
		t.Errorf("with the linked item removed, read %d of %d pages, want the few that changed or link to it", res.PagesRead, pages(res))
	}
	record := publish.LinksPath(out)
	data, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	os.WriteFile(record, data, 0o644)
	if res := check("a damaged record"); res.PagesRead != pages(res) {
		t.Errorf("with a damaged record, read %d of %d pages", res.PagesRead, pages(res))
	}
}

// A check of an output folder that a build would refuse (in content/)
// fails as the build would, rather than check a site nobody can build.
func TestCheckRefusesOutputInInputs(t *testing.T) {
	root := pagedSynth(t, 10, 5)
	out := filepath.Join(root, "content", "public")
	if _, err := Build(Options{Root: root, Out: out}); err == nil {
		t.Fatal("build into content/ worked")
	}
	if _, err := Check(Options{Root: root, Out: out}, t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "content/") {
		t.Errorf("check: %v, want the build's refusal", err)
	}
}
