package extract

import (
	"bytes"
	"errors"
	"fmt"

	"golang.org/x/net/html/atom"
)

// ErrTooComplex is returned for a page whose tree would be far larger
// than its bytes: the caller keeps the feed's summary.
var ErrTooComplex = errors.New("extract: page too complex to read")

// maxReopened bounds the elements the parser would make by reopening
// formatting elements (see reopened): 100,000 take about half a second.
// The pages of ../shared/corpora (aeb, articles-zh) reopen none.
const maxReopened = 100_000

// reopened estimates how many elements an HTML parser makes by reopening
// formatting elements: each one left open (<b> without </b>) is made
// again in every block after it, up to three of each tag and attributes
// (the parsing rules' "Noah's Ark" clause). A 22 KB page of 490
// differently classed <b> tags and 4,000 paragraphs is two million
// elements and 2 GB to parse, clean and convert; a 5 MB one would not fit
// a CI runner. It stops counting past limit.
//
// It reads tags from the bytes, not through a tokenizer (which doubled
// extraction's allocations): comments and scripts may add to the
// estimate, never hide a tag.
func reopened(src []byte, limit int) int {
	same := map[uint64]int{}         // open formatting elements by tag and attributes
	open := map[atom.Atom][]uint64{} // their keys, by tag, innermost last
	active, made := 0, 0
	for i := 0; made <= limit; {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		end := i < len(src) && src[i] == '/'
		if end {
			i++
		}
		var buf [12]byte
		n := 0
		for ; i+n < len(src) && n < len(buf) && isTagByte(src[i+n]); n++ {
			buf[n] = src[i+n] | 0x20 // ASCII lower case
		}
		tag := atom.Lookup(buf[:n])
		switch {
		case tag == 0:
		case end && formatting[tag] && len(open[tag]) > 0:
			keys := open[tag]
			key := keys[len(keys)-1]
			open[tag] = keys[:len(keys)-1]
			if same[key]--; same[key] < 3 {
				active--
			}
		case end:
		case formatting[tag]:
			k := bytes.IndexByte(src[i:], '>')
			if k < 0 {
				k = len(src) - i
			}
			key := fnv64a(src[i : i+k])
			if same[key] < 3 {
				active++
			}
			same[key]++
			open[tag] = append(open[tag], key)
		case tagIn(tag, inBlock) || tag == atom.Li || tag == atom.Td || tag == atom.Th:
			made += active
		}
	}
	return made
}

// fnv64a is the FNV-1a hash of b, without hash/fnv's allocation.
func fnv64a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

func isTagByte(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
}

// formatting is the parsing rules' formatting elements, which the parser
// reopens after a block when they were left open.
var formatting = map[atom.Atom]bool{
	atom.A: true, atom.B: true, atom.Big: true, atom.Code: true, atom.Em: true, atom.Font: true,
	atom.I: true, atom.Nobr: true, atom.S: true, atom.Small: true, atom.Strike: true,
	atom.Strong: true, atom.Tt: true, atom.U: true,
}

// tooComplex reports a page that reopened says is too large to parse.
func tooComplex(src []byte) error {
	if n := reopened(src, maxReopened); n > maxReopened {
		return fmt.Errorf("%w: its unclosed formatting tags would make over %d elements", ErrTooComplex, maxReopened)
	}
	return nil
}
