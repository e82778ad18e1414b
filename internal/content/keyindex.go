package content

import "hash/maphash"

// keyIndex finds the first of a tree's documents with each key (a
// permalink, a path, a story ID). It holds a key's hash, not the key: a
// map of a million keys, most of them strings made for the check, held
// ~130 MB at the peak of a large build's load; this holds ~20 MB. Keys
// are made again from the documents when hashes meet.
type keyIndex struct {
	docs  []*Doc
	key   func(*Doc) string
	hash  func(string) uint64
	first map[uint64]int32 // hash → index of the first document with a key of that hash
	other map[string]*Doc  // keys whose hash an earlier, different key has (rare)
}

func newKeyIndex(docs []*Doc, key func(*Doc) string) *keyIndex {
	seed := maphash.MakeSeed()
	return &keyIndex{docs: docs, key: key, first: make(map[uint64]int32, len(docs)),
		hash: func(k string) uint64 { return maphash.String(seed, k) }}
}

// add files docs[i] under its key k and returns the document filed
// under k before it, if any (then docs[i] is not filed).
func (x *keyIndex) add(i int, k string) *Doc {
	h := x.hash(k)
	j, ok := x.first[h]
	switch {
	case !ok:
		x.first[h] = int32(i)
		return nil
	case x.key(x.docs[j]) == k:
		return x.docs[j]
	}
	if prev := x.other[k]; prev != nil {
		return prev
	}
	if x.other == nil {
		x.other = map[string]*Doc{}
	}
	x.other[k] = x.docs[i]
	return nil
}

// get returns the document filed under k, or nil.
func (x *keyIndex) get(k string) *Doc {
	if j, ok := x.first[x.hash(k)]; ok && x.key(x.docs[j]) == k {
		return x.docs[j]
	}
	return x.other[k]
}
