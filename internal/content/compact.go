package content

import "strings"

// The fast path (fastfm.go) slices an entry's strings out of one copy of
// its front matter, so the whole front matter (keys, dates, quotes, the
// matched rules) stays in memory as long as any one of them does: on a
// large archive, ~500 B an entry for ~250 B of values. compact copies
// what the entry keeps into a string of its own, and the values many
// entries repeat (IDs of topics and entities, sources, feeds, languages,
// matched terms) into a table that a loader shares between entries.

// interner keeps one copy of each repeated value it is given. A nil
// interner keeps nothing: values are copied with the entry's own.
type interner map[string]string

// share returns the interner's copy of s; s itself is not kept, as it
// may be part of a larger string.
func (in interner) share(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	v := strings.Clone(s)
	in[v] = v
	return v
}

// compact gives the strings of e, which the fast path made from its
// front matter, storage of their own: repeated values in's, the rest one
// new string. Every string of e is given (not only those in the front
// matter's copy): a matched rule's are cut from strings made of its
// pairs, which would stay in memory as well.
func compact(e *Entry, in interner) {
	var ownBuf, sharedBuf [24]*string
	own, shared := ownBuf[:0], sharedBuf[:0]
	own = append(own, &e.Title, &e.Summary, &e.ID, &e.URL, &e.GUID, &e.Author, &e.Image, &e.CaseID, &e.Instrument)
	for i := range e.Related {
		own = append(own, &e.Related[i])
	}
	for i := range e.Sources {
		own = append(own, &e.Sources[i].Title, &e.Sources[i].URL)
	}
	for i := range e.Dates {
		own = append(own, &e.Dates[i].Date, &e.Dates[i].What)
	}
	shared = append(shared, &e.Lang, &e.Story, &e.Source, &e.Feed, &e.EventKind, &e.Status, &e.Case, &e.Stage)
	for _, list := range [][]string{e.Topics, e.Entities, e.Jurisdictions, e.RulesTagged, e.Authorities, e.Parties} {
		for i := range list {
			shared = append(shared, &list[i])
		}
	}
	for i := range e.Matched {
		m := &e.Matched[i]
		shared = append(shared, &m.Topic, &m.Term, &m.Field)
	}
	if e.Amount != nil {
		shared = append(shared, &e.Amount.Currency)
		for i := range e.Amount.PaidBy {
			shared = append(shared, &e.Amount.PaidBy[i])
		}
	}
	if in == nil {
		own, shared = append(own, shared...), nil
	}
	for _, p := range shared {
		if *p != "" {
			*p = in.share(*p)
		}
	}
	Pack(own)
}

// Pack copies the strings own points to into one allocation and points
// each at its part: a value that keeps a few strings of a larger one
// (a file's, a document's) lets the larger one go, for one header.
func Pack(own []*string) {
	size := 0
	for _, p := range own {
		size += len(*p)
	}
	if size == 0 {
		return
	}
	var b strings.Builder
	b.Grow(size)
	for _, p := range own {
		b.WriteString(*p)
	}
	all := b.String()
	for _, p := range own {
		n := len(*p)
		*p, all = all[:n], all[n:]
	}
}
