package sources

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"docket/internal/projfile"
	"docket/internal/yamlerr"
)

// Source kinds, select and extract policies accepted in feeds/feeds.yaml.
const (
	KindWire      = "wire"
	KindPress     = "press"
	KindRegulator = "regulator"
	KindBlog      = "blog"

	SelectRules = "rules" // keep items that the topic rules select
	SelectAll   = "all"   // keep every item (official primary sources)

	ExtractFull    = "full"    // fetch the article page and extract its text
	ExtractSummary = "summary" // the feed's summary is the body
	ExtractNone    = "none"    // title and link only
)

// TypesOfSource are the types a source may have: what a reader is told
// about where a report comes from (the card's badge).
var TypesOfSource = []string{"regulator", "court", "wire", "newspaper", "state-media", "blog"}

// Defaults used when neither the feed nor the file sets a value.
const (
	DefaultMinInterval  = time.Hour
	DefaultBackfillDays = 30
	// DefaultMaxItems caps the items one feed writes in one run: a feed
	// once wrote 10,000 files at a time.
	DefaultMaxItems = 50
)

// Source is one feed in feeds/feeds.yaml.
type Source struct {
	ID           string        `yaml:"id"`
	URL          string        `yaml:"url"`
	Title        string        `yaml:"title"`
	Homepage     string        `yaml:"homepage,omitempty"`
	Language     string        `yaml:"language,omitempty"`
	Kind         string        `yaml:"kind"`
	Type         string        `yaml:"type,omitempty"` // one of TypesOfSource, for readers
	Primary      bool          `yaml:"primary,omitempty"`
	Select       string        `yaml:"select,omitempty"`
	Extract      string        `yaml:"extract,omitempty"`
	MinInterval  time.Duration `yaml:"min_interval,omitempty"`
	BackfillDays int           `yaml:"backfill_days,omitempty"`
	MaxItems     int           `yaml:"max_items,omitempty"` // items written per run, newest first
	Timezone     string        `yaml:"timezone,omitempty"`  // IANA name for dates without a zone
	Disabled     bool          `yaml:"disabled,omitempty"`  // kept for the record, never fetched

	// Pos is "file:line:col" of the entry, for messages about it.
	Pos string `yaml:"-"`
}

// Sources is the content of feeds/feeds.yaml.
type Sources struct {
	MinInterval  time.Duration `yaml:"min_interval,omitempty"`
	BackfillDays int           `yaml:"backfill_days,omitempty"`
	Outlets      []Outlet      `yaml:"outlets,omitempty"`
	Feeds        []Source      `yaml:"feeds"`
}

// Outlet types an outlet that reaches docket through a feed carrying
// several (a digest, the sample): its items' `source:` is its name.
type Outlet struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"`
}

// TypeOf is the type of an item's source: its outlet's when the outlet
// is listed, else its feed's, else "".
func (s *Sources) TypeOf(feed, outlet string) string {
	for _, o := range s.Outlets {
		if o.Name == outlet {
			return o.Type
		}
	}
	if src := s.Find(feed); src != nil {
		return src.Type
	}
	return ""
}

// ItemCap is the most items one run writes from the feed: max_items, or
// DefaultMaxItems when it is not set. (Not filled in by applyDefaults, so
// that an exported or imported list does not grow the key.)
func (src *Source) ItemCap() int {
	if src.MaxItems > 0 {
		return src.MaxItems
	}
	return DefaultMaxItems
}

// Rank returns each feed's place in feeds.yaml, for taking the first of
// several feeds; a feed not listed comes after every one listed.
func (s *Sources) Rank() func(id string) int {
	place := make(map[string]int, len(s.Feeds))
	for i, src := range s.Feeds {
		place[src.ID] = i
	}
	return func(id string) int {
		if i, ok := place[id]; ok {
			return i
		}
		return len(place)
	}
}

// Find returns the source with the given ID, or nil.
func (s *Sources) Find(id string) *Source {
	for i := range s.Feeds {
		if s.Feeds[i].ID == id {
			return &s.Feeds[i]
		}
	}
	return nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// LoadSources reads and validates feeds/feeds.yaml. Every error names the
// file, line and column; defaults from the top of the file are applied to
// the feeds that do not set their own.
func LoadSources(path string) (*Sources, error) {
	data, err := projfile.ReadFile(path, projfile.MaxConfig)
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	return ParseSources(path, data)
}

// ParseSources is LoadSources on bytes already read; name is used in errors.
func ParseSources(name string, data []byte) (*Sources, error) {
	if err := yamlerr.InvalidUTF8(name, data); err != nil {
		return nil, err
	}
	var raw struct {
		MinInterval  ast.Node   `yaml:"min_interval"`
		BackfillDays int        `yaml:"backfill_days"`
		Outlets      []ast.Node `yaml:"outlets"`
		Feeds        []ast.Node `yaml:"feeds"`
	}
	if err := yamlerr.Unmarshal(data, &raw, yaml.Strict()); err != nil {
		return nil, yamlerr.At(name, data, err)
	}
	s := &Sources{BackfillDays: raw.BackfillDays}
	if raw.MinInterval != nil {
		d, err := durationAt(name, raw.MinInterval)
		if err != nil {
			return nil, err
		}
		s.MinInterval = d
	}
	if s.MinInterval <= 0 {
		s.MinInterval = DefaultMinInterval
	}
	if s.BackfillDays <= 0 {
		s.BackfillDays = DefaultBackfillDays
	}
	outlets, err := decodeOutlets(name, raw.Outlets)
	if err != nil {
		return nil, err
	}
	s.Outlets = outlets
	seen := map[string]string{}
	for _, node := range raw.Feeds {
		src, err := decodeSource(name, node)
		if err != nil {
			return nil, err
		}
		idPos := position(name, fieldNode(node, "id"))
		if prev, dup := seen[src.ID]; dup {
			return nil, fmt.Errorf("%s: duplicate feed id %q (first at %s)", idPos, src.ID, prev)
		}
		seen[src.ID] = idPos
		s.applyDefaults(&src)
		s.Feeds = append(s.Feeds, src)
	}
	return s, nil
}

// decodeOutlets reads the outlets list: each named once, with a known type.
func decodeOutlets(name string, nodes []ast.Node) ([]Outlet, error) {
	var outs []Outlet
	seen := map[string]string{}
	for _, node := range nodes {
		var o Outlet
		if err := yamlerr.NodeToValue(node, &o, yaml.Strict()); err != nil {
			return nil, yamlerr.At(name, nil, err)
		}
		pos := position(name, node)
		if o.Name == "" {
			return nil, fmt.Errorf("%s: outlet without a name", pos)
		}
		if prev, dup := seen[o.Name]; dup {
			return nil, fmt.Errorf("%s: outlet %q listed twice (first at %s)", pos, o.Name, prev)
		}
		seen[o.Name] = pos
		if !slices.Contains(TypesOfSource, o.Type) {
			return nil, fmt.Errorf("%s: outlet %q: type %q is not one of %s", position(name, cmp.Or(fieldNode(node, "type"), node)), o.Name, o.Type, oneOf(o.Type, TypesOfSource))
		}
		outs = append(outs, o)
	}
	return outs, nil
}

func decodeSource(name string, node ast.Node) (Source, error) {
	var src Source
	// Durations are checked first: go-yaml reports a bad one without a position.
	if v := fieldNode(node, "min_interval"); v != nil {
		if _, err := durationAt(name, v); err != nil {
			return src, err
		}
	}
	if err := yamlerr.NodeToValue(node, &src, yaml.Strict()); err != nil {
		return src, yamlerr.At(name, nil, err)
	}
	src.Pos = position(name, node)
	if err := src.validate(); err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			if v := fieldNode(node, fe.field); v != nil {
				return src, fmt.Errorf("%s: %w", position(name, v), err)
			}
		}
		return src, fmt.Errorf("%s: %w", src.Pos, err)
	}
	return src, nil
}

// fieldError names the key a validation error is about, for its position.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

func fieldErr(field, format string, a ...any) error {
	return &fieldError{field: field, err: fmt.Errorf(format, a...)}
}

// fieldNode finds the value of key in a mapping node, or nil.
func fieldNode(node ast.Node, key string) ast.Node {
	var pairs []*ast.MappingValueNode
	switch n := node.(type) {
	case *ast.MappingNode:
		pairs = n.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{n}
	}
	for _, p := range pairs {
		if p.Key.GetToken().Value == key {
			return p.Value
		}
	}
	return nil
}

func position(name string, node ast.Node) string {
	if node == nil || node.GetToken() == nil {
		return name
	}
	p := node.GetToken().Position
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
}

func durationAt(name string, node ast.Node) (time.Duration, error) {
	d, err := time.ParseDuration(node.GetToken().Value)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s: min_interval %q: want a duration such as 30m or 2h", position(name, node), node.GetToken().Value)
	}
	return d, nil
}

func (s *Sources) applyDefaults(src *Source) {
	if src.MinInterval <= 0 {
		src.MinInterval = s.MinInterval
	}
	if src.BackfillDays <= 0 {
		src.BackfillDays = s.BackfillDays
	}
	if src.Select == "" {
		src.Select = SelectRules
	}
	if src.Extract == "" {
		src.Extract = ExtractFull
	}
}

// oneOf lists the allowed values for a message about v, which is none
// of them, ending with the one v may be a slip for: `rules, all (did
// you mean "all"?)`.
func oneOf(v string, allowed []string) string {
	return strings.Join(slices.DeleteFunc(slices.Clone(allowed), func(a string) bool { return a == "" }), ", ") + yamlerr.DidYouMean(v, allowed)
}

func (src *Source) validate() error {
	if !idPattern.MatchString(src.ID) {
		return fieldErr("id", "feed id %q: want lower-case letters, digits and dashes", src.ID)
	}
	u, err := url.Parse(src.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fieldErr("url", "feed %s: url %q is not an absolute http(s) URL", src.ID, src.URL)
	}
	if src.Title == "" {
		return fmt.Errorf("feed %s: title is required", src.ID)
	}
	checks := []struct {
		field, value string
		allowed      []string
	}{
		{"kind", src.Kind, []string{KindWire, KindPress, KindRegulator, KindBlog}},
		{"select", src.Select, []string{"", SelectRules, SelectAll}},
		{"extract", src.Extract, []string{"", ExtractFull, ExtractSummary, ExtractNone}},
		{"type", src.Type, append([]string{""}, TypesOfSource...)},
	}
	for _, c := range checks {
		if !slices.Contains(c.allowed, c.value) {
			return fieldErr(c.field, "feed %s: %s %q is not one of %s", src.ID, c.field, c.value, oneOf(c.value, c.allowed))
		}
	}
	if src.MaxItems < 0 {
		return fieldErr("max_items", "feed %s: max_items %d: want a positive number", src.ID, src.MaxItems)
	}
	if src.Timezone != "" {
		if _, err := time.LoadLocation(src.Timezone); err != nil {
			return fieldErr("timezone", "feed %s: timezone: %w", src.ID, err)
		}
	}
	return nil
}
