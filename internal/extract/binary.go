package extract

import (
	"bytes"
	"mime"
	"net/http"
	"strings"

	"docket/internal/text"
)

// BinaryError reports input that is not text: an image, a PDF, an archive
// or noise. ContentType is what the bytes are (sniffed by their
// signature), else what the server declared, else
// "application/octet-stream".
type BinaryError struct {
	ContentType string
}

func (e *BinaryError) Error() string {
	return "extract: not an HTML page: binary data (" + e.ContentType + ")"
}

// Is makes every BinaryError match ErrNotHTML, and a PDF ErrDocument.
func (e *BinaryError) Is(target error) bool {
	return target == ErrNotHTML || target == ErrDocument && e.ContentType == "application/pdf"
}

// binary tells input that is not text from text, and names its content
// type. A file signature (PDF, images, archives, media) decides first;
// then control bytes, which text in any ASCII-compatible encoding hardly
// has (a few stray ones in old pages' comments are fine); then a declared
// non-text type, when the bytes do not look like markup.
func binary(b []byte, contentType string) (string, bool) {
	if name, _ := text.BOM(b); name != "" && name != "utf-8" {
		return "", false
	}
	if pdfStart(b) {
		return "application/pdf", true
	}
	sniffed := http.DetectContentType(b)
	if i := strings.IndexByte(sniffed, ';'); i >= 0 {
		sniffed = sniffed[:i]
	}
	switch {
	case strings.HasPrefix(sniffed, "text/"), strings.Contains(sniffed, "xml"):
		return "", false
	case sniffed != "application/octet-stream":
		return sniffed, true
	}
	// UTF-16 without a BOM is all NUL bytes to the control count; a
	// header that declares it is believed, as browsers believe it, when
	// the bytes are UTF-16 markup, not an image or an archive the header
	// mislabels.
	if _, params, err := mime.ParseMediaType(contentType); err == nil && strings.HasPrefix(strings.ToLower(params["charset"]), "utf-16") && utf16Markup(b, strings.ToLower(params["charset"])) {
		return "", false
	}
	if controlShare(b[:min(len(b), 8<<10)]) > 0.05 {
		declared, _, _ := mime.ParseMediaType(contentType)
		if declared == "" || textType(declared) {
			declared = sniffed
		}
		return declared, true
	}
	if declared, _, err := mime.ParseMediaType(contentType); err == nil && !textType(declared) && !looksLikeMarkup(b) {
		return declared, true
	}
	return "", false
}

// pdfStart reports a PDF's signature at the start of a line in the first
// kilobyte, where PDF readers look for it: a script that serves a PDF may
// print a blank line, a byte order mark or a warning before it, which
// hides the signature from http.DetectContentType.
func pdfStart(b []byte) bool {
	head := b[:min(len(b), 1024)]
	for i := 0; ; {
		j := bytes.Index(head[i:], []byte("%PDF-"))
		if j < 0 {
			return false
		}
		j += i
		if j == 0 || head[j-1] == '\n' || head[j-1] == '\r' || j == 3 && bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
			return true
		}
		i = j + 1
	}
}

// utf16Markup reports bytes that begin as UTF-16 markup (in the byte
// order the charset names; little-endian by default, as browsers read a
// bare "utf-16"): a '<' first but for white space, and hardly any control
// characters in the first 512 code units.
func utf16Markup(b []byte, charset string) bool {
	unit := func(i int) uint16 {
		if strings.HasSuffix(charset, "be") {
			return uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return uint16(b[2*i+1])<<8 | uint16(b[2*i])
	}
	n := min(len(b)/2, 512)
	first, controls := uint16(0), 0
	for i := range n {
		switch u := unit(i); {
		case u == ' ' || u == '\t' || u == '\n' || u == '\r' || u == '\f' || u == 0xFEFF:
		case u < 0x20:
			controls++
		case first == 0:
			first = u
		}
	}
	return first == '<' && controls*20 <= n
}

// controlShare is the share of bytes that are C0 controls other than
// white space and ESC (which ISO-2022 text uses).
func controlShare(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

func textType(t string) bool {
	return strings.HasPrefix(t, "text/") || strings.Contains(t, "xml") || strings.Contains(t, "html") ||
		t == "application/octet-stream" || t == "application/json"
}

// looksLikeMarkup reports a tag near the start: servers send error pages
// under the type of the file they could not serve.
func looksLikeMarkup(b []byte) bool {
	head := strings.ToLower(string(b[:min(len(b), 1024)]))
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype") ||
		strings.Contains(head, "<body") || strings.Contains(head, "<head") || strings.Contains(head, "<p>")
}
