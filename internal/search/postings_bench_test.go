package search

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// BenchmarkPostingsAdd merges 2,000 documents of 400 distinct tokens each,
// drawn from a vocabulary of 200,000 with a Zipf distribution, as news
// text is: the index's look-ups then miss the cache as a build's do.
func BenchmarkPostingsAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 1, 199999)
	vocab := make([][]byte, 200000)
	for i := range vocab {
		vocab[i] = []byte("w" + strconv.Itoa(i*7919%1000003))
	}
	docs := make([]*DocTokens, 2000)
	for d := range docs {
		docs[d] = &DocTokens{}
		for docs[d].Len() < 400 {
			docs[d].Add(vocab[z.Uint64()], FieldBody)
		}
		docs[d].seal()
	}
	for b.Loop() {
		var p Postings
		for d, toks := range docs {
			p.Add(d, toks)
		}
		p.flush()
		if p.lists.len() < 10000 {
			b.Fatalf("%d lists", p.lists.len())
		}
	}
}
