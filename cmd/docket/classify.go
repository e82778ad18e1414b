package main

import (
	"bufio"
	"encoding/json"
	"fmt"

	"docket/internal/topic"
)

const classifySummary = "apply the topic rules to JSON lines {id, title, summary, body, lang} on stdin"

// maxLine caps one JSON line: a feed item with an extracted body.
const maxLine = 8 << 20

func runClassify(std stdio, args []string) error {
	fs := newFlags(std, "classify", "[--root DIR] [--feeds DIR] < items.jsonl", classifySummary+"; write one JSON line {id, topics, entities, jurisdictions, scores, matched} per item to stdout.")
	loadRules := rulesFlag(fs)
	rules, err := stdinRules(fs, args, loadRules)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(std.in)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	w := bufio.NewWriter(std.out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var it topic.Item
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return fmt.Errorf("stdin:%d: %w", n, err)
		}
		res := rules.Classify(it)
		res.ID = it.ID
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("stdin: %w", err)
	}
	return w.Flush()
}
