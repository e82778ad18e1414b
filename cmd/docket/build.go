package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"docket/internal/config"
	"docket/internal/hugepages"
	"docket/internal/site"
)

func runBuild(std stdio, args []string) error {
	fs := newFlags(std, "build", "[flags]", "Render content/ into the static site, replacing public/ only when the build succeeds. Needs no network. The same content/, feeds/ and templates/ give the same files; with SOURCE_DATE_EPOCH set, build.json records it as the build time.")
	opts := site.Options{}
	fs.StringVar(&opts.Root, "root", ".", "project `folder` holding content/, templates/ and feeds/")
	fs.StringVar(&opts.Out, "out", "", "output `folder`, a relative path taken from the current folder (default ROOT/public)")
	fs.StringVar(&opts.BaseURL, "base-url", "", "absolute `URL` the site is published at (default base_url in content/site.yaml)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "publish entries marked draft: true")
	memLimit := memoryFlag(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	budget, err := memoryBudget(*memLimit)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if opts.BaseURL != "" {
		if err := config.CheckBaseURL(opts.BaseURL); err != nil {
			return usageError("--base-url %w", err)
		}
	}
	defer keepMemory(budget)()
	if err := needProject(opts.Root, useRoot); err != nil {
		return err
	}
	sourceDate, err := sourceDateEpoch()
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	opts.Version, opts.SourceDate = buildVersion(), sourceDate
	status := newStatusLine(std.err)
	if status != nil {
		opts.Progress = buildProgress(status)
	}
	var interrupted bool
	publishing, release := exitOnInterrupt(std.err, status, &interrupted)
	defer release()
	opts.Publishing = publishing
	start := time.Now()
	res, err := site.Build(opts)
	status.clear()
	if err != nil {
		return err
	}
	if interrupted {
		return &exitError{code: 130, err: errors.New("interrupted: the site was published whole first")}
	}
	ms := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	fmt.Fprintf(std.out, "built %d %s, %d %s in %s (load %s, render %s, publish %s)\n",
		res.Entries, plural(res.Entries, "entry", "entries"), res.Files, plural(res.Files, "file", "files"),
		ms(time.Since(start)), ms(res.Load), ms(res.Render), ms(res.Publish))
	if res.Unparsed > 0 {
		fmt.Fprintf(std.out, "took %d unchanged content files from the load cache (%d of them read to tell, %d on git's word)\n", res.Unparsed, res.Hashed, res.Git)
	}
	if res.DocsErr != nil {
		fmt.Fprintf(std.err, "docket build: warning: %v (every content file is parsed until it works)\n", res.DocsErr)
	}
	for _, kind := range slices.Sorted(maps.Keys(res.Uncached)) {
		fmt.Fprintf(std.out, "every %s page was rendered: its templates use %s, which the build cache does not cover\n", kind, strings.Join(res.Uncached[kind], ", "))
	}
	if res.CacheErr != nil {
		fmt.Fprintf(std.err, "docket build: warning: build cache: %v (pages are rendered, not kept, until it works)\n", res.CacheErr)
	}
	if res.Kept > 0 {
		fmt.Fprintf(std.out, "kept %d unchanged %s from the last build\n", res.Kept, plural(res.Kept, "page", "pages"))
	}
	if res.Patched {
		fmt.Fprintf(std.out, "patched the published site in place: %d %s written\n", res.Staged, plural(res.Staged, "file", "files"))
	}
	return nil
}

// memoryFlag adds --memory-limit to the flags of a command that renders
// the whole site (build, check).
func memoryFlag(fs *flag.FlagSet) *string {
	return fs.String("memory-limit", defaultMemoryLimit, "soft `limit` on the memory docket uses (as GOMEMLIMIT: 1536MiB, 2GiB; at least 64MiB; auto for 1920MiB, a 2 GiB runner's less room for the program and the runtime; off for none): near it the collector runs more often instead of the heap growing; it rises to 1.15 times the live heap when that is more. GOMEMLIMIT, if set, wins")
}

// keepMemory keeps the heap to budget (0 for none), as memoryBudget
// read it, until the function it returns is called.
func keepMemory(budget int64) (stop func()) {
	pages := hugepages.Start()                        // before the tuner, which would see what Start maps ahead
	if budget == 0 || os.Getenv("GOMEMLIMIT") != "" { // else the runtime applied GOMEMLIMIT
		return pages
	}
	t := startHeapTuner(budget)
	return func() { t.close(); pages() }
}

// defaultMemoryLimit is a CI runner's budget, kept to while the live
// heap leaves room (memlimit.go).
const defaultMemoryLimit = "auto"

// minMemoryLimit refuses limits no build or check fits in (both read
// --memory-limit through memoryBudget).
const minMemoryLimit = 64 << 20

// memoryBudget reads --memory-limit: the budget in bytes, 0 for none.
func memoryBudget(v string) (int64, error) {
	if v == "auto" {
		return autoBudget, nil
	}
	n, err := parseBytes(v)
	if err != nil {
		return 0, fmt.Errorf("--memory-limit %q: %w", v, err)
	}
	if n > 0 && n < minMemoryLimit {
		return 0, fmt.Errorf("--memory-limit %q: below 64MiB no build or check fits; off for none", v)
	}
	return n, nil
}

// parseBytes reads a size as GOMEMLIMIT writes it: a whole number of
// bytes with an optional B, KiB, MiB, GiB or TiB; "off" or 0 is none.
func parseBytes(v string) (int64, error) {
	if v == "off" {
		return 0, nil
	}
	num, scale := v, int64(1)
	for i, unit := range []string{"TiB", "GiB", "MiB", "KiB", "B"} {
		if rest, ok := strings.CutSuffix(v, unit); ok {
			num, scale = rest, int64(1)<<(10*(4-i))
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/scale {
		return 0, errors.New("want bytes, as 1536MiB or 2GiB, auto or off")
	}
	return n * scale, nil
}

// buildProgress shows a build's phases on the status line.
func buildProgress(status *statusLine) func(phase string, done, total int) {
	return func(phase string, done, total int) {
		switch phase {
		case "load":
			if total == 0 { // files read so far: entries, pages, cases, drafts
				status.show(false, "loading content: %d files", done)
				break
			}
			status.show(true, "loading content: %d entries", done)
		case "render":
			if total == 0 { // not planned yet
				status.show(false, "rendering")
				break
			}
			status.show(done == total, "rendering: %d of %d pages", done, total)
		case "links":
			status.show(true, "checking the links of %d files", done)
		default:
			status.show(true, "publishing %d files", done)
		}
	}
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH (reproducible-builds.org): the
// only time a build may put in its output. Zero when unset.
func sourceDateEpoch() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if err != nil || secs < 0 || secs > maxEpoch {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970, before the year 10000", v)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// maxEpoch is the last second of 9999: dates in feeds and build.json have
// four-digit years.
const maxEpoch = 253402300799

// buildVersion is docket's version for build.json: the one set at link
// time, else the module version the go command stamped, else "dev".
func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// exitOnInterrupt makes Ctrl-C and SIGTERM end the build with a word to
// w and status 130 until the site starts to be published; the
// Publishing hook it returns then holds them off until publishing ends,
// setting *got if one came. Before publishing, a build writes only
// beside public/ (and may take back the moves of a build killed while
// it published, which the next build takes back as well); the next
// build removes the folders an interrupted one leaves. release ends it
// all, for a build that ends before publishing.
func exitOnInterrupt(w io.Writer, status *statusLine, got *bool) (publishing func() (done func()), release func()) {
	sig := make(chan os.Signal, 1)
	notifyUnignored(sig)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		select {
		case <-sig:
			status.stop()
			fmt.Fprintln(w, "docket build: interrupted before publishing began: public/ is as the last build left it")
			os.Exit(130)
		case <-stop:
			close(stopped)
		}
	}()
	var once sync.Once
	hold := func() { // from here a signal waits in sig: publishing is never cut short
		once.Do(func() { close(stop); <-stopped })
	}
	release = func() {
		hold()
		signal.Stop(sig)
	}
	publishing = func() func() {
		hold()
		return func() {
			release()
			select {
			case <-sig:
				*got = true
			default:
			}
		}
	}
	return publishing, release
}

// notifyUnignored relays Ctrl-C and SIGTERM to sig, each unless the
// process was started with it ignored (a background job of a script,
// a shell's empty trap on INT), which Notify would undo.
func notifyUnignored(sig chan<- os.Signal) {
	for _, s := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		if !signal.Ignored(s) {
			signal.Notify(sig, s)
		}
	}
}
