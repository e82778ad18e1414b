package content

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStoryValues(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	write(t, filepath.Join(root, "news/2021/04/x.md"), "---\ntitle: X\ndate: 2021-04-10\n---\n")
	write(t, filepath.Join(root, "news/2021/04/y.md"), "---\ntitle: Y\ndate: 2021-04-11\nstory: 2021-04-x\n---\n")
	write(t, filepath.Join(root, "news/2021/04/z.md"), "---\ntitle: Z\ndate: 2021-04-11\nstory: own\n---\n")
	write(t, filepath.Join(root, "news/2021/04/w.md"), "---\ntitle: W\ndate: 2021-04-12\nstory: 2021-04-nope\n---\n")
	write(t, filepath.Join(root, "events/2021-04-10-fine.md"), "---\ntitle: A\nkind: fine\nstory: Not An ID\n---\n")
	write(t, filepath.Join(root, "events/2021-04-11-order.md"), "---\ntitle: B\nkind: order\nstory: 2021-04-10-fine\n---\n")
	write(t, filepath.Join(root, "pages/about.md"), "---\ntitle: About\nstory: own\n---\n")
	tree, ps := Load(root, nil)
	want := []string{
		`events/2021-04-10-fine.md:4:1: story "Not An ID": use own, or a story's ID`,
		`pages/about.md:3:1: unknown key "story"`,
		`news/2021/04/w.md:4:1: story "2021-04-nope" names no story`,
	}
	if len(ps) != len(want) {
		t.Fatalf("problems:\n%v", ps)
	}
	for i, w := range want {
		if !strings.Contains(ps[i].Error(), w) {
			t.Errorf("problem %d = %q, want %q", i, ps[i].Error(), w)
		}
	}
	ids := map[string]string{}
	for _, d := range tree.Docs {
		ids[d.Rel] = d.StoryID()
	}
	if ids["news/2021/04/x"] != "2021-04-x" || ids["events/2021-04-10-fine"] != "2021-04-10-fine" {
		t.Errorf("story IDs: %v", ids)
	}
}

// TestStoryIDTaken: a news item and an event whose paths give one story
// ID (news/2021/04/10-x and events/2021-04-10-x) are a problem naming
// both files; the site looked reports up by that ID and showed the news
// item twice in the event's story and the event in none.
func TestStoryIDTaken(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	write(t, filepath.Join(root, "news/2021/04/10-x.md"), "---\ntitle: X\ndate: 2021-04-09\n---\n")
	write(t, filepath.Join(root, "events/2021-04-10-x.md"), "---\ntitle: Fine\nkind: fine\n---\n")
	write(t, filepath.Join(root, "news/2021/04/y.md"), "---\ntitle: Y\ndate: 2021-04-11\n---\n")
	_, ps := Load(root, nil)
	if len(ps) != 1 || !strings.Contains(ps[0].Error(), `news/2021/04/10-x.md: story ID "2021-04-10-x" is also `) ||
		!strings.HasSuffix(ps[0].Error(), `/events/2021-04-10-x.md's: rename one of the two files`) {
		t.Fatalf("problems:\n%v", ps)
	}
}

// TestCreateNewsStoryIDTaken: a fetched item titled "10 X" in April 2021
// would have the story ID of events/2021-04-10-x.md, and every build
// after would fail; it takes its second name instead, or none.
func TestCreateNewsStoryIDTaken(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	write(t, filepath.Join(root, "events/2021-04-10-x.md"), "---\ntitle: Fine\nkind: fine\n---\n")
	e := &Entry{Title: "10 X", Date: time.Date(2021, 4, 12, 0, 0, 0, 0, time.UTC), Feed: "f", ID: "abcdef123", URL: "https://example.com/x"}
	rel, err := CreateNews(root, e, "Body.")
	if err != nil || rel != "news/2021/04/10-x-abcdef.md" {
		t.Fatalf("CreateNews = %q, %v; want the second name", rel, err)
	}
	if _, ps := Load(root, nil); len(ps) > 0 {
		t.Fatalf("problems:\n%v", ps)
	}
	e.ID = "abc" // no second name
	if rel, err := CreateNews(root, e, "Body."); !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), "events/2021-04-10-x.md") {
		t.Fatalf("CreateNews = %q, %v; want the event named as taking the ID", rel, err)
	}
	// And the other way: an event whose ID a news file has.
	err = Create(root, "events/2021-04-10-x-abcdef.md", []byte("---\ntitle: Fine\nkind: fine\n---\n"))
	if twin := (*StoryTakenError)(nil); !errors.As(err, &twin) || twin.Twin != "news/2021/04/10-x-abcdef.md" {
		t.Fatalf("Create(event) = %v; want the news file named as taking the ID", err)
	}
}

func TestStoryTwin(t *testing.T) {
	for rel, want := range map[string]string{
		"news/2021/04/10-x.md":   "events/2021-04-10-x.md",
		"events/2021-04-10-x.md": "news/2021/04/10-x.md",
		"events/2021-04-x.md":    "news/2021/04/x.md",
		"events/fine.md":         "",
		"events/a/2021-04-x.md":  "",
		"pages/about.md":         "",
		"cases/x.md":             "",
		"news/2021/04/x.txt":     "",
	} {
		if got := storyTwin(rel); got != want {
			t.Errorf("storyTwin(%q) = %q, want %q", rel, got, want)
		}
	}
}
