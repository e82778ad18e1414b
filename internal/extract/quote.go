package extract

import (
	"bytes"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// renderQuote writes a <blockquote> as the commonmark plugin does, but
// settles the Markdown escapes of its text before prefixing the lines with
// "> ", as the plugin does for list items. The plugin left them to the end,
// when a "#" or "-" that began a quoted line no longer began one, so
// they were dropped and quoted text became headings and lists. (The
// converter escapes no "|" anywhere: rows of pipes make a table, quoted
// or not.)
func renderQuote(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	content := bytes.TrimSpace(buf.Bytes())
	if len(content) == 0 {
		return converter.RenderSuccess
	}
	content = ctx.UnEscapeContent(squeezeNewlines(content))
	for _, hard := range []string{"  \n\n", "  \n  \n", "  \n \n"} { // a hard break before a blank line says nothing
		content = bytes.ReplaceAll(content, []byte(hard), []byte("\n\n"))
	}
	w.WriteString("\n\n> ")
	w.Write(bytes.ReplaceAll(content, []byte("\n"), []byte("\n> ")))
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// squeezeNewlines keeps at most two line breaks in a row, and the spaces
// before a kept one, dropping those before a dropped one.
func squeezeNewlines(s []byte) []byte {
	out := make([]byte, 0, len(s))
	newlines, spaces := 0, 0
	for _, c := range s {
		switch c {
		case '\n':
			newlines++
			if newlines <= 2 {
				out = append(out, bytes.Repeat([]byte{' '}, spaces)...)
				out = append(out, '\n')
			}
			spaces = 0
		case ' ':
			spaces++
		default:
			newlines = 0
			out = append(out, bytes.Repeat([]byte{' '}, spaces)...)
			out = append(out, c)
			spaces = 0
		}
	}
	return append(out, bytes.Repeat([]byte{' '}, spaces)...)
}
