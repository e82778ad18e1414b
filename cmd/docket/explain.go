package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"docket/internal/content"
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
	return rules.Explain(std.out, it)
}

func itemFromJSON(r io.Reader) (topic.Item, error) {
	var it topic.Item
	line, err := bufio.NewReaderSize(r, 64<<10).ReadBytes('\n')
	if err != nil && err != io.EOF {
		return it, fmt.Errorf("stdin: %w", err)
	}
	if err := json.Unmarshal(line, &it); err != nil {
		return it, fmt.Errorf("stdin: %w", err)
	}
	return it, nil
}

// itemFromFile reads a content file. Only its title, summary, body and
// language matter here, so problems with other keys are not fatal.
func itemFromFile(name string) (topic.Item, error) {
	data, err := os.ReadFile(name)
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
