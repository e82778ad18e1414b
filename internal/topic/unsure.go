package topic

// Doubt is a topic an item was not selected for but came close to: the
// rules were unsure, so an editor should decide.
type Doubt struct {
	Topic     string  `json:"topic"`
	Score     float64 `json:"score"`
	Threshold float64 `json:"threshold"`
	// Why says what was missing: "score below threshold" or "evidence
	// fills no keep list".
	Why string `json:"why"`
}

// Reasons in Doubt.Why.
const (
	WhyBelow    = "score below threshold"
	WhyEvidence = "evidence fills no keep list"
)

// Unsure classifies it like Classify and also lists the topics it came
// close to. An item is close to a topic it is not about when its score is
// above 0 and either reaches the threshold while its evidence fills none
// of the keep lists (one kind of evidence where two are needed), or lies
// within the topic's margin below the threshold. A topic's margin is its
// own margin in topics.yaml, else the file's; 0 means the topic is never
// in doubt. An item selected for any topic has no doubts: the rules keep
// it.
func (r *Rules) Unsure(it Item) (Result, []Doubt) {
	ev := r.evaluate(it)
	res := ev.result(r)
	if res.Selected() {
		return res, nil
	}
	var doubts []Doubt
	for t := range r.Topics {
		tp := &r.Topics[t]
		margin, score := r.margin(tp), ev.scores[t]
		if margin <= 0 || score <= 0 {
			continue
		}
		d := Doubt{Topic: tp.ID, Score: round2(score), Threshold: tp.Threshold}
		switch {
		case reaches(score, tp.Threshold):
			d.Why = WhyEvidence // not selected though the score is reached
		case reaches(score, tp.Threshold-margin):
			d.Why = WhyBelow
		default:
			continue
		}
		doubts = append(doubts, d)
	}
	return res, doubts
}

// margin is the topic's own margin, else the file's.
func (r *Rules) margin(tp *Topic) float64 {
	if tp.Margin != nil {
		return *tp.Margin
	}
	return r.Margin
}
