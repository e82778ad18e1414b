package story

import (
	"strings"
	"unicode"

	"docket/internal/text"
)

// Event kinds: the action a headline reports. Two reports about the same
// company in the same days are often about different actions (a fine and a
// lawsuit, a ruling and the appeal against it); their headlines say so in
// any language.
const (
	evFine = 1 << iota
	evBlock
	evApprove
	evSue
	evRuling
	evProbe
	evLaw
	evComply
	evAppeal
	evSettle
)

// eventWords are folded (lower case, no accents, ł → l, Simplified Han)
// words or word beginnings ending in "*" of spaced scripts, by kind.
var eventWords = map[int][]string{
	evFine: {"fine", "fined", "fines", "penalty", "penalties", "penalised", "penalized",
		"geldbusse*", "geldstrafe*", "bussgeld*", "strafe", "amende*", "sanctionne*",
		"kara", "kare", "kary", "karze", "ukaral*", "nalozyl*", "multa"},
	evBlock: {"block", "blocks", "blocked", "blocking", "prohibit*", "veto*", "rejects", "rejected",
		"untersag*", "stoppt", "blockiert*", "bloque*", "interdit", "blokuj*", "zablok*", "zakaz*"},
	evApprove: {"approve", "approves", "approved", "approval", "clears", "cleared", "clearance",
		"genehmig*", "freigabe", "autorise*", "zatwierdz*", "zgod*"},
	evSue: {"sue", "sues", "sued", "suing", "lawsuit*", "klage", "verklagt", "poursuit*", "pozew", "pozywa*", "pozwal*"},
	evRuling: {"ruling", "ruled", "verdict", "judge", "judgment", "judgement", "urteil*", "richter*",
		"jugement", "juge", "condamne*", "wyrok*", "orzek*", "orzecz*", "sedzia"},
	evProbe: {"probe", "probes", "probing", "investigation*", "investigates", "investigating", "inquiry",
		"raid", "raids", "raided", "ermittl*", "untersuchung*", "enquete*", "dochodzeni*", "sledztw*", "postepowani*"},
	evLaw:    {"law", "laws", "bill", "legislation", "gesetz*", "loi", "ustaw*"},
	evComply: {"compliance", "comply", "complies", "deadline", "deadlines", "gatekeeper*", "obowiazywac", "obowiazuj*", "vigueur"},
	evAppeal: {"appeal", "appeals", "appealed", "appealing", "berufung", "odwolani*", "odwola*", "apelacj*"},
	evSettle: {"settle", "settles", "settled", "settlement*", "vergleich", "ugod*"},
}

// eventRunes are folded strings of unspaced scripts (Chinese, Japanese,
// Korean), by kind, found anywhere in a headline.
var eventRunes = map[int][]string{
	evFine:    {"罚款", "罚金", "罰金", "处罚", "制裁金", "课征金", "課徴金", "벌금", "과징금", "罚单"},
	evBlock:   {"禁止", "阻止", "否决", "差し止め", "불허", "금지"},
	evApprove: {"批准", "核准", "承认", "承認", "승인", "허가"},
	evSue:     {"起诉", "诉讼", "提诉", "提訴", "訴訟", "소송", "제소"},
	evRuling:  {"判决", "裁决", "判決", "裁定", "法院", "地裁", "판결", "법원"},
	evProbe:   {"调查", "立案", "調査", "立ち入り", "조사"},
	evLaw:     {"法案", "立法", "法律", "법안"},
	evComply:  {"适用开始", "適用開始", "施行", "生效", "시행"},
	evAppeal:  {"上诉", "上訴", "控訴", "항소"},
	evSettle:  {"和解", "합의"},
}

type eventPrefix struct {
	p    string
	kind int
}

var (
	eventExact = map[string]int{}
	// eventPrefixes are the word beginnings by their first byte.
	eventPrefixes [256][]eventPrefix
)

func init() {
	for kind, words := range eventWords {
		for _, w := range words {
			if p, ok := strings.CutSuffix(w, "*"); ok {
				eventPrefixes[p[0]] = append(eventPrefixes[p[0]], eventPrefix{p, kind})
			} else {
				eventExact[w] |= kind
			}
		}
	}
}

// eventKinds returns the kinds of event that folded text s names.
func eventKinds(s string) int {
	kinds := 0
	word := -1
	var buf [24]byte
	check := func(w string) {
		if len(w) < 2 {
			return
		}
		// ASCII text comes unfolded: it is lowered here, into buf (the
		// first 24 bytes are enough to tell any word of the lists).
		b := buf[:copy(buf[:], w)]
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		kinds |= eventExact[string(b)]
		for _, e := range eventPrefixes[b[0]] {
			if len(b) >= len(e.p) && string(b[:len(e.p)]) == e.p {
				kinds |= e.kind
			}
		}
	}
	cjk := false
	for i, r := range s {
		if unicode.IsLetter(r) && !text.IsCJK(r) {
			if word < 0 {
				word = i
			}
			continue
		}
		cjk = cjk || text.IsCJK(r)
		if word >= 0 {
			check(s[word:i])
			word = -1
		}
	}
	if word >= 0 {
		check(s[word:])
	}
	if cjk {
		for kind, subs := range eventRunes {
			for _, sub := range subs {
				if strings.Contains(s, sub) {
					kinds |= kind
				}
			}
		}
	}
	return kinds
}

// eventKindNames name the kinds in the signals docket stories shows.
var eventKindNames = []string{"fine", "block", "approve", "sue", "ruling", "probe", "law", "comply", "appeal", "settle"}

// eventNames names the kinds of a set, in the order of the constants.
func eventNames(kinds int) []string {
	var out []string
	for i, name := range eventKindNames {
		if kinds&(1<<i) != 0 {
			out = append(out, name)
		}
	}
	return out
}
