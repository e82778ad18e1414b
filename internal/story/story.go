package story

import "time"

// Own is the Story value with which an editor splits an item out of any
// story.
const Own = "own"

// Item is one news item or editor event as the clustering reads it.
type Item struct {
	ID      string
	Title   string
	Summary string // plain text
	Body    string // plain text or Markdown; may be empty
	URL     string // canonical: tracking parameters removed
	Source  string
	Lang    string
	Date    time.Time // zero when unknown
	// Entities are the companies and authorities found in the item,
	// Jurisdictions the places (IDs of feeds/entities.yaml).
	Entities      []string
	Jurisdictions []string
	// Story is the editor's word: "" (docket decides), Own (alone), or the
	// ID of the story to join.
	Story string
	// Related lists, for an editor event, the news items it is about: they
	// join its story.
	Related []string
}

// Options tune Cluster. The zero value is not useful: start from Defaults.
type Options struct {
	// Window is how far apart two reports of one event may be.
	Window time.Duration
	// Threshold is the mean pair score at which two groups merge.
	Threshold float64
	// EntityWeight scales the entities' cosine against the words';
	// JurisdictionWeight weighs jurisdictions against companies and
	// authorities within it.
	EntityWeight, JurisdictionWeight float64
	// AmountBonus is added to a pair that names the same amount (within
	// AmountTolerance, relative) as news, not as a standing figure of the
	// matter; AmountPenalty is taken from a pair whose items both name
	// amounts of at least MinAmount dollars and share none.
	AmountBonus, AmountPenalty, AmountTolerance, MinAmount float64
	// EventPenalty is taken from a pair whose headlines name different
	// kinds of event (a fine and a lawsuit) and none in common;
	// EventBonus is added to a pair whose headlines name one in common:
	// reports in two scripts share no word but that (kept small: in one
	// language it joins two actions of one kind on one topic days apart).
	EventPenalty, EventBonus float64
	// Decay is the share of a pair's score lost over a whole Window.
	Decay float64
	// Fold maps text before tokenising (Traditional to Simplified Han:
	// topic.Rules.Simplified); nil leaves it alone. ASCII text is not
	// passed to it.
	Fold func(string) string
	// Brief leaves the members' signals out (their Score and Via stay):
	// the site reads none, and a large archive need not hold them.
	Brief bool
	// Several leaves out the stories of one item: a site shows only
	// stories of several reports, and a million items are mostly alone
	// (a story and a member each, ~100 MB).
	Several bool
}

// Defaults are the settings tuned on the development corpora.
func Defaults() Options {
	return Options{
		Window:             7 * 24 * time.Hour,
		Threshold:          0.25,
		EntityWeight:       0.5,
		JurisdictionWeight: 0.4,
		AmountBonus:        0.25,
		AmountPenalty:      0.15,
		AmountTolerance:    0.12,
		MinAmount:          1e6,
		Decay:              1,
		EventPenalty:       0.3,
		EventBonus:         0.05,
	}
}

// Signal is one reason two items were joined, with its score.
type Signal struct {
	Name   string   `json:"name"`
	Score  float64  `json:"score"`
	Detail []string `json:"detail,omitempty"` // shared entities, amounts, …
}

// Member is one item of a story and why it is there: the member it is
// closest to (Via) and the signals of that pair, or the editor's word.
// The story's earliest member has no Via unless another is close to it.
type Member struct {
	ID      string   `json:"id"`
	Score   float64  `json:"score"`
	Via     string   `json:"via,omitempty"`
	Signals []Signal `json:"signals,omitempty"`
}

// Story is one event's reports, earliest first.
type Story struct {
	ID      string   `json:"id"`
	Members []Member `json:"members"`
}

// Result is a clustering: every item in exactly one story.
type Result struct {
	Stories []Story // ordered by ID
	// Unknown lists items whose Story pin names no item: their pin became
	// a story of its own name (for docket check to report).
	Unknown []string
	// of is item ID → story index, made by the first StoryOf (after
	// which the result is no longer reflect.DeepEqual to a fresh one).
	of map[string]int
}

// StoryOf returns the ID of the story an item belongs to, or "" for an
// item that was not clustered. Its first call indexes the result, and is
// not to run beside another.
func (r *Result) StoryOf(id string) string {
	if r.of == nil {
		r.of = map[string]int{}
		for k, s := range r.Stories {
			for _, m := range s.Members {
				if _, dup := r.of[m.ID]; !dup {
					r.of[m.ID] = k
				}
			}
		}
	}
	if i, ok := r.of[id]; ok {
		return r.Stories[i].ID
	}
	return ""
}
