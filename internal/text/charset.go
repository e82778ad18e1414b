package text

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Decode reads a document's bytes (a feed or a page) as browsers do and
// returns them as UTF-8 with the charset it used, named as the WHATWG
// Encoding Standard names it ("gbk" for a GB2312 or GBK label,
// "windows-1252" for ISO-8859-1 or US-ASCII, "windows-874" for TIS-620).
// The one decision, in order:
//
//  1. a byte order mark (UTF-8, UTF-16, UTF-32), or the UTF-16/32 shape
//     of "<?" that XML's appendix F describes;
//  2. the charset of httpContentType;
//  3. the document's own declaration: the XML declaration of a document
//     that starts with one, else a <meta> charset in the first kilobyte;
//  4. valid UTF-8;
//  5. detection, for bytes that nothing declares: the legacy multi-byte
//     encodings (GBK/GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR) by the shape
//     of their bytes, tried in an order set by langHint (a BCP 47 tag such
//     as "zh-TW"; "" reads the document's lang attribute), then the
//     single-byte ones (KOI8-R, windows-1251, windows-1255, TIS-620);
//  6. the language's legacy charset, else windows-1252, the web's default.
//
// Declarations are often wrong, so a declaration of UTF-8 over bytes that
// are not UTF-8 is overridden (by a legacy charset in the document's own
// declaration, else by detection, unless the bytes are UTF-8 with a stray
// bad byte or two), and valid multi-byte UTF-8 declared as a Western
// single-byte charset is read as UTF-8. Invalid sequences become U+FFFD.
func Decode(body []byte, httpContentType, langHint string) ([]byte, string, error) {
	name, skip, valid := decide(body, httpContentType, langHint)
	body = body[skip:]
	if name == "utf-8" && valid {
		return body, name, nil // the common case: nothing to copy
	}
	if !asciiCompatible(name) || hasHighBytes(body) {
		enc := lookupEncoding(name)
		if enc == nil {
			return nil, name, fmt.Errorf("text: charset %s: unsupported", name)
		}
		if enc == encoding.Nop {
			return bytes.ToValidUTF8(body, replacement), name, nil
		}
		out, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			return nil, name, fmt.Errorf("text: charset %s: %w", name, err)
		}
		return out, name, nil
	}
	return body, name, nil
}

// Charset is Decode's decision without the decoding: the charset's WHATWG
// name and the length of a byte order mark to skip.
func Charset(body []byte, httpContentType, langHint string) (name string, bom int) {
	name, bom, _ = decide(body, httpContentType, langHint)
	return name, bom
}

// decide is Charset, and reports whether body (after a UTF-8 byte order
// mark) is valid UTF-8, which Decode then need not copy.
func decide(body []byte, httpContentType, langHint string) (name string, bom int, valid bool) {
	if name, n := BOM(body); n > 0 {
		return name, n, name == "utf-8" && utf8.Valid(body[n:])
	}
	for _, s := range xmlStarts {
		if bytes.HasPrefix(body, s.prefix) {
			return s.name, 0, false
		}
	}
	complete := trimPartialRune(body)
	valid = utf8.Valid(complete)
	whole := valid && len(complete) == len(body)
	decl := declared(body)
	for _, claim := range []string{httpCharset(httpContentType), decl} {
		switch {
		case claim == "":
			continue
		case claim == "utf-8" && !valid:
			if decl != "" && decl != "utf-8" {
				return decl, 0, false // the document knows better than the server's default
			}
			if mostlyUTF8(complete) {
				return "utf-8", 0, false // a stray bad byte is likelier than a wrong label
			}
			return detect(body, langHint), 0, false
		case valid && westernSingleByte(claim) && hasHighBytes(body):
			return "utf-8", 0, whole
		}
		return claim, 0, whole
	}
	if valid {
		return "utf-8", 0, whole
	}
	return detect(body, langHint), 0, false
}

// BOM names the Unicode encoding whose byte order mark starts b, and the
// mark's length; "", 0 for none.
func BOM(b []byte) (name string, length int) {
	for _, m := range boms {
		if bytes.HasPrefix(b, m.mark) {
			return m.name, len(m.mark)
		}
	}
	return "", 0
}

var replacement = []byte("\uFFFD")

// boms are the byte order marks, longest first: the UTF-32LE mark starts
// with the UTF-16LE one.
var boms = []struct {
	mark []byte
	name string
}{
	{[]byte{0x00, 0x00, 0xFE, 0xFF}, "utf-32be"},
	{[]byte{0xFF, 0xFE, 0x00, 0x00}, "utf-32le"},
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8"},
	{[]byte{0xFE, 0xFF}, "utf-16be"},
	{[]byte{0xFF, 0xFE}, "utf-16le"},
}

// xmlStarts recognises "<?" (or "<" for UTF-32) in UTF-16/32 without a
// byte order mark, as the XML specification's appendix F suggests.
var xmlStarts = []struct {
	prefix []byte
	name   string
}{
	{[]byte{0x00, 0x00, 0x00, '<'}, "utf-32be"},
	{[]byte{'<', 0x00, 0x00, 0x00}, "utf-32le"},
	{[]byte{0x00, '<', 0x00, '?'}, "utf-16be"},
	{[]byte{'<', 0x00, '?', 0x00}, "utf-16le"},
}

var (
	xmlDecl      = regexp.MustCompile(`^\s*<\?xml[^>]*\?>`)
	declEncoding = regexp.MustCompile(`encoding\s*=\s*["']([^"']*)["']`)
)

// declared is the charset the document names: its XML declaration's if it
// starts with one, else a <meta> in the first kilobyte, found by the HTML
// standard's prescan. A UTF-16/32 declaration in bytes that have no such
// shape (a server transcoded the file and kept the old prolog) and an
// unknown label count as none.
func declared(body []byte) string {
	if m := xmlDecl.Find(body[:min(len(body), 1024)]); m != nil {
		if e := declEncoding.FindSubmatch(m); e != nil {
			if name := Label(string(e[1])); !unicodeFamily(name) {
				return name
			}
		}
		return ""
	}
	head := body[:min(len(body), 1024)]
	if !bytes.Contains(bytes.ToLower(head), []byte("charset")) {
		return ""
	}
	// With no BOM and no Content-Type, DetermineEncoding's only source
	// of a name besides its defaults is the <meta> prescan.
	_, name, _ := charset.DetermineEncoding(head, "")
	if unicodeFamily(name) {
		return "utf-8" // as the prescan rules: a page cannot say UTF-16 of itself
	}
	return name
}

func unicodeFamily(name string) bool {
	return strings.HasPrefix(name, "utf-16") || strings.HasPrefix(name, "utf-32")
}

func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return Label(params["charset"])
}

// Label is the WHATWG name of a charset label ("GB2312" → "gbk",
// "latin1" → "windows-1252"), UTF-32 (which XML still allows) included;
// "" for an unknown label and for those WHATWG maps to its "replacement"
// encoding, so that the next piece of evidence is used instead.
func Label(label string) string {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch label {
	case "":
		return ""
	case "utf-32", "ucs-4", "utf-32le":
		return "utf-32le"
	case "utf-32be":
		return "utf-32be"
	}
	if _, name := charset.Lookup(label); name != "replacement" {
		return name
	}
	return ""
}

func lookupEncoding(name string) encoding.Encoding {
	switch name {
	case "utf-8":
		return encoding.Nop
	case "utf-32le":
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	case "utf-32be":
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return nil
	}
	return enc
}

// asciiCompatible reports encodings in which bytes below 0x80 are ASCII,
// so that text without high bytes needs no decoding.
func asciiCompatible(name string) bool {
	return !unicodeFamily(name) && name != "iso-2022-jp"
}

func westernSingleByte(name string) bool {
	return name == "windows-1252" || name == "iso-8859-15"
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end, where a
// size limit may have cut the body.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return b
		}
		if c >= 0xC0 {
			if r, _ := utf8.DecodeRune(b[len(b)-i:]); r == utf8.RuneError {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// mostlyUTF8 reports UTF-8 text with a stray bad byte or two: at least
// twice as many valid multi-byte characters as invalid bytes. Legacy
// encodings form a valid multi-byte sequence only now and then.
func mostlyUTF8(b []byte) bool {
	good, bad := 0, 0
	for len(b) > 0 {
		if b[0] < 0x80 {
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			good++
		}
		b = b[size:]
	}
	return good >= 2*bad
}

// legacyByLanguage is the charset of a language's legacy pages, used when
// detection finds nothing better than the default.
var legacyByLanguage = map[string]string{
	"zh": "gb18030", "zh-tw": "big5", "zh-hk": "big5", "zh-hant": "big5",
	"ja": "shift_jis", "ko": "euc-kr", "ru": "windows-1251", "uk": "windows-1251",
	"bg": "windows-1251", "pl": "iso-8859-2", "cs": "iso-8859-2", "sk": "iso-8859-2",
	"hu": "iso-8859-2", "he": "windows-1255", "th": "windows-874", "el": "windows-1253",
	"tr": "windows-1254",
}
