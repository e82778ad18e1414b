package feed

import "docket/internal/text"

// HTMLToText is text.HTMLToText.
//
// Deprecated: kept only while internal/story's corpus test, which another
// branch is changing, still names it; use text.HTMLToText.
func HTMLToText(s string) string { return text.HTMLToText(s) }

// CanonicalURL is text.CanonicalURL.
//
// Deprecated: as HTMLToText; use text.CanonicalURL.
func CanonicalURL(raw, base string) string { return text.CanonicalURL(raw, base) }
