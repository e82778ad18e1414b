package extract

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"

	"docket/internal/text"
)

// TestReadabilityOracle (DOCKET_READABILITY=1) scores, on each part of
// the TUNING halves only, docket alone, readeck go-readability alone and
// the oracle that keeps the better of the two per page with hindsight:
// the ceiling of any picker between them.
func TestReadabilityOracle(t *testing.T) {
	if os.Getenv("DOCKET_READABILITY") == "" {
		t.Skip("DOCKET_READABILITY not set")
	}
	root := corpus(t)
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"aeb", "articles-zh"} {
		gold := loadGold(t, filepath.Join(root, set, "ground-truth.json"))
		var parts [2][]string
		ours, theirs, best := map[string]*Article{}, map[string]*Article{}, map[string]*Article{}
		var rows []string
		for _, id := range halfIDs(gold, false) {
			body := readGz(t, filepath.Join(root, set, "html", id+".html.gz"))
			a, err := x.Extract(body, "", "")
			if err != nil {
				t.Errorf("%s: %v", id, err)
				continue
			}
			r := &Article{Text: readabilityText(t, body)}
			ours[id], theirs[id] = a, r
			fa, fr := pageF1(gold[id].ArticleBody, a.Text), pageF1(gold[id].ArticleBody, r.Text)
			best[id] = a
			if fr > fa {
				best[id] = r
			}
			parts[tunePart(id)] = append(parts[tunePart(id)], id)
			rows = append(rows, fmt.Sprintf("%s p%d %s: docket %.3f (%s c%.2f) readability %.3f; overlap %.2f len %d/%d",
				set, tunePart(id), id, fa, a.Method, a.Confidence, fr, overlap(a.Text, r.Text), len(a.Text), len(r.Text)))
		}
		sort.Strings(rows)
		for _, r := range rows {
			t.Log(r)
		}
		for p, ids := range parts {
			t.Logf("%s tune part %d (%d pages): docket %.4f readability %.4f oracle %.4f", set, p, len(ids),
				scoreF1(gold, ours, ids), scoreF1(gold, theirs, ids), scoreF1(gold, best, ids))
		}
	}
}

// pageF1 is one page's shingle F1 against its gold text.
func pageF1(gold, pred string) float64 {
	tp, fp, fn := shingleCounts(gold, pred)
	if tp == 0 {
		return 0
	}
	return 2 * tp / (2*tp + fp + fn)
}

// readabilityText runs go-readability on the page decoded as docket
// decodes it, and returns its text output.
func readabilityText(t *testing.T, body []byte) string {
	src, _, err := text.Decode(body, "", "")
	if err != nil {
		return ""
	}
	art, err := readability.FromReader(bytes.NewReader(src), nil)
	if err != nil || art.Node == nil {
		return ""
	}
	var b strings.Builder
	if err := art.RenderText(&b); err != nil {
		return ""
	}
	return b.String()
}
