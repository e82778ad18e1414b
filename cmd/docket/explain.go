package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"docket/internal/content"
	"docket/internal/money"
	"docket/internal/projfile"
	"docket/internal/reselect"
	"docket/internal/topic"
)

const explainSummary = "show how the topic rules score one item"

func runExplain(std stdio, args []string) error {
	fs := newFlags(std, "explain", "[--root DIR] [--feeds DIR] FILE|-", explainSummary+": FILE is a content/ Markdown file, - reads one JSON line {id, title, summary, body, lang} from stdin.")
	loadRules := rulesFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("explain needs one FILE or -")
	}
	rules, err := loadRules()
	if err != nil {
		return err
	}
	var it topic.Item
	if fs.Arg(0) == "-" {
		it, err = itemFromJSON(std.in)
	} else {
		it, err = itemFromFile(fs.Arg(0))
	}
	if err != nil {
		return err
	}
	if err := rules.Explain(std.out, it); err != nil {
		return err
	}
	return explainAmounts(std.out, it)
}

// explainAmounts lists the amounts of money money.Find recognises in the
// item's title, summary and body: what cases suggest compares with the
// cases' amounts.
func explainAmounts(w io.Writer, it topic.Item) error {
	var lines []string
	for _, f := range []struct{ name, text string }{{"title", it.Title}, {"summary", it.Summary}, {"body", it.Body}} {
		for _, a := range money.Find(f.text, it.Lang) {
			lines = append(lines, fmt.Sprintf("  %s %s (%s)", a.Currency, strconv.FormatFloat(a.Value, 'f', -1, 64), f.name))
		}
	}
	if len(lines) == 0 {
		_, err := fmt.Fprintln(w, "amounts: none found")
		return err
	}
	_, err := fmt.Fprintf(w, "amounts:\n%s\n", strings.Join(lines, "\n"))
	return err
}

// itemFromJSON reads the one item on r. A second is an error rather than
// left unread: explain would show the first as if it were the only one.
func itemFromJSON(r io.Reader) (topic.Item, error) {
	var it topic.Item
	seen := false
	err := eachJSONLine(r, func(_ int, line []byte) error {
		if seen {
			return errors.New("a second item: explain takes one")
		}
		seen = true
		return decodeObject(line, &it)
	})
	if err == nil && !seen {
		err = errors.New("stdin: no item")
	}
	return it, err
}

// itemFromFile reads a content file. Only its title, summary, body and
// language matter here, so problems with other keys are not fatal. It is
// read as check and build read entries: a FIFO or /dev/zero is refused
// rather than waited on or read without end.
func itemFromFile(name string) (topic.Item, error) {
	data, err := projfile.ReadFile(name, projfile.MaxEntry)
	if errors.Is(err, fs.ErrNotExist) {
		return topic.Item{}, fmt.Errorf("%s: no such file", name)
	}
	if err != nil {
		return topic.Item{}, err
	}
	doc, ps := content.Parse(name, contentRel(name), data, nil)
	if doc == nil {
		return topic.Item{}, ps.Err()
	}
	return reselect.Item(doc)
}

// contentRel guesses a file's path relative to content/ (which gives its
// kind) from the last news/, events/ or pages/ folder in its name.
func contentRel(name string) string {
	p := "/" + filepath.ToSlash(name)
	p = strings.TrimSuffix(p, ".md")
	best := -1
	for _, dir := range []string{"/news/", "/events/", "/pages/"} {
		best = max(best, strings.LastIndex(p, dir))
	}
	if best < 0 {
		return "pages/" + path.Base(p)
	}
	return p[best+1:]
}
