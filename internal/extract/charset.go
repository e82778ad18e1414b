package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// toUTF8 decodes a page to UTF-8 and names the encoding it read. The order
// is the one browsers use: byte order mark, the HTTP Content-Type charset, a
// <meta> declaration in the first kilobyte, then detection. Declarations
// are often wrong, so valid multi-byte UTF-8 declared as UTF-8 or a Western
// single-byte charset is read as UTF-8, and bytes declared UTF-8 that are
// not valid UTF-8 go to detection.
func toUTF8(body []byte, contentType string) ([]byte, string) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	switch {
	case bytes.HasPrefix(body, utf8BOM):
		return bytes.ToValidUTF8(body[len(utf8BOM):], replacement), "utf-8"
	case certain && hasBOM(body):
		// UTF-16: decode below.
	case !hasHighBytes(body):
		return body, name
	case utf8.Valid(body) && (name == "utf-8" || singleByteWestern(name)):
		return body, "utf-8"
	case name == "utf-8" || !certain && !declaredInMeta(body):
		enc, name = detect(body)
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, replacement), "utf-8"
	}
	return out, name
}

var (
	utf8BOM     = []byte{0xEF, 0xBB, 0xBF}
	replacement = []byte("\uFFFD")
)

var boms = [][]byte{{0xFE, 0xFF}, {0xFF, 0xFE}}

func hasBOM(b []byte) bool {
	for _, bom := range boms {
		if bytes.HasPrefix(b, bom) {
			return true
		}
	}
	return false
}

func singleByteWestern(name string) bool {
	return name == "windows-1252" || name == "iso-8859-1" || name == "iso-8859-15"
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// declaredInMeta reports a charset named in the first kilobyte, which
// DetermineEncoding has then honoured without calling it certain.
func declaredInMeta(b []byte) bool {
	head := strings.ToLower(string(b[:min(len(b), 1024)]))
	return strings.Contains(head, "charset")
}

// detectCandidates are the legacy multi-byte encodings worth telling apart;
// real Chinese pages are still served as GB2312 (read as its superset
// GB18030) and Big5.
var detectCandidates = []string{"gb18030", "big5", "shift_jis", "euc-jp", "euc-kr"}

// detect guesses the encoding of undeclared, non-UTF-8 bytes: a candidate
// must decode a sample without errors and turn most non-ASCII bytes into
// letters of its own script; otherwise windows-1252, the web's default.
func detect(body []byte) (encoding.Encoding, string) {
	sample := highSample(body, 64<<10)
	best, bestName, bestScore := encoding.Encoding(nil), "", 0.0
	for _, name := range detectCandidates {
		enc, err := htmlindex.Get(name)
		if err != nil {
			continue
		}
		out, err := enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		if s := scriptScore(out); s > bestScore {
			best, bestName, bestScore = enc, name, s
		}
	}
	if bestScore >= 0.9 {
		return best, bestName
	}
	enc, _ := htmlindex.Get("windows-1252")
	return enc, "windows-1252"
}

// highSample returns up to max bytes from the first region of b that holds
// non-ASCII bytes, cut on an ASCII byte so no character is split.
func highSample(b []byte, max int) []byte {
	i := 0
	for i < len(b) && b[i] < 0x80 {
		i++
	}
	for i > 0 && b[i-1] >= 0x80 {
		i--
	}
	end := min(len(b), i+max)
	for end < len(b) && end > i && b[end-1] >= 0x80 {
		end--
	}
	return b[i:end]
}

// scriptScore is the share of non-ASCII runes in s that are CJK letters or
// CJK punctuation; replacement and stray symbols pull it down.
func scriptScore(s []byte) float64 {
	good, all := 0, 0
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		if r < 0x80 {
			continue
		}
		all++
		if isCJK(r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF {
			good++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(good) / float64(all)
}
