package fetch

import (
	"fmt"
	"sync"

	"docket/internal/content"
	"docket/internal/feed"
	"docket/internal/sources"
)

// index knows every news item already in content/, by ID, canonical URL
// and feed and GUID, so that no item is written twice, whichever feed
// brings it, and every item in feeds/removed.yaml, so that none is written
// again.
// It is safe for concurrent use; claim reserves keys atomically, so the
// same story arriving from two feeds at once is written once.
type index struct {
	mu      sync.Mutex
	keys    map[string]bool
	removed map[string]bool            // keys of the tombstones
	written map[string]sources.ItemRef // fetched items in content/ and written this run, by feed and ID
}

// loadIndex scans root/news. A file whose front matter does not parse
// still contributes the id:, url: and guid: lines it has, because an
// editor's typo must not make docket write the item again.
func loadIndex(root string) (*index, error) {
	ix := &index{keys: map[string]bool{}, removed: map[string]bool{}, written: map[string]sources.ItemRef{}}
	err := content.EachNewsFile(root, func(_ string, n content.NewsRef) {
		r := sources.ItemRef(n)
		ix.add(r)
		ix.wrote(r)
	})
	if err != nil {
		return nil, fmt.Errorf("fetch: content index: %w", err)
	}
	return ix, nil
}

func itemRef(feedID string, it *feed.Item) sources.ItemRef {
	return sources.ItemRef{Feed: feedID, ID: it.ID, URL: it.URL, GUID: it.GUID, Title: it.Title}
}

func (ix *index) add(r sources.ItemRef) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range r.Keys() {
		ix.keys[k] = true
	}
}

// has reports whether any key of the item is known.
func (ix *index) has(r sources.ItemRef) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return anyIn(ix.keys, r.Keys())
}

func anyIn(set map[string]bool, keys []string) bool {
	for _, k := range keys {
		if set[k] {
			return true
		}
	}
	return false
}

// claim reserves the item's keys and reports whether it was new. A claimed
// item that then fails to be written is released with release.
func (ix *index) claim(r sources.ItemRef) bool {
	keys := r.Keys()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if anyIn(ix.keys, keys) {
		return false
	}
	for _, k := range keys {
		ix.keys[k] = true
	}
	return true
}

func (ix *index) release(r sources.ItemRef) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range r.Keys() {
		delete(ix.keys, k)
	}
}

// wrote records a fetched item as in content/ (an editor's entry, without
// a feed, is not fetch's to remember).
func (ix *index) wrote(r sources.ItemRef) {
	if r.Feed == "" || r.ID == "" {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.written[r.Feed+"\x00"+r.ID] = r
}

// isRemoved reports whether a tombstone matches the item.
func (ix *index) isRemoved(r sources.ItemRef) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return anyIn(ix.removed, r.Keys())
}

// bury turns what the last run remembers writing but content/ no longer
// holds into tombstones, and makes every tombstone block its item. It is
// called once, before any feed uses the index.
func (ix *index) bury(last []sources.ItemRef, rm *sources.Removed, today string) {
	block := func(r sources.ItemRef) {
		for _, k := range r.Keys() {
			ix.removed[k] = true
		}
	}
	for _, t := range rm.Items {
		block(t.ItemRef)
	}
	for _, r := range last {
		if ix.has(r) || ix.isRemoved(r) {
			continue
		}
		rm.Add(sources.Tombstone{Removed: today, ItemRef: r})
		block(r)
	}
}

// ledger is the fetched items now in content/, for the state.
func (ix *index) ledger() []sources.ItemRef {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]sources.ItemRef, 0, len(ix.written))
	for _, r := range ix.written {
		out = append(out, r)
	}
	return out
}
