package story

import "hash/maphash"

// prepare makes the items' features: a chunk of items at a time is
// drafted (features) by one of par.workers goroutines, the caller's among
// them, and the caller numbers the chunks' features (number) one chunk
// after another in sorted order. Drafting, most of the work, needs only
// the item; numbering hands out dictionary and language IDs in order of
// first sight, so it stays serial and in order, and the IDs are those one
// goroutine would give.
func (c *clusterer) prepare(src Source, order []sortKey, d *dict, par parallel) {
	n := len(order)
	size, workers := max(1, par.chunk), max(1, par.workers)
	chunks := (n + size - 1) / size
	// A chunk's slot in the ring is drafted into again once it has been
	// numbered: at most len(ring) chunks are in flight, and jobs holds
	// those not yet taken.
	ring := make([]chunk, min(chunks, 4*workers))
	jobs := make(chan int, len(ring))
	for k := range ring {
		ring[k].done = make(chan struct{}, 1)
		jobs <- k
	}
	draft := func(k int, sc *scratch) {
		ch := &ring[k%len(ring)]
		ch.drafts, ch.h, ch.w = ch.drafts[:0], ch.h[:0], ch.w[:0]
		for j := k * size; j < min(n, (k+1)*size); j++ {
			it := src.Item(int(order[j].i))
			c.kept[j] = newKept(&it, order[j].i, c.opt.Brief)
			c.idHash[j] = maphash.String(c.seed, it.ID)
			p := &c.items[j]
			p.it, p.t, p.dated = &c.kept[j], order[j].t, order[j].dated
			ch.drafts = append(ch.drafts, p.features(&it, &c.opt, sc, ch))
		}
		ch.done <- struct{}{}
	}
	for range min(workers-1, chunks) {
		go func() {
			sc := &scratch{}
			for k := range jobs {
				draft(k, sc)
			}
		}()
	}
	sc := &scratch{}
	for k := range chunks {
		ch := &ring[k%len(ring)]
		// While chunk k is not ready the caller drafts the next one
		// waiting rather than wait: it never waits on a goroutine that
		// has yet to be scheduled, nor for want of one.
	wait:
		for {
			select {
			case <-ch.done:
				break wait
			default:
			}
			select {
			case <-ch.done:
				break wait
			case j := <-jobs:
				draft(j, sc)
			}
		}
		for x := range ch.drafts {
			c.items[k*size+x].number(&ch.drafts[x], ch, d, &c.langs, sc)
		}
		if next := k + len(ring); next < chunks {
			jobs <- next
		}
	}
	close(jobs)
}
