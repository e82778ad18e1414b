package site

// What the build cache's keys cover, checked against the templates. A
// kept page is right only if everything its templates read is in its
// key, so each build walks the templates of every kind it keeps, as
// they run: the kind's own set from "base", and the parts rendered once
// from the home set (cards, chips, the chrome). Every field, method and
// function named must be one the keys cover; any other turns the cache
// off for the kind (cacheRun.unkeyed). Names are checked without their
// types (Title is a page's, an item's or a taxonomy's), so a name is
// allowed only if it is covered on every type that has it.
//
// The keys cover the page's own item fully and other items (the entries
// it cites or is cited by, the menu's pages) as far as their cards go,
// so the walk follows which the dot is: after .Related, .CitedBy or
// .Menu it is another item, on which only the card's names are allowed
// (and not the hops again: an item cited by a cited item is in no key).

import (
	"html/template"
	"maps"
	"slices"
	"strings"
	"text/template/parse"
)

// unset are the fields and methods that are false or nil on the pages of
// a kind the cache keeps: a listing's numbered pages are not its first
// (.Front) and show no histogram; a year's archive has no term or
// histogram, and its numbered pages no month index. What a template
// does only when they are set is left out of the check.
var unset = map[string]map[string]bool{
	"home":          setOf("Front", "Histogram"),
	"term":          setOf("Front", "Histogram"),
	"term-front":    {},
	"archive":       setOf("Histogram", "MonthIndex", "Term"),
	"archive-front": setOf("Histogram", "Term"),
}

// A term's first page ("term-front", rendered from the term set) shows
// what its numbered pages do and, behind .Front and .Histogram, the
// term's numbers and its histogram, which frontKey covers: the names
// frontKeyed are allowed on them (read from .Term or .Histogram), not
// on the page, whose .Fines are the whole tracker's.
var frontKeyed = setOf(
	"Events", "News", "Fines", "FinesEUR", "Rated", "Unrated", "Homepage",
	"By", "Legend", "Count", "Href", "Total", "Marks",
)

// A year's first page ("archive-front", rendered from the archive set)
// shows its month index, made from the whole year's cards, which its key
// covers (listingKey of the year): the names of a month's link are
// allowed on it.
var archiveFrontKeyed = setOf("Label", "Count", "Href", "Anchor")

// fronts are, for the kinds that have them, the names that lead from the
// page to what only its key covers, and the names allowed there.
var fronts = map[string]struct{ lead, keyed map[string]bool }{
	"term-front":    {setOf("Term", "Histogram"), frontKeyed},
	"archive-front": {setOf("MonthIndex"), archiveFrontKeyed},
}

// reached is what the dot (or a variable) is as far as the keys go: the
// page and its own item, the term or histogram of a term's first page,
// a list of other items, or another item; or the menu's pages, or one of
// them, which are other items whose names the check also notes
// (menuNames), as the build key covers more of them only if a template
// reads more.
type reached int

const (
	own   reached = iota
	under         // what only a first page's key covers: a term's term or histogram, a year's month index
	others
	other
	menus // .Menu: past other, so that a value that may be either counts as the menu's
	menu
)

// hopNames lead from the page's item to other items.
var hopNames = setOf("Related", "CitedBy", "Menu")

// checker walks templates for unkeyed.
type checker struct {
	ts      templates
	listing bool
	story   bool // a story's page: see storyKeyed
	// lead are the names that lead from the page to what only a first
	// page's key covers, and underKeyed the names allowed there (fronts).
	lead, underKeyed map[string]bool
	skip             map[string]bool
	found            map[string]bool
	seen             map[string]bool // template and the dot's reach, visited
	chromes          []string        // parts named in .Chrome calls
	// menuNames are the names read on the menu's pages.
	menuNames map[string]bool
}

// checkTemplates walks the templates of each kind the cache keeps, once:
// unkeyed lists, by kind, the names they use that the keys do not cover
// (a kind with any is not kept), and menu the names read on the menu's
// pages, both sorted.
func checkTemplates(ts templates) (unkeyed map[string][]string, menu []string) {
	unkeyed, read := map[string][]string{}, map[string]bool{}
	for _, kind := range cachedKinds {
		c := walkKind(ts, kind)
		if len(c.found) > 0 {
			unkeyed[kind] = slices.Sorted(maps.Keys(c.found))
		}
		maps.Copy(read, c.menuNames)
	}
	return unkeyed, slices.Sorted(maps.Keys(read))
}

// walkKind walks the templates of a page kind as they run.
func walkKind(ts templates, kind string) *checker {
	set, _ := strings.CutSuffix(kind, "-front")
	c := &checker{ts: ts, listing: kind != "entry" && kind != "story", story: kind == "story",
		lead: fronts[kind].lead, underKeyed: fronts[kind].keyed,
		skip: unset[kind], found: map[string]bool{}, seen: map[string]bool{}, menuNames: map[string]bool{}}
	c.visit(ts[set], "base", own)
	home := ts["home"]
	c.visit(home, "card", other) // any item's card: cardKey covers it
	c.visit(home, "chip", other)
	for _, name := range []string{"brand", "nav", "footer"} {
		c.visit(home, name, own)
	}
	for i := 0; i < len(c.chromes); i++ { // visiting may name more
		c.visit(home, c.chromes[i], own)
	}
	return c
}

func (c *checker) visit(t *template.Template, name string, dot reached) {
	key := name + "|" + string(rune('0'+dot))
	if t == nil || c.seen[key] {
		return
	}
	c.seen[key] = true
	if tt := t.Lookup(name); tt != nil && tt.Tree != nil {
		// $ is what the template was called with, not always the page.
		c.walk(t, tt.Tree.Root, dot, map[string]reached{"$": dot})
	}
}

// walk checks the nodes of a template run with the dot at dot and the
// variables at vars.
func (c *checker) walk(t *template.Template, n parse.Node, dot reached, vars map[string]reached) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, m := range n.Nodes {
				c.walk(t, m, dot, vars)
			}
		}
	case *parse.ActionNode:
		got := c.pipe(n.Pipe, dot, vars)
		for _, d := range n.Pipe.Decl { // {{$it := .}} again shadows the $it before
			vars[d.Ident[0]] = got
		}
	case *parse.IfNode:
		c.branch(t, &n.BranchNode, dot, vars, false)
	case *parse.WithNode:
		c.branch(t, &n.BranchNode, dot, vars, false)
	case *parse.RangeNode:
		c.branch(t, &n.BranchNode, dot, vars, true)
	case *parse.TemplateNode:
		to := own
		if n.Pipe != nil {
			to = c.pipe(n.Pipe, dot, vars)
		}
		c.visit(t, n.Name, to)
	}
}

// branch checks an if, with or range: the dot in its body is what its
// pipe gives (an element of it in a range); an if keeps the dot.
func (c *checker) branch(t *template.Template, b *parse.BranchNode, dot reached, vars map[string]reached, isRange bool) {
	if b.NodeType == parse.NodeIf || b.NodeType == parse.NodeWith {
		if c.unsetPipe(b.Pipe) {
			c.walk(t, b.ElseList, dot, vars)
			return
		}
	}
	got := c.pipe(b.Pipe, dot, vars)
	if isRange {
		got = element(got)
	}
	body := maps.Clone(vars)
	for i, d := range b.Pipe.Decl {
		if isRange && len(b.Pipe.Decl) == 2 && i == 0 {
			body[d.Ident[0]] = own // the index
			continue
		}
		body[d.Ident[0]] = got
	}
	inner := dot
	if b.NodeType != parse.NodeIf {
		inner = got
	}
	c.walk(t, b.List, inner, body)
	// A range's next pass starts with what its last assigned: walk it
	// again until the variables reach no farther (a few passes at most).
	for pass := 0; isRange && pass < 4; pass++ {
		start := maps.Clone(body)
		c.walk(t, b.List, inner, body)
		changed := false
		for k, r := range body {
			if old, ok := start[k]; ok {
				r = join(old, r)
			}
			body[k] = r
			changed = changed || r != start[k]
		}
		if !changed {
			break
		}
	}
	// An assignment ({{$x = …}}) in the body changes the variable
	// outside it too, as the template runs.
	for k, r := range body {
		if old, ok := vars[k]; ok {
			vars[k] = join(old, r)
		}
	}
	c.walk(t, b.ElseList, dot, vars)
}

// element is what an element of a list at r reaches.
func element(r reached) reached {
	switch r {
	case others:
		return other
	case menus:
		return menu
	}
	return r
}

// join is what a value that may be either a or b reaches: the page and
// its term's values on a term's first page mixed allow only what both
// do (other), else the farther of the two (a value that may be a menu's
// page counts as one).
func join(a, b reached) reached {
	switch {
	case a == b:
		return a
	case max(a, b) >= menus:
		return max(a, b)
	case a == under || b == under:
		return other
	}
	return max(a, b)
}

// pipe checks a pipeline and says what it gives. Its variables, when it
// declares any outside a branch, take that.
func (c *checker) pipe(p *parse.PipeNode, dot reached, vars map[string]reached) reached {
	if p == nil {
		return own
	}
	got := own
	for i, cmd := range p.Cmds {
		if r := c.command(cmd, dot, vars); i == 0 {
			got = r
		} else {
			got = join(got, r)
		}
	}
	for _, d := range p.Decl {
		if _, ok := vars[d.Ident[0]]; !ok || p.IsAssign {
			vars[d.Ident[0]] = got
		}
	}
	return got
}

// command checks one command and says what it gives: a lone argument
// gives what it is; a function of anything that is not the page's own
// gives another item, for all the check knows (index of a list of them).
func (c *checker) command(cmd *parse.CommandNode, dot reached, vars map[string]reached) reached {
	c.chromeCall(cmd)
	got, some := own, false
	for _, a := range cmd.Args {
		r := c.arg(a, dot, vars)
		switch a.(type) { // a function's name or a constant reaches nothing
		case *parse.DotNode, *parse.FieldNode, *parse.VariableNode, *parse.ChainNode, *parse.PipeNode:
			if some {
				got = join(got, r)
			} else {
				got, some = r, true
			}
		}
	}
	if len(cmd.Args) > 1 {
		got = element(got)
	}
	return got
}

// arg checks one argument.
func (c *checker) arg(a parse.Node, dot reached, vars map[string]reached) reached {
	switch a := a.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return c.names(a.Ident, dot)
	case *parse.VariableNode:
		from := own // $ is the page
		if r, ok := vars[a.Ident[0]]; ok {
			from = r
		}
		return c.names(a.Ident[1:], from)
	case *parse.ChainNode:
		return c.names(a.Field, c.arg(a.Node, dot, vars))
	case *parse.PipeNode:
		return c.pipe(a, dot, vars)
	case *parse.IdentifierNode:
		if !keyedFuncs[a.Ident] && !isEscaper(a.Ident) {
			c.found[a.Ident] = true
		}
	}
	return own
}

// names checks a chain of fields read from something at from, and says
// what it ends at.
func (c *checker) names(ids []string, from reached) reached {
	for _, id := range ids {
		ok := keyed[id] || c.listing && listingKeyed[id] || from == under && c.underKeyed[id] || from == own && c.lead[id] ||
			c.story && storyKeyed[id] && (id != "Story" || from == own)
		hop := hopNames[id] || c.story && storyHops[id]
		if from != own && hop {
			ok = false
		}
		if !ok {
			c.found["."+id] = true
		}
		if from >= menus {
			c.menuNames[id] = true
		}
		switch {
		case id == "Menu":
			from = menus
		case hop:
			from = others
		case from == own && c.lead[id]:
			from = under
		}
	}
	return from
}

// chromeCall notes the part a .Chrome "name" call renders, which the
// check visits; a name that is not a constant cannot be checked.
func (c *checker) chromeCall(cmd *parse.CommandNode) {
	if len(cmd.Args) == 0 || lastName(cmd.Args[0]) != "Chrome" {
		return
	}
	if len(cmd.Args) == 2 {
		if s, ok := cmd.Args[1].(*parse.StringNode); ok {
			c.chromes = append(c.chromes, s.Text)
			return
		}
	}
	c.found[".Chrome (with a name that is not a constant)"] = true
}

// lastName is the last field an argument reads, "" for none.
func lastName(a parse.Node) string {
	var ids []string
	switch a := a.(type) {
	case *parse.FieldNode:
		ids = a.Ident
	case *parse.VariableNode:
		ids = a.Ident[1:]
	case *parse.ChainNode:
		ids = a.Field
	}
	if len(ids) == 0 {
		return ""
	}
	return ids[len(ids)-1]
}

// unsetPipe reports whether pipe is a lone field or method unset on the
// kind's kept pages, as in {{if .Front}}.
func (c *checker) unsetPipe(pipe *parse.PipeNode) bool {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 1 || len(pipe.Cmds[0].Args) != 1 {
		return false
	}
	f, ok := pipe.Cmds[0].Args[0].(*parse.FieldNode)
	return ok && len(f.Ident) == 1 && c.skip[f.Ident[0]]
}

// isEscaper reports whether a function is one html/template adds.
func isEscaper(name string) bool {
	return len(name) > 15 && name[:15] == "_html_template_"
}

// listingKeyed are the names a listing's kept pages may use beyond
// keyed: the page's term, year, pager and groups of cards, all in
// listingKey.
var listingKeyed = setOf(
	"Cards", "Current", "FacetScope", "Front", "Gap", "Link", "Month", "Months", "Paged",
	"Name", "Native", "NewerLink", "OlderLink", "PageOf", "PageSize", "Pager", "Window", "Year",
)

// storyKeyed are the names a story's page may use beyond keyed: the
// page's story and, through storyHops, its reports' cards (storyKey).
// Only the page's own story: an item's is in no key.
var storyKeyed = setOf("Story", "Head", "Items", "PlainCard")

// storyHops lead from a story to its reports, on which only the card's
// names are allowed.
var storyHops = setOf("Head", "Items")

// keyed are the names templates may use. Each is part of an entry's
// document (its sum is in cardKey), a value cardKey, entryKey or
// buildKey writes, or the page's own (its body is the document's,
// rendered with the settings).
var keyed = setOf(
	// the page's own, and the chrome's (buildKey)
	"Abs", "Body", "Chrome", "Cut", "Description", "Feeds", "FullTitle", "Groups", "Item", "Key",
	"Kind", "Lang", "Language", "Menu", "OGType", "Page", "Path", "Rel", "ShareDescription",
	"ShareTitle", "Site", "Taxonomies", "Taxonomy", "Title", "Type", "URL", "Years",
	// an item's, its document's and its card's (cardKey, entryKey)
	"Amount", "Blurb", "Card", "Case", "Chip", "ChipList", "Chips", "ChipsOf", "CitedBy", "Class",
	"Date", "Detail", "Doc", "Entry", "EventKind", "Feed", "Field", "Format", "ID", "IsEvent",
	"KindID", "Label", "Leads", "Matched", "N", "Quoted", "Related", "Revised", "Source",
	"SourceTypeLabel", "SourceURL", "Sources", "Status", "Story", "String", "Summary", "Term", "Topic", "Weight",
)

var keyedFuncs = setOf(
	"and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index", "slice",
	"print", "printf", "println", "html", "js", "urlquery",
	"add", "card", "chipSlot", "dict", "lower", "plural", "scriptLang",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
