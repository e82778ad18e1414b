// Package story groups news items into stories: every report of one real
// event, across outlets and languages, in one group. Cluster is a pure
// function of the items and the options: the same items give the same
// stories whatever their order.
//
// # Input
//
// An Item carries plain text (the caller strips HTML from summaries), a
// canonical URL (tracking parameters already removed), the entity IDs the
// topic rules found in it (companies and authorities; jurisdictions apart),
// and the editors' word: Story ("own" splits the item out, any other value
// pins it to the story of that ID) and Related (an editor event lists the
// news it is about; they join the event's story).
//
// # Order of evaluation
//
//  1. Items are sorted by date, then ID; undated items come last. From here
//     on nothing depends on the input order.
//  2. Each item gets features: word tokens of title, summary and the lead of
//     the body (folded: NFKD, marks dropped, lower case, Traditional Han to
//     Simplified through Options.Fold; words of spaced scripts cut to a
//     six-letter stem, Han, kana and Hangul as character bigrams), its
//     entities and jurisdictions, the money amounts it names (normalised to
//     US dollars at the ECB rate of the item's month, see rates.csv), and a
//     bottom-k sketch of the body's five-word shingles.
//  3. Features are weighted by inverse document frequency over the items
//     and every item's vector is normalised.
//  4. Candidates: items sharing a feature that is not too common (a word
//     named by few items within any Window, though it may be common over
//     the years; an entity named by few items at all), a sketch bucket or a
//     canonical URL, within Options.Window of each other. Never all pairs.
//     A pair in one language is scored when the features it shares make a
//     large enough part of its cosine; a pair in two languages whenever it
//     shares one and an entity (its words have little to share).
//  5. Each candidate pair is scored: the cosine of the vectors (text part
//     and entity part reported apart), plus a bonus for a matching amount
//     that is news (no report sharing a company or authority named it more
//     than a Window earlier: a deal's value repeated at every step of a
//     merger review is not), minus a penalty when both name large amounts
//     and share none, minus a penalty when the headlines name different
//     kinds of event and none in common (a fine and a lawsuit, a ruling and
//     an appeal: word lists in the corpora's languages, see event.go),
//     plus a small bonus when they name one in common (reports in two
//     scripts share no word, but the ruling or the fine),
//     scaled down with the time between them (to nothing at a whole Window
//     with the default Decay: reports of one event come within a day or
//     two, those of the next step of a matter days later) and capped at
//     certainty; the same canonical URL, or a near-duplicate body
//     (sketch resemblance) within a Window, makes the pair certain.
//  6. Editors first: Related and pins join items, own isolates one (an
//     item's own pin or own outranks another's Related). Then
//     groups merge by average linkage (the mean score over all pairs of
//     their members, a missing pair counting as zero) while the best mean
//     reaches Options.Threshold: one strong pair cannot chain two events.
//     Two groups that each have a wave of coverage (five reports within
//     twelve hours), their first waves more than a day apart, do not
//     merge: they are two steps of one matter.
//  7. A story's ID is the ID of its earliest member (date, then ID; dated
//     before undated), so a later report joining it leaves the ID alone. A
//     story with pins is named by its pinned value (the least, if several),
//     whether it names an item (the site pins an editor's event to itself)
//     or none.
//  8. Each member keeps why it is there: its best-scoring pair within the
//     story and the signals of that pair, or the editor's word.
package story
