package story

// prepare makes the items' features: a chunk of items at a time is
// drafted (features) on one of par.workers goroutines, and the clusterer
// numbers the chunks' features (number) one chunk after another in
// sorted order as they come. Drafting, most of the work, needs only the
// item; numbering hands out dictionary and language IDs in order of first
// sight, so it stays serial and in order, and the IDs are those one
// goroutine would give.
func (c *clusterer) prepare(src Source, order []sortKey, d *dict, par parallel) {
	n := len(order)
	size := max(1, par.chunk)
	chunks := (n + size - 1) / size
	// A chunk's slot in the ring is drafted into again once the clusterer
	// has numbered it: at most len(ring) chunks are in flight.
	ring := make([]chunk, min(chunks, 2*max(1, par.workers)))
	for i := range ring {
		ring[i].done = make(chan struct{}, 1)
	}
	jobs := make(chan int, len(ring))
	for k := range ring {
		jobs <- k
	}
	for range min(max(1, par.workers), chunks) {
		go func() {
			sc := &scratch{}
			for k := range jobs {
				ch := &ring[k%len(ring)]
				ch.drafts, ch.h, ch.w = ch.drafts[:0], ch.h[:0], ch.w[:0]
				for j := k * size; j < min(n, (k+1)*size); j++ {
					it := src.Item(int(order[j].i))
					c.kept[j] = kept{ID: it.ID, URL: it.URL, Story: it.Story, Entities: it.Entities, Related: it.Related}
					p := &c.items[j]
					p.it, p.t, p.dated = &c.kept[j], order[j].t, order[j].dated
					ch.drafts = append(ch.drafts, p.features(&it, &c.opt, sc, ch))
				}
				ch.done <- struct{}{}
			}
		}()
	}
	sc := &scratch{}
	for k := range chunks {
		ch := &ring[k%len(ring)]
		<-ch.done
		for x := range ch.drafts {
			c.items[k*size+x].number(&ch.drafts[x], ch, d, &c.langs, sc)
		}
		if next := k + len(ring); next < chunks {
			jobs <- next
		}
	}
	close(jobs)
}
