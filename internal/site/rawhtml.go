package site

import (
	"bytes"
	"cmp"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"

	"docket/internal/content"
	"docket/internal/projfile"
)

// RawHTML lists, as "file:line", where the body of an editor's entry,
// page or case first holds raw HTML (a <table>, an <iframe>), which pages
// leave out: Markdown is rendered without it, so that no fetched
// article's markup reaches a page. Fetched news is not listed. By path.
func (s *Site) RawHTML() []string {
	s.mu.RLock()
	var docs []*content.Doc
	m := s.b.m
	add := func(it *Item) {
		if d, err := it.Doc(); err == nil {
			docs = append(docs, d)
		}
	}
	for _, it := range m.items {
		// Events are editors', read back if the build kept none; news is
		// fetched, but for the few an editor writes, looked at when the
		// build keeps them (not past 100,000 entries).
		if it.IsEvent() || it.full != nil && it.full.Feed == "" {
			add(it)
		}
	}
	for _, it := range m.pages {
		add(it)
	}
	for _, c := range m.cases {
		docs = append(docs, c.Doc)
	}
	s.mu.RUnlock()
	slices.SortFunc(docs, func(a, b *content.Doc) int { return cmp.Compare(a.Path, b.Path) })
	md := newMarkdown()
	var out []string
	for _, d := range docs {
		if line := rawHTMLLine(md, d.Path); line > 0 {
			out = append(out, fmt.Sprintf("%s:%d", d.Path, line))
		}
	}
	return out
}

// rawHTMLLine is the line of the file at path where its body's first raw
// HTML starts, or 0.
func rawHTMLLine(md goldmark.Markdown, path string) int {
	data, err := projfile.ReadFile(filepath.FromSlash(path), projfile.MaxEntry)
	if err != nil {
		return 0
	}
	body, err := content.Body(data)
	if err != nil || !bytes.ContainsRune(body, '<') {
		return 0
	}
	doc, src := parseMarkdown(md, body, "/")
	at := -1
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || at >= 0 {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				at = n.Lines().At(0).Start
			}
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				at = n.Segments.At(0).Start
			}
		}
		return ast.WalkContinue, nil
	})
	if at < 0 || len(src) != len(body) {
		return 0
	}
	// The body is the file's end: its line is the front matter's lines on.
	return bytes.Count(data[:len(data)-len(body)+at], []byte("\n")) + 1
}
