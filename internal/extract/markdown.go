package extract

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The Markdown of an article is written from its sanitized HTML, which
// holds only the few elements the writer produces (see keptTags): blocks
// become CommonMark blocks, tables GitHub's pipe tables, and text is
// escaped wherever it would otherwise read as Markdown syntax. A general
// HTML-to-Markdown converter did the same at a sixth of the extractor's
// time.

// markdown converts sanitized content HTML to Markdown.
func markdown(src string) (string, error) {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return "", err
	}
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return joinBlocks(mdBlocks(root)), nil
}

// block is one Markdown block; list marks a list, which follows its
// item's text with no blank line between.
type block struct {
	text string
	list bool
}

func joinBlocks(bs []block) string {
	var b strings.Builder
	for i, x := range bs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(x.text)
	}
	return b.String()
}

// joinItem joins a list item's blocks: a nested list directly under the
// text before it.
func joinItem(bs []block) string {
	var b strings.Builder
	for i, x := range bs {
		switch {
		case i == 0:
		case x.list:
			b.WriteString("\n")
		default:
			b.WriteString("\n\n")
		}
		b.WriteString(x.text)
	}
	return b.String()
}

// mdBlocks returns the Markdown blocks of n's children: block elements
// each give theirs, and each run of inline content between them is a
// paragraph.
func mdBlocks(n *html.Node) []block {
	var out []block
	var para strings.Builder
	flush := func() {
		if p := paragraph(para.String()); p != "" {
			out = append(out, block{text: p})
		}
		para.Reset()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && mdBlockTags[c.DataAtom] {
			flush()
			out = append(out, mdBlock(c)...)
			continue
		}
		mdInline(&para, c)
	}
	flush()
	return out
}

// mdBlockTags are the elements written as blocks of their own.
var mdBlockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Caption: true,
}

// mdBlock writes one block element.
func mdBlock(n *html.Node) []block {
	switch n.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		var b strings.Builder
		mdInlineAll(&b, n)
		if t := oneLine(b.String()); t != "" {
			level := int(n.Data[1] - '0')
			return []block{{text: strings.Repeat("#", level) + " " + t}}
		}
		return nil
	case atom.Ul, atom.Ol:
		if l := mdList(n); l != "" {
			return []block{{text: l, list: true}}
		}
		return nil
	case atom.Blockquote:
		if q := prefixLines(joinBlocks(mdBlocks(n)), "> ", ">"); q != "" {
			return []block{{text: q}}
		}
		return nil
	case atom.Pre:
		return []block{{text: mdPre(n)}}
	case atom.Table:
		if layoutTable(n) {
			return mdCells(n)
		}
		return mdTable(n)
	case atom.Hr:
		return []block{{text: "* * *"}}
	}
	return mdBlocks(n)
}

// paragraph finishes a run of inline Markdown: text escaped, white space
// collapsed, a hard break ("  ") at the end of a line that a <br> ended,
// and a blank line where two did (pages that mark paragraphs so).
func paragraph(raw string) string {
	esc := escapeLines(raw)
	var b strings.Builder
	b.Grow(len(esc))
	blank := false
	for len(esc) > 0 {
		var l string
		l, esc, _ = strings.Cut(esc, "\n")
		l = collapseLine(l)
		switch {
		case l == "":
			blank = b.Len() > 0
			continue
		case b.Len() == 0:
		case blank:
			b.WriteString("\n\n")
		default:
			b.WriteString("  \n")
		}
		b.WriteString(l)
		blank = false
	}
	return b.String()
}

// collapseLine trims l and turns runs of spaces into one; sanitized text
// has no other white space, and most lines need no change.
func collapseLine(l string) string {
	l = strings.Trim(l, " ")
	if !strings.Contains(l, "  ") {
		return l
	}
	return strings.Join(strings.Fields(l), " ")
}

// oneLine is inline Markdown as a single line (a heading, a table cell).
func oneLine(raw string) string {
	return strings.Join(strings.Fields(escapeLines(raw)), " ")
}

// mdList writes a list, one item per line, continuation lines indented
// under the item's text.
func mdList(n *html.Node) string {
	var items []string
	num := 1
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		marker := "- "
		if n.DataAtom == atom.Ol {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		body := joinItem(mdBlocks(c))
		if c.DataAtom != atom.Li {
			body = joinItem(mdBlock(c))
		}
		if body == "" {
			continue
		}
		indent := strings.Repeat(" ", len(marker))
		lines := strings.Split(body, "\n")
		for i := range lines {
			if i == 0 {
				lines[i] = marker + lines[i]
			} else if lines[i] != "" {
				lines[i] = indent + lines[i]
			}
		}
		items = append(items, strings.Join(lines, "\n"))
	}
	return strings.Join(items, "\n")
}

// prefixLines puts prefix before each line of s (blank lines get blank).
func prefixLines(s, prefix, blank string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = blank
		} else {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

// mdPre writes preformatted text as a fenced code block, with a fence
// longer than any run of backticks inside.
func mdPre(n *html.Node) string {
	body := strings.Trim(textContent(n), "\n")
	fence := "```"
	for strings.Contains(body, fence) {
		fence += "`"
	}
	return fence + "\n" + body + "\n" + fence
}

// textContent is n's text exactly as written, white space kept.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.DataAtom == atom.Br:
				b.WriteByte('\n')
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// mdTable writes a pipe table: the first row is the header, columns are
// padded to their widest cell.
func mdTable(n *html.Node) []block {
	var rows [][]string
	var caption []block
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, mdRow(c))
			case atom.Caption:
				caption = append(caption, mdBlocks(c)...)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				walk(c)
			}
		}
	}
	walk(n)
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return caption
	}
	width := make([]int, cols)
	for _, r := range rows {
		for i, cell := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell), 3)
		}
	}
	lines := make([]string, 0, len(rows)+1)
	for i, r := range rows {
		lines = append(lines, tableLine(r, width))
		if i == 0 {
			lines = append(lines, tableRule(width))
		}
	}
	return append(caption, block{text: strings.Join(lines, "\n")})
}

// layoutTable reports a table that lays out a page rather than holding
// data: one column, or a cell holding blocks (paragraphs, lists, another
// table). Its cells are written as blocks, in order.
func layoutTable(n *html.Node) bool {
	cols, blocks := 0, false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !blocks; c = c.NextSibling {
			switch c.DataAtom {
			case atom.Thead, atom.Tbody, atom.Tfoot:
				walk(c)
			case atom.Tr:
				row := 0
				for d := c.FirstChild; d != nil; d = d.NextSibling {
					if d.DataAtom == atom.Td || d.DataAtom == atom.Th {
						row++
						blocks = blocks || holdsBlocks(d)
					}
				}
				cols = max(cols, row)
			}
		}
	}
	walk(n)
	return blocks || cols == 1
}

func holdsBlocks(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (mdBlockTags[c.DataAtom] || holdsBlocks(c)) {
			return true
		}
	}
	return false
}

// mdCells writes a layout table's cells as blocks.
func mdCells(n *html.Node) []block {
	var out []block
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr:
			out = append(out, mdCells(c)...)
		case atom.Td, atom.Th, atom.Caption:
			out = append(out, mdBlocks(c)...)
		}
	}
	return out
}

// mdRow returns a row's cells as single lines of Markdown.
func mdRow(tr *html.Node) []string {
	var cells []string
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom != atom.Td && c.DataAtom != atom.Th {
			continue
		}
		var b strings.Builder
		mdInlineAll(&b, c)
		cells = append(cells, strings.ReplaceAll(oneLine(b.String()), "|", `\|`))
	}
	return cells
}

func tableLine(cells []string, width []int) string {
	var b strings.Builder
	b.WriteByte('|')
	for i, w := range width {
		cell := ""
		if i < len(cells) {
			cell = cells[i]
		}
		b.WriteString(" " + cell + strings.Repeat(" ", w-utf8.RuneCountInString(cell)) + " |")
	}
	return b.String()
}

func tableRule(width []int) string {
	var b strings.Builder
	b.WriteByte('|')
	for _, w := range width {
		b.WriteString(strings.Repeat("-", w+2) + "|")
	}
	return b.String()
}

// mdInlineAll writes all of n's content inline, blocks included (a table
// cell's Markdown is one line).
func mdInlineAll(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && mdBlockTags[c.DataAtom] {
			b.WriteByte(' ')
			mdInlineAll(b, c)
			b.WriteByte(' ')
			continue
		}
		mdInline(b, c)
	}
}

// Inline text is written raw into the paragraph's builder with its
// Markdown marks; escapeLines escapes the text between them once the
// paragraph is complete. Marks are kept apart from text by the private
// use characters below, which sanitized text never holds (the writer
// turns them into spaces).
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// mdInline writes one inline node.
func mdInline(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(strings.Map(dropMarks, n.Data))
		return
	case html.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Br:
		mark(b, "  \n")
	case atom.Img:
		src := attr(n, "src")
		if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
			return
		}
		mark(b, "![")
		b.WriteString(strings.Map(dropMarks, attr(n, "alt")))
		mark(b, "]("+mdURL(src)+")")
	case atom.A:
		wrap(b, n, "[", "]("+mdURL(attr(n, "href"))+")")
	case atom.Em, atom.I, atom.Cite:
		wrap(b, n, "*", "*")
	case atom.Strong, atom.B:
		wrap(b, n, "**", "**")
	case atom.S, atom.Del:
		wrap(b, n, "~~", "~~")
	case atom.Code:
		code := strings.Join(strings.Fields(textContent(n)), " ")
		fence := "`"
		for strings.Contains(code, fence) {
			fence += "`"
		}
		if code != "" {
			mark(b, fence+code+fence)
		}
	default:
		mdChildren(b, n)
	}
}

func mdChildren(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		mdInline(b, c)
	}
}

// wrap writes n's content between open and close (emphasis, a link),
// with the spaces and line breaks at its edges moved outside: CommonMark
// does not open "* x*", and a break belongs to the line, not the link.
// Content with no text is written as it is.
func wrap(b *strings.Builder, n *html.Node, open, close string) {
	var inner strings.Builder
	mdChildren(&inner, n)
	lead, core, trail := edges(inner.String())
	if strings.TrimSpace(strings.Map(dropMarks, core)) == "" && !strings.Contains(core, "![") {
		b.WriteString(inner.String())
		return
	}
	b.WriteString(lead)
	mark(b, open)
	b.WriteString(core)
	mark(b, close)
	b.WriteString(trail)
}

// brMark is a hard line break as mdInline writes it.
const brMark = string(markOpen) + "  \n" + string(markClose)

// edges splits s into the spaces and breaks it starts with, its core,
// and the spaces and breaks it ends with.
func edges(s string) (lead, core, trail string) {
	core = s
	for strings.HasPrefix(core, " ") || strings.HasPrefix(core, brMark) {
		core = strings.TrimPrefix(strings.TrimPrefix(core, " "), brMark)
	}
	lead = s[:len(s)-len(core)]
	rest := core
	for strings.HasSuffix(core, " ") || strings.HasSuffix(core, brMark) {
		core = strings.TrimSuffix(strings.TrimSuffix(core, " "), brMark)
	}
	return lead, core, rest[len(core):]
}

// mark writes Markdown syntax that escaping must leave alone.
func mark(b *strings.Builder, s string) {
	b.WriteRune(markOpen)
	b.WriteString(s)
	b.WriteRune(markClose)
}

func dropMarks(r rune) rune {
	if r == markOpen || r == markClose {
		return ' '
	}
	return r
}

// mdURL writes a link target, in angle brackets when it holds spaces or
// parentheses.
func mdURL(u string) string {
	if strings.ContainsAny(u, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(u) + ">"
	}
	return u
}

// escapeLines escapes a paragraph's text outside its marks, and each
// line's start where it would begin a block (a heading, a list, a quote).
func escapeLines(p string) string {
	var b strings.Builder
	lineStart := true
	for len(p) > 0 {
		i := strings.IndexRune(p, markOpen)
		if i < 0 {
			i = len(p)
		}
		if i > 0 {
			b.WriteString(escapeText(p[:i], lineStart))
			lineStart = false
		}
		if i == len(p) {
			break
		}
		p = p[i+len(string(markOpen)):]
		j := strings.IndexRune(p, markClose)
		if j < 0 {
			j = len(p)
		}
		b.WriteString(p[:j])
		lineStart = strings.HasSuffix(p[:j], "\n")
		p = p[min(len(p), j+len(string(markClose))):]
	}
	return b.String()
}

// escapeText backslash-escapes the characters of s that Markdown would
// read as syntax; atStart says s begins a line.
func escapeText(s string, atStart bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	if atStart {
		s = strings.TrimLeft(s, " ")
		b.WriteString(escapeLineStart(s))
		s = s[len(lineStartSyntax(s)):]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '*', '`', '[', ']', '~':
			b.WriteByte('\\')
		case '_':
			if wordByte(s, i-1) && wordByte(s, i+1) {
				break // snake_case is no emphasis
			}
			b.WriteByte('\\')
		case '<':
			if i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!' || s[i+1] == '?') {
				b.WriteByte('\\')
			}
		case '&':
			if i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '#') {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// lineStartSyntax returns the prefix of s that would begin a block.
func lineStartSyntax(s string) string {
	if s == "" {
		return ""
	}
	switch s[0] {
	case '#', '>', '+', '-', '=':
		return s[:1]
	}
	i := 0
	for i < len(s) && i < 9 && isDigit(s[i]) {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i+1]
	}
	return ""
}

// escapeLineStart escapes the block syntax lineStartSyntax finds.
func escapeLineStart(s string) string {
	p := lineStartSyntax(s)
	if p == "" {
		return ""
	}
	return p[:len(p)-1] + `\` + p[len(p)-1:]
}

func wordByte(s string, i int) bool {
	return i >= 0 && i < len(s) && (isLetter(s[i]) || isDigit(s[i]) || s[i] >= 0x80)
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
