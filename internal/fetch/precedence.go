package fetch

import (
	"context"
	"sync"
	"time"

	"docket/internal/content"
	"docket/internal/sources"
)

// precedence makes the feed that writes an item several feeds of a run
// bring the same whatever the timing: the first of them in feeds.yaml
// whose selection keeps it. Each feed announces the keys of the items it
// keeps once it has classified them, before it writes any, and writes an
// item only when no feed before it announced one of its keys, waiting
// for those feeds to announce. Feeds fetch, classify and extract at once
// all the same; a feed waits only for the feeds before it to be parsed.
// The same goes for a file name two items of one title and month would
// take (nameKey): the later feed's item takes its second name.
//
// A feed waits for one before it only until that feed's request has been
// under way for precedenceWait without the feed being parsed (time queued
// behind other feeds of its host does not count): a feed whose server
// hangs must not hold up every feed after it, nor, under a run's
// deadline, leave them nothing written run after run. A feed that slow
// loses its precedence: what a later feed writes first, the index and the
// files it made tell it (its item is seen, or takes its second name), as
// for any feed that answers late.
type precedence struct {
	once  []sync.Once
	done  []chan struct{}
	kept  []map[string]bool
	begun []sync.Once
	late  []chan struct{} // closed precedenceWait after the feed's request began
}

// precedenceWait is how long a feed's request may take before the feeds
// after it stop waiting for it; a variable for tests.
var precedenceWait = 10 * time.Second

func newPrecedence(feeds int) *precedence {
	p := &precedence{once: make([]sync.Once, feeds), done: make([]chan struct{}, feeds),
		kept: make([]map[string]bool, feeds), begun: make([]sync.Once, feeds), late: make([]chan struct{}, feeds)}
	for i := range p.done {
		p.done[i] = make(chan struct{})
		p.late[i] = make(chan struct{})
	}
	return p
}

// began starts the clock of feed i's request; only its first call counts.
func (p *precedence) began(i int) {
	if p == nil {
		return
	}
	p.begun[i].Do(func() { time.AfterFunc(precedenceWait, func() { close(p.late[i]) }) })
}

// announce records the keys feed i keeps; only its first call counts.
// Every feed announces, with nothing when it has no items to write.
func (p *precedence) announce(i int, keys map[string]bool) {
	if p == nil {
		return
	}
	p.once[i].Do(func() {
		p.kept[i] = keys
		close(p.done[i])
	})
}

// before reports whether a feed before feed i keeps the item r.
func (p *precedence) before(ctx context.Context, i int, r sources.ItemRef) bool {
	return p.beforeAny(ctx, i, r.Keys())
}

// beforeAny reports whether a feed before feed i announced one of keys.
func (p *precedence) beforeAny(ctx context.Context, i int, keys []string) bool {
	if p == nil {
		return false
	}
	for j := range i {
		select {
		case <-p.done[j]:
		case <-p.late[j]:
			continue // feed j is too late to go first
		case <-ctx.Done():
			return false // the run is over: the write fails and the item is left
		}
		if anyIn(p.kept[j], keys) {
			return true
		}
	}
	return false
}

// nameKey is the precedence key of the file name an item of e's title
// and date is first written at.
func nameKey(e *content.Entry) string { return "name:" + content.NewsNames(e)[0] }
