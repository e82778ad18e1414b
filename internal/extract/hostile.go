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
// formatting elements (see reopened): 300,000 take about a second. The
// pages of ../shared/corpora (aeb, articles-zh) come to at most a few
// hundred.
const maxReopened = 300_000

// reopened estimates, from above, how many elements an HTML parser makes
// by reopening formatting elements. Each one left open (<b> without </b>)
// stays on the parser's list of active formatting elements and is made
// again after every element that closed it: a 22 KB page of 490
// differently classed <b> tags and 4,000 paragraphs is two million
// elements, 15 s and 2 GB to parse, clean and convert. The estimate adds
// the list's length at every other tag, start or end (but a table's
// frame), and keeps the
// list as the parsing rules do, where it matters for real pages: at most
// three entries of one tag and attributes ("Noah's Ark"), one <a> (a new
// one closes the last), and none carried into a table cell or out of
// one. Comments and the text of <script>, <style> and the like are
// skipped, as the tokenizer skips them. It stops counting past limit.
//
// It reads the bytes, not tokens: a tokenizer's copies cost more than
// the rest of this check.
func reopened(src []byte, limit int) int {
	var list []listEntry // active formatting elements; tag 0 marks a cell
	same := map[uint64]int{}
	made, since, cells := 0, 0, 0 // since: entries after the last cell's marker
	clearCell := func() {
		cells--
		for len(list) > 0 {
			e := list[len(list)-1]
			list = list[:len(list)-1]
			if e.tag == 0 {
				break
			}
			same[e.key]--
		}
		since = 0
		for i := len(list) - 1; i >= 0 && list[i].tag != 0; i-- {
			since++
		}
	}
	for i := 0; made <= limit; {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if bytes.HasPrefix(src[i:], []byte("!--")) {
			k := bytes.Index(src[i+3:], []byte("-->"))
			if k < 0 {
				break
			}
			i += 3 + k + 3
			continue
		}
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
		if tag == 0 || n == len(buf) {
			continue // text, or not an element's name
		}
		tagEnd := endOfTag(src[i:])
		if tagEnd < 0 {
			break
		}
		switch {
		case formatting[tag] && end:
			for k := len(list) - 1; k >= len(list)-since; k-- {
				if list[k].tag == tag {
					same[list[k].key]--
					list = append(list[:k], list[k+1:]...)
					since--
					break
				}
			}
		case formatting[tag]:
			key := fnv64a(src[i-1 : i+tagEnd])
			if tag == atom.A {
				for k := len(list) - 1; k >= len(list)-since; k-- {
					if list[k].tag == atom.A {
						same[list[k].key]--
						list = append(list[:k], list[k+1:]...)
						since--
						break
					}
				}
			}
			if same[key] < 3 {
				same[key]++
				list = append(list, listEntry{tag, key})
				since++
			}
		default:
			switch tag {
			case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Col, atom.Colgroup:
				// the table's frame: nothing is reopened in it
			default:
				made += since
			}
			switch tag {
			case atom.Td, atom.Th, atom.Caption: // a cell ends the one before it
				if cells > 0 {
					clearCell()
				}
				if !end {
					list = append(list, listEntry{})
					since, cells = 0, cells+1
				}
			case atom.Tr, atom.Table, atom.Tbody, atom.Thead, atom.Tfoot:
				for cells > 0 {
					clearCell()
				}
			}
			if !end && rawText[tag] {
				k := indexFold(src[i+tagEnd:], append([]byte("</"), buf[:n]...))
				if k < 0 {
					return made
				}
				i += tagEnd + k
				continue
			}
		}
		i += tagEnd
	}
	return made
}

type listEntry struct {
	tag atom.Atom
	key uint64
}

// endOfTag is where the tag whose name s starts with ends: its '>', past
// quoted attribute values, which may hold tags as text.
func endOfTag(s []byte) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '>':
			return i
		case '=':
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f') {
				j++
			}
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				k := bytes.IndexByte(s[j+1:], s[j])
				if k < 0 {
					return -1
				}
				i = j + 1 + k
			}
		}
	}
	return -1
}

// rawText is the elements whose text the tokenizer reads as text up to
// their end tag.
var rawText = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Textarea: true, atom.Title: true, atom.Xmp: true,
	atom.Iframe: true, atom.Noembed: true, atom.Noframes: true, atom.Plaintext: true,
}

// indexFold is bytes.Index for an ASCII lower-case needle, ignoring the
// case of s.
func indexFold(s, needle []byte) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		k := bytes.IndexByte(s[i:], needle[0])
		if k < 0 {
			return -1
		}
		i += k
		if i+len(needle) <= len(s) && bytes.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
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
// reopens after an element that closed them.
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
