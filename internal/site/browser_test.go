package site

// Browser tests: the shipped sample site in headless Chromium, served
// from a sub-path. They skip when no Chromium is installed; .ci/run
// installs it, and axe-core with npm (DOCKET_NODE_MODULES says where).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"docket/internal/content"
)

// chromium is the browser to drive: $DOCKET_CHROMIUM or the first found.
func chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("DOCKET_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium: browser tests skipped (apt-get install chromium)")
	return ""
}

// nodeModule returns the path of a file in an npm package, looked for in
// $DOCKET_NODE_MODULES and .ci/node/node_modules, or "" if absent.
func nodeModule(rel string) string {
	for _, dir := range []string{os.Getenv("DOCKET_NODE_MODULES"), "../../.ci/node/node_modules"} {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// browser records what a page does that a test must see: requests,
// failures, console errors.
type browser struct {
	ctx  context.Context
	base string // the site's URL, ending in /tracker/

	mu       sync.Mutex
	problems []string
	bytes    map[network.RequestID]float64
	urls     map[network.RequestID]string
}

func (b *browser) problem(format string, args ...any) {
	b.mu.Lock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
	b.mu.Unlock()
}

// listen checks every event of the tab: a request that leaves
// 127.0.0.1, a failed or 4xx/5xx response, a console error or an
// uncaught exception is a problem.
func (b *browser) listen(ev any) {
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		u, err := url.Parse(e.Request.URL)
		if err != nil || (u.Scheme != "data" && u.Hostname() != "127.0.0.1") {
			b.problem("request leaves the site: %s", e.Request.URL)
		}
		b.mu.Lock()
		b.urls[e.RequestID] = e.Request.URL
		b.mu.Unlock()
	case *network.EventLoadingFailed:
		if !e.Canceled {
			b.problem("request failed: %s %s", b.urls[e.RequestID], e.ErrorText)
		}
	case *network.EventResponseReceived:
		if e.Response.Status >= 400 {
			b.problem("HTTP %d: %s", e.Response.Status, e.Response.URL)
		}
	case *network.EventLoadingFinished:
		b.mu.Lock()
		b.bytes[e.RequestID] = e.EncodedDataLength
		b.mu.Unlock()
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			b.problem("console %s: %s", e.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		b.problem("uncaught: %s %v", e.ExceptionDetails.Text, e.ExceptionDetails.Exception)
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
			b.problem("log %s: %s %s", e.Entry.Level, e.Entry.Text, e.Entry.URL)
		}
	}
}

// transferred is the bytes received since the last call.
func (b *browser) transferred() (n float64, count int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range b.bytes {
		n += v
		count++
	}
	clear(b.bytes)
	return n, count
}

// startBrowser serves dir under /tracker/ on 127.0.0.1 and starts a
// headless Chromium with a fresh profile.
func startBrowser(t *testing.T, dir string) *browser {
	t.Helper()
	exe := chromium(t)
	mux := http.NewServeMux()
	mux.Handle("/tracker/", http.StripPrefix("/tracker", http.FileServer(http.Dir(dir))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	b := &browser{ctx: ctx, base: srv.URL + "/tracker/", bytes: map[network.RequestID]float64{}, urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(ctx, b.listen); err != nil {
		t.Fatal(err)
	}
	enable := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return err
	})
	if err := chromedp.Do(ctx, enable); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// do runs steps with a time limit.
func (b *browser) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) into T.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// open loads a page of the site and waits for the selector.
func (b *browser) open(t *testing.T, path, ready string) {
	t.Helper()
	b.do(t, "open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(ready))
}

func (b *browser) checkClean(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		t.Error(p)
	}
	b.problems = nil
}

// axe runs axe-core on the page in light and dark mode and fails on
// serious and critical violations.
func (b *browser) axe(t *testing.T, axeJS []byte, page string) {
	t.Helper()
	if axeJS == nil {
		return
	}
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => v.impact + " " + v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))))`
	defer b.scheme(t, "light")
	for _, scheme := range []string{"light", "dark"} {
		b.scheme(t, scheme)
		if !eval[bool](t, b, `typeof axe !== "undefined"`) {
			eval[chromedp.Void](t, b, string(axeJS))
		}
		var found []string
		if err := json.Unmarshal([]byte(eval[string](t, b, run)), &found); err != nil {
			t.Fatal(err)
		}
		for _, v := range found {
			t.Errorf("axe, %s page, %s mode: %s", page, scheme, v)
		}
	}
}

// scheme emulates prefers-color-scheme: light or dark.
func (b *browser) scheme(t *testing.T, scheme string) {
	t.Helper()
	b.do(t, "color scheme", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// media emulates a CSS media type ("print"; "" for the screen).
func (b *browser) media(t *testing.T, media string) {
	t.Helper()
	b.do(t, "media "+media, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}

// viewport emulates a screen width (900 px high); 0 ends the emulation.
func (b *browser) viewport(t *testing.T, width int64, mobile bool) {
	t.Helper()
	b.viewportSize(t, width, 900, mobile)
}

// viewportSize emulates a screen of width×height; a width of 0 ends the
// emulation.
func (b *browser) viewportSize(t *testing.T, width, height int64, mobile bool) {
	t.Helper()
	b.do(t, "viewport", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if width == 0 {
			_, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: height, DeviceScaleFactor: 1, Mobile: mobile,
		})
		return err
	}))
}

// screenshot writes PNGs of the current page at a width: the whole page
// and the first screen.
func (b *browser) screenshot(t *testing.T, dir, name string, width int64, mobile bool) {
	t.Helper()
	b.viewport(t, width, mobile)
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	for suffix, shot := range map[string]chromedp.Action[[]byte]{"": chromedp.FullScreenshot(100), "-top": chromedp.CaptureScreenshot()} {
		png, err := chromedp.Run(ctx, shot)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name+suffix+".png")
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", p)
	}
}

// buildSample builds the shipped sample project into a temporary folder.
func buildSample(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: "../..", Out: out}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chromium(t)
	b := startBrowser(t, buildSample(t))
	var axeJS []byte
	if p := nodeModule("axe-core/axe.min.js"); p != "" {
		axeJS, _ = os.ReadFile(p)
	} else {
		t.Log("axe-core not found (set DOCKET_NODE_MODULES): accessibility checks skipped")
	}

	t.Run("home", func(t *testing.T) {
		b.open(t, "", "details.filter > summary")
		if n := eval[int](t, b, `document.querySelectorAll(".histogram svg a").length`); n == 0 {
			t.Error("no month links in the histogram")
		}
		// The skip link is the first stop of the keyboard, with a visible outline.
		b.do(t, "tab", chromedp.KeyEvent("\t"))
		if got := eval[string](t, b, `document.activeElement.className + " " + getComputedStyle(document.activeElement).outlineStyle`); got != "skip solid" {
			t.Errorf("first tab stop: %q, want the skip link with a solid outline", got)
		}
		b.axe(t, axeJS, "home")
		b.checkClean(t)
	})

	t.Run("filters", func(t *testing.T) {
		b.open(t, "", "details.filter > summary")
		// Opening the filters names their choices from data/terms.json.
		b.do(t, "open the filters", chromedp.Click("details.filter > summary"), chromedp.WaitReady("form.facets[data-named]"))
		// The choices are counted over the whole tracker (facets_browser_test.go
		// checks the counts) and terms are named as their chips are.
		if bad := eval[string](t, b, `[...document.querySelectorAll("form.facets select:not([name=sort]) option")].filter(o => o.value && !/ \(\d+\)$/.test(o.textContent)).map(o => o.value).join(" ")`); bad != "" {
			t.Errorf("choices without counts: %s", bad)
		}
		if bad := eval[string](t, b, `[...document.querySelectorAll("#f-topic option, #f-company option, #f-authority option, #f-jurisdiction option")].filter(o => o.value).map(o => {
			const label = o.textContent.replace(/ \(\d+\)$/, "");
			const chip = [...document.querySelectorAll(".timeline .chip." + o.parentElement.name)].find(c => c.pathname.endsWith("/" + o.value + "/"));
			// A card shows only some chips: a term without one on the page
			// must still be named, not shown as its ID.
			return (chip ? chip.textContent.trim() === label : label !== o.value) ? "" : o.value + " is named " + label;
		}).filter(Boolean).join("; ")`); bad != "" {
			t.Errorf("choices not named as their chips: %s", bad)
		}
		// Every news report of the sample is in an event's story, so each
		// card is an event's; a story's news reports count for news.
		if got := eval[string](t, b, `document.querySelector("#f-kind option[value=news]")?.textContent || "missing"`); !strings.HasPrefix(got, "News (") {
			t.Errorf("kind=news is %q, want News (n)", got)
		}
		eval[chromedp.Void](t, b, `(() => { const s = document.getElementById("f-kind"); s.value = "news"; s.dispatchEvent(new Event("change", {bubbles: true})) })()`)
		if loc := eval[string](t, b, `location.search`); loc != "?kind=news" {
			t.Errorf("query string %q, want ?kind=news", loc)
		}
		b.do(t, "news shown", chromedp.WaitVisible("ol.results > li"))
		if st := eval[string](t, b, `document.querySelector(".facet-status").textContent`); !strings.Contains(st, " of ") {
			t.Errorf("status %q", st)
		}
		// The results have a head of their own, in the place of the
		// hidden year and month heads: h1, h2, then the cards' h3.
		if got := eval[string](t, b, `[...document.querySelectorAll("#main h1, #main h2, #main h3")].filter((h) => h.checkVisibility() || h.matches(".vh:not([hidden])")).slice(0, 3).map((h) => h.tagName).join(" ")`); got != "H1 H2 H3" {
			t.Errorf("headings of the filtered timeline: %q, want H1 H2 H3", got)
		}
		// Arrow keys change a closed select at each press: a run of
		// changes to one select is one step back, not one a press.
		steps := eval[int](t, b, `document.getElementById("f-kind").focus(), history.length`)
		b.do(t, "arrow keys", chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
		if got := eval[string](t, b, `location.search`); got == "?kind=news" {
			t.Errorf("the arrow keys did not change the select: %s", got)
		}
		if got := eval[int](t, b, `history.length`); got != steps+1 {
			t.Errorf("two arrow keys on a select made %d steps back, want 1", got-steps)
		}
		// Leaving it ends the run: coming back, an arrow key is a new step.
		b.do(t, "leave and come back", chromedp.KeyEvent("\t"))
		eval[chromedp.Void](t, b, `document.getElementById("f-kind").focus()`)
		b.do(t, "arrow key", chromedp.KeyEvent(kb.ArrowDown))
		if got := eval[int](t, b, `history.length`); got != steps+2 {
			t.Errorf("an arrow key after leaving the select made %d steps in all, want 2", got-steps)
		}
		// A shared URL applies its filters on load; filters combine.
		b.open(t, "?kind=news&topic=interoperability", "ol.results > li")
		if got := eval[string](t, b, `document.getElementById("f-topic").value + " " + document.getElementById("f-kind").value`); got != "interoperability news" {
			t.Errorf("filters from the URL not applied: %q", got)
		}
		b.axe(t, axeJS, "home, filtered")
		b.checkClean(t)
	})

	t.Run("search", func(t *testing.T) {
		// 反壟斷 is Traditional: it must find the Simplified entries too.
		for _, q := range []string{"wechat", "微信", "反垄断", "反壟斷", "Digital Markets Act"} {
			b.open(t, "search/?q="+url.QueryEscape(q), "#search-q")
			b.do(t, "results for "+q, chromedp.WaitVisible("#search-status[data-ms]"))
			n := eval[int](t, b, `document.querySelectorAll("#search-results li").length`)
			if n == 0 {
				t.Errorf("search %q: no results (%s)", q, eval[string](t, b, `document.getElementById("search-status").textContent`))
			}
			if q == "wechat" && eval[int](t, b, `document.querySelectorAll("#search-results li .title[lang=zh]").length`) == 0 {
				t.Errorf("search %q finds no Chinese entry tagged WeChat", q)
			}
			// A report of a story links to the story's page, as its card does.
			if q == "wechat" && eval[int](t, b, `[...document.querySelectorAll("#search-results .story-line a")].filter(a => /\/stories\/[^/]+\/$/.test(a.pathname) && / reports$/.test(a.textContent)).length`) == 0 {
				t.Errorf("search %q: no result links to its story", q)
			}
		}
		// The form searches without leaving the page, and says so in the URL.
		b.do(t, "type a query", chromedp.SetValue("#search-q", "interoperability"), chromedp.Submit("#search-q"),
			chromedp.WaitVisible(`#search-results li`))
		if loc := eval[string](t, b, `location.search`); loc != "?q=interoperability" {
			t.Errorf("query string %q after a search", loc)
		}
		b.axe(t, axeJS, "search")
		b.checkClean(t)
	})

	t.Run("story", func(t *testing.T) {
		// A story's card says how many reports it has and leads to the
		// story's page, which lists them all; back leads to the timeline.
		b.open(t, "", "details.filter > summary")
		line := eval[string](t, b, `document.querySelector(".timeline .card .story-line a")?.textContent || ""`)
		n, err := strconv.Atoi(strings.TrimSuffix(line, " reports"))
		if err != nil || n < 2 {
			t.Fatalf("story card link %q, want \"N reports\"", line)
		}
		b.do(t, "open a story", chromedp.Click(".timeline .card .story-line a"), chromedp.WaitVisible("section.reports"))
		if loc := eval[string](t, b, `location.pathname`); !strings.HasPrefix(loc, "/tracker/stories/") {
			t.Errorf("story card led to %s", loc)
		}
		if got := eval[int](t, b, `document.querySelectorAll("section.reports .card").length`); got != n {
			t.Errorf("story page lists %d reports, its card says %d", got, n)
		}
		b.axe(t, axeJS, "story")
		b.do(t, "back link", chromedp.Click("p.back a:last-child"), chromedp.WaitVisible("details.filter > summary"))
		if loc := eval[string](t, b, `location.pathname`); loc != "/tracker/" {
			t.Errorf("the story page's link back led to %s", loc)
		}
		b.checkClean(t)
	})

	t.Run("entry and term", func(t *testing.T) {
		b.open(t, "search/?q=wechat", "#search-results li a")
		b.do(t, "open a result", chromedp.Click("#search-results li a"), chromedp.WaitVisible("article.entry h1"))
		if loc := eval[string](t, b, `location.pathname`); !strings.HasPrefix(loc, "/tracker/news/") && !strings.HasPrefix(loc, "/tracker/events/") {
			t.Errorf("result led to %s", loc)
		}
		b.axe(t, axeJS, "entry")
		b.do(t, "follow a term", chromedp.Click("article .chips a.chip.company"), chromedp.WaitVisible(".counts"))
		if loc := eval[string](t, b, `location.pathname`); !strings.HasPrefix(loc, "/tracker/entities/") {
			t.Errorf("chip led to %s", loc)
		}
		if eval[int](t, b, `document.querySelectorAll(".histogram svg a").length`) == 0 {
			t.Error("term page without a histogram")
		}
		b.axe(t, axeJS, "term")
		b.checkClean(t)
	})

	t.Run("cases", func(t *testing.T) {
		b.open(t, "cases/", "table.cases th button")
		b.axe(t, axeJS, "cases")
		// By stage, the cases follow a matter's course (complaint first),
		// as the stage filter lists them, not the names' alphabet.
		b.do(t, "sort by stage", chromedp.Click("table.cases th:nth-child(2) button"))
		stages := strings.Fields(eval[string](t, b, `Array.from(document.querySelectorAll("table.cases tbody tr")).map(r => r.dataset.stage).join(" ")`))
		if !slices.IsSortedFunc(stages, func(a, b string) int { return slices.Index(content.Stages, a) - slices.Index(content.Stages, b) }) || len(slices.Compact(slices.Clone(stages))) < 3 {
			t.Errorf("sorted by stage: %v", stages)
		}
		keys := `Array.from(document.querySelectorAll("table.cases tbody tr")).map(r => r.cells[4].dataset.sort).join(" ")`
		b.do(t, "sort by last change", chromedp.Click("table.cases th:nth-child(5) button"))
		asc := strings.Fields(eval[string](t, b, keys))
		if len(asc) < 8 || !slices.IsSorted(asc) {
			t.Errorf("sorted by last change: %v", asc)
		}
		b.do(t, "sort again", chromedp.Click("table.cases th:nth-child(5) button"))
		desc := strings.Fields(eval[string](t, b, keys))
		if !slices.IsSortedFunc(desc, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("sorted again, not descending: %v", desc)
		}
		// Filter by a stage that some cases have and others lack: only its
		// rows remain, the status says how many, and Clear shows them all.
		b.do(t, "case filters shown", chromedp.WaitVisible("form.case-filters #cf-stage"))
		rows := `Array.from(document.querySelectorAll("table.cases tbody tr"))`
		stage := eval[string](t, b, `(() => { const r = `+rows+`; return Array.from(document.querySelector("#cf-stage").options).map(o => o.value)
			.find(v => v && r.some(x => x.dataset.stage === v) && r.some(x => x.dataset.stage !== v)) || "" })()`)
		if stage == "" {
			t.Fatal("no stage filter that keeps some cases and drops others")
		}
		b.do(t, "filter by stage "+stage, chromedp.SetValue("#cf-stage", stage),
			chromedp.Evaluate[chromedp.Void](`document.querySelector("#cf-stage").dispatchEvent(new Event("change", {bubbles: true}))`))
		shown := eval[string](t, b, rows+`.filter(r => !r.hidden && r.offsetParent !== null).map(r => r.dataset.stage).join(" ")`)
		hidden := eval[string](t, b, rows+`.filter(r => r.hidden).map(r => r.dataset.stage).join(" ")`)
		if shown == "" || hidden == "" || slices.ContainsFunc(strings.Fields(shown), func(s string) bool { return s != stage }) || slices.Contains(strings.Fields(hidden), stage) {
			t.Errorf("filtered by stage %s: shown %q, hidden %q", stage, shown, hidden)
		}
		if st := eval[string](t, b, `document.querySelector("form.case-filters .facet-status").textContent`); !strings.Contains(st, " of ") {
			t.Errorf("filter status %q", st)
		}
		b.axe(t, axeJS, "cases, filtered")
		b.do(t, "clear the filters", chromedp.Click(`form.case-filters button[type="reset"]`))
		if n := eval[float64](t, b, `new Promise(ok => setTimeout(() => ok(`+rows+`.filter(r => r.hidden).length), 50))`); n != 0 {
			t.Errorf("%v rows still hidden after Clear", n)
		}
		// On a 390 px phone the page does not scroll sideways: the table
		// scrolls inside its own container.
		b.viewport(t, 390, true)
		if w := eval[[]float64](t, b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); len(w) != 2 || w[0] > w[1] {
			t.Errorf("cases page at 390 px scrolls sideways: scroll width, client width %v", w)
		}
		b.viewport(t, 0, false)
		b.do(t, "open a case", chromedp.Click(`table.cases tbody tr:first-child a`), chromedp.WaitVisible("main h1"))
		casePath := eval[string](t, b, `location.pathname`)
		if !strings.HasPrefix(casePath, "/tracker/cases/") {
			t.Fatalf("the table led to %s", casePath)
		}
		b.axe(t, axeJS, "case")
		b.do(t, "follow an event", chromedp.Click(`main a[href*="/events/"]`), chromedp.WaitVisible("article.entry h1"))
		if loc := eval[string](t, b, `location.pathname`); !strings.HasPrefix(loc, "/tracker/events/") {
			t.Fatalf("the case led to %s", loc)
		}
		b.do(t, "back to the case", chromedp.Click(`article a[href$="cases/`+path.Base(casePath)+`/"]`), chromedp.WaitVisible("main h1"))
		if loc := eval[string](t, b, `location.pathname`); loc != casePath {
			t.Errorf("the event led back to %s, want %s", loc, casePath)
		}
		b.open(t, "fines/", "main h1")
		b.axe(t, axeJS, "fines")
		b.checkClean(t)
	})

	t.Run("status", func(t *testing.T) {
		// On a 390×844 phone the page does not scroll sideways: the table
		// of sources scrolls inside its own container.
		b.viewportSize(t, 390, 844, true)
		b.open(t, "status/", "table.status")
		if w := eval[[]float64](t, b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); len(w) != 2 || w[0] > w[1] {
			t.Errorf("status page at 390 px scrolls sideways: scroll width, client width %v", w)
		}
		b.axe(t, axeJS, "status")
		b.viewport(t, 0, false)
		b.checkClean(t)
	})

	t.Run("print", func(t *testing.T) {
		// On paper an event's primary sources print their addresses, and
		// the page its own; on screen the address is not shown.
		b.open(t, "events/samr-fines-alibaba-choose-one-of-two/", "section.sources a")
		if got := eval[string](t, b, `getComputedStyle(document.querySelector(".page-address")).display`); got != "none" {
			t.Errorf("the page's address is shown on screen: display %s", got)
		}
		b.media(t, "print")
		if bad := eval[string](t, b, `[...document.querySelectorAll("section.sources a")].map(a => [a.href, getComputedStyle(a, "::after").content])
			.filter(([href, after]) => !after.includes(href)).map(([href, after]) => href + " prints " + after).join("; ")`); bad != "" {
			t.Errorf("primary sources print without their addresses: %s", bad)
		}
		if got := eval[string](t, b, `(() => { const p = document.querySelector(".page-address"); return getComputedStyle(p).display + " " + p.textContent })()`); !strings.HasPrefix(got, "block This page: https://") {
			t.Errorf("printed page address: %q", got)
		}
		b.media(t, "")
		b.checkClean(t)
	})

	t.Run("screenshots", func(t *testing.T) {
		// Kept only where DOCKET_SCREENSHOTS names a folder; otherwise
		// they are taken (the capture is part of the test) and removed.
		dir := os.Getenv("DOCKET_SCREENSHOTS")
		if dir == "" {
			dir = t.TempDir()
		}
		b.open(t, "", "details.filter > summary")
		b.screenshot(t, dir, "home-1280", 1280, false)
		b.screenshot(t, dir, "home-390", 390, true)
		b.scheme(t, "dark")
		b.screenshot(t, dir, "home-1280-dark", 1280, false)
		b.scheme(t, "light")
		// The other page kinds the README's pictures show.
		for _, p := range []struct{ name, path, ready string }{
			{"term", "topics/interoperability/", ".counts"},
			{"search", "search/?q=" + url.QueryEscape("fine"), "#search-status[data-ms]"},
			{"event", "events/miit-orders-platforms-to-stop-blocking-links/", "article.entry h1"},
		} {
			b.open(t, p.path, p.ready)
			b.screenshot(t, dir, p.name+"-1280", 1280, false)
		}
		b.checkClean(t)
	})
}

// TestBrowserBudgets measures a large built site (DOCKET_BIG_SITE: its
// public folder, e.g. after docket synth -n 10000 /tmp/s10k && docket
// build --root /tmp/s10k): the home page's weight and what one query
// downloads and takes.
func TestBrowserBudgets(t *testing.T) {
	dir := os.Getenv("DOCKET_BIG_SITE")
	if dir == "" {
		t.Skip("DOCKET_BIG_SITE not set")
	}
	const homeBudget, queryBudget = 100 << 10, 300 << 10
	b := startBrowser(t, dir)
	b.open(t, "", "main")
	if n, files := b.transferred(); n > homeBudget {
		t.Errorf("home page: %.0f bytes in %d files, budget %d", n, files, homeBudget)
	} else {
		t.Logf("home page: %.0f bytes in %d files", n, files)
	}
	for _, q := range []string{"regulator", "interoperability gatekeeper", "subject3 appeal merger", "word"} {
		b.open(t, "search/", "#search-q")
		b.transferred()
		b.do(t, "search "+q, chromedp.SetValue("#search-q", q), chromedp.Submit("#search-q"), chromedp.WaitVisible("#search-status[data-ms]"))
		n, files := b.transferred()
		ms := eval[string](t, b, `document.getElementById("search-status").dataset.ms`)
		status := eval[string](t, b, `document.getElementById("search-status").textContent`)
		t.Logf("query %q: %.0f bytes in %d files, %s ms: %s", q, n, files, ms, status)
		if n > queryBudget {
			t.Errorf("query %q downloads %.0f bytes, budget %d", q, n, queryBudget)
		}
	}
	b.checkClean(t)
}

// TestHTMLValid runs the Nu HTML Checker over one page of every kind.
func TestHTMLValid(t *testing.T) {
	jar := nodeModule("vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if jar == "" || err != nil {
		t.Skip("vnu.jar or java not found (set DOCKET_NODE_MODULES): HTML validation skipped")
	}
	out := buildSample(t)
	var pages []string
	for _, p := range []string{"index.html", "archive/2021/index.html", "topics/index.html",
		"topics/interoperability/index.html", "entities/wechat/index.html", "sources/solidot/index.html",
		"events/wechat-opens-external-links/index.html", "news/2021/09/solidot-wechat-lifts-link-blocking-zh/index.html",
		"about/index.html", "search/index.html", "404.html", "stories/2021-09-17-wechat-opens-external-links/index.html",
		"cases/index.html", "cases/samr-alibaba-2021/index.html", "fines/index.html", "status/index.html"} {
		pages = append(pages, filepath.Join(out, p))
	}
	// The sample's listings fit on their first pages: numbered pages
	// from a synthetic archive.
	paged := build(t, pagedSynth(t, 80, 5)) // 13 numbered pages
	for _, p := range []string{"page/1/index.html", "page/10/index.html", "topics/topic-1/page/1/index.html"} {
		pages = append(pages, filepath.Join(paged, p))
	}
	// vnu passes a page it cannot read without a word.
	for _, p := range pages {
		if _, err := os.Stat(p); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only"}, pages...)...)
	if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
		t.Errorf("vnu: %v\n%s", err, msg)
	}
}
