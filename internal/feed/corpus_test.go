package feed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docket/internal/text"
)

// corpusDir returns $DOCKET_CORPUS/sub or skips the test.
func corpusDir(t testing.TB, sub string) string {
	root := os.Getenv("DOCKET_CORPUS")
	if root == "" {
		t.Skip("DOCKET_CORPUS not set")
	}
	return filepath.Join(root, sub)
}

func TestCorpusChinese(t *testing.T) {
	dir := corpusDir(t, "feeds/chinese")
	data, err := os.ReadFile(filepath.Join(dir, "news.qq.com-china_index-20180918-gb2312.xml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(data, Options{URL: "http://news.qq.com/newsgn/rss_newsgn.xml", ContentType: "text/xml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) == 0 || f.Charset != "gbk" {
		t.Fatalf("items %d charset %s", len(f.Items), f.Charset)
	}
	for _, it := range f.Items {
		if strings.ContainsRune(it.Title, '\uFFFD') || it.DateMissing {
			t.Errorf("bad item %q %v", it.Title, it.Published)
		}
		if _, off := it.Published.Zone(); off != 8*3600 {
			t.Errorf("%q: date %v not in +08:00", it.Title, it.Published)
		}
	}
	t.Logf("%s: %d items, first %q at %s", f.Title, len(f.Items), f.Items[0].Title, f.Items[0].Published.Format(time.RFC3339))
}

// TestCorpusChardet parses the shared undeclared legacy-encoding feeds
// (text's TestDecodeChardet names their charsets): the feed reads the
// charset text.Decode decides, and no title is garbled.
func TestCorpusChardet(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir(t, "feeds/illformed/chardet"), "*.xml"))
	if err != nil || len(files) < 8 {
		t.Fatalf("files %d (%v)", len(files), err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(data, Options{URL: "https://example.org/feed"})
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := text.Charset(data, "", ""); f.Charset != want || strings.ContainsRune(f.Title, '\uFFFD') {
			t.Errorf("%s: charset %s title %q, want %s", filepath.Base(file), f.Charset, f.Title, want)
		}
	}
}
