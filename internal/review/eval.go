package review

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"docket/internal/topic"
)

// Example is a labelled item: a decision, or a line of a labelled corpus
// ({id, title, summary, lang, topics, unsure}, see the labelling guide).
type Example struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Lang    string   `json:"lang"`
	Topics  []string `json:"topics"`
	Unsure  bool     `json:"unsure"` // the labeller could not tell: left out
	// Decision is set on decisions.jsonl lines; a drop is about no topic.
	Decision string `json:"decision"`
}

// LoadExamples reads labelled JSONL. Broken lines are errors naming the
// file and line; the others are returned with them. A label that is not
// one of topics (a typo, another case) is such an error: Evaluate would
// count it as no topic, and the rules' right answer as a false positive.
func LoadExamples(path string, topics []string) ([]Example, error) {
	return loadExamples(path, topics, false)
}

// LoadDecisionExamples is LoadExamples for the decisions file: a line
// that is not a decision (LoadDecisions' check, which review applies) is
// an error too, not an example counted by what its topics say.
func LoadDecisionExamples(path string, topics []string) ([]Example, error) {
	return loadExamples(path, topics, true)
}

func loadExamples(path string, topics []string, decisions bool) ([]Example, error) {
	return loadJSONL(path, func(ex *Example) error {
		if ex.ID == "" && ex.Title == "" {
			return fmt.Errorf("neither id nor title: not a labelled item")
		}
		if (decisions || ex.Decision != "") && (ex.ID == "" || ex.Decision != Keep && ex.Decision != Drop) {
			return errNotDecision
		}
		for _, t := range ex.Topics {
			if !slices.Contains(topics, t) {
				return fmt.Errorf("topic %q is not one of the rules' topics %q", t, topics)
			}
		}
		if ex.Decision == Drop {
			ex.Topics = nil
		}
		return nil
	})
}

// Classifier is the rules under test (*topic.Rules).
type Classifier interface {
	Classify(topic.Item) topic.Result
}

// Count is a confusion count for one topic, or for "selected at all".
type Count struct {
	Name           string
	TP, FP, FN, TN int
}

// Precision is TP/(TP+FP); ok is false when the rules chose nothing.
func (c Count) Precision() (float64, bool) { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP/(TP+FN); ok is false when the labels hold no positive.
func (c Count) Recall() (float64, bool) { return ratio(c.TP, c.TP+c.FN) }

func ratio(a, b int) (float64, bool) {
	if b == 0 {
		return 0, false
	}
	return float64(a) / float64(b), true
}

func (c *Count) add(want, got bool) {
	switch {
	case want && got:
		c.TP++
	case got:
		c.FP++
	case want:
		c.FN++
	default:
		c.TN++
	}
}

// Report is how the rules did on one set of examples.
type Report struct {
	Source   string
	Examples int // scored
	Unsure   int // left out
	Topics   []Count
	Selected Count // about any topic at all
}

// Evaluate classifies each example from its title, summary and language
// and counts, per topic and for "selected", how the rules agree with the
// labels. Unsure examples are left out.
func Evaluate(source string, cl Classifier, topics []string, exs []Example) Report {
	rep := Report{Source: source, Selected: Count{Name: "selected"}}
	for _, t := range topics {
		rep.Topics = append(rep.Topics, Count{Name: t})
	}
	for _, ex := range exs {
		if ex.Unsure {
			rep.Unsure++
			continue
		}
		rep.Examples++
		got := cl.Classify(topic.Item{ID: ex.ID, Title: ex.Title, Summary: ex.Summary, Lang: ex.Lang}).Topics
		for i := range rep.Topics {
			t := rep.Topics[i].Name
			rep.Topics[i].add(slices.Contains(ex.Topics, t), slices.Contains(got, t))
		}
		rep.Selected.add(len(ex.Topics) > 0, len(got) > 0)
	}
	return rep
}

// Write prints the report as a table.
func (rep Report) Write(w io.Writer) error {
	fmt.Fprintf(w, "%s: %d examples", rep.Source, rep.Examples)
	if rep.Unsure > 0 {
		fmt.Fprintf(w, " (%d unsure left out)", rep.Unsure)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tTP\tFP\tFN\tPRECISION\tRECALL\t")
	for _, c := range append(slices.Clone(rep.Topics), rep.Selected) {
		p, pok := c.Precision()
		r, rok := c.Recall()
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t\n", c.Name, c.TP, c.FP, c.FN, percent(p, pok), percent(r, rok))
	}
	return tw.Flush()
}

func percent(x float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}
