package topic

import (
	"strings"
	"testing"
	"time"

	"docket/internal/cputime"
)

// TestNearLinear: a page of one rule term ("regulator", which counts only
// near competition words) followed, out of its reach, by as many context
// words, once cost the product of the two (a 4 MB page, 83 s in fetch).
// Timed against a page of the same length that matches nothing, best of
// three each, taken in turn so that load on the machine hits both. The
// page is large enough to tell the two apart on a loaded machine: the
// quadratic walk took 5.5 s on it, the linear one 0.1–0.4 s.
func TestNearLinear(t *testing.T) {
	r := mustLoad(t, "../../feeds")
	const n = 80000
	hostile := strings.Repeat("regulator ", n) + strings.Repeat("lorem ", 40) + strings.Repeat("competition ", n)
	plain := strings.Repeat("lorem ", len(hostile)/len("lorem "))
	timeIt := func(body string) time.Duration { // CPU time: see cputime
		return cputime.Of(func() { r.Classify(Item{ID: "x", Title: "t", Body: body, Lang: "en"}) })
	}
	p, h := time.Hour, time.Hour
	for range 3 {
		p, h = min(p, timeIt(plain)), min(h, timeIt(hostile))
	}
	t.Logf("plain %v, hostile %v, %d bytes", p, h, len(hostile))
	if h > 20*p+time.Second {
		t.Errorf("near is quadratic in the hits: %v against %v for %d bytes of the same length", h, p, len(hostile))
	}
}
