package fetch

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"docket/internal/content"
	"docket/internal/feed"
)

// index knows every news item already in content/, by ID, canonical URL
// and GUID, so that no item is written twice, whichever feed brings it.
// It is safe for concurrent use; claim reserves keys atomically, so the
// same story arriving from two feeds at once is written once.
type index struct {
	mu   sync.Mutex
	keys map[string]bool
}

// loadIndex scans root/news. A file whose front matter does not parse
// still contributes the id:, url: and guid: lines it has, because an
// editor's typo must not make docket write the item again.
func loadIndex(root string) (*index, error) {
	ix := &index{keys: map[string]bool{}}
	news := filepath.Join(root, "news")
	err := filepath.WalkDir(news, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == news {
			return filepath.SkipAll
		}
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		ix.add(fileKeys(p, strings.TrimSuffix(filepath.ToSlash(rel), ".md"), data))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("fetch: content index: %w", err)
	}
	return ix, nil
}

func fileKeys(path, rel string, data []byte) (id, url, guid string) {
	if doc, _ := content.Parse(path, rel, data, nil); doc != nil {
		return doc.ID, doc.URL, doc.GUID
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch {
		case !ok:
		case k == "id":
			id = v
		case k == "url":
			url = v
		case k == "guid":
			guid = v
		}
	}
	return id, url, guid
}

func keysOf(id, url, guid string) []string {
	var keys []string
	if id != "" {
		keys = append(keys, "id:"+id)
	}
	if u := feed.CanonicalURL(url, ""); u != "" {
		keys = append(keys, "url:"+u)
	}
	if guid != "" {
		keys = append(keys, "guid:"+guid)
	}
	return keys
}

func (ix *index) add(id, url, guid string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range keysOf(id, url, guid) {
		ix.keys[k] = true
	}
}

// has reports whether any key of the item is known.
func (ix *index) has(it *feed.Item) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.hasLocked(keysOf(it.ID, it.URL, it.GUID))
}

func (ix *index) hasLocked(keys []string) bool {
	for _, k := range keys {
		if ix.keys[k] {
			return true
		}
	}
	return false
}

// claim reserves the item's keys and reports whether it was new. A claimed
// item that then fails to be written is released with release.
func (ix *index) claim(it *feed.Item) bool {
	keys := keysOf(it.ID, it.URL, it.GUID)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.hasLocked(keys) {
		return false
	}
	for _, k := range keys {
		ix.keys[k] = true
	}
	return true
}

func (ix *index) release(it *feed.Item) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range keysOf(it.ID, it.URL, it.GUID) {
		delete(ix.keys, k)
	}
}
