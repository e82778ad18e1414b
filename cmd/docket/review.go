package main

import (
	"io"

	"docket/internal/review"
)

const reviewSummary = "decide, one key per item, on the items the topic rules were unsure of"

func runReview(std stdio, args []string) error {
	fs := newFlags(std, "review", "[--root DIR]", reviewSummary+
		" (feeds/review.jsonl, filled by fetch). Keys, each followed by Enter: k keep (with the topics the rules were unsure of), t keep with topics you type, d drop, s skip, q quit."+
		" A kept item is written to content/news with pinned: true; every decision is appended to feeds/decisions.jsonl for 'docket select --eval'.")
	root := rootFlag(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := needProject(*root, useRoot); err != nil {
		return err
	}
	p, err := review.Open(*root)
	if err != nil {
		return err
	}
	rules := p.Rules
	_, err = p.Walk(std.in, std.out, func(w io.Writer, it review.Item) error {
		return rules.Explain(w, it.Scored())
	})
	return err
}
