package sources

import (
	"strings"

	"docket/internal/text"
)

// Keys are the keys that tell r from other items (fetch's index). A URL
// names one story whichever feed brings it, and whichever scheme (a site that moves to https links its
// old items anew); a GUID is unique only within its feed (two feeds both
// using "1" are two stories), and so is an ID made from a GUID, for an
// item without a URL.
func (r ItemRef) Keys() []string {
	var keys []string
	u := text.CanonicalURL(r.URL, "")
	switch {
	case r.ID != "" && u != "":
		keys = append(keys, "id:"+r.ID)
	case r.ID != "":
		keys = append(keys, "id:"+r.Feed+"\x00"+r.ID)
	}
	if u != "" {
		keys = append(keys, "url:"+strings.TrimPrefix(strings.TrimPrefix(u, "http:"), "https:"))
	}
	if r.GUID != "" {
		keys = append(keys, "guid:"+r.Feed+"\x00"+r.GUID)
	}
	return keys
}
