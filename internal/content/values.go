package content

import (
	"fmt"
	"net/url"
	"strings"

	"docket/internal/yamlerr"
)

// MaxSummary caps a summary, in bytes: a summary is a sentence or two,
// and every listing, feed and search result repeats it.
const MaxSummary = 4 << 10

// checkURLs requires every URL an entry publishes (url, image, sources)
// to be http(s): feeds and data files pass them on as they are, and a
// "javascript:" link there runs in whatever shows it.
func (d *Doc) checkURLs(f fields) Problems {
	var ps Problems
	one := func(key string, i int, u string) {
		if u != "" && !WebURL(u) {
			ps = append(ps, d.at(f, key, i, fmt.Sprintf("%s %q is not an http(s) URL", key, u)))
		}
	}
	one("url", -1, d.URL)
	one("image", -1, d.Image)
	for i, s := range d.Sources {
		if s.URL == "" { // it would show as a link to nowhere
			ps = append(ps, d.at(f, "sources", i, fmt.Sprintf("sources: entry %d has no url", i+1)))
			continue
		}
		one("sources", i, s.URL)
	}
	return ps
}

// WebURL reports whether u is an absolute http or https URL with a host.
func WebURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return false
	}
	s := strings.ToLower(p.Scheme)
	return s == "http" || s == "https"
}

// checkText keeps summaries within MaxSummary.
func (d *Doc) checkText(f fields) Problems {
	if len(d.Summary) > MaxSummary {
		return Problems{d.at(f, "summary", -1, fmt.Sprintf("summary is %d bytes, more than %d: shorten it, the body holds the rest", len(d.Summary), MaxSummary))}
	}
	return nil
}

// invalidUTF8 locates the first byte of data that is not UTF-8, or
// returns false when all is well. Such bytes would reach the pages as
// they are, and readers show them as garbage.
func invalidUTF8(display string, data []byte) (Problem, bool) {
	line, col, msg, bad := yamlerr.FindInvalidUTF8(data)
	return Problem{Path: display, Line: line, Col: col, Msg: msg}, bad
}
