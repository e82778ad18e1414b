package content

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// Kind is the kind of an entry, given by the folder it lives in.
type Kind string

// The kinds of entry.
const (
	News  Kind = "news"
	Event Kind = "event"
	Page  Kind = "page"
)

// noun names the kind with its article, for messages: "an event".
func (k Kind) noun() string {
	switch k {
	case Event:
		return "an event"
	case News:
		return "a news item"
	}
	return "a " + string(k)
}

// Event kinds an editor may give an event.
var EventKinds = []string{"fine", "ruling", "order", "law", "investigation", "settlement", "compliance", "statement"}

// Entry is the front matter of any content file. Fields are grouped by the
// kinds that may use them; keysFor lists which keys each kind accepts.
type Entry struct {
	// Every kind.
	Title   string    `yaml:"title"`
	Date    time.Time `yaml:"date,omitempty"`
	Updated time.Time `yaml:"updated,omitempty"`
	Lang    string    `yaml:"lang,omitempty"`
	Summary string    `yaml:"summary,omitempty"`

	// News items and events.
	Topics        []string `yaml:"topics,omitempty"`
	Entities      []string `yaml:"entities,omitempty"`
	Jurisdictions []string `yaml:"jurisdictions,omitempty"`
	Story         string   `yaml:"story,omitempty"` // the story to join, or "own"; see StoryID

	// News items, written by fetch.
	ID      string    `yaml:"id,omitempty"`
	Source  string    `yaml:"source,omitempty"`
	Feed    string    `yaml:"feed,omitempty"`
	URL     string    `yaml:"url,omitempty"`
	GUID    string    `yaml:"guid,omitempty"`
	Author  string    `yaml:"author,omitempty"`
	Image   string    `yaml:"image,omitempty"`
	Fetched time.Time `yaml:"fetched,omitempty"`
	Matched []Match   `yaml:"matched,omitempty"`
	// RulesTagged are the entities and jurisdictions the topic rules set
	// (fetch, select --apply): theirs to drop, and, when the editor took
	// one out, not to set again. Any other is the editor's.
	RulesTagged []string `yaml:"rules_tagged,omitempty"`
	Extracted   *bool    `yaml:"extracted,omitempty"`

	// Events.
	EventKind   string   `yaml:"kind,omitempty"`
	Authorities []string `yaml:"authorities,omitempty"`
	Status      string   `yaml:"status,omitempty"`
	Amount      *Amount  `yaml:"amount,omitempty"`
	Sources     []Link   `yaml:"sources,omitempty"`
	Related     []string `yaml:"related,omitempty"` // content paths of news items, e.g. news/2021/09/slug

	// Cases (case.go); news items and events name theirs in Case.
	Case       string     `yaml:"case,omitempty"`
	CaseID     string     `yaml:"case_id,omitempty"`
	Parties    []string   `yaml:"parties,omitempty"`
	Instrument string     `yaml:"instrument,omitempty"`
	Stage      string     `yaml:"stage,omitempty"`
	Opened     time.Time  `yaml:"opened,omitempty"`
	Dates      []CaseDate `yaml:"dates,omitempty"`

	// Flags, and the menu's 32-bit position, share one word at the end:
	// a bool between wider fields costs eight bytes, and a Doc must stay
	// within its size class (TestDocSize).
	Menu       int32 `yaml:"menu,omitempty"`       // pages: position in the site menu; 0: not in the menu
	Draft      bool  `yaml:"draft,omitempty"`      // published only with --drafts
	Hidden     bool  `yaml:"hidden,omitempty"`     // kept for the record, never published
	Pinned     bool  `yaml:"pinned,omitempty"`     // selection can never drop it
	Backfilled bool  `yaml:"backfilled,omitempty"` // news: came with a feed's first fetch, or old
}

// Match records why an item was selected: a rule that fired.
type Match struct {
	Topic  string  `yaml:"topic" json:"topic"`
	Term   string  `yaml:"term" json:"term"`
	Field  string  `yaml:"field" json:"field"`
	Offset int     `yaml:"offset,omitempty" json:"offset"`
	Weight float64 `yaml:"weight" json:"weight"`
}

// Amount is a sum of money, such as a fine.
type Amount struct {
	Value    float64 `yaml:"value" json:"value"`
	Currency string  `yaml:"currency" json:"currency"` // ISO 4217 code: CNY, EUR, USD, …
	// PaidBy are who pays it, of the entry's entities (a case's parties);
	// when absent, every company it names. A complainant named beside
	// the fined company pays nothing.
	PaidBy []string `yaml:"paid_by,omitempty" json:"paid_by,omitempty"`
	// Date is when a case's own amount was imposed, which fixes its rate
	// and its year; without one, the case's latest date (a later step,
	// such as an appeal or a report due, would move it).
	Date time.Time `yaml:"date,omitempty" json:"-"`
}

// Pays reports whether the company id pays a: it is in PaidBy, or
// PaidBy is empty.
func (a *Amount) Pays(id string) bool {
	return len(a.PaidBy) == 0 || slices.Contains(a.PaidBy, id)
}

// String formats an amount for people: "CNY 18.228 billion", "EUR
// 719,057" (whole units from a thousand up: a conversion's fractions of
// a cent say nothing), "USD 6.98".
func (a Amount) String() string {
	v := a.Value
	switch {
	case v >= 1e12-5e8: // rounds to 1 trillion, not 1000 billion ("KRW 1.03 trillion")
		return a.Currency + " " + rounded(v/1e12, 3) + " trillion"
	case v >= 1e9-500: // rounds to 1 billion, not 1000 million
		return a.Currency + " " + rounded(v/1e9, 3) + " billion"
	case v >= 1e6-0.5:
		return a.Currency + " " + rounded(v/1e6, 3) + " million"
	case v >= 999.995: // rounds to 1,000, not 1000
		return a.Currency + " " + grouped(int64(math.Round(v)))
	}
	return a.Currency + " " + rounded(v, 2)
}

// rounded writes v to at most places decimals, without trailing zeros.
func rounded(v float64, places int) string {
	p := math.Pow10(places)
	return strconv.FormatFloat(math.Round(v*p)/p, 'f', -1, 64)
}

// grouped writes n with its thousands apart: 719,057.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Link is a primary source: a URL with an optional title. In YAML it is
// either a bare URL or {title, url}.
type Link struct {
	Title string `yaml:"title,omitempty" json:"title,omitempty"`
	URL   string `yaml:"url" json:"url"`
}

// UnmarshalYAML accepts a bare URL as well as a mapping.
func (l *Link) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err == nil {
		l.URL = s
		return nil
	}
	type plain Link
	return unmarshal((*plain)(l))
}

// Published reports whether an entry appears on the site.
func (e *Entry) Published(drafts bool) bool {
	return !e.Hidden && (drafts || !e.Draft)
}
