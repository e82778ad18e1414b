package sources

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"docket/internal/text"
)

// OPML 2.0, as far as feed lists use it. Our own options ride along as
// extra outline attributes, which OPML 2.0 allows, so that an export
// imports back into the same sources.
type opmlDoc struct {
	XMLName xml.Name  `xml:"opml"`
	Version string    `xml:"version,attr"`
	Title   string    `xml:"head>title"`
	Body    []outline `xml:"body>outline"`
}

type outline struct {
	Text         string    `xml:"text,attr"`
	Title        string    `xml:"title,attr,omitempty"`
	Type         string    `xml:"type,attr,omitempty"`
	XMLURL       string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL      string    `xml:"htmlUrl,attr,omitempty"`
	Language     string    `xml:"language,attr,omitempty"`
	ID           string    `xml:"id,attr,omitempty"`
	Kind         string    `xml:"kind,attr,omitempty"`
	SourceType   string    `xml:"sourceType,attr,omitempty"` // Source.Type: OPML's type is the feed format
	Primary      bool      `xml:"primary,attr,omitempty"`
	Select       string    `xml:"select,attr,omitempty"`
	Extract      string    `xml:"extract,attr,omitempty"`
	MinInterval  string    `xml:"minInterval,attr,omitempty"`
	BackfillDays int       `xml:"backfillDays,attr,omitempty"`
	MaxItems     int       `xml:"maxItems,attr,omitempty"`
	Timezone     string    `xml:"timezone,attr,omitempty"`
	Disabled     bool      `xml:"disabled,attr,omitempty"`
	Children     []outline `xml:"outline"`

	Line int `xml:"-"` // where the outline's start tag ends, for messages
}

// UnmarshalXML decodes an outline and notes its line: an outline that is
// not a valid source is reported there, in the file the editor has.
func (o *outline) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	line, _ := d.InputPos()
	type plain outline // without this method
	if err := d.DecodeElement((*plain)(o), &start); err != nil {
		return err
	}
	o.Line = line
	return nil
}

// ExportOPML writes the feeds of srcs as an OPML 2.0 subscription list.
// Options a feed takes from the file's defaults are left out, so that a
// file it is imported into gives it that file's.
func ExportOPML(w io.Writer, title string, srcs *Sources) error {
	doc := opmlDoc{Version: "2.0", Title: title}
	for _, s := range srcs.Feeds {
		var dflt Source
		srcs.applyDefaults(&dflt)
		o := outline{
			Text: s.Title, Title: s.Title, Type: "rss", XMLURL: s.URL, HTMLURL: s.Homepage,
			Language: s.Language, ID: s.ID, Kind: s.Kind, SourceType: s.Type, Primary: s.Primary,
			MaxItems: s.MaxItems, Timezone: s.Timezone, Disabled: s.Disabled,
		}
		if s.Select != dflt.Select {
			o.Select = s.Select
		}
		if s.Extract != dflt.Extract {
			o.Extract = s.Extract
		}
		if s.BackfillDays != dflt.BackfillDays {
			o.BackfillDays = s.BackfillDays
		}
		if s.MinInterval != dflt.MinInterval {
			o.MinInterval = s.MinInterval.String()
		}
		doc.Body = append(doc.Body, o)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("feed: opml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("feed: opml: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// ImportOPML reads the feeds of an OPML file (nested folders flattened).
// Outlines from other readers lack our options: they become press
// sources selected by the rules, with an ID made from the title. Each is
// checked as feeds.yaml checks its feeds, and an error names its line.
func ImportOPML(r io.Reader) ([]Source, error) {
	var doc opmlDoc
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity // readers write titles with &nbsp; and the like
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("feed: opml: %w", err)
	}
	var out []Source
	var walk func([]outline) error
	walk = func(os []outline) error {
		for _, o := range os {
			if o.XMLURL != "" {
				s, err := o.source()
				if err == nil {
					err = s.validate()
				}
				if err != nil {
					return fmt.Errorf("feed: opml: line %d: %w", o.Line, err)
				}
				out = append(out, s)
			}
			if err := walk(o.Children); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(doc.Body)
}

func (o outline) source() (Source, error) {
	s := Source{
		ID: o.ID, URL: strings.TrimSpace(o.XMLURL), Title: text.CleanText(firstNonBlank(o.Title, o.Text)),
		Homepage: o.HTMLURL, Language: o.Language, Kind: firstNonBlank(o.Kind, KindPress), Type: o.SourceType,
		Primary: o.Primary, Select: o.Select, Extract: o.Extract, BackfillDays: o.BackfillDays,
		MaxItems: o.MaxItems, Timezone: o.Timezone, Disabled: o.Disabled,
	}
	if s.Title == "" {
		if u, err := url.Parse(s.URL); err == nil {
			s.Title = u.Hostname()
		}
	}
	if o.MinInterval != "" {
		d, err := time.ParseDuration(o.MinInterval)
		if err != nil {
			return s, fmt.Errorf("%s: minInterval: %w", s.URL, err)
		}
		s.MinInterval = d
	}
	if s.ID == "" {
		s.ID = idFrom(s.Title, s.URL)
	}
	return s, nil
}

// idFrom makes a feed ID from a title: lower-case ASCII words joined by
// dashes, letters losing their marks ("Über Café" → "uber-cafe"). A title
// with no Latin letter (in Chinese, say: "腾讯新闻 2" is not "2") gives the
// feed's host name instead ("news.qq.com" → "news-qq-com"), and "feed"
// when there is none.
func idFrom(title, feedURL string) string {
	id := asciiWords(text.FoldMarks(title))
	if strings.Trim(id, "0123456789-") == "" {
		if u, err := url.Parse(feedURL); err == nil {
			id = asciiWords(strings.TrimPrefix(u.Hostname(), "www."))
		}
	}
	if len(id) > 40 {
		id = strings.TrimRight(id[:40], "-")
	}
	if id == "" {
		return "feed"
	}
	return id
}

// asciiWords is the runs of ASCII letters and digits of s, lower-cased
// and joined by dashes.
func asciiWords(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// Merge adds the imported sources whose URL is not in s yet, renaming IDs
// that are taken ("heise" → "heise-2"). It returns the added sources.
func (s *Sources) Merge(in []Source) []Source {
	urls, ids := map[string]bool{}, map[string]bool{}
	for _, f := range s.Feeds {
		urls[f.URL], ids[f.ID] = true, true
	}
	var added []Source
	for _, f := range in {
		if urls[f.URL] {
			continue
		}
		base := f.ID
		for n := 2; ids[f.ID]; n++ {
			f.ID = base + "-" + strconv.Itoa(n)
		}
		urls[f.URL], ids[f.ID] = true, true
		added = append(added, f)
		s.Feeds = append(s.Feeds, f)
	}
	return added
}

// AppendYAML renders sources as items of the feeds: list, to append to
// feeds.yaml as text so that its comments survive.
func AppendYAML(srcs []Source) ([]byte, error) {
	var buf bytes.Buffer
	for _, src := range srcs {
		src.Pos = ""
		out, err := yaml.Marshal([]Source{src})
		if err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
			buf.WriteString("  " + line + "\n")
		}
	}
	return buf.Bytes(), nil
}

// firstNonBlank returns the first of ss that is not blank.
func firstNonBlank(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
