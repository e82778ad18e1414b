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
// and feed and GUID, so that no item is written twice, whichever feed
// brings it.
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

// ref is what identifies an item: in a file's front matter or a feed.
type ref struct{ feed, id, url, guid string }

func fileKeys(path, rel string, data []byte) ref {
	if doc, _ := content.Parse(path, rel, data, nil); doc != nil {
		return ref{doc.Feed, doc.ID, doc.URL, doc.GUID}
	}
	var r ref
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch {
		case !ok:
		case k == "feed":
			r.feed = v
		case k == "id":
			r.id = v
		case k == "url":
			r.url = v
		case k == "guid":
			r.guid = v
		}
	}
	return r
}

func itemRef(feedID string, it *feed.Item) ref { return ref{feedID, it.ID, it.URL, it.GUID} }

// keys are the index keys of r. A URL names one story whichever feed
// brings it; a GUID is unique only within its feed (two feeds both using
// "1" are two stories), and so is an ID made from a GUID, for an item
// without a URL.
func (r ref) keys() []string {
	var keys []string
	u := feed.CanonicalURL(r.url, "")
	switch {
	case r.id != "" && u != "":
		keys = append(keys, "id:"+r.id)
	case r.id != "":
		keys = append(keys, "id:"+r.feed+"\x00"+r.id)
	}
	if u != "" {
		keys = append(keys, "url:"+u)
	}
	if r.guid != "" {
		keys = append(keys, "guid:"+r.feed+"\x00"+r.guid)
	}
	return keys
}

func (ix *index) add(r ref) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range r.keys() {
		ix.keys[k] = true
	}
}

// has reports whether any key of the item is known.
func (ix *index) has(r ref) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.hasLocked(r.keys())
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
func (ix *index) claim(r ref) bool {
	keys := r.keys()
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

func (ix *index) release(r ref) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range r.keys() {
		delete(ix.keys, k)
	}
}
