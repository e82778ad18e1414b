package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzRenderRoundTrip: every string fetch writes into front matter reads
// back, through Parse, as itself. Seeds are values a YAML fuzzer found
// written unquoted (issue #12).
func FuzzRenderRoundTrip(f *testing.F) {
	for _, s := range []string{
		"? question", ".inf", "-.inf", ".nan", ".NaN", "~", "null", "yes", "no", "on", "0x1f", "1e3", "0o17",
		"- item", "key: value", "a #b", "&anchor", "*alias", "!tag", "%dir", "@x", "`x", "|", ">", "---", "...",
		"  lead", "trail ", "line\nbreak", "\ttab", "2021-09-28", "12:30", "'q'", "\"q\"", "[x]", "{x}", "x\r\ny",
		"\u0085", "\u2028", "\ufeffbom", "\x7f", "a\x00b", "\n\nx\n\n", "plain title",
	} {
		f.Add(s, "Summary.", "Reuters", "guid-1", "Ann Author")
		f.Add("Title", s, s, s, s)
	}
	f.Fuzz(func(t *testing.T, title, summary, source, guid, author string) {
		for _, s := range []string{title, summary, source, guid, author} {
			if !utf8.ValidString(s) {
				t.Skip("fetch writes valid UTF-8 only")
			}
		}
		if strings.TrimSpace(title) == "" {
			title = "t" // an empty title is refused; fetch always gives one
		}
		e := &Entry{Title: title, Date: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), Summary: summary,
			Source: source, GUID: guid, Author: author, URL: "https://example.com/a"}
		data, err := Render(e, "Body.")
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		d, ps := Parse("p", "news/2026/11/x", data, nil)
		if d == nil || len(ps) > 0 {
			t.Fatalf("does not parse back: %v\n%s", ps, data)
		}
		got := [5]string{d.Title, d.Summary, d.Source, d.GUID, d.Author}
		want := [5]string{title, summary, source, guid, author}
		if got != want {
			t.Fatalf("round trip changed values:\n got %q\nwant %q\n%s", got, want, data)
		}
	})
}

// TestCreateTempFiles: Create's temporary files are dot files that do not
// end in .md, RemoveTemp deletes those a killed run left (older ".tmp-*"
// ones too) and nothing else.
func TestCreateTempFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "news", "2026", "11")
	f, err := createTemp(filepath.Join(dir, "a.md"))
	if err == nil {
		t.Fatal("createTemp in a missing folder succeeded")
	}
	if err := Create(root, "news/2026/11/a.md", []byte("x")); err != nil {
		t.Fatal(err)
	}
	f, err = createTemp(filepath.Join(dir, "b.md"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	name := filepath.Base(f.Name())
	if !strings.HasPrefix(name, ".b.md.tmp-") || strings.HasSuffix(name, ".md") || !IsTemp(name) {
		t.Errorf("temporary name %q", name)
	}
	os.WriteFile(filepath.Join(dir, ".tmp-123"), nil, 0o600)
	if err := RemoveTemp(filepath.Join(root, "news")); err != nil {
		t.Fatal(err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 || left[0].Name() != "a.md" {
		t.Errorf("left after RemoveTemp: %v", left)
	}
	if err := RemoveTemp(filepath.Join(root, "missing")); err != nil {
		t.Errorf("missing folder: %v", err)
	}
}
