// Package topic holds the editor-tunable selection rules (feeds/topics.yaml)
// and the entities they recognise (feeds/entities.yaml), and applies them
// to feed items: Rules.Classify is a pure function from an Item to a
// Result (topics, entities, jurisdictions, scores and the matches that
// explain them).
//
// # Normalisation
//
// Rules and items are compared in one normal form: Unicode NFKD (full-width
// and half-width forms, ligatures and circled digits fold to plain ones),
// combining marks dropped (é → e, ą → a), as are soft hyphens and
// zero-width spaces inside a word, a few letters spelled out (ł → l,
// ß → ss), lower case, Traditional Han folded to Simplified (反壟斷 →
// 反垄断; the table, t2s.txt, is generated from Unihan). Text is then cut
// into tokens: a run of letters and digits is one token in scripts that
// separate words, and every character is a token of its own in Han, kana
// and Hangul, which do not. So an English term matches whole words only
// ("antitrust" never inside "antitrustworthy"), a Chinese term matches
// anywhere inside a sentence, and punctuation between words is ignored
// ("price-fixing" = "price fixing"). A word of a term that ends in * matches
// any word it begins, for inflected languages ("antymonopolow*"). Case does
// not matter, but for a term written in capitals (two or more and no
// lower-case letter: US, DOJ, U.S.), which matches only words without a
// lower-case letter: the pronoun "us" is not the United States.
//
// # Order of evaluation
//
//  1. The summary's HTML is reduced to text. Title, summary and body are
//     normalised and tokenised.
//  2. Every term, entity name and context term is looked up at every token
//     (all rules were compiled into one index by Load).
//  3. Overlaps are resolved per layer, leftmost-longest first. Each topic is
//     a layer (its positive and negative terms and the names of the entities
//     its rules list), all entities are one layer, each context is one. So
//     a longer term hides a shorter one of the same topic: "drug cartel"
//     (negative) hides "cartel", "Competition and Markets Authority" hides
//     "competition".
//  4. Each remaining topic match is tested against its rule's conditions:
//     requires (a term of the named context anywhere in the item, itself
//     excluded), near (a term of the named context within `within` words,
//     across field boundaries, itself excluded), near_all (a term of every
//     named context within `within` words) and not_near (none, within
//     `not_within` words where a rule sets it). An
//     entity's except phrases ("CMA CGM", "US dollars") hide its names in
//     every layer that lists it or writes one of its names as a term
//     ("U.S."), and count for nothing themselves. A
//     rule's or a context's kinds (company, authority, jurisdiction) list
//     every entity of that kind, so "a company the tracker follows" stays
//     current as entities.yaml grows.
//  5. A term counts once per field; it adds its rule's weight times the
//     field's weight (fields: in topics.yaml; negative rules subtract).
//  6. Each counted match of a positive rule gives the kinds of evidence
//     its rule names (evidence: actor, action, measure, platform, …).
//  7. An item is about a topic when the topic's score reaches its
//     threshold and, if the topic has keep lists, the evidence fills one
//     of them (every kind in the list given by some match): so one
//     ambiguous word is never enough. Result.Matched lists the matches that
//     counted for those topics; explain shows every match, counted or not,
//     the evidence found and which keep list it met.
//  8. Entities are the companies and authorities any of whose names
//     matched; jurisdictions are the matched jurisdiction entities and the
//     home jurisdictions of matched authorities (not of companies).
//
// # Judging a rule without the held-out fold
//
// Rules are tuned on folds 1-4 of dev ∪ dev2 (folds_test.go); fold 0 is
// read only to report. TestAblate (DOCKET_ABLATE=1; =terms for every
// term, slow) takes out one rule, condition or term at a time, or scales a
// weight, and prints per tuning fold the items where it counts at all,
// those whose verdict it changes and the errors it saves, with its effect
// on the stream's precision count, the story corpus, the multilingual set
// and the TestShippedRulesCases it pins. A piece whose benefit rests on
// one fold and nothing else is fitted to that fold; the leave-one-fold-out
// line at the end takes every such piece out and scores its fold again,
// an estimate of how much of the tuning figures the held-out fold cannot
// be expected to share. TestFoldsRotate gives each fold's bootstrap SD,
// the yardstick for any gap between folds.
//
// New words are checked on data no fold holds as well: the story corpus's
// items that the rules of b69351e did not keep, labelled per the GUIDE
// before their scores were read (testdata/stories-unkept.labels.jsonl;
// most are off topic: news-payment laws, FTC privacy and Prime cases), and
// a labelled sample of what those rules kept. TestStoryMisses reports the
// recall a change gains there, what it keeps by mistake, and (with -v)
// why each on-topic miss is still missed. A word form or synonym of a term
// already in the rules goes in when it changes no tuning fold's errors
// and keeps no new off-topic stream item, and a TestShippedRulesCases pin
// that fails without it stands beside a look-alike it must leave alone.
//
// # No learned part
//
// Issue #15 asked whether a learned linear model should join the rules.
// It did not earn its place, so none ships. A logistic regression per
// topic over title and summary words and word pairs, trained on the
// tuning folds of dev ∪ dev2 (learn_test.go; DOCKET_LEARN=1 reruns it),
// scored on the held-out fold selected F1 0.729 and macro F1 0.633 alone
// (the rules then: 0.898 / 0.861) while fitting the tuning folds at 0.978: it
// learns outlets' and companies' names, not what makes an item about
// competition. Given the rules' score and verdict as two more features
// it did worse than the rules held out (selected 0.889, macro 0.851) and
// on the stream (42 of 46 labelled kept items on topic; rules 44 of 48).
// Labelled data is better spent on rules a person can read and on the
// tests that hold them.
//
// Editors' overrides (pinned, hidden) are not this package's concern: the
// caller applies them to the Result.
package topic
