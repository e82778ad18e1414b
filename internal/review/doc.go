// Package review keeps the items the topic rules were unsure of for the
// editors to decide, and learns from what they decide.
//
// Files, under the project's feeds/ folder:
//
//   - review.jsonl is the queue: one JSON line per item that fetch did not
//     keep but whose score came close (topic.Rules.Unsure), newest first
//     and then by ID, so that its diff is stable. fetch adds to it; an
//     item already queued or already decided is not added again.
//   - decisions.jsonl is the editors' labelled examples, one line per
//     decision {id, title, summary, lang, topics, decision, date}, only
//     ever appended to. "keep" lines carry the topics chosen; "drop"
//     lines carry none.
//
// A decision (Project.Decide) takes the project lock, reads the queue
// again and fails with ErrNotQueued, writing nothing, if the item is gone
// (another editor or a fetch got there first). Otherwise it writes a kept
// item into content/news as fetch would, with pinned: true, appends the
// decision line and saves the queue without the item, in that order: a
// crash between steps leaves the item decided twice at worst, never lost;
// a kept item's file written before is found again, not written twice.
//
// Evaluate measures topic rules against labelled examples (decisions, or
// JSONL in the labelling guide's format) so that an editor sees what a rule
// change does before applying it.
package review
