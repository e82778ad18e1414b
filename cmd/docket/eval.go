package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"docket/internal/review"
	"docket/internal/topic"
)

// runEval is select --eval: the rules in feedsDir against the editors'
// decisions (the project's at root, also when --feeds names rules to try)
// and each labelled file. A broken line is reported with its
// file and line after the reports, which cover the other lines, and makes
// the exit status 1.
func runEval(std stdio, root, feedsDir string, files []string) error {
	rules, err := topic.Load(feedsDir)
	if err != nil {
		return err
	}
	decisions := filepath.Join(root, review.DecisionsPath)
	var problems []error
	for i, name := range append([]string{decisions}, files...) {
		if _, err := os.Stat(name); err != nil && i > 0 {
			problems = append(problems, err) // only the decisions may be missing
			continue
		}
		load := review.LoadExamples
		if i == 0 {
			load = review.LoadDecisionExamples
		}
		exs, err := load(name, rules.TopicIDs())
		if err != nil {
			problems = append(problems, err)
			if len(exs) == 0 {
				continue // a table of zeros would read as a result
			}
		}
		if i == 0 && len(exs) == 0 && err == nil {
			fmt.Fprintf(std.out, "%s: no decisions yet ('docket review' makes them)\n", name)
			continue
		}
		if i > 0 {
			fmt.Fprintln(std.out)
		}
		if err := review.Evaluate(name, rules, rules.TopicIDs(), exs).Write(std.out); err != nil {
			return err
		}
	}
	return errors.Join(problems...)
}
