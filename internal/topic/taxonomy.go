package topic

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"

	"docket/internal/projfile"
	"docket/internal/yamlerr"
)

// Entity kinds. Jurisdictions are entities too, so that one alias machinery
// recognises "EU", "欧盟" and "European Union" alike.
const (
	KindCompany      = "company"
	KindAuthority    = "authority"
	KindJurisdiction = "jurisdiction"
)

// Field names, as they appear in Match.Field and in topics.yaml's fields.
const (
	FieldTitle   = "title"
	FieldSummary = "summary"
	FieldBody    = "body"
)

// Topic is one subject the tracker follows (antitrust, interoperability, …)
// with the rules that decide whether an item is about it.
type Topic struct {
	ID          string            `yaml:"id"`
	Name        string            `yaml:"name"`
	Names       map[string]string `yaml:"names,omitempty"` // display name by language, e.g. zh
	Description string            `yaml:"description,omitempty"`
	// Threshold is the score an item needs to be about the topic.
	Threshold float64 `yaml:"threshold"`
	// Keep lists the kinds of evidence an item needs besides the score:
	// it is about the topic only if, for one of the lists, every kind in
	// it was given by a counted match of a positive rule. Empty: the
	// score alone decides.
	Keep [][]string `yaml:"keep,omitempty"`
	// Margin, if set, replaces the file's margin for this topic (0 turns
	// the review queue off for it); see Rules.Unsure.
	Margin *float64 `yaml:"margin,omitempty"`
	Rules  []Rule   `yaml:"rules"`
}

// Rule is a group of terms that share a weight and conditions. A negative
// weight makes them count against the topic.
type Rule struct {
	Weight float64 `yaml:"weight"`
	// Near names contexts: the terms count only with a term of one of them
	// within Within words. NotNear is the opposite: they do not count then.
	Near    Names `yaml:"near,omitempty"`
	NotNear Names `yaml:"not_near,omitempty"`
	// NearAll names contexts that must each have a term within Within
	// words: "purchase" right by a company and by a regulator, where near
	// would take either.
	NearAll Names `yaml:"near_all,omitempty"`
	Within  int   `yaml:"within,omitempty"`
	// NotWithin is not_near's own distance, where a rule that wants its
	// context right by the term ("v" next to a plaintiff) must still be
	// kept from a consumer case a sentence away; 0 means Within.
	NotWithin int `yaml:"not_within,omitempty"`
	// Requires names contexts of which one must have a term somewhere in
	// the item (any field, any distance) for the terms to count.
	Requires Names `yaml:"requires,omitempty"`
	// Evidence names the kinds of evidence (as the topic's keep lists
	// them) that a counted match of this rule gives.
	Evidence Names `yaml:"evidence,omitempty"`
	// Terms by language. A trailing * matches any word that starts with
	// the term ("kartell*": Kartellamt, Kartellrecht).
	Terms map[string][]string `yaml:"terms,omitempty"`
	// Entities whose names and aliases count as terms of this rule.
	Entities []string `yaml:"entities,omitempty"`
	// Kinds (company, authority, jurisdiction) stand for every entity of
	// that kind in entities.yaml, so a company added there counts here
	// without editing the rule.
	Kinds Names `yaml:"kinds,omitempty"`
}

// Names is a list of IDs that YAML may also give as one bare string.
type Names []string

// UnmarshalYAML accepts "a" as well as [a, b].
func (n *Names) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*n = Names{one}
		return nil
	}
	return unmarshal((*[]string)(n))
}

// Context is a named list of terms that rules test with near or not_near.
type Context struct {
	ID          string              `yaml:"id"`
	Description string              `yaml:"description,omitempty"`
	Terms       map[string][]string `yaml:"terms,omitempty"`
	Entities    []string            `yaml:"entities,omitempty"`
	Kinds       Names               `yaml:"kinds,omitempty"` // as in Rule
	// Except are phrases that contain a context term but do not mean it
	// ("Urząd Ochrony Konkurencji" is a name, not talk of competition):
	// where one matches, the shorter context term inside it does not.
	Except []string `yaml:"except,omitempty"`
}

// FieldWeights multiply a rule's weight by where its term was found.
type FieldWeights struct {
	Title   float64 `yaml:"title"`
	Summary float64 `yaml:"summary"`
	Body    float64 `yaml:"body"`
}

// Entity is a company, an authority or a jurisdiction.
type Entity struct {
	ID           string            `yaml:"id"`
	Name         string            `yaml:"name"`
	Names        map[string]string `yaml:"names,omitempty"` // display name by language
	Kind         string            `yaml:"kind"`
	Jurisdiction string            `yaml:"jurisdiction,omitempty"` // home jurisdiction ID
	Homepage     string            `yaml:"homepage,omitempty"`
	// Domains are the web domains of an authority's own pages (samr.gov.cn
	// stands for www.samr.gov.cn too): a report from one is a primary source.
	Domains []string            `yaml:"domains,omitempty"`
	Aliases map[string][]string `yaml:"aliases,omitempty"` // by language
	// Except are phrases that contain one of the entity's names without
	// meaning the entity ("CMA CGM" is a shipping line, not the CMA;
	// "US dollars" is a currency, not the United States): where one
	// matches, the name inside it does not.
	Except []string `yaml:"except,omitempty"`
}

// Rules is the content of feeds/topics.yaml and feeds/entities.yaml,
// compiled for matching. It is safe for concurrent use.
type Rules struct {
	Topics   []Topic
	Entities []Entity
	Contexts []Context
	Fields   FieldWeights
	// Within is the default distance in words for near and not_near.
	Within int
	// Lead is how many words open a field; matches after them count
	// AfterLead times as much, so a long article's passing mention weighs
	// less than its opening.
	Lead      int
	AfterLead float64
	// Margin is how far below a topic's threshold an item may score and
	// still be put before the editors (Rules.Unsure); 0: never.
	Margin float64

	topics   map[string]*Topic
	entities map[string]*Entity
	m        *matcher
}

// Topic returns the topic with the given ID, or nil.
func (r *Rules) Topic(id string) *Topic { return r.topics[id] }

// Entity returns the entity with the given ID, or nil.
func (r *Rules) Entity(id string) *Entity { return r.entities[id] }

// EntityOfDomain returns the entity whose Domains hold host or a domain
// above it, or nil.
func (r *Rules) EntityOfDomain(host string) *Entity {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for i := range r.Entities {
		for _, d := range r.Entities[i].Domains {
			if host == d || strings.HasSuffix(host, "."+d) {
				return &r.Entities[i]
			}
		}
	}
	return nil
}

// Accepts reports whether id may stand in the front-matter list key:
// "topics" takes a topic, "entities" a company or an authority,
// "authorities" an authority, "jurisdictions" a jurisdiction. It makes
// Rules a content.Taxonomy.
func (r *Rules) Accepts(key, id string) bool {
	if key == "topics" {
		return r.topics[id] != nil
	}
	e := r.entities[id]
	if e == nil {
		return false
	}
	switch key {
	case "entities":
		return e.Kind == KindCompany || e.Kind == KindAuthority
	case "authorities":
		return e.Kind == KindAuthority
	case "jurisdictions":
		return e.Kind == KindJurisdiction
	}
	return false
}

// TopicIDs lists every topic ID in file order.
func (r *Rules) TopicIDs() []string {
	ids := make([]string, 0, len(r.Topics))
	for _, t := range r.Topics {
		ids = append(ids, t.ID)
	}
	return ids
}

// IDs lists every topic ID, then every entity ID, in file order.
func (r *Rules) IDs() []string {
	ids := append(make([]string, 0, len(r.Topics)+len(r.Entities)), r.TopicIDs()...)
	for _, e := range r.Entities {
		ids = append(ids, e.ID)
	}
	return ids
}

// topicsFile is the shape of topics.yaml.
type topicsFile struct {
	Fields    fieldsFile `yaml:"fields"`
	Within    int        `yaml:"within"`
	Lead      int        `yaml:"lead"`
	AfterLead *float64   `yaml:"after_lead"`
	Margin    float64    `yaml:"margin"`
	Contexts  []Context  `yaml:"contexts"`
	Topics    []Topic    `yaml:"topics"`
}

// fieldsFile is fields: as written; a weight left out is nil, and gets
// its default, not 0.
type fieldsFile struct {
	Title   *float64     `yaml:"title"`
	Summary *float64     `yaml:"summary"`
	Body    *float64     `yaml:"body"`
	weights FieldWeights // with defaults, set by the checker
}

type entitiesFile struct {
	Entities []Entity `yaml:"entities"`
}

// Load reads topics.yaml and entities.yaml from the feeds directory,
// checks them and compiles the matcher. Errors name the file, line and
// column; rules with errors are refused as a whole.
func Load(feedsDir string) (*Rules, error) {
	src, err := readSources(feedsDir)
	if err != nil {
		return nil, err
	}
	if errs := src.check(false); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return src.compile()
}

// sources are the two rule files as decoded, kept with their text so that
// problems can be reported with line and column.
type sources struct {
	topicsPath, entitiesPath string
	topics                   topicsFile
	entities                 entitiesFile
	topicsLoc, entitiesLoc   *locator
}

func readSources(feedsDir string) (*sources, error) {
	s := &sources{
		topicsPath:   filepath.Join(feedsDir, "topics.yaml"),
		entitiesPath: filepath.Join(feedsDir, "entities.yaml"),
	}
	var err error
	if s.topicsLoc, err = decodeFile(s.topicsPath, &s.topics); err != nil {
		return nil, err
	}
	if s.entitiesLoc, err = decodeFile(s.entitiesPath, &s.entities); err != nil {
		return nil, err
	}
	return s, nil
}

func decodeFile(path string, v any) (*locator, error) {
	data, err := projfile.ReadFile(path, projfile.MaxConfig)
	if err != nil {
		return nil, fmt.Errorf("topic: %w", err)
	}
	if err := yamlerr.NestedAliases(path, data); err != nil {
		return nil, err
	}
	if err := yamlerr.Unmarshal(data, v, yaml.Strict()); err != nil {
		return nil, yamlerr.At(path, data, err)
	}
	return newLocator(path, data), nil
}
