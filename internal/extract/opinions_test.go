package extract

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"docket/internal/golden"
	"docket/internal/text"
)

// tunePart splits the tuning half again, by a second hash, into parts 0
// and 1: a rule that helps only one part is likely fitted to its pages.
// FNV-1a's lowest bit is only the parity of the bytes' lowest bits, the
// same for any seed, so the part comes from a high bit.
func tunePart(id string) int {
	h := fnv.New32a()
	h.Write([]byte("docket-extract-split-2" + id))
	return int(h.Sum32()>>31) & 1
}

// opinion is one reading of a page for the opinions report.
type opinion struct {
	name string
	conf float64
	f1   float64
	text string
}

// TestOpinions (DOCKET_OPINIONS=1) lists, for every page of the TUNING
// halves only, what each opinion (the first, JSON-LD articleBody, the
// density reading) would score against the gold and what confidence each
// claims, so that a picker or a threshold can be judged on all pages,
// not only on those the current threshold sends to a second opinion. It
// also gives the F1 of the landed result on each part of the tuning
// half's second split.
func TestOpinions(t *testing.T) {
	if os.Getenv("DOCKET_OPINIONS") == "" {
		t.Skip("DOCKET_OPINIONS not set")
	}
	root := corpus(t)
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"aeb", "articles-zh"} {
		gold := loadGold(t, filepath.Join(root, set, "ground-truth.json"))
		ids := halfIDs(gold, false)
		preds := map[string]*Article{}
		var parts [2][]string
		var rows []string
		for _, id := range ids {
			body := golden.ReadGzip(t, filepath.Join(root, set, "html", id+".html.gz"))
			a, err := x.Extract(body, "", "")
			if err != nil {
				t.Errorf("%s: %v", id, err)
				continue
			}
			preds[id] = a
			parts[tunePart(id)] = append(parts[tunePart(id)], id)
			ops := opinionsOf(t, x, body, a, gold[id].ArticleBody)
			var cells []string
			for _, o := range ops {
				cells = append(cells, fmt.Sprintf("%s c%.2f f%.3f", o.name, o.conf, o.f1))
			}
			rows = append(rows, fmt.Sprintf("%s p%d %s: %s", set, tunePart(id), id, strings.Join(cells, " | ")))
		}
		sort.Strings(rows)
		for _, r := range rows {
			t.Log(r)
		}
		for p, ids := range parts {
			f1, pr, rc := scorePR(gold, preds, ids)
			t.Logf("%s tune part %d: F1 %.4f (P %.4f R %.4f) over %d pages", set, p, f1, pr, rc, len(ids))
		}
	}
}

// opinionsOf returns the landed result, the first opinion and each second
// opinion the page offers, scored against gold.
func opinionsOf(t *testing.T, x *Extractor, body []byte, a *Article, gold string) []opinion {
	f1 := func(s string) float64 {
		tp, fp, fn := shingleCounts(gold, s)
		if tp == 0 {
			return 0
		}
		return 2 * tp / (2*tp + fp + fn)
	}
	first := a.Text
	if a.firstText != "" {
		first = a.firstText
	}
	ops := []opinion{{name: "landed:" + a.Method, conf: a.Confidence, f1: f1(a.Text)}, {name: "first", f1: f1(first)}}
	if _, tx, paras, chars := jsonLDText(a.ldBody); chars > 0 {
		ops = append(ops, opinion{name: "json-ld", conf: confidence(chars, paras, 0, true), f1: f1(tx), text: tx})
	}
	src, _, err := text.Decode(body, "", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := parse(&keptReader{src: src, spans: keptSpans(src, x.attrs)}, len(src), (*url.URL)(nil))
	if err != nil {
		t.Fatal(err)
	}
	if b := findBody(p.doc); b != nil {
		_, tx, paras, chars, ld := densityArticle(densityLines(b), x.rules, a.Title)
		ops = append(ops, opinion{name: "density", conf: confidence(chars, paras, ld, false), f1: f1(tx), text: tx})
	}
	return ops
}
