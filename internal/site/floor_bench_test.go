package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/yuin/goldmark"
)

// floorEntry is the front matter the floor reads: what an entry page
// shows.
type floorEntry struct {
	Title    string    `yaml:"title"`
	Date     time.Time `yaml:"date"`
	Summary  string    `yaml:"summary"`
	Topics   []string  `yaml:"topics"`
	Entities []string  `yaml:"entities"`
	Source   string    `yaml:"source"`
	URL      string    `yaml:"url"`
}

var floorPage = template.Must(template.New("entry").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><article><h1>{{.Title}}</h1>
<p><time datetime="{{.Date.Format "2006-01-02"}}">{{.Date.Format "2 January 2006"}}</time>{{with .Source}} · <a href="{{$.URL}}">{{.}}</a>{{end}}</p>
<ul>{{range .Topics}}<li><a href="/topics/{{.}}/">{{.}}</a></li>{{end}}{{range .Entities}}<li><a href="/companies/{{.}}/">{{.}}</a></li>{{end}}</ul>
<p class="lede">{{.Summary}}</p>
<div class="body">{{.Body}}</div>
</article></body></html>
`))

// floor is the least a static site generator does for an archive: a bare
// loop over the entries, on as many workers as cores, that reads each
// file, parses its front matter and Markdown, executes one template and
// writes the page into out. No listings, feeds, search or stories, and
// goldmark without the site's extensions (tables, footnotes, CJK,
// heading IDs, link rewriting). It is the yardstick for BenchmarkBuild's
// "first": how much a full build costs beyond the one page an entry that
// any generator makes. (Its peak-RSS-MiB is the process's so far: run
// it alone to read its own.)
func floor(root, out string) error {
	var paths []string
	err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	md := goldmark.New()
	work := make(chan string)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			var body, page bytes.Buffer
			for p := range work {
				if errs[w] == nil {
					errs[w] = floorWrite(md, root, out, p, &body, &page)
				}
			}
		})
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	return errors.Join(errs...)
}

// floorWrite makes the page of the entry at path p.
func floorWrite(md goldmark.Markdown, root, out, p string, body, page *bytes.Buffer) error {
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	front, text, ok := bytes.Cut(bytes.TrimPrefix(src, []byte("---\n")), []byte("\n---\n"))
	if !ok {
		return fmt.Errorf("%s: no front matter", p) // synth writes every entry with it
	}
	var e struct {
		floorEntry
		Body template.HTML
	}
	if err := yaml.Unmarshal(front, &e.floorEntry); err != nil {
		return err
	}
	body.Reset()
	if err := md.Convert(text, body); err != nil {
		return err
	}
	e.Body = template.HTML(body.String())
	page.Reset()
	if err := floorPage.Execute(page, e); err != nil {
		return err
	}
	rel, err := filepath.Rel(filepath.Join(root, "content"), strings.TrimSuffix(p, ".md"))
	if err != nil {
		return err
	}
	dir := filepath.Join(out, rel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), page.Bytes(), 0o644)
}

// TestFloorWritesEveryEntry checks the yardstick does the work it is
// said to: a page for each entry, with its title and its body rendered.
func TestFloorWritesEveryEntry(t *testing.T) {
	root := t.TempDir()
	page := "---\ntitle: \"Fined <b>\"\ndate: 2025-03-01T10:00:00Z\ntopics: [antitrust]\n---\n\nA *record* fine.\n"
	for _, rel := range []string{"news/2025/03/a.md", "events/b.md"} {
		p := filepath.Join(root, "content", rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(root, "public")
	if err := floor(root, out); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"news/2025/03/a", "events/b"} {
		got, err := os.ReadFile(filepath.Join(out, rel, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"<h1>Fined &lt;b&gt;</h1>", "<em>record</em>", "1 March 2025", "/topics/antitrust/"} {
			if !bytes.Contains(got, []byte(want)) {
				t.Errorf("%s lacks %q:\n%s", rel, want, got)
			}
		}
	}
}
