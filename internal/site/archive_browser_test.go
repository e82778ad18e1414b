package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMonthIndex: a month of the home page's histogram whose
// cards are on a numbered page of its year lands on the month in the
// year's month index, which goes on to that page, at the month: from
// another page, and from the year's first page (the same document).
func TestBrowserMonthIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	out := build(t, project(t))
	b := startBrowser(t, out)
	var axeJS []byte
	if p := nodeModule("axe-core/axe.min.js"); p != "" {
		axeJS, _ = os.ReadFile(p)
	}
	b.open(t, "", ".histogram svg a")
	links := eval[[]string](t, b, `[...document.querySelectorAll(".histogram svg a")].map(a => a.getAttribute("href"))`)
	tried, paged, clicked := 0, "", ""
	for _, l := range links {
		front, id, ok := strings.Cut(l, "#")
		if !ok || strings.Contains(front, "?") {
			continue
		}
		b.open(t, front, "main#main")
		to := eval[string](t, b, fmt.Sprintf(`(a => a?.classList.contains("month-jump") ? a.pathname : "")(document.getElementById(%q))`, id))
		if to == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(to, "/tracker/"), "index.html")); err != nil {
			t.Errorf("%s: the month index leads to %s: %v", l, to, err)
		}
		tried, paged, clicked = tried+1, front, l
		b.open(t, l, "section#"+id)
		if got := eval[string](t, b, `location.pathname + location.hash`); got != to+"#"+id {
			t.Errorf("%s led to %s, want %s", l, got, to+"#"+id)
		}
		waitFor(t, b, "the month in view", fmt.Sprintf(`(() => { const r = document.getElementById(%q).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight })()`, id))
	}
	if tried == 0 {
		t.Fatalf("no month of the home page's histogram on a numbered page of its year (links %v)", links)
	}
	b.open(t, "", ".histogram svg a")
	_, id, _ := strings.Cut(clicked, "#")
	b.do(t, "click "+clicked, chromedp.Click(fmt.Sprintf(`.histogram svg a[href=%q]`, clicked)), chromedp.WaitVisible("section#"+id))
	b.open(t, paged, "nav.month-index")
	b.axe(t, axeJS, "a year's first page")
	b.checkClean(t)
}
