package site

import (
	"crypto/sha256"
	"time"

	"docket/internal/content"
)

// The fields of an item's document that its entry does not keep, as
// methods of the same names: templates reach them as .Author, .Matched,
// … as when an Item held its document (text/template calls a niladic
// method as it reads a field). Each reads the document through Doc, so
// an error reading it back fails the page. URL, Case, Related and Story
// were Item's own before and still are.

// docValue is get of the item's document.
func docValue[T any](it *Item, get func(d *content.Doc) T) (T, error) {
	d, err := it.Doc()
	if err != nil {
		var zero T
		return zero, err
	}
	return get(d), nil
}

// Entry is the document's front matter.
func (it *Item) Entry() (content.Entry, error) {
	return docValue(it, func(d *content.Doc) content.Entry { return d.Entry })
}

// Sum is the sum of the entry's file as loaded.
func (it *Item) Sum() ([sha256.Size]byte, error) {
	return docValue(it, func(d *content.Doc) [sha256.Size]byte { return d.Sum })
}

func (it *Item) Draft() (bool, error) {
	return docValue(it, func(d *content.Doc) bool { return d.Draft })
}

func (it *Item) Hidden() (bool, error) {
	return docValue(it, func(d *content.Doc) bool { return d.Hidden })
}

func (it *Item) Pinned() (bool, error) {
	return docValue(it, func(d *content.Doc) bool { return d.Pinned })
}

func (it *Item) ID() (string, error) {
	return docValue(it, func(d *content.Doc) string { return d.ID })
}

func (it *Item) GUID() (string, error) {
	return docValue(it, func(d *content.Doc) string { return d.GUID })
}

func (it *Item) Author() (string, error) {
	return docValue(it, func(d *content.Doc) string { return d.Author })
}

func (it *Item) Image() (string, error) {
	return docValue(it, func(d *content.Doc) string { return d.Image })
}

func (it *Item) Fetched() (time.Time, error) {
	return docValue(it, func(d *content.Doc) time.Time { return d.Fetched })
}

func (it *Item) Matched() ([]content.Match, error) {
	return docValue(it, func(d *content.Doc) []content.Match { return d.Matched })
}

func (it *Item) RulesTagged() ([]string, error) {
	return docValue(it, func(d *content.Doc) []string { return d.RulesTagged })
}

func (it *Item) CaseID() (string, error) {
	return docValue(it, func(d *content.Doc) string { return d.CaseID })
}

func (it *Item) Parties() ([]string, error) {
	return docValue(it, func(d *content.Doc) []string { return d.Parties })
}

func (it *Item) Instrument() (string, error) {
	return docValue(it, func(d *content.Doc) string { return d.Instrument })
}

func (it *Item) Stage() (string, error) {
	return docValue(it, func(d *content.Doc) string { return d.Stage })
}

func (it *Item) Opened() (time.Time, error) {
	return docValue(it, func(d *content.Doc) time.Time { return d.Opened })
}

func (it *Item) Dates() ([]content.CaseDate, error) {
	return docValue(it, func(d *content.Doc) []content.CaseDate { return d.Dates })
}

// Published reports whether the entry appears on the site.
func (it *Item) Published(drafts bool) (bool, error) {
	return docValue(it, func(d *content.Doc) bool { return d.Published(drafts) })
}

// StoryID is the document's story ID (content.Doc.StoryID).
func (it *Item) StoryID() string {
	return content.StoryIDOf(it.Kind, it.Rel)
}

// StoryLine is the line of the document's story key.
func (it *Item) StoryLine() (int, error) {
	return docValue(it, func(d *content.Doc) int { return d.StoryLine() })
}

// StoryValue is the entry's story: value as written (Entry.Story),
// which Item's Story, its story in the model, shadows.
func (it *Item) StoryValue() string { return it.storyKey() }
