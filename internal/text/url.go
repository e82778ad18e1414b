package text

import (
	"net/url"
	"strings"
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
	if canonicalAlready(raw) {
		return raw
	}
	return canonicalURL(raw, base)
}

// canonicalURL is CanonicalURL, parsing.
func canonicalURL(raw, base string) string {
	u := parseRef(raw)
	if u == nil {
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

// canonicalAlready reports an absolute URL that CanonicalURL returns as
// it is, seen without parsing it: http or https, a host name in lower
// case without a port, a path of letters, digits, "-._~" and slashes,
// and nothing after it. Most URLs an entry keeps are: fetch wrote them
// so, and each build asks again for every entry's (a story's input).
func canonicalAlready(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		return false
	}
	host, path := rest[:slash], rest[slash:]
	if host[0] == '.' || host[0] == '-' || host[len(host)-1] == '.' {
		return false
	}
	for i := range len(host) {
		if c := host[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	for i := range len(path) {
		if c := path[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			return false
		}
	}
	return true
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

// ResolveURL makes ref absolute against base (nil: none) and returns it
// when it is an http(s) URL, else "": for links that are shown or
// fetched but name no article (an image, a feed).
func ResolveURL(ref string, base *url.URL) string {
	u := parseRef(ref)
	if u == nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// parseRef parses a trimmed URL reference; nil for an empty or broken one.
func parseRef(ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	return u
}
