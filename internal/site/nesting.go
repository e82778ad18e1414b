package site

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
)

// maxNesting is how many block containers (list items, block quotes) one
// line may open. goldmark tries every kind of block at each level of a
// line, and some of those tries scan the rest of the line, so a line of
// n markers ("- - - - …") costs n² (80 KB took half a minute). Past this
// depth the markers are text: no real document nests so deep.
const maxNesting = 16

// capNesting returns src, or a copy in which the container marker that
// would open the (maxNesting+1)-th level on a line is escaped with a
// backslash, turning the rest of the line into text. It is linear in
// len(src) and copies only when some line needs it.
func capNesting(src []byte) []byte {
	var out []byte // nil until a line needs a change
	last := 0      // src[:last] is in out already
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if at := tooDeep(src[start:end]); at >= 0 {
			out = append(out, src[last:start+at]...)
			out = append(out, '\\')
			last = start + at
		}
		start = end + 1
	}
	if out == nil {
		return src
	}
	return append(out, src[last:]...)
}

// tooDeep returns the offset in line of the marker past maxNesting (of
// its punctuation, where a backslash escapes it), or -1.
func tooDeep(line []byte) int {
	depth, i := 0, 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		at, next := marker(line, i)
		if next < 0 {
			return -1
		}
		if depth++; depth > maxNesting {
			return at
		}
		i = next
	}
}

// marker recognises a container marker at line[i]: a bullet (-, *, +)
// or an ordered number (1. or 1)) followed by a space, a tab or the end
// of the line, or a block quote's >. It returns where its punctuation is
// and where the marker ends, or next < 0 when there is none.
func marker(line []byte, i int) (at, next int) {
	if i >= len(line) {
		return 0, -1
	}
	j := i
	for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
		j++
	}
	if j == len(line) {
		return 0, -1
	}
	c := line[j]
	switch {
	case j == i && c == '>':
		return j, j + 1
	case j == i && (c == '-' || c == '*' || c == '+'), j > i && (c == '.' || c == ')'):
		if j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t' {
			return j, j + 1
		}
	}
	return 0, -1
}

// tableGuard keeps GFM tables linear in their source. A row with fewer
// cells than the header is padded with empty ones, so a header of n
// columns over n one-character rows, 4n bytes, makes n² cells (24 KB
// made 160 MB of HTML in half a minute). A paragraph whose table would
// have more cells than it has bytes is left a paragraph: its text shows
// as written. It runs before goldmark's table transformer.
type tableGuard struct{}

// tableSlack lets a small table pad its short rows freely.
const tableSlack = 4 << 10

func (tableGuard) Transform(node *ast.Paragraph, reader gtext.Reader, _ parser.Context) {
	lines, src := node.Lines(), reader.Source()
	rest := 0 // bytes of lines[i:] in the loop below
	for i := range lines.Len() {
		rest += segLen(lines.At(i))
	}
	for i := 1; i < lines.Len(); i++ {
		header := segLen(lines.At(i - 1))
		rest -= header
		// Every line the table transformer might take for the delimiter
		// row, as it goes on past one it refuses; the table would be the
		// header line (i-1) and all the lines from i.
		if cols := delimiterColumns(src[lines.At(i).Start:lines.At(i).Stop]); cols*(lines.Len()-i) > header+rest+tableSlack {
			// A fresh paragraph with the same lines: the table
			// transformer sees only the one it was given, now detached.
			p := ast.NewParagraph()
			p.SetLines(lines)
			p.SetBlankPreviousLines(node.HasBlankPreviousLines())
			node.Parent().ReplaceChild(node.Parent(), node, p)
			return
		}
	}
}

func segLen(s gtext.Segment) int { return s.Stop - s.Start }

// delimiterColumns is the number of columns of a line that may be a
// table's delimiter row ("|---|:-:|"), or 0 when it is not one.
func delimiterColumns(line []byte) int {
	if len(bytes.Trim(line, "|-: \t\r\n")) > 0 || bytes.IndexByte(line, '-') < 0 {
		return 0
	}
	cols := 0
	for cell := range bytes.SplitSeq(line, []byte{'|'}) {
		if len(bytes.TrimSpace(cell)) > 0 {
			cols++
		}
	}
	return cols
}
