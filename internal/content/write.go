package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"docket/internal/projfile"
)

// Render returns the bytes of a content file: front matter, then body.
// Every string reads back through Parse as itself (see marshalString).
func Render(e *Entry, body string) ([]byte, error) {
	fm, err := yaml.MarshalWithOptions(e, yaml.UseLiteralStyleIfMultiline(true), yaml.CustomMarshaler(marshalString))
	if err != nil {
		return nil, fmt.Errorf("content: front matter: %w", err)
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n")
	if body != "" {
		b.WriteString("\n")
		b.WriteString(body)
		if body[len(body)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes(), nil
}

// Create writes a new file at rel (slash-separated, relative to root)
// atomically and only if no file is there: an existing file, an editor's
// above all, is never overwritten (the error wraps fs.ErrExist). A news
// item or event whose story ID another file has is refused the same way
// (a *StoryTakenError): the two would stop every build (checkStories).
// rel must stay inside root.
func Create(root, rel string, data []byte) error {
	name := filepath.FromSlash(rel)
	if !filepath.IsLocal(name) {
		return fmt.Errorf("content: %q is outside the content folder", rel)
	}
	if err := noLinks(root, filepath.Dir(name)); err != nil {
		return fmt.Errorf("content: %s: %w", rel, err)
	}
	if twin := storyTwin(rel); twin != "" {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(twin))); err == nil {
			return &StoryTakenError{Rel: rel, Twin: twin}
		}
	}
	dst := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("content: %w", err)
	}
	if err := projfile.Create(dst, data); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("content: %s: %w", rel, fs.ErrExist)
		}
		return fmt.Errorf("content: write %s: %w", rel, err)
	}
	return nil
}

// StoryTakenError is Create's refusal of a file whose story ID the file
// Twin has; it wraps fs.ErrExist.
type StoryTakenError struct{ Rel, Twin string }

func (e *StoryTakenError) Error() string {
	return fmt.Sprintf("content: %s would have the story ID of %s", e.Rel, e.Twin)
}

func (e *StoryTakenError) Unwrap() error { return fs.ErrExist }

// storyTwin is the file that would have the story ID of the news or
// event file at rel: news/2021/04/10-x.md and events/2021-04-10-x.md; ""
// for other files. It knows the news layout fetch writes; a news file an
// editor put elsewhere (news/2021/04-10-x.md) is left to the load's
// check, which names both files.
func storyTwin(rel string) string {
	name, ok := strings.CutSuffix(rel, ".md")
	if !ok {
		return ""
	}
	if r, ok := strings.CutPrefix(name, "news/"); ok {
		return "events/" + strings.ReplaceAll(r, "/", "-") + ".md"
	}
	id, ok := strings.CutPrefix(name, "events/")
	if !ok || len(id) < 9 || id[4] != '-' || id[7] != '-' || strings.Contains(id, "/") {
		return ""
	}
	return "news/" + id[:4] + "/" + id[5:7] + "/" + id[8:] + ".md"
}

// noLinks refuses to write under a link in root's folder dir (relative
// to root): the link may lead out of the content folder, and the loader,
// which follows none, would not see the file, so the next fetch would
// take the item for one an editor deleted. docket check says so too.
func noLinks(root, dir string) error {
	p := filepath.Clean(root) // "content/" would stat what it links to
	if fi, err := os.Lstat(p); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a link or a file, not a folder: nothing is written through it", p)
	}
	for part := range strings.SplitSeq(dir, string(filepath.Separator)) {
		if part == "." {
			continue
		}
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // the rest is made below it
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is a link or a file, not a folder: nothing is written through it", p)
		}
	}
	return nil
}

// CreateNews writes a news item under news/YYYY/MM/slug.md and returns
// that path; when the slug is taken by another item it retries once with
// a short hash of the item's ID.
func CreateNews(root string, e *Entry, body string) (string, error) {
	return CreateNewsAt(root, e, body, NewsNames(e)...)
}

// NewsNames is where CreateNews tries to write e: its slug, then the slug
// with a short hash of its ID (when the ID has one).
func NewsNames(e *Entry) []string {
	slug := Slug(e.Title)
	names := []string{NewsPath(e.Date, slug)}
	if len(e.ID) >= 6 {
		names = append(names, NewsPath(e.Date, slug+"-"+e.ID[:6]))
	}
	return names
}

// CreateNewsAt writes e at the first of names that no file has and
// returns it.
func CreateNewsAt(root string, e *Entry, body string, names ...string) (string, error) {
	data, err := Render(e, body)
	if err != nil {
		return "", err
	}
	for i, rel := range names {
		err = Create(root, rel, data)
		if !errors.Is(err, fs.ErrExist) || i == len(names)-1 {
			return rel, err
		}
	}
	return "", errors.New("content: no name to write the item at")
}

// IsTemp reports whether a file name is one of the temporary files a
// write makes (see projfile), which a killed run may leave behind.
func IsTemp(name string) bool { return projfile.IsTemp(name) }

// RemoveTemp deletes the temporary files that killed runs left under dir.
// The caller must hold the project lock, so that no running command's
// file is among them.
func RemoveTemp(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return filepath.SkipAll
		}
		if err != nil {
			return err
		}
		if !d.IsDir() && IsTemp(d.Name()) {
			return os.Remove(p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: remove temporary files: %w", err)
	}
	return nil
}

// marshalString writes s the way go-yaml would when that reads back as s,
// and double-quoted otherwise. go-yaml leaves some values plain that a
// reader takes for something else ("? x" is a mapping key, ".inf" a
// float), and the item would then break the next build.
func marshalString(s string) ([]byte, error) {
	opt := yaml.UseLiteralStyleIfMultiline(true)
	plain, err := yaml.MarshalWithOptions(s, opt)
	// Checked alone, as go-yaml reads what we return, and as the value of
	// a key followed by another: a block scalar reads differently at the
	// end of a document.
	inMap, err2 := yaml.MarshalWithOptions(yaml.MapSlice{{Key: "k", Value: s}, {Key: "z", Value: 0}}, opt)
	// go-yaml drops a kept final line break ("|+") when it embeds the
	// block, so such values are quoted too.
	keep := strings.HasSuffix(s, "\n")
	if err == nil && err2 == nil && !keep && readsBack(plain, s, false) && readsBack(inMap, s, true) {
		return plain, nil
	}
	// YAML's double-quoted escapes are a superset of Go's (\x, \u, \U).
	return []byte(strconv.Quote(s)), nil
}

// readsBack reports whether the YAML document b (with inMap, its first
// mapping value) decodes to s the way parseFrontMatter decodes a string.
func readsBack(b []byte, s string, inMap bool) bool {
	f, err := parser.ParseBytes(b, 0)
	if err != nil || len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return false
	}
	n := f.Docs[0].Body
	if inMap {
		m, ok := n.(*ast.MappingNode)
		if !ok || len(m.Values) != 2 {
			return false
		}
		n = m.Values[0].Value
	}
	// A number as go-yaml reads it, which other readers do too: 1.10,
	// which parseFrontMatter reads as written, is 1.1 to them and quoted.
	if str, ok := n.(*ast.StringNode); ok {
		return str.Value == s
	}
	var got string
	return decodeValue(reflect.ValueOf(&got).Elem(), n) == nil && got == s
}
