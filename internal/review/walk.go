package review

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"docket/internal/lock"
)

// Explainer writes how the rules scored an item (topic.Rules.Explain
// through an adapter); nil shows only the doubts.
type Explainer func(w io.Writer, it Item) error

// Tally counts what a walk through the queue did. Left is what is still
// queued at the end; Refused, the items whose every decision was refused.
type Tally struct{ Kept, Dropped, Skipped, Refused, Left int }

// Walk shows each queued item on out and reads one key per item, one
// line at a time, from in: k keeps it with the topics the rules were
// unsure of, t asks for the topics and keeps it, d drops it, s skips it,
// q (or the end of in) stops. Each decision is made with Decide, so an
// item decided elsewhere meanwhile is reported and skipped.
func (p Project) Walk(in io.Reader, out io.Writer, explain Explainer) (Tally, error) {
	q, err := p.load(out)
	if err != nil {
		return Tally{}, err
	}
	items := q.Items()
	lines := bufio.NewScanner(in)
	lines.Buffer(nil, 1<<20) // a pasted line longer than 64 KiB is read, not the end of the walk
	var n Tally
	for i, it := range items {
		if err := p.show(out, i+1, len(items), it, explain); err != nil {
			return n, err
		}
		done, err := p.ask(out, lines, it, &n)
		if err != nil {
			return n, err
		}
		if done {
			break
		}
	}
	// Counted from the file: fetch or another editor may have changed it.
	if q, err = p.load(out); err != nil {
		return n, err
	}
	n.Left = len(q.Items())
	fmt.Fprintf(out, "\nkept %d, dropped %d, skipped %d; %d left in %s\n", n.Kept, n.Dropped, n.Skipped, n.Left, QueuePath)
	if n.Refused > 0 {
		return n, fmt.Errorf("review: the decisions on %d item(s) were refused; they stay queued", n.Refused)
	}
	return n, nil
}

// load reads the queue; a broken decisions line is a warning here, as it
// only keeps the item it names from being queued again.
func (p Project) load(out io.Writer) (*Queue, error) {
	q, err := p.Load()
	if q != nil && err != nil {
		fmt.Fprintf(out, "warning: %v\n", err)
		err = nil
	}
	return q, err
}

func (p Project) show(out io.Writer, i, total int, it Item, explain Explainer) error {
	fmt.Fprintf(out, "\n[%d/%d] %s\n", i, total, it.Title)
	fmt.Fprintf(out, "source: %s (%s), %s\n", it.Source, it.Feed, it.Date.Format(time.DateOnly))
	if it.URL != "" {
		fmt.Fprintf(out, "url: %s\n", it.URL)
	}
	if it.Summary != "" {
		fmt.Fprintf(out, "summary: %s\n", it.Summary)
	}
	for _, d := range it.Doubts {
		fmt.Fprintf(out, "unsure: %s, score %v of %v: %s\n", d.Topic, d.Score, d.Threshold, d.Why)
	}
	if explain == nil {
		return nil
	}
	return explain(out, it)
}

// ask reads keys until one decides the item; done is true on q or EOF.
// A refused decision (ErrRefused, or a fetch holding the project) is said
// and the item asked again, as another key, a drop say, may go through;
// after maxRefusals the item is left queued and counted as refused.
func (p Project) ask(out io.Writer, lines *bufio.Scanner, it Item, n *Tally) (done bool, err error) {
	refused := 0
	for refused < maxRefusals {
		fmt.Fprint(out, "[k]eep, [d]rop, [t]opics, [s]kip, [q]uit? ")
		key, ok := readLine(lines)
		if !ok {
			fmt.Fprintln(out)
			if refused > 0 {
				n.Refused++
			}
			return true, lines.Err()
		}
		decision, topics := "", []string(nil)
		switch key {
		case "k", "keep":
			// The rules may have lost a doubted topic since fetch queued it.
			if err := p.check(Keep, it.DoubtTopics()); err != nil {
				fmt.Fprintf(out, "%v; choose the topics with t\n", err)
				continue
			}
			decision, topics = Keep, it.DoubtTopics()
		case "d", "drop":
			decision = Drop
		case "t", "topics":
			fmt.Fprintf(out, "topics (%s), separated by commas or spaces: ", strings.Join(p.Topics, ", "))
			line, ok := readLine(lines)
			if !ok {
				fmt.Fprintln(out)
				return true, lines.Err()
			}
			topics = once(strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' }))
			if err := p.check(Keep, topics); err != nil {
				fmt.Fprintln(out, err)
				continue
			}
			decision = Keep
		case "s", "skip":
			n.Skipped++
			return false, nil
		case "q", "quit":
			return true, nil
		default:
			fmt.Fprintf(out, "%q is not one of the keys\n", key)
			continue
		}
		err := p.record(out, it, decision, topics, n)
		if errors.Is(err, ErrRefused) || errors.Is(err, lock.ErrBusy) {
			fmt.Fprintln(out, err)
			refused++
			continue
		}
		return false, err
	}
	fmt.Fprintf(out, "refused %d times: left in the queue\n", refused)
	n.Refused++
	return false, nil
}

// maxRefusals is how many refused decisions an item is asked again for.
const maxRefusals = 3

func (p Project) record(out io.Writer, it Item, decision string, topics []string, n *Tally) error {
	res, err := p.Decide(it.ID, decision, topics)
	switch {
	case errors.Is(err, ErrNotQueued):
		fmt.Fprintf(out, "%v (decided elsewhere?)\n", err)
		return nil
	case err != nil:
		return err
	case res.Had:
		n.Kept++
		fmt.Fprintf(out, "kept: content/%s has it already; nothing written\n", res.Path)
	case decision == Keep:
		n.Kept++
		fmt.Fprintf(out, "kept: content/%s (pinned, %s)\n", res.Path, strings.Join(topics, ", "))
		if len(res.Left) > 0 {
			fmt.Fprintf(out, "left out, no longer in feeds/entities.yaml: %s\n", strings.Join(res.Left, ", "))
		}
	default:
		n.Dropped++
		fmt.Fprintln(out, "dropped")
	}
	return nil
}

func readLine(lines *bufio.Scanner) (string, bool) {
	if !lines.Scan() {
		return "", false
	}
	return strings.ToLower(strings.TrimSpace(lines.Text())), true
}
