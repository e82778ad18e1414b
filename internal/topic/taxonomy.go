package topic

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/goccy/go-yaml"
)

// Entity kinds. Jurisdictions are entities too, so that one alias machinery
// recognises "EU", "欧盟" and "European Union" alike.
const (
	KindCompany      = "company"
	KindAuthority    = "authority"
	KindJurisdiction = "jurisdiction"
)

// Topic is one subject the tracker follows (antitrust, interoperability, …).
type Topic struct {
	ID          string            `yaml:"id"`
	Name        string            `yaml:"name"`
	Names       map[string]string `yaml:"names,omitempty"` // display name by language, e.g. zh
	Description string            `yaml:"description,omitempty"`
}

// Entity is a company, an authority or a jurisdiction.
type Entity struct {
	ID           string              `yaml:"id"`
	Name         string              `yaml:"name"`
	Names        map[string]string   `yaml:"names,omitempty"` // display name by language
	Kind         string              `yaml:"kind"`
	Jurisdiction string              `yaml:"jurisdiction,omitempty"` // home jurisdiction ID
	Homepage     string              `yaml:"homepage,omitempty"`
	Aliases      map[string][]string `yaml:"aliases,omitempty"` // by language
}

// Rules is the content of feeds/topics.yaml and feeds/entities.yaml.
type Rules struct {
	Topics   []Topic
	Entities []Entity

	topics   map[string]*Topic
	entities map[string]*Entity
}

// Topic returns the topic with the given ID, or nil.
func (r *Rules) Topic(id string) *Topic { return r.topics[id] }

// Entity returns the entity with the given ID, or nil.
func (r *Rules) Entity(id string) *Entity { return r.entities[id] }

// Load reads topics.yaml and entities.yaml from the feeds directory.
// Errors name the file, line and column.
func Load(feedsDir string) (*Rules, error) {
	var t struct {
		Topics []Topic `yaml:"topics"`
	}
	var e struct {
		Entities []Entity `yaml:"entities"`
	}
	if err := decodeFile(filepath.Join(feedsDir, "topics.yaml"), &t); err != nil {
		return nil, err
	}
	if err := decodeFile(filepath.Join(feedsDir, "entities.yaml"), &e); err != nil {
		return nil, err
	}
	r := &Rules{Topics: t.Topics, Entities: e.Entities, topics: map[string]*Topic{}, entities: map[string]*Entity{}}
	for i := range r.Topics {
		r.topics[r.Topics[i].ID] = &r.Topics[i]
	}
	for i := range r.Entities {
		r.entities[r.Entities[i].ID] = &r.Entities[i]
	}
	return r, nil
}

func decodeFile(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := yaml.UnmarshalWithOptions(data, v, yaml.Strict()); err != nil {
		return yamlError(path, err)
	}
	return nil
}

// yamlError turns a go-yaml error into "path:line:col: message".
func yamlError(path string, err error) error {
	if ye, ok := err.(yaml.Error); ok && ye.GetToken() != nil {
		p := ye.GetToken().Position
		return fmt.Errorf("%s:%d:%d: %s", path, p.Line, p.Column, ye.GetMessage())
	}
	return fmt.Errorf("%s: %w", path, err)
}
