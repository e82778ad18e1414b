package content

import (
	"fmt"
	"strings"
)

// StoryOwn is the story: value that splits an item out of any story.
const StoryOwn = "own"

// StoryID is the ID an entry gives the story it is the earliest report
// of, and the value other entries' story: names it by: the file's path
// below its kind's folder, dashed (news/2021/09/slug is 2021-09-slug, an
// event's 2021-09-28-slug). Pages have none.
func (d *Doc) StoryID() string { return StoryIDOf(d.Kind, d.Rel) }

// StoryIDOf is the story ID of an entry of kind at rel (Doc.StoryID),
// for a caller that keeps those two but not the document.
func StoryIDOf(kind Kind, rel string) string {
	switch kind {
	case News:
		return strings.ReplaceAll(strings.TrimPrefix(rel, "news/"), "/", "-")
	case Event:
		return strings.TrimPrefix(rel, "events/")
	}
	return ""
}

// validStory reports whether v can be a story: value.
func validStory(v string) bool {
	if v == StoryOwn {
		return true
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return v != "" && v[0] != '-'
}

// checkStories reports story: values that name no entry's story, and
// entries whose paths give one story ID (news/2021/04/10-x and
// events/2021-04-10-x): stories find their reports by it.
func (t *Tree) checkStories() Problems {
	var ps Problems
	ids := newKeyIndex(t.Docs, (*Doc).StoryID)
	for i, d := range t.Docs {
		id := d.StoryID()
		if id == "" { // a page or a case
			continue
		}
		if other := ids.add(i, id); other != nil {
			ps = append(ps, Problem{Path: d.Path, Msg: fmt.Sprintf("story ID %q is also %s's: rename one of the two files", id, other.Path)})
		}
	}
	for _, d := range t.Docs {
		if d.Story == "" || d.Story == StoryOwn || ids.get(d.Story) != nil || !validStory(d.Story) {
			continue
		}
		ps = append(ps, d.atSpot(d.spotsOf(spotStory), -1, fmt.Sprintf("story %q names no story: use own, or the ID of a news item or event as docket stories lists it (such as %s)", d.Story, d.StoryID())))
	}
	return ps
}

// StoryLine is the line of the entry's story: key in its file, 0 when it
// has none.
func (d *Doc) StoryLine() int {
	if d.Story == "" {
		return 0
	}
	return d.atSpot(d.spotsOf(spotStory), -1, "").Line
}
