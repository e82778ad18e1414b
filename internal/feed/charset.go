package feed

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

// boms maps byte order marks to their encodings; longest first, because the
// UTF-32LE mark starts with the UTF-16LE one.
var boms = []struct {
	mark  []byte
	label string
}{
	{[]byte{0x00, 0x00, 0xFE, 0xFF}, "utf-32be"},
	{[]byte{0xFF, 0xFE, 0x00, 0x00}, "utf-32le"},
	{[]byte{0xEF, 0xBB, 0xBF}, "utf-8"},
	{[]byte{0xFE, 0xFF}, "utf-16be"},
	{[]byte{0xFF, 0xFE}, "utf-16le"},
}

// xmlStarts recognises "<?" in UTF-16/32 without a byte order mark, as the
// XML specification's appendix F suggests.
var xmlStarts = []struct {
	prefix []byte
	label  string
}{
	{[]byte{0x00, 0x00, 0x00, '<'}, "utf-32be"},
	{[]byte{'<', 0x00, 0x00, 0x00}, "utf-32le"},
	{[]byte{0x00, '<', 0x00, '?'}, "utf-16be"},
	{[]byte{'<', 0x00, '?', 0x00}, "utf-16le"},
}

// legacyByLanguage is the charset guessed for undeclared, non-UTF-8 bytes.
var legacyByLanguage = map[string]string{
	"zh": "gb18030", "zh-cn": "gb18030", "zh-tw": "big5", "zh-hk": "big5",
	"ja": "shift_jis", "ko": "euc-kr", "ru": "windows-1251", "uk": "windows-1251",
	"pl": "iso-8859-2", "cs": "iso-8859-2", "he": "windows-1255", "th": "tis-620",
}

var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*\?>`)
var declEncoding = regexp.MustCompile(`encoding\s*=\s*["']([^"']*)["']`)

// ToUTF8 converts a feed's bytes to UTF-8 and reports the charset it used.
// The order of evidence is: byte order mark, UTF-16/32 shape, the HTTP
// Content-Type charset (unless it says UTF-8 of bytes that are not and the
// XML declaration names a legacy charset), the XML declaration, valid
// UTF-8, then the legacy charset of lang (a BCP 47 tag such as "zh-CN") or
// windows-1252. The XML declaration of the result says utf-8, so parsers
// do not convert twice.
func ToUTF8(body []byte, contentType, lang string) ([]byte, string, error) {
	label := detectCharset(body, contentType, lang)
	out, err := decodeAs(body, label)
	if err != nil {
		return nil, label, fmt.Errorf("feed: charset %s: %w", label, err)
	}
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	return rewriteDecl(out), label, nil
}

func detectCharset(body []byte, contentType, lang string) string {
	for _, b := range boms {
		if bytes.HasPrefix(body, b.mark) {
			return b.label
		}
	}
	for _, s := range xmlStarts {
		if bytes.HasPrefix(body, s.prefix) {
			return s.label
		}
	}
	decl := declaredCharset(body)
	if l := httpCharset(contentType); l != "" {
		// A server's default "charset=utf-8" on bytes that are not UTF-8
		// is wrong for certain: a legacy charset in the XML declaration
		// knows better. Without one, a stray bad byte is likelier.
		if l == "utf-8" && decl != "" && decl != "utf-8" && !utf8.Valid(body) {
			return decl
		}
		return l
	}
	if decl != "" {
		return decl
	}
	if utf8.Valid(body) {
		return "utf-8"
	}
	if l, ok := legacyByLanguage[strings.ToLower(lang)]; ok {
		return l
	}
	if l, ok := legacyByLanguage[strings.ToLower(primaryTag(lang))]; ok {
		return l
	}
	return "windows-1252"
}

// declaredCharset is the encoding the XML declaration names, or "" when
// it names none, an unknown one or a UTF-16/32 one (see isUnicodeFamily).
func declaredCharset(body []byte) string {
	if m := xmlDecl.Find(body); m != nil {
		if e := declEncoding.FindSubmatch(m); e != nil {
			if l := knownLabel(string(e[1])); l != "" && !isUnicodeFamily(l) {
				return l
			}
		}
	}
	return ""
}

// isUnicodeFamily reports labels that a declaration may name although the
// bytes are plain UTF-8 (a "utf-16" declaration in a file without zero bytes
// was transcoded by a server that kept the old prolog).
func isUnicodeFamily(label string) bool {
	return strings.HasPrefix(label, "utf-16") || strings.HasPrefix(label, "utf-32")
}

func httpCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return knownLabel(params["charset"])
}

// knownLabel normalises a charset label, or returns "" for unknown ones so
// that the next piece of evidence is used instead.
func knownLabel(label string) string {
	label = strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch label {
	case "":
		return ""
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn":
		// GB18030 is a superset: servers that say gb2312 often send GBK.
		return "gb18030"
	case "utf-32", "utf-32be", "utf-32le", "ucs-4":
		return strings.Replace(label, "ucs-4", "utf-32", 1)
	case "us-ascii", "ascii":
		// Real "ASCII" feeds are usually UTF-8 or windows-1252; decoding as
		// UTF-8 first keeps both right when the bytes are valid.
		return "us-ascii"
	}
	if _, name := charset.Lookup(label); name != "" {
		return name
	}
	return ""
}

func decodeAs(body []byte, label string) ([]byte, error) {
	var enc encoding.Encoding
	switch label {
	case "utf-8":
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), nil
	case "us-ascii":
		if utf8.Valid(body) {
			return body, nil
		}
		enc, _ = charset.Lookup("windows-1252")
	case "gb18030":
		enc = simplifiedchinese.GB18030
	case "utf-16be", "utf-16le", "utf-16":
		enc = utf16For(label)
	case "utf-32be":
		enc = utf32.UTF32(utf32.BigEndian, utf32.UseBOM)
	case "utf-32le", "utf-32":
		enc = utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	default:
		enc, _ = charset.Lookup(label)
	}
	if enc == nil {
		return nil, fmt.Errorf("unsupported charset")
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	return out, err
}

func utf16For(label string) encoding.Encoding {
	if label == "utf-16be" {
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	}
	return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
}

// rewriteDecl makes the XML declaration agree with the UTF-8 bytes.
func rewriteDecl(b []byte) []byte {
	loc := xmlDecl.FindIndex(b)
	if loc == nil {
		return b
	}
	decl := b[loc[0]:loc[1]]
	if !declEncoding.Match(decl) {
		return b
	}
	fixed := declEncoding.ReplaceAll(decl, []byte(`encoding="utf-8"`))
	out := make([]byte, 0, len(b)+len(fixed)-len(decl))
	out = append(out, b[:loc[0]]...)
	out = append(out, fixed...)
	return append(out, b[loc[1]:]...)
}

func primaryTag(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		return lang[:i]
	}
	return lang
}
