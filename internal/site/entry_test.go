package site

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template"
	"unsafe"

	"docket/internal/content"
	"docket/internal/golden"
)

// TestEntrySize: a build keeps an entry an item for the whole render;
// past 352 bytes it takes a larger size class. Values few entries have
// go behind a pointer (rarePart), rarely read ones behind Item.Doc.
func TestEntrySize(t *testing.T) {
	if n := unsafe.Sizeof(entry{}); n > 352 {
		t.Errorf("entry is %d bytes, more than 352: keep a rarely read field behind Item.Doc or rarePart", n)
	}
}

// loadLean loads root as Build does: its items let their documents go.
func loadLean(t testing.TB, root string) *Site {
	t.Helper()
	s, err := Load(Options{Root: root, oneShot: true, published: true, leanFrom: 1})
	if err != nil {
		t.Fatal(err)
	}
	s.dropPreview()
	s.storiesPlaced()
	return s
}

// reach evaluates the template expression expr on data, giving the
// value it reaches.
func reach(t *testing.T, expr string, data any) (any, error) {
	t.Helper()
	var got any
	tm := template.Must(template.New("").Funcs(template.FuncMap{"keep": func(v any) string { got = v; return "" }}).Parse("{{keep " + expr + "}}"))
	err := tm.Execute(&bytes.Buffer{}, data)
	return got, err
}

// docFieldNames are the exported fields of content.Doc and, promoted,
// of content.Entry, as a template could name them on an Item that held
// its document.
func docFieldNames() (doc, entry []string) {
	for _, f := range reflect.VisibleFields(reflect.TypeFor[content.Doc]()) {
		switch {
		case !f.IsExported():
		case len(f.Index) == 1:
			doc = append(doc, f.Name)
		default:
			entry = append(entry, f.Name)
		}
	}
	return doc, entry
}

// shadowed are the document's field names that Item's own fields and
// methods took before items kept only part of their documents.
var shadowed = []string{"URL", "Case", "Related", "Story"}

// Every field and method a template reaches on an item, by the old
// paths (.Author, .Doc.Entry.Author, .Doc.Path), gives what the loaded
// document has, whether the item keeps its document (the preview) or
// reads it back (a build); Item's own members named as document fields
// give the same on both.
func TestItemReachesEveryField(t *testing.T) {
	root := project(t)
	withAuthors(t, root)
	full, lean := mustLoad(t, root), loadLean(t, root)
	byRel := map[string]*Item{}
	for _, it := range slices.Concat(full.b.m.items, full.b.m.pages) {
		byRel[it.Rel] = it
	}
	leanItems := slices.Concat(lean.b.m.items, lean.b.m.pages)
	if leanItems[0].full != nil {
		t.Fatal("a build's item keeps its document: the test compares nothing lean")
	}
	docNames, entryNames := docFieldNames()
	if len(docNames) < 5 || len(entryNames) < 30 {
		t.Fatalf("found %d document and %d front-matter fields: the walk is broken", len(docNames), len(entryNames))
	}
	for _, li := range leanItems {
		fi := byRel[li.Rel]
		if fi == nil {
			t.Fatalf("%s: not in the preview's model", li.Rel)
		}
		d := fi.full
		check := func(expr string, want any, items ...*Item) {
			t.Helper()
			for _, it := range items {
				got, err := reach(t, expr, it)
				if err != nil {
					t.Errorf("%s: %s: %v", li.Rel, expr, err)
				} else if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: %s = %#v (kept %v), want %#v", li.Rel, expr, got, it.full != nil, want)
				}
			}
		}
		for _, name := range slices.Concat(docNames, entryNames) {
			want := reflect.ValueOf(d).Elem().FieldByName(name).Interface()
			if !slices.Contains(shadowed, name) {
				check("."+name, want, li, fi)
			} else {
				own := map[string]any{"URL": li.URL, "Case": li.Case, "Related": li.Related(), "Story": li.Story()}[name]
				check("."+name, own, li)
			}
			if slices.Contains(entryNames, name) {
				check(".Doc.Entry."+name, want, li, fi)
			} else {
				check(".Doc."+name, want, li, fi)
			}
		}
		text, err := d.Text()
		if err != nil {
			t.Fatal(err)
		}
		published := d.Published(false)
		for expr, want := range map[string]any{".Permalink": d.Permalink(), ".Text": text, ".StoryID": d.StoryID(), ".StoryLine": d.StoryLine(), "(.Published false)": published} {
			check(expr, want, li, fi)
		}
	}
}

// editorsEntry is an entry template an editor might write: it reads
// the entry's story through the item (Leads and PlainCard compare the
// item with its story's), and other entries' fields that items no
// longer keep (author, image, matched) through related, cited-by and
// story items.
const editorsEntry = `{{define "main"}}{{$it := .Item}}
LEADS[{{with $it.Leads}}{{.ID}} {{.N}}{{end}}]
PLAIN[{{with $it.PlainCard}}yes{{end}}]
AUTHOR[{{$it.Author}} {{$it.Image}} {{$it.Doc.Entry.GUID}}]
{{range $it.Related}}RELATED[{{.Title}} {{.Author}} {{.Image}} {{len .Matched}} {{.Doc.Entry.Author}}]
{{end}}{{range $it.CitedBy}}CITEDBY[{{.Title}} {{.Author}} {{.Image}}]
{{end}}{{with $it.Story}}{{range .Items}}STORY[{{.Title}} {{.Author}} {{.Image}}]
{{end}}{{end}}{{end}}`

// An editor's entry template renders the same in a build, whose items
// read their documents back, and in the preview, whose items keep
// them: the same item (never a copy) and other entries' every field.
func TestEditorsTemplateBuildAsPreview(t *testing.T) {
	root := project(t)
	withAuthors(t, root)
	// The fixture's entry template becomes an editor's.
	entryTmpl := filepath.Join(root, "templates", "entry.html")
	if err := os.WriteFile(entryTmpl, []byte(editorsEntry), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Out: out, leanFrom: 1}); err != nil {
		t.Fatal(err)
	}
	s := mustLoad(t, root)
	marks := map[string]int{}
	mark := regexp.MustCompile(`(AUTHOR|RELATED|STORY)\[[^\]]*Writer of|(LEADS|CITEDBY)\[\S|(PLAIN)\[yes`)
	for _, it := range s.b.m.items {
		want, err := s.Get(it.URL)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(it.URL), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the build's page differs from the preview's:\n%s\nwant\n%s", it.URL, got, want)
		}
		for _, m := range mark.FindAllSubmatch(got, -1) {
			for _, g := range m[1:] {
				if len(g) > 0 {
					marks[string(g)]++
				}
			}
		}
	}
	// What the template shows must be there, or the comparison shows
	// nothing of other entries' fields or of stories.
	for _, k := range []string{"AUTHOR", "LEADS", "PLAIN", "RELATED", "CITEDBY", "STORY"} {
		if marks[k] == 0 {
			t.Errorf("no page shows %s with its value (%v): the fixture no longer tests it", k, marks)
		}
	}
}

// A document read back that is gone, changed since the load, or no
// longer parses fails the page with the file named: never zero values.
func TestReadBackErrors(t *testing.T) {
	for name, change := range map[string]func(p string) error{
		"gone":    os.Remove,
		"changed": func(p string) error { return appendFile(p, "\nA new paragraph.\n") },
		"broken":  func(p string) error { return os.WriteFile(p, []byte("---\ntitle: [unclosed\n---\n"), 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			root := project(t)
			s := loadLean(t, root)
			var it *Item
			for _, x := range s.b.m.items {
				if x.Kind == content.News {
					it = x
					break
				}
			}
			file := filepath.Join(root, "content", filepath.FromSlash(it.Rel)+".md")
			if err := change(file); err != nil {
				t.Fatal(err)
			}
			_, err := s.b.entryPage(it)
			if err == nil || !strings.Contains(err.Error(), filepath.ToSlash(file)) {
				t.Errorf("entry page of a file %s after the load: error %v, want one naming %s", name, err, file)
			}
			if _, err := reach(t, ".Author", it); err == nil {
				t.Errorf("template reading .Author of a file %s: no error", name)
			}
		})
	}
}

// withAuthors gives every news item of the project at root an author,
// an image and a GUID, which items do not keep.
func withAuthors(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(root, "content", "news"), func(p string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		slug := strings.TrimSuffix(filepath.Base(p), ".md")
		head := "---\nauthor: Writer of " + slug + "\nimage: https://img.example/" + slug + ".png\nguid: urn:" + slug + "\n"
		return os.WriteFile(p, bytes.Replace(data, []byte("---\n"), []byte(head), 1), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func appendFile(p, s string) error {
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// A build with lean items writes the same site as one with whole
// documents: only archives of leanFrom entries and more are lean, so the
// usual builds of tests would not show a difference otherwise.
func TestLeanBuildMatchesFull(t *testing.T) {
	root := project(t)
	trees := map[int]map[string]string{}
	for _, from := range []int{1, 1 << 30} {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Root: root, Out: out, leanFrom: from}); err != nil {
			t.Fatal(err)
		}
		trees[from] = golden.ReadTree(t, out)
		delete(trees[from], "build.json")
	}
	lean, full := trees[1], trees[1<<30]
	if len(lean) != len(full) || len(lean) < 20 {
		t.Fatalf("lean build wrote %d files, full %d", len(lean), len(full))
	}
	for name, f := range full {
		if lean[name] != f {
			t.Errorf("%s: lean build differs:\n%s", name, firstDiff(lean[name], f))
		}
	}
}

// TestLeanListsShared: a lean entry's lists of term IDs are the same as
// its document's, clipped, and one copy for all entries with the same
// list; its Extracted is one of two shared values, as the document's.
func TestLeanListsShared(t *testing.T) {
	s := loadLean(t, project(t))
	first := map[string]*string{} // a list's first element, by the list
	shared := 0
	for _, it := range s.b.m.items {
		d, err := it.Doc()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range [][2][]string{{it.Topics, d.Topics}, {it.Entities, d.Entities}, {it.Jurisdictions, d.Jurisdictions}, {it.Authorities, d.Authorities}} {
			got, want := l[0], l[1]
			if !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Errorf("%s: list %q, the document's %q", it.Rel, got, want)
			}
			if len(got) == 0 {
				continue
			}
			if cap(got) != len(got) {
				t.Errorf("%s: list %q is not clipped", it.Rel, got)
			}
			k := strings.Join(got, "\x00")
			if p, ok := first[k]; !ok {
				first[k] = &got[0]
			} else if p != &got[0] {
				t.Errorf("%s: list %q is a copy of its own", it.Rel, got)
			} else {
				shared++
			}
		}
		if (it.Extracted == nil) != (d.Extracted == nil) || it.Extracted != nil && (*it.Extracted != *d.Extracted || it.Extracted != &extractedTrue && it.Extracted != &extractedFalse) {
			t.Errorf("%s: Extracted %v, the document's %v", it.Rel, it.Extracted, d.Extracted)
		}
	}
	if shared == 0 {
		t.Error("no two entries share a list: the fixture shows nothing")
	}
}
