// Package extract finds the article in a news page: its text as sanitized
// HTML, Markdown and plain text, its metadata (title, canonical URL, dates,
// author, site, language, lead image) and a confidence score.
//
// Callers build one Extractor with New and call Extract for each page (the
// package-level Extract uses a shared one), then ask Article.Usable whether
// the text may replace the feed's summary.
//
// The steps, in order:
//
//  1. Input is cut at DefaultMaxBytes; empty input and binary data are
//     ErrNotHTML.
//  2. Charset: the one decision feeds share (text.Decode): byte order
//     mark, HTTP Content-Type, <meta> in the first kilobyte, valid UTF-8,
//     then detection ordered by the page's lang attribute.
//  3. The text of scripts, style sheets and comments, the content of
//     inline <svg>s and the attributes nothing here reads are cut out
//     unparsed (see stripRawText; JSON-LD stays). Parse (golang.org/x/net/html,
//     scripting off so <noscript> images are seen). Markup nested deeper than the parser's limit (512 open
//     elements) is an error.
//  4. One pass records metadata (meta tags, JSON-LD, <time>, <base href>,
//     bylines) and drops what is never content: scripts, styles, frames,
//     form controls, hidden elements, ARIA chrome, the page's tag list (a
//     run of rel=tag links); lazy images get their real src.
//  5. A per-site rule from rules.yaml, when the host has one and its
//     selector matches, names the content. Otherwise the scorer measures
//     every element once, removes chrome (landmarks and negative class/id
//     hints holding under 40% of the page's text; readers' comments always,
//     named by class or id or headed "12 Comments", "网友评论": comments.go;
//     teasers of other articles after a heading such as "You may also
//     like" or "相关阅读", or one whose class says related: relatedHeading),
//     scores each paragraph into its ancestors (length, clauses, class/id
//     hints, link density, amount of text), picks the best element and
//     adds siblings that read as more of the same article. When that
//     element holds several dated posts of one class, the first is the
//     content (see firstPost).
//  6. The content is cleaned bottom-up: link-heavy or list-heavy blocks,
//     negative hints, the headline, captions and the phrases of rules.yaml
//     (ads, share labels, syndication notes, newsletter promotions) go, and so do the header
//     lines a page prints at the head of its text, down to the last
//     byline or dateline among them (see dropHead).
//  7. One walk writes minimal HTML (absolute http(s) links and images only)
//     and plain text; bluemonday sanitizes the HTML again and
//     html-to-markdown converts it.
//
// When an attempt finds under 500 units of text (see measure), steps 5
// and 6 run again on the same tree, the earlier attempt's removals undone,
// with fewer heuristics (no chrome removal, then no class hints, then no
// conditional cleaning) and the result with the most text outside
// links wins (not one over 30% links), at a lower confidence. A result
// still unsure (confidence under 0.8) gets a second opinion: the page's
// JSON-LD articleBody, or the densest run of text lines when it extends
// the first by prose, not by bylines and credits (see secondOpinion).
package extract
