// Package site renders content/ into the static site in public/.
//
// A build runs in named phases, and an error names its phase:
//
//	load    site.yaml, feeds/topics.yaml and entities.yaml, every content file
//	index   published entries sorted once; taxonomies and timelines sliced from them
//	render  pages, feeds, sitemap and data files, in parallel, into a new folder
//	publish the new folder replaces public/ in one rename
//
// A build that fails in any phase leaves public/ as it was.
package site

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark"

	"docket/internal/config"
	"docket/internal/content"
	"docket/internal/topic"
)

// Options say what to build and where.
type Options struct {
	Root    string // project folder holding content/, templates/, feeds/
	Out     string // output folder; default Root/public
	BaseURL string // overrides base_url in content/site.yaml
	Drafts  bool   // publish entries marked draft: true
}

// Result reports what a build made.
type Result struct {
	Entries int // published news items and events
	Files   int // files written
}

// builder carries one build's state through the render phase.
type builder struct {
	m     *model
	md    goldmark.Markdown
	tmpl  templates
	out   string   // folder being written
	dirs  sync.Map // folders made so far
	files atomic.Int64
}

// Build renders the site into opts.Out, replacing it only on success.
func Build(opts Options) (*Result, error) {
	out := opts.Out
	if out == "" {
		out = filepath.Join(opts.Root, "public")
	}
	parent := filepath.Dir(filepath.Clean(out))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once published
	res, err := Render(opts, tmp)
	if err != nil {
		return nil, err
	}
	if err := publish(tmp, out); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return res, nil
}

// Render runs every phase but publish, writing the site into dir (which
// must exist). docket check renders into a scratch folder this way.
func Render(opts Options, dir string) (*Result, error) {
	m, tmpl, err := load(opts)
	if err != nil {
		return nil, err
	}
	b := &builder{m: m, md: newMarkdown(), tmpl: tmpl, out: dir}
	if err := b.render(filepath.Join(opts.Root, "templates")); err != nil {
		return nil, fmt.Errorf("render:\n%w", err)
	}
	return &Result{Entries: len(m.items), Files: int(b.files.Load())}, nil
}

// load reads and checks every input. All problems of the content tree
// are reported together.
func load(opts Options) (*model, templates, error) {
	site, err := config.Load(filepath.Join(opts.Root, "content", "site.yaml"))
	if err != nil {
		return nil, nil, fmt.Errorf("load: %w", err)
	}
	if opts.BaseURL != "" {
		if err := site.SetBaseURL(opts.BaseURL); err != nil {
			return nil, nil, fmt.Errorf("load: --base-url: %w", err)
		}
	}
	rules, err := topic.Load(filepath.Join(opts.Root, "feeds"))
	if err != nil {
		return nil, nil, fmt.Errorf("load: %w", err)
	}
	tree, ps := content.Load(filepath.Join(opts.Root, "content"), rules)
	tmpl, terr := loadTemplates(filepath.Join(opts.Root, "templates"))
	if err := errors.Join(ps.Err(), terr); err != nil {
		return nil, nil, fmt.Errorf("load:\n%w", err)
	}
	return newModel(site, rules, tree, opts.Drafts), tmpl, nil
}

// render writes every output file. Jobs run on all cores; each writes its
// own files, so nothing is held in memory longer than one page.
func (b *builder) render(templatesDir string) error {
	if err := b.cards(); err != nil {
		return err
	}
	m := b.m
	var jobs []func() error
	for _, it := range m.items {
		jobs = append(jobs, func() error { return b.entryPage(it) })
	}
	for _, it := range m.pages {
		jobs = append(jobs, func() error { return b.staticPage(it) })
	}
	jobs = append(jobs,
		func() error {
			return b.paginate(Page{Kind: "home", Path: "/", Title: m.site.Title, Description: m.site.Description, Feeds: b.feedLinks("/", "")}, m.home)
		},
		func() error { return b.page(&Page{Kind: "404", Path: "/404.html", Title: "Not found"}) },
		func() error { return b.siteFeeds() },
		func() error { return b.sitemap() },
		func() error { return b.dataFiles() },
		func() error { return b.robots() },
		func() error { return b.copyAssets(filepath.Join(templatesDir, "assets")) },
	)
	for _, y := range m.years {
		jobs = append(jobs, func() error { return b.archive(y) })
	}
	for _, t := range m.taxes {
		jobs = append(jobs, func() error {
			return b.page(&Page{Kind: "terms", Path: t.URL(), Title: t.Title, Taxonomy: t})
		})
		for _, tm := range t.Terms {
			jobs = append(jobs, func() error { return b.termPage(tm) })
		}
	}
	return run(jobs)
}

func (b *builder) termPage(tm *Term) error {
	p := Page{Kind: "term", Path: tm.URL(), Title: tm.Name, Description: tm.Description, Taxonomy: tm.tax, Term: tm,
		Feeds: b.feedLinks(tm.URL(), tm.Name)}
	if err := b.paginate(p, tm.Items); err != nil {
		return err
	}
	return b.feeds(tm.URL(), tm.Name, tm.Items)
}

func (b *builder) archive(year int) error {
	var items []*Item
	for _, it := range b.m.items {
		if it.Date.Year() == year {
			items = append(items, it)
		}
	}
	y := strconv.Itoa(year)
	return b.page(&Page{Kind: "archive", Path: "/archive/" + y + "/", Title: y, Year: year, Groups: group(items)})
}

// cardRoot stands for the root prefix in cards, which are rendered once
// and shown on pages at every depth; page() puts in the real prefix.
const cardRoot = "__docket_root__/"

// cards renders every item's timeline card once.
func (b *builder) cards() error {
	jobs := make([]func() error, len(b.m.items))
	for i, it := range b.m.items {
		jobs[i] = func() error {
			var sb strings.Builder
			p := b.newPage(&Page{Kind: "home"})
			p.root = cardRoot
			if err := b.tmpl.card(&sb, Card{Page: p, Item: it}); err != nil {
				return err
			}
			it.Card = template.HTML(sb.String())
			return nil
		}
	}
	return run(jobs)
}

func (b *builder) newPage(p *Page) *Page {
	p.Site, p.m = &b.m.site, b.m
	if p.Lang == "" {
		p.Lang = b.m.site.Language
	}
	p.root = rootOf(p.Path)
	if p.Kind == "404" {
		p.root = b.m.site.BasePath()
	}
	return p
}

// page executes a page's template and writes it as path/index.html.
func (b *builder) page(p *Page) error {
	b.newPage(p)
	var sb strings.Builder
	if err := b.tmpl.execute(&sb, p); err != nil {
		return err
	}
	name := p.Path
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return b.write(name, []byte(strings.ReplaceAll(sb.String(), cardRoot, p.root)))
}

// write writes one file at a site path into the output folder.
func (b *builder) write(sitePath string, data []byte) error {
	dst := filepath.Join(b.out, filepath.FromSlash(strings.TrimPrefix(sitePath, "/")))
	if err := b.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	b.files.Add(1)
	return os.WriteFile(dst, data, 0o644)
}

// mkdir makes dir and its parents, asking the file system only once per
// folder: at 50,000 pages the Stat calls of MkdirAll add up.
func (b *builder) mkdir(dir string) error {
	if _, ok := b.dirs.Load(dir); ok {
		return nil
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	b.dirs.Store(dir, true)
	return nil
}

// copyAssets copies templates/assets to /assets/.
func (b *builder) copyAssets(src string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == src {
				return nil
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		return b.write("/assets/"+filepath.ToSlash(rel), data)
	})
}

// run runs jobs on all cores and returns the distinct errors they hit (a
// broken partial fails every page the same way).
func run(jobs []func() error) error {
	var (
		mu   sync.Mutex
		errs []error
		seen = map[string]bool{}
		wg   sync.WaitGroup
		next atomic.Int64
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(jobs)); i = next.Add(1) - 1 {
				if err := jobs[i](); err != nil {
					mu.Lock()
					if !seen[err.Error()] {
						seen[err.Error()] = true
						errs = append(errs, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(errs) > 10 {
		errs = append(errs[:10], fmt.Errorf("… and %d more errors", len(errs)-10))
	}
	return errors.Join(errs...)
}

// publish swaps the new folder in for the old one with two renames, so
// public/ is only ever the old site or the new one, never a mix.
func publish(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
