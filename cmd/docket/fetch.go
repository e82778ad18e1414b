package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"docket/internal/feed"
	"docket/internal/fetch"
	"docket/internal/lock"
	"docket/internal/pipeline"
	"docket/internal/review"
	"docket/internal/sources"
)

const fetchSummary = "Fetch the feeds in feeds/feeds.yaml, select and extract new items, and write them to content/news."

func runFetch(std stdio, args []string) error {
	fs := newFlags(std, "fetch", "[flags]", fetchSummary)
	root := rootFlag(fs)
	only := fs.String("feed", "", "fetch only the feed with this `id`")
	since := fs.String("since", "", "only items newer than a `DURATION` (72h) or DATE (2026-11-01)")
	force := fs.Bool("force", false, "fetch feeds that are not due yet (ignore next_fetch)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	hosts := fs.Int("hosts", fetch.DefaultHosts, "hosts fetched from at once")
	allowPrivate := fs.Bool("allow-private", false, "let feeds and article links reach loopback and private addresses (an intranet)")
	timeout := fs.Duration("timeout", 10*time.Minute, "stop the run after `DURATION`; items not done are reported and left for the next run")
	verbose := fs.Bool("v", false, "log HTTP detail to stderr")
	shard := fs.String("shard", "", "fetch only share `I/N` of the feeds (by ID) and write feeds/state.shard-I-of-N.json, for a later --merge")
	merge := fs.Bool("merge", false, "fetch nothing: combine the shards of --shard runs into feeds/state.json, feeds/removed.yaml and feeds/review.jsonl")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if err := needProject(*root, useRoot); err != nil {
		return err
	}
	if *merge {
		// The merge fetches nothing: a flag choosing what to fetch beside
		// it would be ignored: `--shard 2/2 --merge` merged every shard.
		var bad []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "shard" || f.Name == "feed" || f.Name == "since" || f.Name == "force" {
				bad = append(bad, "--"+f.Name)
			}
		})
		if len(bad) > 0 {
			return usageError("--merge fetches nothing: it takes no %s", strings.Join(bad, ", "))
		}
	}
	sh, err := sources.ParseShard(cmp.Or(*shard, "1/1"))
	if err != nil {
		return usageError("--shard: %v", err)
	}
	sinceT, err := parseSince(*since, time.Now())
	if err != nil {
		return usageError("--since: %v", err)
	}
	release, err := lock.Acquire(*root, "fetch")
	if err != nil {
		return err
	}
	defer release()
	if *merge {
		// With every feed failed (fetch.ErrEveryFeedFailed) the merge is
		// saved, and the status is 1 as after one run.
		n, err := pipeline.MergeShards(*root)
		switch {
		case n > 0:
			fmt.Fprintf(std.out, "merged %d %s into feeds/state.json, feeds/removed.yaml, feeds/review.jsonl and content/news\n", n, plural(n, "shard", "shards"))
		case err == nil:
			fmt.Fprintln(std.out, "no shards to merge")
		}
		return err
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(std.err, &slog.HandlerOptions{Level: level}))
	run, err := pipeline.NewFetch(*root, fetch.ClientOptions{Hosts: *hosts, AllowPrivate: *allowPrivate, Version: version}, log)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if run.QueueWarning != nil {
		fmt.Fprintf(std.err, "warning: %v\n", run.QueueWarning)
	}
	run.Opts.Only, run.Opts.Since, run.Opts.Force, run.Opts.Shard = *only, sinceT, *force, sh
	if !*asJSON {
		run.Opts.OnStart, run.Opts.OnFeed = progress(std.err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	sum, saveErr, err := run.Run(ctx)
	if errors.Is(err, fetch.ErrUnknownFeed) {
		return usageError("%v", err)
	}
	if err != nil {
		return err
	}
	stopped := "--timeout" // what left items for the next run
	if errors.Is(ctx.Err(), context.Canceled) {
		stopped = "interrupted"
	}
	if err := report(std.out, sum, *asJSON, stopped); err != nil {
		return err
	}
	if n := run.Queue.Added(); n > 0 && !*asJSON {
		next := "'docket review' to decide"
		if !sh.Whole() {
			next = "'docket fetch --merge', then 'docket review', to decide"
		}
		fmt.Fprintf(std.out, "%d %s the rules were unsure of queued in %s: %s\n", n, plural(n, "item", "items"), sh.Path(review.QueuePath), next)
	}
	err = fetchOutcome(sum, saveErr)
	if stopped == "interrupted" && (err == nil || errors.Is(err, errEveryFeedFailed)) {
		// Not an outage: the feeds it did not finish were stopped, not
		// failed. 130, as a shell reports a Ctrl-C.
		return &exitError{code: 130, err: errors.New("interrupted: what was fetched is saved, and the next run fetches the rest")}
	}
	if errors.Is(err, errEveryFeedFailed) && !sh.Whole() {
		// One shard's feeds all failing is not the outage a whole run's
		// exit 1 stands for, and it would stop the other shards' news:
		// the merge exits 1 when every shard's feeds failed.
		fmt.Fprintf(std.err, "warning: every feed of shard %d/%d failed\n", sh.I, sh.N)
		return nil
	}
	return err
}

var errEveryFeedFailed = errors.New("every enabled feed failed")

// fetchOutcome turns the run into the exit status: 1 when every enabled
// feed failed or content/ or the state could not be written.
func fetchOutcome(sum *fetch.Summary, saveErr error) error {
	switch {
	case saveErr != nil:
		return saveErr
	case sum.WriteFailure:
		return errors.New("some items could not be written to content/")
	case sum.Enabled() > 0 && sum.Succeeded() == 0:
		return errEveryFeedFailed
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

func report(w io.Writer, sum *fetch.Summary, asJSON bool, stopped string) error {
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
			msg = strings.TrimSpace(fmt.Sprintf("%s %d deleted items not written again (%s)", msg, r.Removed, pipeline.RemovedPath))
		}
		if r.Status == fetch.StatusSkipped && !r.Due.IsZero() {
			msg = strings.TrimSpace(fmt.Sprintf("%s not due until %s (--force fetches it now)", msg, r.Due.Local().Format("2006-01-02 15:04")))
			if r.Failing != "" {
				msg += "; its last fetch failed: " + r.Failing
			}
		}
		if r.Unextracted > 0 {
			msg = strings.TrimSpace(fmt.Sprintf("%s %d %s written with the feed's summary: the article could not be fetched or read (-v says why)", msg, r.Unextracted, plural(r.Unextracted, "item", "items")))
		}
		if r.NameTaken > 0 {
			msg = strings.TrimSpace(fmt.Sprintf("%s %d %s not written: other files have their names", msg, r.NameTaken, plural(r.NameTaken, "item", "items")))
		}
		if r.Left > 0 {
			msg = strings.TrimSpace(fmt.Sprintf("%s %d items left for the next run (%s)", msg, r.Left, stopped))
		}
		if r.Held > 0 {
			msg = strings.TrimSpace(fmt.Sprintf("%s %d %s held for the next run: their site asked to slow down", msg, r.Held, plural(r.Held, "item", "items")))
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
		fmt.Fprintf(w, "%d %s recorded in %s, not to be fetched again (delete a line there to undo):\n", n, plural(n, "deleted item", "deleted items"), pipeline.RemovedPath)
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
