package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"docket/internal/projfile"
)

// kinds are the page templates; each is parsed with base.html and every
// file in partials/ into its own set, so that each may define "main".
var kinds = []string{"home", "archive", "entry", "page", "terms", "term", "search", "status", "404", "case", "cases", "fines", "story"}

// templates holds one html/template set per page kind.
type templates map[string]*template.Template

// loadTemplates parses the templates folder. Errors name the file and line
// (html/template reports "template: templates/x.html:12: …").
func loadTemplates(dir string) (templates, error) {
	common := template.New("").Funcs(funcs)
	files := []string{filepath.Join(dir, "base.html")}
	partials, _ := filepath.Glob(filepath.Join(dir, "partials", "*.html"))
	// Hidden files are left out, as everywhere docket reads a folder
	// (an editor's .x.html backup; the build cache's key leaves them out
	// too).
	partials = slices.DeleteFunc(partials, func(p string) bool { return strings.HasPrefix(filepath.Base(p), ".") })
	slices.Sort(partials)
	definedIn := map[string]string{} // template name → where a common file defines it
	for _, f := range append(files, partials...) {
		if err := checkRedefined(f, definedIn); err != nil {
			return nil, err
		}
		if err := parseFile(common, f); err != nil {
			return nil, err
		}
	}
	ts := templates{}
	for _, k := range kinds {
		t, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseFile(t, filepath.Join(dir, k+".html")); err != nil {
			return nil, err
		}
		ts[k] = t
	}
	return ts, nil
}

// checkRedefined refuses a file of base.html and the partials that
// defines a template another of them defines: the later file's would win
// without a word (an editor's card_old.html, a copy of card.html, made
// edits to card.html vanish). A kind's own file may redefine them.
func checkRedefined(path string, definedIn map[string]string) error {
	probe := template.New("").Funcs(funcs)
	if err := parseFile(probe, path); err != nil {
		return err
	}
	defined := probe.Templates()
	slices.SortFunc(defined, func(a, b *template.Template) int { return strings.Compare(a.Name(), b.Name()) })
	for _, t := range defined {
		if t.Tree == nil || t.Name() == filepath.ToSlash(path) || t.Name() == "" {
			continue
		}
		at, _ := t.Tree.ErrorContext(t.Tree.Root)
		if first, ok := definedIn[t.Name()]; ok {
			return fmt.Errorf("%s: defines %q, which %s defines too: rename or remove one (a copy of a part left in templates/partials?)", at, t.Name(), first)
		}
		definedIn[t.Name()] = at
	}
	return nil
}

func parseFile(t *template.Template, path string) error {
	b, err := projfile.ReadFile(path, projfile.MaxTemplate)
	if err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	if _, err := t.New(filepath.ToSlash(path)).Parse(string(b)); err != nil {
		return err
	}
	return nil
}

// execute renders the page with its kind's set, starting at "base".
func (ts templates) execute(b io.Writer, p *Page) error {
	t := ts[p.Kind]
	if t == nil {
		return fmt.Errorf("templates: no template for %q pages", p.Kind)
	}
	return t.ExecuteTemplate(b, "base", p)
}

// cardHTML renders one timeline card, into a page buffer from the pool
// and then a string of its size, not a string grown as it is written: a
// one-shot build renders every entry's card.
func (ts templates) cardHTML(c Card) (template.HTML, error) {
	buf := pagePool.Get().(*bytes.Buffer)
	defer putPage(buf)
	buf.Reset()
	err := ts["home"].ExecuteTemplate(buf, "card", c)
	return template.HTML(buf.String()), err
}

// funcs are the few helpers templates need beyond Page's methods.
var funcs = template.FuncMap{
	"add":    func(a, b int) int { return a + b },
	"card":   func(p *Page, it *Item) Card { return Card{p, it} },
	"lower":  strings.ToLower,
	"plural": plural,
	// chips marks where a card's chips go (chips.go).
	"chipSlot": func() template.HTML { return template.HTML(chipMark) },
	"dict":     dict,
	// scriptLang gives a lang attribute to a title an editor copied
	// from a source in another script (a Chinese decision's name on an
	// English page), so that a screen reader picks the right voice.
	"scriptLang": scriptLang,
}

// scriptLang is the language a text's script tells when most of its
// letters are Han, kana or Hangul: "ja" with any kana, "ko" with
// Hangul, else "zh"; "" otherwise.
func scriptLang(s string) string {
	var han, kana, hangul, other int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			other++
		}
	}
	switch {
	case han+kana+hangul <= other:
		return ""
	case kana > 0:
		return "ja"
	case hangul > 0:
		return "ko"
	}
	return "zh"
}

// dict makes a map of its key, value arguments, for calling a template
// with several values.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}
