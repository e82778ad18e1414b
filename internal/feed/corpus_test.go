package feed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestCorpusChardet parses the shared undeclared legacy-encoding feeds:
// the charset is the one text.Decode detects, and no title is garbled.
func TestCorpusChardet(t *testing.T) {
	dir := corpusDir(t, "feeds/illformed/chardet")
	for file, want := range map[string]string{
		"big5.xml": "big5", "gb2312.xml": "gb18030", "shiftjis.xml": "shift_jis",
		"eucjp.xml": "euc-jp", "euckr.xml": "euc-kr", "koi8r.xml": "koi8-r",
		"tis620.xml": "windows-874", "windows1255.xml": "windows-1255",
	} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(data, Options{URL: "https://example.org/feed"})
			if err != nil {
				t.Fatal(err)
			}
			if f.Charset != want || strings.ContainsRune(f.Title, '\uFFFD') {
				t.Errorf("charset %s title %q, want %s", f.Charset, f.Title, want)
			}
		})
	}
}
