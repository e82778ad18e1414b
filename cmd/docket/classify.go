package main

import (
	"bufio"
	"encoding/json"

	"docket/internal/topic"
)

const classifySummary = "apply the topic rules to JSON lines {id, title, summary, body, lang} on stdin"

func runClassify(std stdio, args []string) error {
	fs := newFlags(std, "classify", "[--root DIR] [--feeds DIR] < items.jsonl", classifySummary+"; write one JSON line {id, topics, entities, jurisdictions, scores, matched} per item to stdout.")
	loadRules := rulesFlag(fs)
	rules, err := stdinRules(fs, args, loadRules)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(std.out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	err = eachJSONLine(std.in, func(_ int, line []byte) error {
		var it topic.Item
		if err := decodeObject(line, &it); err != nil {
			return err
		}
		res := rules.Classify(it)
		res.ID = it.ID
		return enc.Encode(res)
	})
	// Flushed after a bad line too: the output then ends with the whole
	// line of the last good item, not wherever the buffer last filled.
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}
