// Package feed turns the bytes of a syndication feed into clean items: it
// parses, and nothing else. The files that describe the sources
// (feeds/feeds.yaml, feeds/state.json, feeds/removed.yaml, OPML) belong to
// internal/sources.
//
// Parsing goes through four steps, in this order:
//
//  1. Decode: the bytes become UTF-8 by the one charset decision the
//     article pages share (text.Decode: byte order mark, HTTP charset,
//     the XML declaration, valid UTF-8, detection ordered by the source's
//     language, windows-1252), named as WHATWG names it; the XML
//     declaration is then rewritten to say utf-8 so the XML decoder does
//     not convert a second time.
//  2. Parse: gofeed's Parser.Parse (RSS 0.9x/1.0/2.0, Atom, JSON Feed). When it
//     fails, a repair pass (bare ampersands, unterminated CDATA, control
//     characters) runs once and parsing is retried, and then once more with
//     a document cut off in transfer ended after its last complete item.
//  3. Normalise: text trimmed and entities decoded, links made absolute and
//     canonical (tracking parameters, fragment and host case removed;
//     feedburner:origLink over FeedBurner's redirector; a link to the home
//     page or the feed is no link), dates read in the feed's time zone,
//     summaries reduced to plain text.
//  4. Identify: an item's ID is a hash of its canonical URL, else its GUID,
//     else its title and date (title alone when undated), so the same story
//     seen twice is one item; a feed's second copy of an item is dropped.
//
// Nothing here does network I/O: internal/fetch brings the bytes.
package feed
