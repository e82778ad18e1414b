package fetch

import (
	"bufio"
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"docket/internal/sources"
)

// TestCorpusFeeds serves every file under $DOCKET_CORPUS/feeds from a local
// server, with the HTTP headers the encoding cases ask for, and fetches
// them all: no panic, and each feed either yields items or a clear error.
func TestCorpusFeeds(t *testing.T) {
	root := os.Getenv("DOCKET_CORPUS")
	if root == "" {
		t.Skip("DOCKET_CORPUS not set")
	}
	dir := filepath.Join(root, "feeds")
	files := corpusFiles(t, dir)
	srv := httptest.NewServer(corpusHandler(dir))
	defer srv.Close()

	srcs := &sources.Sources{}
	for i, rel := range files {
		srcs.Feeds = append(srcs.Feeds, sources.Source{
			ID: idFor(i, rel), URL: srv.URL + "/" + rel, Title: rel, Kind: sources.KindPress,
			Select: sources.SelectAll, Extract: sources.ExtractSummary, MinInterval: time.Hour, BackfillDays: 30,
		})
	}
	content := t.TempDir()
	sum := runOnce(t, Options{ContentDir: content, Sources: srcs, State: &sources.State{Feeds: map[string]*sources.FeedState{}}})

	var ok, empty, failed, written int
	for i, r := range sum.Feeds {
		switch {
		case r.Status == StatusFailed && r.Error == "":
			t.Errorf("%s failed without an error", files[i])
		case r.Status == StatusFailed:
			failed++
			t.Logf("failed %-60s %s", srcs.Feeds[i].Title, r.Error)
		case r.New+r.Seen == 0:
			empty++
		default:
			ok++
		}
		written += r.Written
	}
	t.Logf("%d files: %d with items, %d parsed without items, %d failed; %d items written", len(files), ok, empty, failed, written)

	checkDecoded(t, content, map[string]string{
		"news.qq.com": "习近平",               // GB2312 without an HTTP charset
		"example.pl":  "ZAŻÓŁĆ GĘSLĄ JAŹŃ", // ISO-8859-2
	})
}

func corpusFiles(t *testing.T, dir string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "LICENSE") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// idFor makes a feed ID that sorts like the file list.
func idFor(i int, rel string) string {
	return strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(rel), "-"), "-")
}

var headerLine = regexp.MustCompile(`(?m)^Header:\s*([A-Za-z-]+):\s*(.*?)\s*$`)

// corpusHandler serves the files raw, with the headers named in their
// "Header:" comment lines and no Content-Type otherwise (Go would sniff
// one and claim UTF-8).
func corpusHandler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header()["Content-Type"] = nil
		head := data[:min(len(data), 2048)]
		for _, m := range headerLine.FindAllSubmatch(head, -1) {
			w.Header().Set(string(m[1]), string(m[2]))
		}
		w.Write(data)
	})
}

// checkDecoded finds, for each source marker (a string in the item URL or
// feed), a written file that contains the expected text and no U+FFFD.
func checkDecoded(t *testing.T, root string, want map[string]string) {
	found := map[string]bool{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for marker, text := range want {
			if bytes.Contains(data, []byte(marker)) && bytes.Contains(data, []byte(text)) {
				found[marker] = true
				if bytes.ContainsRune(data, '\uFFFD') {
					t.Errorf("%s: replacement characters:\n%s", p, firstLines(data, 12))
				}
			}
		}
		return nil
	})
	for marker, text := range want {
		if !found[marker] {
			t.Errorf("no item from %s containing %q", marker, text)
		}
	}
}

func firstLines(b []byte, n int) string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() && len(out) < n {
		out = append(out, sc.Text())
	}
	return strings.Join(out, "\n")
}
