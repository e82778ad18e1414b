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
	e := estimate{same: map[[2]uint64]int{}}
	for i := 0; e.made <= limit; {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if k := skipMarkup(src[i:]); k >= 0 { // a comment, <!…> or <?…>
			i += k
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
		if end {
			e.end(tag)
		} else {
			e.start(tag, fnv64a(src[i-1:i+tagEnd]))
		}
		i += tagEnd
		if !end && rawText[tag] && e.foreign == 0 {
			k := rawTextEnd(src[i:], buf[:n])
			if k < 0 {
				break
			}
			i += k
		}
	}
	return e.made
}

// estimate is reopened's model of the parser's list of active formatting
// elements, kept as the parsing rules keep it where real pages (and pages
// made to fool it) need.
type estimate struct {
	list    []listEntry       // the list; tag 0 marks a cell
	same    map[[2]uint64]int // entries by cell and tag and attributes
	cell    uint64            // the cell the entries after the last marker are in
	cells   uint64            // cells so far, each one's number
	tables  []int             // where the list stood at each open <table>
	select_ int               // open <select>s, where formatting end tags do nothing
	foreign int               // open <svg> and <math>, where <style> is not raw text
	made    int               // the estimate
}

type listEntry struct {
	tag  atom.Atom
	key  uint64
	cell uint64
}

// floor is the first entry an end tag can close: none before the last
// cell's marker, nor before the table it is in (out of scope).
func (e *estimate) floor() int {
	f := 0
	if len(e.tables) > 0 {
		f = e.tables[len(e.tables)-1]
	}
	for k := len(e.list) - 1; k >= f; k-- {
		if e.list[k].tag == 0 {
			return k + 1
		}
	}
	return f
}

func (e *estimate) remove(k int) {
	x := e.list[k]
	e.same[[2]uint64{x.cell, x.key}]--
	e.list = append(e.list[:k], e.list[k+1:]...)
}

// clearTo drops the entries from n on, markers and all.
func (e *estimate) clearTo(n int) {
	for len(e.list) > n {
		if x := e.list[len(e.list)-1]; x.tag != 0 {
			e.same[[2]uint64{x.cell, x.key}]--
		}
		e.list = e.list[:len(e.list)-1]
	}
	e.cell = 0
	for k := len(e.list) - 1; k >= 0; k-- {
		if e.list[k].tag == 0 {
			e.cell = e.list[k].key
			break
		}
	}
}

func (e *estimate) start(tag atom.Atom, key uint64) {
	if formatting[tag] {
		if tag == atom.A { // a new <a> closes the last one
			for k := len(e.list) - 1; k >= e.floor(); k-- {
				if e.list[k].tag == atom.A {
					e.remove(k)
					break
				}
			}
		}
		if id := [2]uint64{e.cell, key}; e.same[id] < 3 {
			e.same[id]++
			e.list = append(e.list, listEntry{tag, key, e.cell})
		}
		return
	}
	e.count(tag)
	switch tag {
	case atom.Table:
		e.tables = append(e.tables, len(e.list))
	case atom.Td, atom.Th, atom.Caption:
		if len(e.tables) == 0 {
			return // outside a table the parser ignores it
		}
		if f := e.tables[len(e.tables)-1]; e.floor() > f {
			e.clearTo(e.floor() - 1) // a cell ends the one before it
		}
		e.cells++
		e.cell = e.cells
		e.list = append(e.list, listEntry{key: e.cell})
	case atom.Select:
		e.select_++
	case atom.Svg, atom.Math:
		e.foreign++
	}
}

func (e *estimate) end(tag atom.Atom) {
	if formatting[tag] {
		if e.select_ > 0 {
			return
		}
		for k := len(e.list) - 1; k >= e.floor(); k-- {
			if e.list[k].tag == tag {
				e.remove(k)
				break
			}
		}
		return
	}
	e.count(tag)
	switch tag {
	case atom.Table:
		if n := len(e.tables); n > 0 {
			e.clearTo(e.tables[n-1])
			e.tables = e.tables[:n-1]
		}
	case atom.Td, atom.Th, atom.Caption, atom.Tr, atom.Tbody, atom.Thead, atom.Tfoot:
		if n := len(e.tables); n > 0 && e.floor() > e.tables[n-1] {
			e.clearTo(e.floor() - 1)
		}
	case atom.Select:
		e.select_ = max(e.select_-1, 0)
	case atom.Svg, atom.Math:
		e.foreign = max(e.foreign-1, 0)
	}
}

// count adds the entries after the last marker: at most that many are
// made again at any other tag. A table's frame reopens none.
func (e *estimate) count(tag atom.Atom) {
	switch tag {
	case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Col, atom.Colgroup:
		return
	}
	e.made += len(e.list) - e.floorOfCell()
}

// floorOfCell is the first entry after the last marker.
func (e *estimate) floorOfCell() int {
	for k := len(e.list) - 1; k >= 0; k-- {
		if e.list[k].tag == 0 {
			return k + 1
		}
	}
	return 0
}

// skipMarkup is the length of the comment, <!…> or <?…> that s (after a
// '<') starts, as the tokenizer reads them; -1 for anything else.
func skipMarkup(s []byte) int {
	switch {
	case bytes.HasPrefix(s, []byte("!--")):
		body := s[3:]
		if bytes.HasPrefix(body, []byte(">")) || bytes.HasPrefix(body, []byte("->")) { // <!--> and <!--->
			return 3 + bytes.IndexByte(body, '>') + 1
		}
		if k := bytes.Index(body, []byte("-->")); k >= 0 {
			return 3 + k + 3
		}
		return len(s)
	case len(s) > 0 && (s[0] == '!' || s[0] == '?'):
		if k := bytes.IndexByte(s, '>'); k >= 0 {
			return k + 1
		}
		return len(s)
	}
	return -1
}

// rawTextEnd is where the text of a raw text element whose name is name ends
// in s: at "</name" followed by white space, '/' or '>' ("</scripts" is
// text); -1 if it never does.
func rawTextEnd(s, name []byte) int {
	needle := append([]byte("</"), name...)
	for off := 0; ; {
		k := indexFold(s[off:], needle)
		if k < 0 {
			return -1
		}
		at := off + k + len(needle)
		if at >= len(s) || bytes.IndexByte([]byte(" \t\n\r\f/>"), s[at]) >= 0 {
			return off + k
		}
		off = at
	}
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
