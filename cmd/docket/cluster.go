package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"docket/internal/story"
	"docket/internal/text"
	"docket/internal/topic"
)

const clusterSummary = "group JSON lines {id, title, summary, url, source, date, lang, body} on stdin into stories"

// clusterIn is one line of docket cluster's input.
type clusterIn struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	URL     string `json:"url"`
	Source  string `json:"source"`
	Date    string `json:"date"`
	Lang    string `json:"lang"`
	Body    string `json:"body"`
	Story   string `json:"story_pin"` // an editor's story: value, for trying overrides
}

// clusterOut is one line of its output; Why only with --why.
type clusterOut struct {
	ID    string        `json:"id"`
	Story string        `json:"story"`
	Why   *story.Member `json:"why,omitempty"`
}

func runCluster(std stdio, args []string) error {
	fs := newFlags(std, "cluster", "[--root DIR] [--feeds DIR] [--window DURATION] [--why] < items.jsonl", clusterSummary+"; write one JSON line {id, story} per item to stdout, in input order.")
	loadRules := rulesFlag(fs)
	opt := story.Defaults()
	fs.DurationVar(&opt.Window, "window", opt.Window, "how far apart two reports of one event may be")
	why := fs.Bool("why", false, "add each item's membership: the item it joined through and the signals")
	rules, err := stdinRules(fs, args, loadRules)
	if err != nil {
		return err
	}
	opt.Fold = rules.Simplified
	items, err := readClusterItems(std.in, rules)
	if err != nil {
		return err
	}
	res := story.Cluster(items, opt)
	members := map[string]*story.Member{}
	if *why {
		for _, s := range res.Stories {
			for k := range s.Members {
				members[s.Members[k].ID] = &s.Members[k]
			}
		}
	}
	w := bufio.NewWriter(std.out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(clusterOut{ID: it.ID, Story: res.StoryOf(it.ID), Why: members[it.ID]}); err != nil {
			return err
		}
	}
	return w.Flush()
}

// readClusterItems reads the input lines and prepares each item as the
// site would: summary HTML reduced to text, canonical URL, entities found
// by the topic rules. Line by line, as classify reads: an error names the
// line, and one huge line cannot grow memory without end.
func readClusterItems(in io.Reader, rules *topic.Rules) ([]story.Item, error) {
	var items []story.Item
	lineOf := map[string]int{}
	err := eachJSONLine(in, func(n int, line []byte) error {
		var x clusterIn
		if err := decodeObject(line, &x); err != nil {
			return err
		}
		// Output is by id, and a story is named by a member's id: an item
		// with none, or with another's, would put others in the wrong story.
		if x.ID == "" {
			return errors.New("no id")
		}
		if first, dup := lineOf[x.ID]; dup {
			return fmt.Errorf("id %q is also on line %d", x.ID, first)
		}
		lineOf[x.ID] = n
		date, err := parseItemDate(x.Date)
		if err != nil {
			return err
		}
		res := rules.Classify(topic.Item{ID: x.ID, Title: x.Title, Summary: x.Summary, Body: x.Body, Lang: x.Lang})
		items = append(items, story.Item{
			ID: x.ID, Title: text.CleanText(x.Title), Summary: text.HTMLToText(x.Summary), Body: x.Body,
			URL: text.CanonicalURL(x.URL, ""), Source: x.Source, Lang: x.Lang, Date: date,
			Entities: res.Entities, Jurisdictions: res.Jurisdictions, Story: x.Story,
		})
		return nil
	})
	return items, err
}

// parseItemDate reads the dates feeds and corpora use ("2023-03-10
// 14:15:00+00:00" is the corpora's); zero for none. A date that fits no
// layout is an error: read as none, it would take the item out of the
// window and join reports years apart.
func parseItemDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q: not RFC 3339, RFC 1123 or YYYY-MM-DD[ hh:mm:ss]", s)
}
