package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"docket/internal/config"
	"docket/internal/extract"
	"docket/internal/feed"
	"docket/internal/fetch"
	"docket/internal/lock"
	"docket/internal/review"
	"docket/internal/topic"

	"docket/internal/sources"
)

// removedPath lists the items editors deleted, which fetch does not write again.
var removedPath = filepath.Join("feeds", "removed.yaml")

const fetchSummary = "Fetch the feeds in feeds/feeds.yaml, select and extract new items, and write them to content/news."

func runFetch(std stdio, args []string) error {
	fs := newFlags(std, "fetch", "[flags]", fetchSummary)
	only := fs.String("feed", "", "fetch only the feed with this `id`")
	since := fs.String("since", "", "only items newer than a `DURATION` (72h) or DATE (2026-11-01)")
	force := fs.Bool("force", false, "fetch feeds that are not due yet (ignore next_fetch)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	hosts := fs.Int("hosts", fetch.DefaultHosts, "hosts fetched from at once")
	allowPrivate := fs.Bool("allow-private", false, "let feeds and article links reach loopback and private addresses (an intranet)")
	timeout := fs.Duration("timeout", 10*time.Minute, "stop the run after `DURATION`; items not done are reported and left for the next run")
	verbose := fs.Bool("v", false, "log HTTP detail to stderr")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := needProject(".", useCwd); err != nil {
		return err
	}
	sinceT, err := parseSince(*since, time.Now())
	if err != nil {
		return usageError("--since: %v", err)
	}
	// Taken before the state is read: two runs at once wrote every item
	// twice and the second run's state overwrote the first's.
	release, err := lock.Acquire(".", "fetch")
	if err != nil {
		return err
	}
	defer release()
	opts, err := fetchSetup(std, fetch.ClientOptions{Hosts: *hosts, AllowPrivate: *allowPrivate}, *verbose)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	opts.Only, opts.Since, opts.Force = *only, sinceT, *force
	queue, err := review.Project{Root: "."}.Load()
	if queue == nil {
		return &exitError{code: 2, err: err}
	}
	if err != nil {
		// Only the lines it names are lost: their items may be queued again.
		fmt.Fprintf(std.err, "warning: %v\n", err)
	}
	opts.Review = queue
	if !*asJSON {
		opts.OnStart, opts.OnFeed = progress(std.err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	sum, err := fetch.Run(ctx, opts)
	if errors.Is(err, fetch.ErrUnknownFeed) {
		return usageError("%v", err)
	}
	if err != nil {
		return err
	}
	// The tombstones first: a state saved without the deleted items and
	// no tombstones for them would let them come back.
	saveErr := opts.Removed.Save(removedPath)
	if saveErr == nil {
		saveErr = queue.Save(review.QueuePath)
	}
	if saveErr == nil {
		saveErr = opts.State.Save(filepath.Join("feeds", "state.json"))
	}
	if err := report(std.out, sum, *asJSON); err != nil {
		return err
	}
	if n := queue.Added(); n > 0 && !*asJSON {
		fmt.Fprintf(std.out, "%d %s the rules were unsure of queued in %s: 'docket review' to decide\n", n, plural(n, "item", "items"), review.QueuePath)
	}
	return fetchOutcome(sum, saveErr)
}

// fetchSetup reads the configuration; any error here is a configuration
// error (exit 2).
func fetchSetup(std stdio, client fetch.ClientOptions, verbose bool) (fetch.Options, error) {
	site, err := config.Load(filepath.Join("content", "site.yaml"))
	if err != nil {
		return fetch.Options{}, err
	}
	client.Contact, client.Version = site.Contact, version
	srcs, err := sources.LoadSources(filepath.Join("feeds", "feeds.yaml"))
	if err != nil {
		return fetch.Options{}, err
	}
	rules, err := topic.Load("feeds")
	if err != nil {
		return fetch.Options{}, err
	}
	state, err := sources.LoadState(filepath.Join("feeds", "state.json"))
	if err != nil {
		return fetch.Options{}, err
	}
	removed, err := sources.LoadRemoved(removedPath)
	if err != nil {
		return fetch.Options{}, err
	}
	x, err := extract.New()
	if err != nil {
		return fetch.Options{}, err
	}
	level := slog.LevelError
	if verbose {
		level = slog.LevelDebug
	}
	return fetch.Options{
		ContentDir: "content",
		Sources:    srcs,
		State:      state,
		Removed:    removed,
		Client:     fetch.NewClient(client),
		Classify:   rules,
		Extract:    extractor(x),
		Log:        slog.New(slog.NewTextHandler(std.err, &slog.HandlerOptions{Level: level})),
	}, nil
}

// extractor adapts internal/extract to fetch's seam.
func extractor(x *extract.Extractor) fetch.Extractor {
	return func(page []byte, contentType, pageURL, summary string) (string, bool, error) {
		a, err := x.Extract(page, contentType, pageURL)
		if err != nil {
			return "", false, err
		}
		return a.Markdown, a.Usable(summary), nil
	}
}

// fetchOutcome turns the run into the exit status: 1 when every enabled
// feed failed or content/ or the state could not be written.
func fetchOutcome(sum *fetch.Summary, saveErr error) error {
	switch {
	case saveErr != nil:
		return saveErr
	case sum.WriteFailure:
		return errors.New("some items could not be written to content/")
	case sum.Enabled() > 0 && sum.Succeeded() == 0:
		return errors.New("every enabled feed failed")
	}
	return nil
}

// parseSince reads "72h", "30d" or a date.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days >= 0 {
			return now.AddDate(0, 0, -days), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	if t, ok := feed.ParseDate(s, time.Local); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither a duration (72h, 30d) nor a date (2026-11-01)", s)
}

// progress shows a bar on a terminal and one line per feed otherwise (CI).
func progress(w io.Writer) (func(int), func(*fetch.FeedResult)) {
	if !isTerminal(w) {
		return nil, func(r *fetch.FeedResult) {
			fmt.Fprintln(w, strings.TrimSpace(fmt.Sprintf("fetch %s: %s %s", r.Feed, r.Status, r.Error)))
		}
	}
	var bar *progressbar.ProgressBar
	start := func(total int) {
		bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("fetching"), progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish())
	}
	return start, func(r *fetch.FeedResult) { _ = bar.Add(1) }
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func report(w io.Writer, sum *fetch.Summary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tSTATUS\tHTTP\tNEW\tSEEN\tWRITTEN\tTIME\tERROR")
	var total [3]int
	for _, r := range sum.Feeds {
		msg := r.Error
		if r.MovedTo != "" {
			msg = strings.TrimSpace(msg + " moved permanently to " + r.MovedTo)
		}
		if r.Capped > 0 {
			msg = strings.TrimSpace(fmt.Sprintf("%s %d older items over max_items left out", msg, r.Capped))
		}
		if r.Removed > 0 {
			msg = strings.TrimSpace(fmt.Sprintf("%s %d deleted items not written again (%s)", msg, r.Removed, removedPath))
		}
		if r.Left > 0 {
			msg = strings.TrimSpace(fmt.Sprintf("%s %d items left for the next run (--timeout)", msg, r.Left))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", r.Feed, r.Status, httpCode(r.HTTP),
			r.New, r.Seen, r.Written, r.Duration.Round(time.Millisecond), msg)
		total[0], total[1], total[2] = total[0]+r.New, total[1]+r.Seen, total[2]+r.Written
	}
	fmt.Fprintf(tw, "%d feeds\t%d ok\t\t%d\t%d\t%d\t\t\n", len(sum.Feeds), sum.Succeeded(), total[0], total[1], total[2])
	if err := tw.Flush(); err != nil {
		return err
	}
	if n := len(sum.Tombstoned); n > 0 {
		fmt.Fprintf(w, "%d %s recorded in %s, not to be fetched again (delete a line there to undo):\n", n, plural(n, "deleted item", "deleted items"), removedPath)
		for _, t := range sum.Tombstoned {
			fmt.Fprintf(w, "  %s\n", cmp.Or(t.Title, t.URL, t.GUID, t.ID))
		}
	}
	return nil
}

func httpCode(c int) string {
	if c == 0 {
		return "-"
	}
	return fmt.Sprint(c)
}
