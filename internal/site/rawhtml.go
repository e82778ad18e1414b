package site

import (
	"bytes"
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
	var paths []string
	m := s.b.m
	for _, it := range m.items {
		// Events are editors'; news is fetched, but for the few an
		// editor writes.
		if it.IsEvent() || it.Feed == "" {
			paths = append(paths, it.Path())
		}
	}
	for _, it := range m.pages {
		paths = append(paths, it.Path())
	}
	for _, c := range m.cases {
		paths = append(paths, c.Doc.Path)
	}
	s.mu.RUnlock()
	slices.Sort(paths)
	md := newMarkdown()
	var out []string
	for _, p := range paths {
		if line := rawHTMLLine(md, p); line > 0 {
			out = append(out, fmt.Sprintf("%s:%d", p, line))
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
