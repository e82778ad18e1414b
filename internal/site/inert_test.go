package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/golden"
)

// TestFeedIDs: a news item's feed: must be an ID in feeds/feeds.yaml,
// at a full load and when the preview server re-reads one file.
func TestFeedIDs(t *testing.T) {
	root := project(t)
	write(t, root, "feeds/feeds.yaml", "feeds:\n  - {id: example, url: https://example.org/feed.xml, title: Example, kind: wire}\n")
	s, err := Load(Options{Root: root})
	if err == nil || !strings.Contains(err.Error(), `unknown feed "example-zh"`) {
		t.Fatalf("feed example-zh is not in feeds.yaml: error %v", err)
	}
	write(t, root, "feeds/feeds.yaml", "feeds:\n  - {id: example, url: https://example.org/feed.xml, title: Example, kind: wire}\n  - {id: example-zh, url: https://example.org/zh.xml, title: Example, kind: wire}\n")
	if _, err := s.Update([]string{"feeds/feeds.yaml"}); err != nil {
		t.Fatalf("after adding the feed: %v", err)
	}
	item := "content/news/2021/09/links-unblocked-zh.md"
	data, _ := os.ReadFile(filepath.Join(root, item))
	write(t, root, item, strings.Replace(string(data), "feed: example-zh", "feed: nope", 1))
	if _, err := s.Update([]string{item}); err == nil || !strings.Contains(err.Error(), `links-unblocked-zh.md:`) {
		t.Fatalf("an edit to an unknown feed: error %v", err)
	}
	// The feed's problem stands in line order among the file's others.
	write(t, root, item, strings.Replace(string(data), "feed: example-zh", "feed: nope\nimage: ftp://x", 1))
	_, err = s.Update([]string{item})
	msg := fmt.Sprint(err)
	if feed, url := strings.Index(msg, "unknown feed"), strings.Index(msg, "ftp://x"); feed < 0 || url < 0 || feed > url {
		t.Errorf("problems out of line order:\n%s", msg)
	}
}

// TestAssetsRefuseLinks: the build copies regular files only from
// templates/assets: a link (even to a file inside the project, such as
// .git/config) or a FIFO fails the build with the file's name, and
// publishes nothing.
func TestAssetsRefuseLinks(t *testing.T) {
	for name, setup := range map[string]func(root, p string) error{
		"link inside the project": func(root, p string) error {
			write(t, root, ".git/config", "[remote]\n token = secret\n")
			return os.Symlink(filepath.Join(root, ".git", "config"), p)
		},
		"linked folder": func(_, p string) error { return os.Symlink("/etc", p) },
		"fifo":          func(_, p string) error { return mkfifo(p) },
	} {
		t.Run(name, func(t *testing.T) {
			root := project(t)
			p := filepath.Join(root, "templates", "assets", "x")
			if err := setup(root, p); err != nil {
				t.Skip(err)
			}
			_, err := Build(Options{Root: root})
			if err == nil || !strings.Contains(err.Error(), "assets/x") || !strings.Contains(err.Error(), "not a regular file") {
				t.Fatalf("error %v, want one naming assets/x", err)
			}
			if _, err := os.Stat(filepath.Join(root, "public")); err == nil {
				t.Error("public/ was written")
			}
		})
	}
}

// TestContentRefusesSpecialFiles: a FIFO or a link to /dev/zero among the
// entries fails the build naming the file, and does not hang it.
func TestContentRefusesSpecialFiles(t *testing.T) {
	for name, setup := range map[string]func(p string) error{
		"dev zero": func(p string) error { return os.Symlink("/dev/zero", p) },
		"fifo":     mkfifo,
	} {
		t.Run(name, func(t *testing.T) {
			root := project(t)
			p := filepath.Join(root, "content", "news", "2021", "09", "x.md")
			if err := setup(p); err != nil {
				t.Skip(err)
			}
			_, err := Build(Options{Root: root})
			if err == nil || !strings.Contains(err.Error(), "x.md: not a regular file") {
				t.Fatalf("error %v", err)
			}
		})
	}
}

// TestFeedsRefuseSpecialFiles: a FIFO or a link to /dev/zero among the
// YAML files of feeds/ fails the build naming it, before and after a
// build cache exists (whose key reads them), and does not hang it.
func TestFeedsRefuseSpecialFiles(t *testing.T) {
	for name, setup := range map[string]func(p string) error{
		"dev zero": func(p string) error { return os.Symlink("/dev/zero", p) },
		"fifo":     mkfifo,
	} {
		t.Run(name, func(t *testing.T) {
			root := project(t)
			if _, err := Build(Options{Root: root}); err != nil {
				t.Fatal(err)
			}
			if err := setup(filepath.Join(root, "feeds", "extra.yaml")); err != nil {
				t.Skip(err)
			}
			done := make(chan error, 1)
			go func() { _, err := Build(Options{Root: root}); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "extra.yaml") {
					t.Errorf("error %v, want one naming extra.yaml", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the build hangs on it")
			}
		})
	}
}

// TestFeedSummaryIsText: a body that is a feed's summary (extracted:
// false) is text: Markdown and HTML in it are shown as written, on the
// page, in the feeds and in the search index, never as live markup.
func TestFeedSummaryIsText(t *testing.T) {
	root := project(t)
	body := "Read ![x](https://tracker.example/p.gif) and [more](https://evil.example/) <script>alert(1)</script>\n\n*second* paragraph\n"
	write(t, root, "content/news/2021/09/summary-only.md", "---\ntitle: Summary only\ndate: 2021-09-20\nsource: Example Wire\nurl: https://news.example.org/s\ntopics: [antitrust]\nextracted: false\n---\n"+body)
	files := golden.ReadTree(t, build(t, root))
	page := files["news/2021/09/summary-only/index.html"]
	for _, bad := range []string{"tracker.example/p.gif\"", "<img", "href=\"https://evil.example/", "<script>alert", "<em>second"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page has %q", bad)
		}
	}
	if !strings.Contains(page, "<p>Read ![x](https://tracker.example/p.gif) and [more](https://evil.example/) &lt;script&gt;") {
		t.Errorf("the summary is not shown as text:\n%s", page)
	}
	for _, f := range []string{"feed.xml", "feed.json"} {
		if !strings.Contains(files[f], "![x](https://tracker.example/p.gif)") {
			t.Errorf("%s: the summary is not kept as text", f)
		}
	}
}

func TestCSVSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`=HYPERLINK("https://evil.example/","x")`, `'=HYPERLINK("https://evil.example/","x")`},
		{"+1", "'+1"}, {"-2+3", "'-2+3"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\tx", "'\tx"}, {"\rx", "'\rx"},
		{"Alibaba fined", "Alibaba fined"}, {"", ""}, {"a=b", "a=b"}, {"2021-09-28T00:00:00Z", "2021-09-28T00:00:00Z"},
	} {
		if got := csvSafe([]string{tc.in})[0]; got != tc.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPlaceholderUnreachable: the stand-in for the root prefix in cards
// is rewritten in what the templates wrote, never in an entry's text.
func TestPlaceholderUnreachable(t *testing.T) {
	root := project(t)
	write(t, root, "content/news/2021/09/placeholder.md", "---\ntitle: __docket_root__/x and y\ndate: 2021-09-20\nsource: Example Wire\nurl: https://news.example.org/p\ntopics: [antitrust]\n---\nSee `__docket_root__/z`.\n")
	files := golden.ReadTree(t, build(t, root))
	page := files["news/2021/09/placeholder/index.html"]
	if !strings.Contains(page, "__docket_root__/x and") || !strings.Contains(page, "<code>__docket_root__/z</code>") {
		t.Errorf("text from the entry was rewritten:\n%s", page)
	}
	for name, f := range files {
		if strings.Contains(f, cardRoot) {
			t.Errorf("%s holds the placeholder", name)
		}
	}
}

// TestAssetsLeaveScratchOut: an editor's backup and autosave files among
// the assets, and a hidden folder's files, are not published.
func TestAssetsLeaveScratchOut(t *testing.T) {
	root := project(t)
	for _, name := range []string{"style.css~", "#style.css#", ".git/config", "style.css.swp"} {
		write(t, root, "templates/assets/"+name, "scratch")
	}
	out := build(t, root)
	for _, name := range []string{"style.css~", "#style.css#", "config", ".git/config", "style.css.swp"} {
		if _, err := os.Stat(filepath.Join(out, "assets", filepath.FromSlash(name))); err == nil {
			t.Errorf("assets/%s was published", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "assets", "style.css")); err != nil {
		t.Errorf("assets/style.css: %v", err)
	}
}

// TestUpdateSeesRefusedFiles: a link the build refuses, among the entries
// (notes.txt, not an entry), the templates or feeds/, is refused by the
// preview when it comes and forgotten when it goes: the preview showed
// the site while the build failed, and once it had seen a link among the
// entries it showed the error until a restart. So is feeds/ moved away.
func TestUpdateSeesRefusedFiles(t *testing.T) {
	root := project(t)
	s, err := Load(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	const rel = "content/news/2021/09/notes.txt"
	if err := os.Symlink("/etc/hostname", filepath.Join(root, rel)); err != nil {
		t.Skip(err)
	}
	if _, err := Build(Options{Root: root}); err == nil || !strings.Contains(err.Error(), "notes.txt: not a regular file") {
		t.Fatalf("build: error %v, want notes.txt refused", err)
	}
	if _, err := s.Update([]string{rel}); err == nil || !strings.Contains(err.Error(), "notes.txt: not a regular file") {
		t.Fatalf("preview: error %v, want notes.txt refused", err)
	}
	os.Remove(filepath.Join(root, rel))
	if _, err := s.Update([]string{rel}); err != nil {
		t.Fatalf("after the link went: %v", err)
	}
	// A link among the templates or in feeds/, which the build's hash of
	// its inputs refuses, whatever its name.
	for _, rel := range []string{"templates/partials/README", "feeds/notes.txt"} {
		if err := os.Symlink("/etc/hostname", filepath.Join(root, rel)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update([]string{rel}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: error %v, want it refused", rel, err)
		}
		os.Remove(filepath.Join(root, rel))
		if _, err := s.Update([]string{rel}); err != nil {
			t.Errorf("after %s went: %v", rel, err)
		}
	}
	// feeds/ moved away whole, and back.
	os.Rename(filepath.Join(root, "feeds"), filepath.Join(root, "feeds.away"))
	if _, err := s.Update([]string{"feeds/"}); err == nil {
		t.Error("feeds/ moved away: no error")
	}
	os.Rename(filepath.Join(root, "feeds.away"), filepath.Join(root, "feeds"))
	if _, err := s.Update([]string{"feeds/"}); err != nil {
		t.Errorf("feeds/ back: %v", err)
	}
}
