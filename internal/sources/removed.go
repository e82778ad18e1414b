package sources

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"docket/internal/projfile"
	"docket/internal/text"
	"docket/internal/yamlerr"
)

// ItemRef identifies an item fetch wrote: a URL names one story whichever
// feed brings it; a GUID, and an ID made from one, only within its feed.
// Title is for people; Path, the file under content/ that holds the item,
// lets fetch notice a deletion without reading every file.
type ItemRef struct {
	Feed  string `json:"feed" yaml:"feed,omitempty"`
	ID    string `json:"id,omitempty" yaml:"id,omitempty"`
	URL   string `json:"url,omitempty" yaml:"url,omitempty"`
	GUID  string `json:"guid,omitempty" yaml:"guid,omitempty"`
	Title string `json:"title,omitempty" yaml:"-"`
	Path  string `json:"path,omitempty" yaml:"-"` // news/2026/11/slug.md
}

// Tombstone is one line of feeds/removed.yaml: an item an editor deleted
// from content/, which fetch must not write again.
type Tombstone struct {
	Removed string `json:"removed,omitempty" yaml:"removed,omitempty"` // 2006-01-02: when fetch noticed the deletion
	ItemRef `yaml:",inline"`
}

// Removed is feeds/removed.yaml. fetch only ever appends to it, so an
// editor's comments and order stay as they are.
type Removed struct {
	Items []Tombstone
	data  []byte // the file as read
	added int    // Items[len(Items)-added:] are new since the file was read
}

// RemovedHeader opens a new feeds/removed.yaml.
const RemovedHeader = `# Items deleted from content/news that docket fetch must not write again.
# fetch adds a line when a file it wrote is gone (git rm is enough): one
# item a line, with the date fetch noticed and the title as a comment. An
# item matches by url (from any feed), or by feed and guid (a GUID is
# unique only within its feed). Delete a line to let the item come back
# on the next fetch; to keep an item but not publish it, restore its file
# with hidden: true instead.
`

// LoadRemoved reads feeds/removed.yaml; a missing file is an empty list.
func LoadRemoved(path string) (*Removed, error) {
	data, err := projfile.ReadFile(path, projfile.MaxConfig)
	if errors.Is(err, os.ErrNotExist) {
		return &Removed{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	return ParseRemoved(path, data)
}

// ParseRemoved is LoadRemoved on bytes already read; name is used in
// errors, which give its line and column.
func ParseRemoved(name string, data []byte) (*Removed, error) {
	var nodes []ast.Node
	if err := yamlerr.Unmarshal(data, &nodes, yaml.Strict()); err != nil {
		return nil, yamlerr.At(name, data, err)
	}
	r := &Removed{data: data}
	for _, node := range nodes {
		var t Tombstone
		if _, ok := node.(*ast.MappingNode); !ok {
			return nil, fmt.Errorf("%s: want {url: …} or {feed: …, guid: …}, one item a line", position(name, node))
		}
		if err := yamlerr.NodeToValue(node, &t, yaml.Strict()); err != nil {
			return nil, yamlerr.At(name, data, err)
		}
		if err := t.validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", position(name, node), err)
		}
		r.Items = append(r.Items, t)
	}
	return r, nil
}

func (t *Tombstone) validate() error {
	if t.Removed != "" {
		if _, err := time.Parse(time.DateOnly, t.Removed); err != nil {
			return fmt.Errorf("removed %q: want a date such as 2026-11-24", t.Removed)
		}
	}
	if (t.GUID != "" || t.ID != "") && t.Feed == "" {
		return errors.New("a guid or id names an item only with its feed: add feed")
	}
	if t.URL == "" && t.GUID == "" && t.ID == "" {
		return errors.New("no url, guid or id: nothing names the item")
	}
	return nil
}

// Add records a new tombstone, to be appended by Save.
func (r *Removed) Add(t Tombstone) {
	r.Items = append(r.Items, t)
	r.added++
}

// Added is the tombstones added since the file was read.
func (r *Removed) Added() []Tombstone { return r.Items[len(r.Items)-r.added:] }

// Save appends the added tombstones to path, sorted by date, feed, URL
// and GUID, one a line; it writes nothing when none were added.
func (r *Removed) Save(path string) error {
	if r.added == 0 {
		return nil
	}
	var buf bytes.Buffer
	if len(bytes.TrimSpace(r.data)) == 0 {
		buf.WriteString(RemovedHeader)
	} else {
		buf.Write(r.data)
		if !bytes.HasSuffix(r.data, []byte("\n")) {
			buf.WriteByte('\n')
		}
	}
	added := slices.Clone(r.Added())
	slices.SortFunc(added, func(a, b Tombstone) int {
		return strings.Compare(a.sortKey(), b.sortKey())
	})
	for _, t := range added {
		buf.WriteString(t.line())
	}
	if err := writeFile(path, buf.Bytes()); err != nil {
		return err
	}
	r.data, r.added = buf.Bytes(), 0
	return nil
}

func (t Tombstone) sortKey() string {
	return strings.Join([]string{t.Removed, t.Feed, t.URL, t.GUID, t.ID}, "\x00")
}

// line is the tombstone as one line of YAML, its title as a comment.
func (t Tombstone) line() string {
	var fields []string
	add := func(key, v string) {
		if v != "" {
			fields = append(fields, key+": "+strconv.Quote(v))
		}
	}
	if t.Removed != "" {
		fields = append(fields, "removed: "+t.Removed)
	}
	add("feed", t.Feed)
	add("url", t.URL)
	add("guid", t.GUID)
	if t.URL == "" && t.GUID == "" {
		add("id", t.ID)
	}
	s := "- {" + strings.Join(fields, ", ") + "}"
	if title := text.OneLine(t.Title, 100); title != "" {
		s += "  # " + title
	}
	return s + "\n"
}
