package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"docket/internal/golden"
)

// The dev sets are split once, by a hash of each page id with a fixed
// seed, into a tuning half and a held-out half. Heuristics are tuned by
// looking at the tuning half only; the held-out figure is the honest one.
const splitSeed = "docket-extract-split-1"

// heldOut reports whether a page id belongs to the held-out half.
func heldOut(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(splitSeed + id))
	return h.Sum32()%2 == 1
}

// Floors are the figures measured last (AEB 0.9848 tune, 0.9784 held
// out; articles-zh 0.9743 tune, 0.9260 held out), less a small margin for
// harmless drift; a change that drops below one is a regression to look
// at, not to paper over. The targets (AEB 0.96, articles-zh 0.95)
// are not all met yet (articles-zh held out): raise these as the figures
// rise.
var corpusFloors = map[string]struct{ tune, held float64 }{
	"aeb":         {0.978, 0.975},
	"articles-zh": {0.968, 0.922},
}

// goldPage is one entry of a corpus's ground-truth.json.
type goldPage struct {
	ArticleBody string `json:"articleBody"`
	Date        string `json:"date"`
	Author      string `json:"author"`
}

// TestCorpusScore extracts every page of the AEB and articles-zh dev sets,
// scores each half with the benchmark's metric (computed here, and by
// ../eval/aeb_score.py as a cross-check when python3 is installed) and
// fails below the floors or on any failed page. Predictions are written
// to DOCKET_PRED_DIR when set.
func TestCorpusScore(t *testing.T) {
	root := corpus(t)
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"aeb", "articles-zh"} {
		t.Run(set, func(t *testing.T) {
			gold := loadGold(t, filepath.Join(root, set, "ground-truth.json"))
			preds := make(map[string]*Article, len(gold))
			for id := range gold {
				body := golden.ReadGzip(t, filepath.Join(root, set, "html", id+".html.gz"))
				a, err := x.Extract(body, "", "")
				if err != nil {
					t.Errorf("%s: %v", id, err)
					continue
				}
				preds[id] = a
			}
			for _, half := range halves() {
				name, floor := "tune", corpusFloors[set].tune
				if half {
					name, floor = "held-out", corpusFloors[set].held
				}
				ids := halfIDs(gold, half)
				f1, p, r := scorePR(gold, preds, ids)
				t.Logf("%s %s: F1 %.4f (precision %.4f, recall %.4f) over %d pages", set, name, f1, p, r, len(ids))
				if py := pythonF1(t, gold, preds, ids, set+"-"+name); py >= 0 && abs(py-f1) > 0.001 {
					t.Errorf("%s %s: Go metric %.4f, aeb_score.py %.4f", set, name, f1, py)
				}
				if f1 < floor {
					t.Errorf("%s %s: F1 %.4f below floor %.2f", set, name, f1, floor)
				}
			}
			reportSecondOpinion(t, set, gold, preds)
			if os.Getenv("DOCKET_TUNE_PAGES") != "" {
				reportTunePages(t, gold, preds)
			}
			if set == "articles-zh" {
				checkMeta(t, gold, preds)
			}
		})
	}
}

// halves are the halves the corpus test scores: the tuning half only when
// DOCKET_TUNE_ONLY is set (for whoever tunes, who must not see the
// held-out figure at every run), else both.
func halves() []bool {
	if os.Getenv("DOCKET_TUNE_ONLY") != "" {
		return []bool{false}
	}
	return []bool{false, true}
}

// reportSecondOpinion logs, for each half, how often the second opinion
// was sought, how often each method won, and the F1 with and without it.
func reportSecondOpinion(t *testing.T, set string, gold map[string]goldPage, preds map[string]*Article) {
	first := make(map[string]*Article, len(preds))
	for id, a := range preds {
		first[id] = a
		if a.firstText != "" {
			c := *a
			c.Text = a.firstText
			first[id] = &c
		}
	}
	for _, held := range halves() {
		ids := halfIDs(gold, held)
		tried, won := 0, map[string]int{}
		for _, id := range ids {
			if a := preds[id]; a != nil && a.secondTried {
				tried++
				if a.firstText != "" {
					won[a.Method]++
				}
			}
		}
		name := "tune"
		if held {
			name = "held-out"
		}
		t.Logf("%s %s second opinion: sought on %d of %d pages, taken on %d (json-ld %d, density %d); F1 %.4f without, %.4f with",
			set, name, tried, len(ids), won["json-ld"]+won["density"], won["json-ld"], won["density"],
			scoreF1(gold, first, ids), scoreF1(gold, preds, ids))
	}
}

// reportTunePages logs the tuning half's pages worst first, with their
// precision and recall, for whoever tunes the heuristics
// (DOCKET_TUNE_PAGES=1). The held-out half is never listed.
func reportTunePages(t *testing.T, gold map[string]goldPage, preds map[string]*Article) {
	type row struct {
		id   string
		p, r float64
	}
	var rows []row
	for _, id := range halfIDs(gold, false) {
		pred := ""
		if a := preds[id]; a != nil {
			pred = a.Text
		}
		tp, fp, fn := shingleCounts(gold[id].ArticleBody, pred)
		rows = append(rows, row{id, ratio(tp, fp, fn, fp), ratio(tp, fn, fp, fn)})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].p+rows[i].r < rows[j].p+rows[j].r })
	for _, r := range rows {
		a := preds[r.id]
		method, conf := "", 0.0
		if a != nil {
			method, conf = a.Method, a.Confidence
		}
		t.Logf("tune page %s: precision %.3f recall %.3f (%s, confidence %.2f)", r.id, r.p, r.r, method, conf)
	}
}

// checkMeta measures dates (same day as the gold date) and authors (the
// gold name found in ours, or ours in the gold) where the gold has one.
func checkMeta(t *testing.T, gold map[string]goldPage, preds map[string]*Article) {
	var dates, dateHits, authors, authorHits [2]int // tune, held-out
	for id, g := range gold {
		h := 0
		if heldOut(id) {
			h = 1
		}
		a := preds[id]
		if day := goldDay(g.Date); day != "" {
			dates[h]++
			if a != nil && !a.Published.IsZero() && a.Published.Format("2006-01-02") == day {
				dateHits[h]++
			} else if testing.Verbose() && h == 0 {
				t.Logf("date %s: gold %q got %v", id, g.Date, published(a))
			}
		}
		if g.Author != "" && g.Author != "UNKNOWN" {
			authors[h]++
			if a != nil && sameAuthor(a.Author, g.Author) {
				authorHits[h]++
			} else if testing.Verbose() && h == 0 {
				t.Logf("author %s: gold %q got %q", id, g.Author, author(a))
			}
		}
	}
	if len(halves()) == 1 {
		t.Logf("articles-zh tune: dates %d/%d same day (%.3f); authors %d/%d", dateHits[0], dates[0],
			float64(dateHits[0])/float64(max(dates[0], 1)), authorHits[0], authors[0])
		return
	}
	for h, name := range []string{"tune", "held-out"} {
		t.Logf("articles-zh %s: dates %d/%d same day (%.3f); authors %d/%d", name, dateHits[h], dates[h],
			float64(dateHits[h])/float64(max(dates[h], 1)), authorHits[h], authors[h])
	}
	acc := float64(dateHits[0]+dateHits[1]) / float64(max(dates[0]+dates[1], 1))
	t.Logf("articles-zh all: dates %.3f; authors %d/%d", acc, authorHits[0]+authorHits[1], authors[0]+authors[1])
	if acc < 0.9 {
		t.Errorf("date accuracy %.3f below 0.9", acc)
	}
}

// sameAuthor reports whether either name holds the other, white space
// collapsed (the gold separates some names by two spaces).
func sameAuthor(got, gold string) bool {
	got, gold = collapseSpace(got), collapseSpace(gold)
	return got != "" && (strings.Contains(got, gold) || strings.Contains(gold, got))
}

func published(a *Article) string {
	if a == nil || a.Published.IsZero() {
		return "none"
	}
	return a.Published.Format("2006-01-02 15:04")
}

func author(a *Article) string {
	if a == nil {
		return ""
	}
	return a.Author
}

var goldDate = regexp.MustCompile(`(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})`)

// goldDay reads the gold's free-form date ("2005-5-7 21:23:57") as a day.
func goldDay(s string) string {
	m := goldDate.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return fmt.Sprintf("%s-%02d-%02d", m[1], mo, d)
}

func loadGold(t *testing.T, path string) map[string]goldPage {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var gold map[string]goldPage
	if err := json.Unmarshal(b, &gold); err != nil {
		t.Fatal(err)
	}
	return gold
}

func halfIDs(gold map[string]goldPage, held bool) []string {
	var ids []string
	for id := range gold {
		if heldOut(id) == held {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// scoreF1 is aeb_score.py's metric: 4-gram shingles over word tokens (each
// Han, kana or Hangul character a token), per-page TP/FP/FN normalised to
// weight 1, precision and recall averaged over pages, F1 of the averages.
func scoreF1(gold map[string]goldPage, preds map[string]*Article, ids []string) float64 {
	f1, _, _ := scorePR(gold, preds, ids)
	return f1
}

// scorePR is scoreF1 with the averaged precision and recall it combines.
func scorePR(gold map[string]goldPage, preds map[string]*Article, ids []string) (f1, precision, recall float64) {
	var ps, rs []float64
	for _, id := range ids {
		pred := ""
		if a := preds[id]; a != nil {
			pred = a.Text
		}
		tp, fp, fn := shingleCounts(gold[id].ArticleBody, pred)
		if tp+fp > 0 {
			ps = append(ps, ratio(tp, fp, fn, fp))
		}
		if tp+fn > 0 {
			rs = append(rs, ratio(tp, fn, fp, fn))
		}
	}
	p, r := mean(ps), mean(rs)
	if p+r == 0 {
		return 0, p, r
	}
	return 2 * p * r / (p + r), p, r
}

// ratio is tp/(tp+miss), 1 when nothing was missed either way.
func ratio(tp, miss, other, _ float64) float64 {
	if miss == 0 && other == 0 {
		return 1
	}
	if tp == 0 && miss == 0 {
		return 0
	}
	return tp / (tp + miss)
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func shingleCounts(truth, pred string) (tp, fp, fn float64) {
	t, p := shingles(scoreTokens(truth)), shingles(scoreTokens(pred))
	for k, n := range t {
		m := p[k]
		tp += float64(min(n, m))
		fn += float64(max(0, n-m))
	}
	for k, m := range p {
		fp += float64(max(0, m-t[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return tp, fp, fn
}

func shingles(toks []string) map[string]int {
	out := make(map[string]int)
	for i := 0; i < max(1, len(toks)-3); i++ {
		end := min(len(toks), i+4)
		if i >= end {
			break
		}
		out[strings.Join(toks[i:end], "\x00")]++
	}
	return out
}

func scoreCJK(r rune) bool {
	return r >= 0x3040 && r <= 0x30ff || r >= 0x3400 && r <= 0x4dbf || r >= 0x4e00 && r <= 0x9fff ||
		r >= 0xac00 && r <= 0xd7af || r >= 0xf900 && r <= 0xfaff
}

func scoreTokens(s string) []string {
	var out []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			out = append(out, string(word))
			word = word[:0]
		}
	}
	for _, r := range s {
		switch {
		case scoreCJK(r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_':
			word = append(word, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// pythonF1 writes the half's gold and predictions and runs aeb_score.py
// on them; -1 when python3 or the script is missing. Files go to
// DOCKET_PRED_DIR when set, else to a temporary folder.
func pythonF1(t *testing.T, gold map[string]goldPage, preds map[string]*Article, ids []string, name string) float64 {
	script := filepath.Join(corpus(t), "..", "eval", "aeb_score.py")
	py, err := exec.LookPath("python3")
	if err != nil {
		return -1
	}
	if _, err := os.Stat(script); err != nil {
		return -1
	}
	dir := os.Getenv("DOCKET_PRED_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	half := make(map[string]goldPage, len(ids))
	var lines strings.Builder
	enc := json.NewEncoder(&lines)
	for _, id := range ids {
		half[id] = gold[id]
		text := ""
		if a := preds[id]; a != nil {
			text = a.Text
		}
		if err := enc.Encode(map[string]string{"file": id + ".html.gz", "text": text}); err != nil {
			t.Fatal(err)
		}
	}
	gb, _ := json.Marshal(half)
	goldPath, predPath := filepath.Join(dir, name+"-gold.json"), filepath.Join(dir, name+".jsonl")
	if os.WriteFile(goldPath, gb, 0o644) != nil || os.WriteFile(predPath, []byte(lines.String()), 0o644) != nil {
		t.Fatal("cannot write predictions")
	}
	out, err := exec.Command(py, script, goldPath, predPath).Output()
	if err != nil {
		t.Logf("aeb_score.py: %v", err)
		return -1
	}
	var last string
	for sc := bufio.NewScanner(strings.NewReader(string(out))); sc.Scan(); {
		last = sc.Text()
	}
	f := strings.Fields(last)
	if len(f) < 2 || f[0] != "F1" {
		return -1
	}
	v, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		return -1
	}
	return v
}
