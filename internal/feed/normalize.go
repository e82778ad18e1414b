package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// trackingParams are query keys that say who shared a link, not what it is.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gclsrc": true, "msclkid": true,
	"yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "_ga": true,
	"_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true, "oly_anon_id": true,
	"oly_enc_id": true, "vero_id": true, "wickedid": true, "ref_src": true,
	"ref_url": true, "cmpid": true, "ncid": true, "ocid": true, "sr_share": true,
	"soc_src": true, "soc_trk": true, "spm": true, "cmp": true,
}

// trackingPrefixes catch families such as utm_source, utm_medium, ….
var trackingPrefixes = []string{"utm_", "pk_", "mtm_", "__twitter", "at_"}

// CanonicalURL resolves raw against base and returns the URL that names the
// article: http(s) only, scheme and host lower-cased, default port, fragment
// and tracking parameters removed. It returns "" for anything that is not a
// usable web address (javascript:, mailto:, garbage).
func CanonicalURL(raw, base string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if b, err := url.Parse(strings.TrimSpace(base)); err == nil && !u.IsAbs() {
		u = b.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return ""
	}
	if u.Host = canonicalHost(u); u.Host == "" {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	// Spaces in a query are escaped so the URL survives trimming and reparsing.
	u.RawQuery = strings.ReplaceAll(stripTracking(u.RawQuery), " ", "%20")
	u.ForceQuery = false
	out := u.String()
	// Odd hosts ("::", "[:]") survive url.Parse once but not twice.
	if back, err := url.Parse(out); err != nil || back.Hostname() == "" {
		return ""
	}
	return out
}

func canonicalHost(u *url.URL) string {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return ""
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		return host + ":" + port
	}
	return host
}

// stripTracking drops tracking keys and keeps the rest in their order, so a
// URL without tracking keys is left byte for byte as it was.
func stripTracking(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	kept := parts[:0]
	for _, p := range parts {
		key, _, _ := strings.Cut(p, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if strings.TrimSpace(p) == "" || isTracking(strings.ToLower(key)) {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "&")
}

func isTracking(key string) bool {
	if trackingParams[key] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// ItemID is the stable identity of an item: a hash of its canonical URL, else
// of its GUID, else of its title and date. The same story under another GUID
// or with tracking parameters gets the same ID.
func ItemID(canonicalURL, guid, title, date string) string {
	key := "url:" + canonicalURL
	switch {
	case canonicalURL != "":
	case strings.TrimSpace(guid) != "":
		key = "guid:" + strings.TrimSpace(guid)
	default:
		key = "title:" + strings.ToLower(CleanText(title)) + "|" + date
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// blockTags end a paragraph when feed HTML is reduced to text.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "td": true, "th": true, "section": true,
	"article": true, "figure": true, "figcaption": true, "hr": true,
}

// skipTags hold no readable text.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "iframe": true, "object": true, "template": true}

// HTMLToText reduces untrusted feed HTML to plain text: tags dropped,
// entities decoded, script and style contents removed, whitespace collapsed,
// paragraphs separated by a blank line. An inline tag separates nothing, as
// in a browser: "<b>anti</b>trust" is one word. The result is inert in any
// context that escapes text.
func HTMLToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var paras []string
	var cur strings.Builder
	skip := 0
	flush := func() {
		if t := CleanText(cur.String()); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipTags[tag] {
				skip += tagDepth(tt)
				if skip < 0 {
					skip = 0
				}
			}
			if blockTags[tag] {
				flush()
			}
		}
	}
}

func tagDepth(t html.TokenType) int {
	switch t {
	case html.StartTagToken:
		return 1
	case html.EndTagToken:
		return -1
	}
	return 0
}

// CleanText collapses runs of white space (including no-break and
// zero-width spaces) into one space and trims the ends.
func CleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\u3000':
			return ' '
		case '\u200b', '\ufeff':
			return -1
		}
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanTitle decodes entities and drops tags that some feeds leave in
// titles ("AT&amp;T", "<b>Breaking</b>").
func cleanTitle(s string) string {
	if strings.ContainsAny(s, "<&") {
		return CleanText(strings.ReplaceAll(HTMLToText(s), "\n\n", " "))
	}
	return CleanText(s)
}

// uniqueSorted returns the distinct non-empty cleaned strings, sorted.
func uniqueSorted(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = CleanText(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
