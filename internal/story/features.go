package story

import (
	"math"
	"slices"
	"strings"

	"docket/internal/text"
)

// Field weights of the text features: the title names the event, the
// summary tells it, the body's lead repeats both.
const (
	titleWeight   = 2
	summaryWeight = 1
	bodyWeight    = 0.5
	bodyLead      = 80 // words of the body that count as text
	sketchSize    = 24 // bottom-k hashes of body shingles
	sketchBuckets = 3  // the smallest hashes are candidate keys
	shingleLen    = 5
	minShingles   = 30 // shorter bodies get no sketch
)

// feat is one weighted feature of an item's vector. Whether it is an
// entity or a word is the clusterer's ent[id]: a flag here would make a
// feature 12 bytes instead of 8, and a large archive holds tens of
// millions.
type feat struct {
	id uint32
	w  float32
}

// prepared is an item ready for comparison. A large archive holds one an
// item all at once, so it is kept small: what few items have (amounts, a
// body's sketch) sits behind one pointer, and the URL and language are
// numbers.
type prepared struct {
	it    *kept
	t     int64  // Unix seconds; 0 when undated
	vec   []feat // sorted by id, unit length
	x     *extra // nil when the item has none of it
	url   uint32 // 1 + the feature ID of the item's urlKey; 0 for none
	lang  uint32 // the language's primary subtag (clusterer.langs); 0 for none
	event uint16 // the kinds of event the headline names (evFine, …)
	dated bool
}

// kept is what the clustering keeps of an item once it has its
// features: what pairs, editors' words and results name. The editors'
// words, which few items have, sit behind a pointer (a million items
// hold a kept each at once), and the URL is kept only for signals. The
// ID is not kept but asked of the source again (clusterer.id), for the
// few items whose ID is compared or shown: a million IDs were ~75 MB at
// the clustering's peak.
type kept struct {
	URL      string
	Entities []string
	placed   *placed // nil for an item no editor placed
	src      int32   // the item's index in the Source
}

// placed is an editor's word on an item: Item.Story and Item.Related.
type placed struct {
	story   string
	related []string
}

func newKept(it *Item, src int32, brief bool) kept {
	k := kept{Entities: it.Entities, src: src}
	if !brief {
		k.URL = it.URL
	}
	if it.Story != "" || it.Related != nil {
		k.placed = &placed{it.Story, it.Related}
	}
	return k
}

// story is the item's Story.
func (k *kept) story() string {
	if k.placed == nil {
		return ""
	}
	return k.placed.story
}

// related is the item's Related.
func (k *kept) related() []string {
	if k.placed == nil {
		return nil
	}
	return k.placed.related
}

// extra is what few items have: amounts of money, and a body long enough
// to sketch.
type extra struct {
	amounts []float64
	news    []float64 // the amounts no older report of the matter named
	sketch  []uint64  // sorted ascending
	keys    []uint32  // feature IDs of the smallest sketch hashes
}

// amounts, news and sketch read p.x, nil or not.
func (p *prepared) amounts() []float64 {
	if p.x == nil {
		return nil
	}
	return p.x.amounts
}

func (p *prepared) news() []float64 {
	if p.x == nil {
		return nil
	}
	return p.x.news
}

func (p *prepared) sketch() []uint64 {
	if p.x == nil {
		return nil
	}
	return p.x.sketch
}

// eachKey calls f with each candidate key of the item beside its vector:
// its URL, then its sketch buckets.
func (p *prepared) eachKey(f func(k uint32)) {
	if p.url != 0 {
		f(p.url - 1)
	}
	if p.x != nil {
		for _, k := range p.x.keys {
			f(k)
		}
	}
}

// primaryLang is a language tag's primary subtag, lower case: a feed's
// en-GB and another's en are one language.
func primaryLang(tag string) string {
	l, _, _ := strings.Cut(strings.ToLower(tag), "-")
	l, _, _ = strings.Cut(l, "_")
	return l
}

// Feature names are hashed to 64 bits (FNV-1a; words, entities,
// jurisdictions, URLs and sketch buckets each from their own seed) and the
// hashes interned to dense IDs in the order first seen in sorted item
// order. A collision of two names in 64 bits is left to chance: at a
// million names it has odds of about 1 in 10^7.
const (
	seedWord = fnvOffset
	seedEnt  = fnvOffset ^ 0x9e3779b97f4a7c15
	seedJur  = fnvOffset ^ 0xbf58476d1ce4e5b9
	seedURL  = fnvOffset ^ 0x94d049bb133111eb
	seedSk   = fnvOffset ^ 0x2545f4914f6cdd1d
)

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h | 1 // never 0, the empty slot
}

// dict interns feature hashes in an open-addressing table. A slot holds
// only an ID (plus one, 0 when empty), 4 bytes, and the hashes are kept
// once each by ID: on a large archive the table is mostly empty slots,
// and at 16 bytes a slot (hash and ID side by side) it was the largest
// thing clustering holds, ~256 B an item. A hit reads the hash by ID, a
// second cache miss, which costs less than the table saved.
type dict struct {
	slots []uint32 // ID+1 of the feature hashed here; 0 when empty
	hash  []uint64 // by ID
	df    []int32  // by ID
	ent   []bool   // by ID: an entity, jurisdiction or key, not a word
}

func newDict(n int) *dict {
	// Items bring some six new features each: at 16 slots an item the
	// table holds them at most half full without growing.
	size := 1024
	for size < 16*n {
		size *= 2
	}
	return &dict{slots: make([]uint32, size)}
}

func (d *dict) id(h uint64, ent bool) uint32 {
	mask := uint64(len(d.slots) - 1)
	for k := (h ^ h>>29) & mask; ; k = (k + 1) & mask {
		sl := d.slots[k]
		if sl == 0 {
			id := uint32(len(d.df))
			d.slots[k] = id + 1
			d.hash = append(d.hash, h)
			d.df = append(d.df, 0)
			d.ent = append(d.ent, ent)
			if 2*len(d.df) > len(d.slots) {
				d.grow()
			}
			return id
		}
		if d.hash[sl-1] == h {
			return sl - 1
		}
	}
}

func (d *dict) grow() {
	d.slots = make([]uint32, 2*len(d.slots))
	mask := uint64(len(d.slots) - 1)
	for id, h := range d.hash {
		k := (h ^ h>>29) & mask
		for d.slots[k] != 0 {
			k = (k + 1) & mask
		}
		d.slots[k] = uint32(id) + 1
	}
}

// scratch is what feature building reuses from item to item: a small
// table summing an item's token weights by hash, and buffers. Drafting
// uses the table, words and top; numbering packed and vecs.
type scratch struct {
	slots  []uint64 // hash, 0 when empty; len a power of two
	w      []float64
	used   []int32 // occupied slots, in order of first sight
	packed []uint64
	words  []uint64 // token hashes of a body, for its sketch
	top    []uint64
	vecs   []feat // arena the items' vectors are cut from
}

func (s *scratch) reset() {
	for _, k := range s.used {
		s.slots[k] = 0
	}
	s.used = s.used[:0]
}

// add adds w to the weight of hash h (set replaces it).
func (s *scratch) add(h uint64, w float64, set bool) {
	if 2*(len(s.used)+1) > len(s.slots) {
		s.growLocal()
	}
	mask := uint64(len(s.slots) - 1)
	for k := (h ^ h>>29) & mask; ; k = (k + 1) & mask {
		switch s.slots[k] {
		case h:
			if set {
				s.w[k] = w
			} else {
				s.w[k] += w
			}
			return
		case 0:
			s.slots[k], s.w[k] = h, w
			s.used = append(s.used, int32(k))
			return
		}
	}
}

func (s *scratch) growLocal() {
	old, ow, used := s.slots, s.w, s.used
	size := max(256, 2*len(old))
	s.slots, s.w, s.used = make([]uint64, size), make([]float64, size), make([]int32, 0, size/2)
	mask := uint64(size - 1)
	for _, k := range used {
		h := old[k]
		j := (h ^ h>>29) & mask
		for s.slots[j] != 0 {
			j = (j + 1) & mask
		}
		s.slots[j], s.w[j] = h, ow[k]
		s.used = append(s.used, int32(j))
	}
}

// draft is an item's features as features works them out from the item
// alone, before the dictionary numbers them: the hashes and raw weights
// (before IDF) of its words, then of its entities and jurisdictions, in
// order of first sight, are h[lo:hi] and w[lo:hi] of its chunk.
type draft struct {
	lo, hi, words int32  // the first words hashes are words
	url           uint64 // the hash of its urlKey; 0 for none
	lang          string // its primary language subtag
}

// chunk is a run of items, in sorted order, drafted by one goroutine and
// then numbered by the clusterer.
type chunk struct {
	drafts []draft
	h      []uint64
	w      []uint32 // float32 bits
	done   chan struct{}
}

// features drafts an item: all that needs only the item (its tokens'
// weights, event kinds, amounts, sketch), so that items are drafted in
// parallel, each goroutine with its own scratch. Token weights are summed
// in the small table of the scratch first: the dictionary is large and
// each lookup in it is a cache miss.
func (p *prepared) features(it *Item, opt *Options, sc *scratch, ch *chunk) draft {
	sc.reset()
	// ASCII text is left as it is: tokenHashes and amounts lower its case
	// as they read it.
	foldFn := func(s string) string {
		if ascii(s) {
			return s
		}
		if opt.Fold != nil {
			s = opt.Fold(s)
		}
		return text.Fold(s)
	}
	add := func(text string, w float64) {
		tokenHashes(text, seedWord, func(h uint64) { sc.add(h, w, false) })
	}
	title, summary := foldFn(it.Title), foldFn(it.Summary)
	lead := foldFn(firstWords(it.Body, bodyLead))
	add(title, titleWeight)
	p.event = uint16(eventKinds(title))
	if opt.Fold != nil && !ascii(it.Title) {
		// The lists spell Japanese words as Japanese writes them
		// (課徴金, 控訴): folded to Simplified they are in neither
		// script (课徴金).
		p.event |= uint16(eventKinds(text.Fold(it.Title)))
	}
	add(summary, summaryWeight)
	add(lead, bodyWeight)
	words := len(sc.used)
	for _, e := range it.Entities {
		sc.add(hashString(seedEnt, e), 1, true)
	}
	for _, e := range it.Jurisdictions {
		sc.add(hashString(seedJur, e), opt.JurisdictionWeight, true)
	}
	dr := draft{lo: int32(len(ch.h)), words: int32(words), lang: primaryLang(it.Lang)}
	for n, k := range sc.used {
		w := sc.w[k]
		if n < words {
			// Repeated words saturate: a term counts at most three field weights.
			w = math.Min(w, 3*titleWeight)
		}
		ch.h = append(ch.h, sc.slots[k])
		ch.w = append(ch.w, math.Float32bits(float32(w)))
	}
	dr.hi = int32(len(ch.h))
	var x extra
	x.amounts = amounts(title+" \n "+summary+" \n "+lead, it.Lang, it.Date, opt.MinAmount)
	if it.Body != "" {
		x.sketch = sc.sketch(foldFn(it.Body))
	}
	if u := urlKey(it.URL); u != "" {
		dr.url = hashString(seedURL, u)
	}
	if x.amounts != nil || x.sketch != nil {
		p.x = &x
	}
	return dr
}

// number gives a drafted item's features their dictionary IDs and makes
// its vector. IDs go to hashes in order of first sight, so items are
// numbered one at a time in sorted order, whatever drafted them: the
// vector's order by ID, and so the order in which scores are summed, is
// then the same however the drafting was shared out. The vectors are cut
// from sc's arena.
func (p *prepared) number(dr *draft, ch *chunk, d *dict, langs *langTable, sc *scratch) {
	// The ID goes in the high half, the weight's bits in the low: sorting
	// the packed values sorts by ID.
	sc.packed = sc.packed[:0]
	for n := dr.lo; n < dr.hi; n++ {
		id := d.id(ch.h[n], n-dr.lo >= dr.words)
		sc.packed = append(sc.packed, uint64(id)<<32|uint64(ch.w[n]))
	}
	slices.Sort(sc.packed)
	if cap(sc.vecs)-len(sc.vecs) < len(sc.packed) {
		sc.vecs = make([]feat, 0, max(1<<16, len(sc.packed)))
	}
	start := len(sc.vecs)
	for _, v := range sc.packed {
		id := uint32(v >> 32)
		sc.vecs = append(sc.vecs, feat{id: id, w: math.Float32frombits(uint32(v))})
		d.df[id]++
	}
	p.vec = sc.vecs[start:len(sc.vecs):len(sc.vecs)]

	p.lang = langs.id(dr.lang)
	if dr.url != 0 {
		k := d.id(dr.url, true)
		d.df[k]++
		p.url = k + 1
	}
	if n := min(len(p.sketch()), sketchBuckets); n > 0 {
		p.x.keys = make([]uint32, n)
		for i, h := range p.x.sketch[:n] {
			p.x.keys[i] = d.id(h^seedSk|1, true)
			d.df[p.x.keys[i]]++
		}
	}
}

// langTable numbers the languages of the items, "" as 0.
type langTable struct {
	names []string
	ids   map[string]uint32
}

func (t *langTable) id(lang string) uint32 {
	if lang == "" {
		return 0
	}
	if n, ok := t.ids[lang]; ok {
		return n
	}
	if t.ids == nil {
		t.ids = map[string]uint32{}
	}
	if len(t.names) == 0 {
		t.names = append(t.names, "")
	}
	n := uint32(len(t.names))
	t.names = append(t.names, lang)
	t.ids[lang] = n
	return n
}

// weigh applies IDF and normalises the words and the entities of the
// vector to unit length each: a report in another language shares few
// words but the same entities.
func (p *prepared) weigh(ent []bool, idf []float32) {
	var norms [2]float64
	for i := range p.vec {
		f := &p.vec[i]
		f.w *= idf[f.id]
		norms[b2i(ent[f.id])] += float64(f.w) * float64(f.w)
	}
	for i := range p.vec {
		if nv := norms[b2i(ent[p.vec[i].id])]; nv > 0 {
			p.vec[i].w /= float32(math.Sqrt(nv))
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// urlKey is the canonical URL without scheme and "www.", so that the http
// and https copies of one page are one key.
func urlKey(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	u = strings.TrimPrefix(strings.ToLower(u), "www.")
	u = strings.TrimSuffix(u, "/")
	if !strings.Contains(u, "/") {
		return "" // a home page names no article
	}
	return u
}

// sketch is the bottom-k set of the hashes of the body's word shingles:
// two copies of one article with different chrome share most of their
// smallest hashes. A shingle's hash combines the hashes of its words.
func (sc *scratch) sketch(body string) []uint64 {
	words := sc.words[:0]
	tokenHashes(body, seedWord, func(h uint64) { words = append(words, h) })
	sc.words = words
	if len(words) < minShingles+shingleLen {
		return nil
	}
	top := sc.top[:0]
	for i := 0; i+shingleLen <= len(words); i++ {
		v := uint64(fnvOffset)
		for _, w := range words[i : i+shingleLen] {
			v = (v ^ w) * fnvPrime
			v ^= v >> 31
		}
		if len(top) == sketchSize && v >= top[len(top)-1] {
			continue
		}
		j, found := slices.BinarySearch(top, v)
		if found {
			continue
		}
		if len(top) < sketchSize {
			top = append(top, 0)
		}
		copy(top[j+1:], top[j:])
		top[j] = v
	}
	sc.top = top
	return slices.Clone(top)
}

// FNV-1a, inline: hashing a shingle allocates nothing.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// resemblance estimates the Jaccard similarity of two bodies from their
// sketches: the share of the k smallest hashes of the union found in both.
func resemblance(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	k := min(len(a), len(b))
	i, j, seen, both := 0, 0, 0, 0
	for seen < k && i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
		seen++
	}
	return float64(both) / float64(k)
}
