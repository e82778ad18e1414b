package topic

import (
	"strings"

	"docket/internal/text"
)

// summaryText is a summary as the rules read it: feed summaries may be
// HTML. Text without markup is returned as it is.
func summaryText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	return text.HTMLToText(s)
}
