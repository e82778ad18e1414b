// Package text holds the rules for text that every stage shares, one
// implementation each: the charset decision for feeds and pages (Decode),
// canonical article URLs (CanonicalURL), untrusted
// HTML reduced to text (HTMLToText), white space (CleanText), folding for
// matching and search, and shortening. It is a leaf: it imports no other
// docket package and nothing that can reach the network.
package text
