package site

// Browser tests of what a reader sees first: entries in the first screen,
// no sideways scrolling, one heading, a menu on one line, the filter
// behind its control.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// screens are the sizes a reader's page must work at.
var screens = []struct {
	name          string
	width, height int64
	mobile        bool
	entries       int // listing pages: entries whose title is in the first screen
}{
	{"phone", 390, 844, true, 1},
	{"desktop", 1280, 900, false, 4},
}

// pageKinds are one page of every kind of the sample site; listing pages
// say so.
var pageKinds = []struct {
	path    string
	listing bool
}{
	{"", true},
	{"archive/2021/", true},
	{"topics/interoperability/", true},
	{"entities/wechat/", true},
	{"topics/", false},
	{"events/samr-fines-alibaba-choose-one-of-two/", false},
	{"news/2021/09/solidot-wechat-lifts-link-blocking-zh/", false},
	{"news/2021/09/alibaba-apps-start-offering-wechat-pay/", false}, // long matched terms
	{"stories/2021-09-17-wechat-opens-external-links/", false},
	{"search/?q=wechat", false},
	{"cases/", false},
	{"cases/samr-alibaba-2021/", false},
	{"fines/", false},
	{"status/", false},
	{"about/", false},
}

func TestReaderFirstScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	out := buildSample(t)
	b := startBrowser(t, out)
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			b.viewportSize(t, sc.width, sc.height, sc.mobile)
			defer b.viewport(t, 0, false)
			for _, pk := range pageKinds {
				b.open(t, pk.path, "#main")
				if w := eval[[]float64](t, b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); len(w) != 2 || w[0] > w[1] {
					t.Errorf("/%s scrolls sideways: scroll width, client width %v", pk.path, w)
				}
				// Nor once its closed parts ("Why this is here") are opened.
				if w := eval[[]float64](t, b, `(() => { const open = [...document.querySelectorAll("main details:not([open])")];
					open.forEach(d => { d.open = true; });
					const w = [document.documentElement.scrollWidth, document.documentElement.clientWidth];
					open.forEach(d => { d.open = false; });
					return w })()`); len(w) != 2 || w[0] > w[1] {
					t.Errorf("/%s scrolls sideways with its details open: scroll width, client width %v", pk.path, w)
				}
				if n := eval[int](t, b, `document.querySelectorAll("h1").length`); n != 1 {
					t.Errorf("/%s has %d h1 headings, want 1", pk.path, n)
				}
				if !pk.listing {
					continue
				}
				// A card counts when its title is wholly in the first screen;
				// a page of fewer cards must show them all.
				n := eval[[]int](t, b, `(() => { const ts = [...document.querySelectorAll(".timeline .card .title")];
					return [ts.filter(h => h.getBoundingClientRect().bottom <= innerHeight).length, ts.length] })()`)
				if want := min(sc.entries, n[1]); n[0] < want {
					t.Errorf("/%s at %dx%d: %d entries in the first screen, want at least %d", pk.path, sc.width, sc.height, n[0], want)
				}
			}
			b.checkClean(t)
		})
	}
}

func TestReaderChrome(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	out := buildSample(t)
	b := startBrowser(t, out)

	t.Run("menu on one line", func(t *testing.T) {
		for _, w := range []int64{390, 768, 1024, 1280, 1920} {
			b.viewportSize(t, w, 900, w < 500)
			b.open(t, "", ".masthead nav")
			tops := eval[[]float64](t, b, `[...new Set([...document.querySelectorAll(".masthead nav li")].map(li => li.offsetTop))]`)
			if len(tops) != 1 {
				t.Errorf("at %d px the menu is on %d lines", w, len(tops))
			}
			if w := eval[[]float64](t, b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); len(w) != 2 || w[0] > w[1] {
				t.Errorf("home scrolls sideways: scroll width, client width %v", w)
			}
		}
		b.viewport(t, 0, false)
	})

	t.Run("tracker line", func(t *testing.T) {
		// The line under the title says the newest entry's date and how
		// many entries the tracker holds, as the data file does.
		data, err := os.ReadFile(filepath.Join(out, "data", "items.json"))
		if err != nil {
			t.Fatal(err)
		}
		var items []struct {
			Date    string `json:"date"`
			Updated string `json:"updated"`
		}
		if err := json.Unmarshal(data, &items); err != nil {
			t.Fatal(err)
		}
		newest := ""
		for _, it := range items {
			newest = max(newest, it.Date[:10])
			if len(it.Updated) >= 10 {
				newest = max(newest, it.Updated[:10])
			}
		}
		b.open(t, "", "h1")
		if h1 := eval[string](t, b, `document.querySelector("h1").textContent`); h1 == eval[string](t, b, `document.querySelector(".brand").textContent`) {
			t.Errorf("the home page's heading repeats the brand %q", h1)
		}
		line := eval[string](t, b, `document.querySelector(".page-head h1 + p").textContent`)
		want := fmt.Sprintf(`^Updated \d{1,2} \w{3} \d{4} · %d entries$`, len(items))
		if !regexp.MustCompile(want).MatchString(line) {
			t.Errorf("tracker line %q, want %s", line, want)
		}
		if got := eval[string](t, b, `document.querySelector(".page-head h1 + p time").dateTime`); got != newest {
			t.Errorf("tracker updated %s, newest entry %s", got, newest)
		}
	})

	t.Run("filter control", func(t *testing.T) {
		// Closed unless the address names a filter; it says how many apply.
		for _, c := range []struct {
			query, summary string
			open           bool
		}{
			{"", "Filter", false},
			{"?kind=event", "Filter (1)", true},
			{"?kind=event&topic=interoperability", "Filter (2)", true},
		} {
			b.open(t, c.query, "details.filter > summary")
			open := eval[bool](t, b, `document.querySelector("details.filter").open`)
			summary := eval[string](t, b, `document.querySelector("details.filter > summary").textContent`)
			if open != c.open || summary != c.summary {
				t.Errorf("%q: filter open %v, says %q; want %v, %q", c.query, open, summary, c.open, c.summary)
			}
		}
		b.checkClean(t)
	})
}

func TestReaderHistogram(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	b := startBrowser(t, buildSample(t))
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			b.viewportSize(t, sc.width, sc.height, sc.mobile)
			defer b.viewport(t, 0, false)
			b.open(t, "", ".histogram .hist-readout")
			if got := eval[string](t, b, `[...document.querySelectorAll(".hist-axis span")].map(s => s.textContent).join("")`); got != "JFMAMJJASOND" {
				t.Errorf("axis %q", got)
			}
			// The sample has entries in 2021 and 2023–2025: 2022 shows, empty.
			if got := eval[string](t, b, `[...document.querySelectorAll(".hist-label")].map(l => l.textContent + (l.href ? "" : "-")).join(" ")`); got != "2025 2024 2023 2022- 2021" {
				t.Errorf("years %q, want every year, 2022 without a link", got)
			}
			// The axis's initials stand over their months' bars.
			if bad := eval[string](t, b, `(() => { const ax = [...document.querySelectorAll(".hist-axis span")].map(s => s.getBoundingClientRect());
				const bars = [...document.querySelector(".hist-year svg").querySelectorAll("a rect, rect.none")].map(r => r.getBoundingClientRect()).sort((a, b) => a.x - b.x);
				return bars.map((r, i) => Math.abs((r.x + r.width / 2) - (ax[i].x + ax[i].width / 2)) > 3 ? i + 1 : 0).filter(Boolean).join(" ") })()`); bad != "" {
				t.Errorf("months %s misaligned with the axis", bad)
			}
			// Focus shows a month's count in words.
			// A headless page is never focused unless told to pretend.
			b.do(t, "focus a bar", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
				return err
			}), chromedp.Focus(".histogram svg a"))
			want := eval[string](t, b, `document.querySelector(".histogram svg a title").textContent`)
			if got := eval[string](t, b, `document.querySelector(".hist-readout").textContent`); got != want || !strings.Contains(got, "entr") {
				t.Errorf("after focus the readout says %q, want %q", got, want)
			}
			b.checkClean(t)
		})
	}

	t.Run("tap", func(t *testing.T) {
		// On a touch screen the first tap on a bar shows its count and
		// stays; the second follows the link to the archive.
		b.viewportSize(t, 390, 844, true)
		defer b.viewport(t, 0, false)
		b.open(t, "", ".histogram .hist-readout")
		sel := `.histogram .hist-year:last-child svg a:last-of-type`
		want := eval[string](t, b, `document.querySelector("`+sel+` title").textContent`)
		tap := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			r, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector("`+sel+` rect").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] })()`))
			if err != nil {
				return err
			}
			pt := []*input.TouchPoint{{X: r[0], Y: r[1]}}
			if _, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: pt}); err != nil {
				return err
			}
			_, err = cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}})
			return err
		})
		b.do(t, "first tap", tap, chromedp.Sleep(300*time.Millisecond))
		if got := eval[string](t, b, `location.pathname + " " + document.querySelector(".hist-readout").textContent`); got != "/tracker/ "+want {
			t.Errorf("after one tap: %q, want the home page saying %q", got, want)
		}
		b.do(t, "second tap", tap, chromedp.WaitVisible("#main h1"))
		if got := eval[string](t, b, `location.pathname + location.hash`); !strings.HasPrefix(got, "/tracker/archive/2021/#m2021-") {
			t.Errorf("the second tap led to %q, want a month of the 2021 archive", got)
		}
		b.checkClean(t)
	})

	t.Run("term by kind", func(t *testing.T) {
		b.open(t, "topics/interoperability/", ".histogram")
		if got := eval[string](t, b, `[...document.querySelectorAll(".histogram .key")].map(k => k.textContent.trim().replace(/ \(\d+\)$/, "")).join(", ")`); got != "Events, News" {
			t.Errorf("term page legend %q, want Events, News", got)
		}
		if got := eval[string](t, b, `[...new Set([...document.querySelectorAll(".histogram svg path")].map(p => p.getAttribute("class")))].sort().join(" ")`); got != "k-event k-news" {
			t.Errorf("term page bars coloured %q", got)
		}
		b.checkClean(t)
	})
}

// TestReaderFocus: what the keyboard reaches shows it. The focus ring
// stands out (3:1, WCAG 2.4.13) from each background it is drawn on,
// light and dark; a histogram's year link keeps the ring and is a
// target as tall as its row (24 px, 2.5.8); on a phone a menu link
// reached by Tab scrolls clear of the menu's fade.
func TestReaderFocus(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	b := startBrowser(t, buildSample(t))
	keyboard := []chromedp.Action[chromedp.Void]{
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return err
		}),
		chromedp.KeyEvent("\t"), // the keyboard's: :focus-visible from here on
	}
	defer b.scheme(t, "light")
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			b.scheme(t, scheme)
			b.open(t, "", ".histogram a.hist-label")
			b.do(t, "keyboard", keyboard...)
			eval[chromedp.Void](t, b, `document.querySelector(".histogram a.hist-label").focus()`)
			if got := eval[string](t, b, `(() => { const a = document.activeElement, s = getComputedStyle(a);
				return a.className + " " + s.outlineStyle + " " + (a.getBoundingClientRect().height >= 24 ? "tall" : "short " + a.getBoundingClientRect().height) })()`); got != "hist-label solid tall" {
				t.Errorf("a focused year link: %q, want hist-label solid tall", got)
			}
			eval[chromedp.Void](t, b, `document.querySelector(".timeline .card .title a").focus()`)
			ratio := eval[float64](t, b, `(() => {
				const rgb = (s) => s.match(/[\d.]+/g).map(Number);
				const lum = ([r, g, b]) => [r, g, b].map((c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
				const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
				const ring = rgb(getComputedStyle(document.activeElement).outlineColor);
				const bgs = ["body", ".card.event", ".chip", "button"].map((s) => document.querySelector(s)).filter(Boolean)
					.map((e) => rgb(getComputedStyle(e).backgroundColor)).filter((c) => c.length === 3 || c[3] > 0);
				return bgs.length < 3 ? 0 : Math.min(...bgs.map((b) => ratio(ring, b)));
			})()`)
			if ratio < 3 {
				t.Errorf("the focus ring's contrast with what it is drawn on: %.2f, want 3 or more", ratio)
			}
		})
	}

	t.Run("menu", func(t *testing.T) {
		b.viewportSize(t, 390, 844, true)
		defer b.viewport(t, 0, false)
		b.open(t, "", ".masthead nav")
		b.do(t, "keyboard", keyboard...)
		last := `document.activeElement === [...document.querySelectorAll(".masthead nav a")].at(-1)`
		for i := 0; !eval[bool](t, b, last); i++ {
			if i == 30 {
				t.Fatal("30 tabs did not reach the last menu link")
			}
			b.do(t, "tab", chromedp.KeyEvent("\t"))
		}
		// The fade is 2.5rem wide: the link must end left of it.
		if got := eval[string](t, b, `(() => { const a = document.activeElement, ul = a.closest("ul");
			if (!ul) return "focus left the menu: " + a.outerHTML.slice(0, 60);
			const gap = ul.getBoundingClientRect().right - a.getBoundingClientRect().right;
			return gap >= 2.5 * 16 - 1 ? "clear" : "under the fade, " + gap.toFixed(1) + " px from the edge" })()`); got != "clear" {
			t.Errorf("the last menu link, focused: %s", got)
		}
	})
}
