package story

import (
	"math"
	"slices"
	"strconv"
	"strings"
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

// feat is one weighted feature of an item's vector.
type feat struct {
	id  uint32
	w   float32
	ent bool // an entity or jurisdiction, not a word
}

// prepared is an item ready for comparison.
type prepared struct {
	it      *Item
	t       int64 // Unix seconds; 0 when undated
	dated   bool
	vec     []feat // sorted by id, unit length
	amounts []float64
	sketch  []uint64 // sorted ascending
	keys    []uint32 // candidate keys beside the vector: URL, sketch buckets
}

// dict interns feature names; IDs follow first sight in sorted item order.
type dict struct {
	ids map[string]uint32
	df  []int32
}

func (d *dict) id(s string) uint32 {
	if id, ok := d.ids[s]; ok {
		return id
	}
	id := uint32(len(d.df))
	d.ids[s] = id
	d.df = append(d.df, 0)
	return id
}

// features computes an item's raw term weights (before IDF) and keys.
// Words are summed in the small map local first: the dictionary is large
// and each lookup in it is a cache miss.
func (p *prepared) features(d *dict, opt *Options, raw map[uint32]float64, local map[string]float64) {
	clear(raw)
	clear(local)
	foldFn := func(s string) string {
		if opt.Fold != nil {
			s = opt.Fold(s)
		}
		return fold(s)
	}
	add := func(text string, w float64) {
		tokens(text, func(t string) { local[t] += w })
	}
	title, summary := foldFn(p.it.Title), foldFn(p.it.Summary)
	lead := foldFn(firstWords(p.it.Body, bodyLead))
	add(title, titleWeight)
	add(summary, summaryWeight)
	add(lead, bodyWeight)
	for t, w := range local {
		raw[d.id(t)] = w
	}
	// Repeated words saturate: a term counts at most three field weights.
	for k, v := range raw {
		raw[k] = math.Min(v, 3*titleWeight)
	}
	for _, e := range p.it.Entities {
		raw[d.id("\x00e:"+e)] = 1
	}
	for _, e := range p.it.Jurisdictions {
		raw[d.id("\x00j:"+e)] = opt.JurisdictionWeight
	}
	p.amounts = amounts(title+" \n "+summary+" \n "+lead, p.it.Lang, p.it.Date, opt.MinAmount)
	p.sketch = sketch(foldFn(p.it.Body))
	if u := urlKey(p.it.URL); u != "" {
		p.keys = append(p.keys, d.id("\x00u:"+u))
	}
	for _, h := range p.sketch[:min(len(p.sketch), sketchBuckets)] {
		p.keys = append(p.keys, d.id("\x00s:"+strconv.FormatUint(h, 36)))
	}
	p.vec = p.vec[:0]
	for id, w := range raw {
		p.vec = append(p.vec, feat{id: id, w: float32(w)})
	}
	slices.SortFunc(p.vec, func(a, b feat) int { return int(a.id) - int(b.id) })
	for i := range p.vec {
		d.df[p.vec[i].id]++
	}
	for _, k := range p.keys {
		d.df[k]++
	}
}

// weigh applies IDF and normalises the words and the entities of the
// vector to unit length each: a report in another language shares few
// words but the same entities.
func (p *prepared) weigh(d *dict, n int, entity func(uint32) bool) {
	var norms [2]float64
	for i := range p.vec {
		f := &p.vec[i]
		idf := math.Log(float64(n+1)/float64(d.df[f.id]+1)) + 1
		f.w *= float32(idf)
		f.ent = entity(f.id)
		norms[b2i(f.ent)] += float64(f.w) * float64(f.w)
	}
	for i := range p.vec {
		if nv := norms[b2i(p.vec[i].ent)]; nv > 0 {
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
// smallest hashes.
func sketch(body string) []uint64 {
	var words []string
	tokens(body, func(t string) { words = append(words, t) })
	if len(words) < minShingles+shingleLen {
		return nil
	}
	top := make([]uint64, 0, sketchSize+1)
	for i := 0; i+shingleLen <= len(words); i++ {
		v := uint64(fnvOffset)
		for _, w := range words[i : i+shingleLen] {
			for k := 0; k < len(w); k++ {
				v = (v ^ uint64(w[k])) * fnvPrime
			}
			v = (v ^ 0) * fnvPrime
		}
		if len(top) == sketchSize && v >= top[len(top)-1] {
			continue
		}
		j, found := slices.BinarySearch(top, v)
		if found {
			continue
		}
		top = slices.Insert(top, j, v)
		if len(top) > sketchSize {
			top = top[:sketchSize]
		}
	}
	return top
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
