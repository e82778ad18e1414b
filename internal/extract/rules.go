package extract

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/andybalholm/cascadia"
	"github.com/goccy/go-yaml"
	"golang.org/x/net/html"

	"docket/internal/yamlerr"
)

//go:embed rules.yaml
var rulesYAML []byte

// rulesFile is the shape of rules.yaml.
type rulesFile struct {
	Phrases struct {
		Exact    []string `yaml:"exact"`
		Prefix   []string `yaml:"prefix"`
		Contains []string `yaml:"contains"`
		Suffix   []string `yaml:"suffix"`
		Promo    []string `yaml:"promo"`
	} `yaml:"phrases"`
	Sites map[string]struct {
		Content []string `yaml:"content"`
		Remove  []string `yaml:"remove"`
	} `yaml:"sites"`
}

// rules are the compiled extraction rules.
type rules struct {
	exact                   map[string]bool
	contains, suffix, promo []string
	prefix                  [256][]string // prefix phrases filed by first byte: most blocks start with none
	sites                   map[string]siteRule
	attrs                   []string // attributes the selectors test, beyond class and id
}

// siteRule holds the selectors of one host.
type siteRule struct {
	content []cascadia.Sel
	remove  []cascadia.Sel
}

// parseRules compiles a rules file.
func parseRules(data []byte) (*rules, error) {
	var f rulesFile
	if err := yamlerr.Unmarshal(data, &f, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("extract: rules: %w", err)
	}
	r := &rules{exact: make(map[string]bool), sites: make(map[string]siteRule, len(f.Sites))}
	for _, p := range f.Phrases.Exact {
		r.exact[strings.ToLower(p)] = true
	}
	for _, p := range f.Phrases.Prefix {
		p = strings.ToLower(p)
		if p == "" {
			return nil, fmt.Errorf("extract: rules: empty prefix phrase")
		}
		r.prefix[p[0]] = append(r.prefix[p[0]], p)
	}
	for _, p := range f.Phrases.Contains {
		r.contains = append(r.contains, strings.ToLower(p))
	}
	for _, p := range f.Phrases.Suffix {
		r.suffix = append(r.suffix, strings.ToLower(p))
	}
	for _, p := range f.Phrases.Promo {
		r.promo = append(r.promo, strings.ToLower(p))
	}
	for host, s := range f.Sites {
		var sr siteRule
		var err error
		if sr.content, err = compileAll(s.Content); err != nil {
			return nil, fmt.Errorf("extract: rules: site %s: %w", host, err)
		}
		if sr.remove, err = compileAll(s.Remove); err != nil {
			return nil, fmt.Errorf("extract: rules: site %s: %w", host, err)
		}
		for _, sel := range append(s.Content, s.Remove...) {
			r.attrs = append(r.attrs, selectorAttrs(sel)...)
		}
		r.sites[strings.TrimPrefix(strings.ToLower(host), "www.")] = sr
	}
	return r, nil
}

func compileAll(sels []string) ([]cascadia.Sel, error) {
	out := make([]cascadia.Sel, 0, len(sels))
	for _, s := range sels {
		sel, err := cascadia.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("selector %q: %w", s, err)
		}
		out = append(out, sel)
	}
	return out, nil
}

// selectorAttrs returns the attribute names a selector tests ("[name",
// "[name=…]"), lowercase, so that they are not cut before the parse.
func selectorAttrs(sel string) []string {
	var names []string
	for {
		i := strings.IndexByte(sel, '[')
		if i < 0 {
			return names
		}
		sel = strings.TrimLeft(sel[i+1:], " \t")
		end := strings.IndexAny(sel, "]=~|^$*! \t")
		if end < 0 {
			end = len(sel)
		}
		if name := strings.ToLower(sel[:end]); name != "" {
			names = append(names, name)
		}
	}
}

// site returns the rule for host or one of its parent domains.
func (r *rules) site(host string) (siteRule, bool) {
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	for host != "" {
		if sr, ok := r.sites[host]; ok {
			return sr, true
		}
		i := strings.IndexByte(host, '.')
		if i < 0 {
			break
		}
		host = host[i+1:]
	}
	return siteRule{}, false
}

// apply removes the rule's chrome from doc and returns the content nodes,
// or nil when no content selector matches.
func (sr siteRule) apply(doc *html.Node, e *edits) []*html.Node {
	for _, sel := range sr.remove {
		for _, n := range cascadia.QueryAll(doc, sel) {
			e.remove(n)
		}
	}
	for _, sel := range sr.content {
		if nodes := cascadia.QueryAll(doc, sel); len(nodes) > 0 {
			return nodes
		}
	}
	return nil
}

// boilerplate reports text of a small element that is page furniture.
// text must be lowercased with white space collapsed.
func (r *rules) boilerplate(text string) bool {
	if len(text) <= 40 && r.exact[strings.TrimFunc(text, notWordRune)] {
		return true
	}
	if len(text) <= 100 {
		// Labels come wrapped in brackets or dashes: "（责任编辑：…）".
		lead := strings.TrimLeftFunc(text, notWordRune)
		if r.hasPrefix(text) || len(lead) < len(text) && r.hasPrefix(lead) {
			return true
		}
		trail := strings.TrimRightFunc(text, notWordRune)
		for _, p := range r.suffix {
			if strings.HasSuffix(trail, p) {
				return true
			}
		}
	}
	if len(text) <= 300 {
		for _, p := range r.contains {
			if strings.Contains(text, p) {
				return true
			}
		}
	}
	return false
}

// promotion reports text of a small block that holds a promo phrase;
// the cleaner asks it only of a block with a link and no paragraphs
// inside, as a sign-up line is.
func (r *rules) promotion(text string) bool {
	if len(text) > 300 {
		return false
	}
	for _, p := range r.promo {
		if strings.Contains(text, p) {
			return true
		}
	}
	return false
}

// hasPrefix reports whether text starts with one of the prefix phrases.
func (r *rules) hasPrefix(text string) bool {
	if text == "" {
		return false
	}
	for _, p := range r.prefix[text[0]] {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}
