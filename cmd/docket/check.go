package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"docket/internal/content"
	"docket/internal/projfile"
	"docket/internal/site"
	"docket/internal/sources"
	"docket/internal/topic"
)

func runCheck(std stdio, args []string) error {
	fs := newFlags(std, "check", "[flags]", "Validate settings, sources, rules, front matter and templates, render the site into a scratch folder (as a build of public/ would, on its caches) and check its internal links. public/ and its caches are not touched. Exits 1 on any problem.")
	root := fs.String("root", ".", "project `folder`")
	drafts := fs.Bool("drafts", false, "check as if drafts were published")
	sourcesOnly := fs.Bool("sources", false, "check only the sources' health in feeds/state.json: exit 1 listing those failing too long")
	memLimit := memoryFlag(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	budget, err := memoryBudget(*memLimit)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	if err := needProject(*root, useRoot); err != nil {
		return err
	}
	if *sourcesOnly {
		return checkSources(std, *root)
	}
	defer keepMemory(budget)()
	var problems []string
	add := func(err error) {
		if err != nil {
			problems = append(problems, strings.Split(err.Error(), "\n")...)
		}
	}
	feedsDir := filepath.Join(*root, "feeds")
	if _, err := sources.LoadSources(filepath.Join(feedsDir, "feeds.yaml")); err != nil && !errors.Is(err, os.ErrNotExist) {
		add(err)
	}
	if _, err := sources.LoadRemoved(filepath.Join(feedsDir, "removed.yaml")); err != nil {
		add(err)
	}
	for _, err := range topic.Lint(feedsDir) {
		add(err)
	}
	notes, siteProblems := checkSite(std, *root, *drafts)
	problems = append(problems, siteProblems...)
	n := 0
	seen := map[string]bool{}
	heading := ""
	for _, p := range problems {
		if strings.HasSuffix(p, ":") { // phase headings such as "load:"
			heading = p
			continue
		}
		// The rules are linted, then loaded again by the render: a
		// problem in feeds/ comes back from both. A heading is shown
		// only above a problem, not left alone by a repeat.
		more, isMore := site.MoreErrors(p)
		if seen[p] && !isMore { // two phases may each leave out as many
			continue
		}
		seen[p] = true
		if heading != "" {
			fmt.Fprintln(std.out, heading)
			heading = ""
		}
		fmt.Fprintln(std.out, p)
		if isMore {
			n += more
		} else {
			n++
		}
	}
	for _, l := range slices.Concat(unreadFeedFiles(feedsDir), unreadContentFiles(filepath.Join(*root, "content"))) {
		fmt.Fprintln(std.out, l)
	}
	for _, l := range notes {
		fmt.Fprintln(std.out, l)
	}
	if n > 0 {
		return fmt.Errorf("%d %s", n, plural(n, "problem", "problems"))
	}
	fmt.Fprintln(std.out, "no problems")
	return nil
}

// checkSite renders the site into a scratch folder, as a build of
// public/ would, and checks its links. It returns the warnings and notes
// on what it rendered (none when the render failed) and the problems.
func checkSite(std stdio, root string, drafts bool) (notes, problems []string) {
	// The site and the render's scratch folder beside it are in one
	// folder, removed however check ends: interrupted, it left a whole
	// rendered site in the temporary folder. What a killed check left
	// goes the next day.
	sweepStale(os.TempDir(), "docket-check-", 24*time.Hour)
	scratch, err := os.MkdirTemp("", "docket-check-")
	if err != nil {
		return nil, []string{err.Error()}
	}
	defer os.RemoveAll(scratch)
	defer removeOnInterrupt(scratch)()
	tmp := filepath.Join(scratch, "site")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, []string{err.Error()}
	}
	// With the caches of public/, the render costs what changed since
	// the last build (at 50,000 entries a whole render took 44 s).
	// What is wanted of the rendered site is taken before check lets it
	// go to read the pages for links.
	var basePath string
	var sources site.Sources
	rendered := func(s *site.Site) {
		conf := s.Config()
		basePath, sources = conf.BasePath(), s.Sources()
		notes = slices.Concat(futureWarnings(s, time.Now()), ancientWarnings(s), rateWarnings(s), rawHTMLWarnings(s), storyNotes(s))
	}
	opts := site.Options{Root: root, Drafts: drafts, Version: buildVersion()}
	status := newStatusLine(std.err)
	if status != nil {
		opts.Progress = buildProgress(status)
	}
	res, err := site.Check(opts, tmp, rendered)
	status.clear()
	if res == nil {
		return nil, strings.Split(err.Error(), "\n")
	}
	if err != nil {
		return notes, []string{err.Error()}
	}
	if res.RecordErr != nil {
		fmt.Fprintf(std.err, "docket check: warning: links record: %v (every page is read for links until it works)\n", res.RecordErr)
	}
	broken := res.Broken
	for i, msg := range broken {
		broken[i] = linkSource(sources, basePath, msg)
	}
	return notes, broken
}

// removeOnInterrupt removes dir and exits if the process is interrupted
// or terminated before stop is called. The render goes on meanwhile and
// would make its folders again as they go: dir is moved aside and a file
// put in its place, on which the render's writes fail, before the
// folder is removed.
func removeOnInterrupt(dir string) (stop func()) {
	sig := make(chan os.Signal, 1)
	notifyUnignored(sig)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			gone := dir + "-gone"
			if os.Rename(dir, gone) == nil && os.WriteFile(dir, nil, 0o600) == nil {
				os.RemoveAll(gone)
				os.Remove(dir)
			} else {
				os.RemoveAll(dir)
				os.RemoveAll(gone)
			}
			os.Exit(130)
		case <-done:
		}
	}()
	return func() { signal.Stop(sig); close(done) }
}

// sweepStale removes the folders in dir named prefix… last changed more
// than age ago: a killed run's, as no run lasts that long.
func sweepStale(dir, prefix string, age time.Duration) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > age {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// linkSource puts the file and line of a broken link before CheckLinks'
// message ("page: broken link "link"") when the page is an entry's (in
// sources, Site.Sources) and
// the entry's file holds the link: the rendered page alone leaves the
// editor to work out which file to open, and where. A link the file does
// not hold (a template's, a listing's) keeps the message as it is.
func linkSource(sources site.Sources, basePath, msg string) string {
	page, quoted, ok := strings.Cut(msg, ": broken link ")
	link, err := strconv.Unquote(quoted)
	file := sources.File("/" + strings.TrimSuffix(page, "index.html"))
	if !ok || err != nil || file == "" {
		return msg
	}
	data, err := projfile.ReadFile(file, projfile.MaxEntry)
	if err != nil {
		return msg
	}
	// The render writes a link to a site path relative to its page ("/x/"
	// on events/slug/ becomes "../../x/"): look for what is left of it.
	want, _, _ := strings.Cut(link, "#")
	want, _, _ = strings.Cut(want, "?")
	want = strings.TrimPrefix(want, basePath)
	for strings.HasPrefix(want, "../") {
		want = want[len("../"):]
	}
	want = strings.TrimPrefix(want, "./")
	if want == "" {
		return msg
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, want) {
			return fmt.Sprintf("%s:%d: broken link %q (%s)", file, i+1, link, page)
		}
	}
	return msg
}

// checkSources lists the sources that have been failing for too long
// (sources.StaleAfter and sources.StaleFailures), as the status page flags them.
func checkSources(std stdio, root string) error {
	sourceDate, err := sourceDateEpoch()
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	h, err := sources.LoadHealth(root, sourceDate)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	stale := h.Stale()
	for _, s := range stale {
		fmt.Fprintf(std.out, "%s: failing since %s (%d failures in a row): %s\n",
			s.ID, s.FailingSince.Format(time.RFC3339), s.Failures, s.RawError)
	}
	if len(stale) > 0 {
		return fmt.Errorf("%d of %d sources stale: failing %d times or more in a row over %d days or more",
			len(stale), len(h.Sources), h.StaleFailures, h.StaleDays())
	}
	fmt.Fprintf(std.out, "%d sources, none failing for long\n", len(h.Sources))
	return nil
}

// feedFiles are the YAML files of feeds/ that docket reads.
var feedFiles = []string{"feeds.yaml", "topics.yaml", "entities.yaml", "removed.yaml"}

// unreadContentFiles warns of files in content/ that docket does not
// read: an entry saved as .markdown or .MD is left out of the site, and
// nothing else would say so. Hidden files and editors' backups (x.md~)
// are left alone, as is site.yaml.
func unreadContentFiles(dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir { // no content/: check says so elsewhere
			return nil
		}
		name := d.Name()
		switch {
		case strings.HasPrefix(name, "."):
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir(), strings.HasSuffix(name, ".md"), strings.HasSuffix(name, "~"), p == filepath.Join(dir, "site.yaml"):
			return nil
		}
		out = append(out, fmt.Sprintf("warning: %s is not read by docket: entries are Markdown files ending in .md", filepath.ToSlash(p)))
		return nil
	})
	return out
}

// unreadFeedFiles warns of YAML files in feeds/ that docket does not
// read: a feed listed in feeds/local.yaml is never fetched, and nothing
// else would say so.
func unreadFeedFiles(dir string) []string {
	var out []string
	for _, pattern := range []string{"*.yaml", "*.yml"} {
		names, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, name := range names {
			base := filepath.Base(name)
			if fi, err := os.Lstat(name); err != nil || fi.IsDir() || strings.HasPrefix(base, ".") || slices.Contains(feedFiles, base) {
				continue
			}
			out = append(out, fmt.Sprintf("warning: %s is not read by docket: feeds are listed in feeds.yaml, rules in topics.yaml and entities.yaml beside it", filepath.ToSlash(name)))
		}
	}
	return out
}

// rateWarnings lists the amounts feeds/rates.csv has no rate for:
// the site shows them in their own currency only, never as a zero in
// euros. They are warnings, not problems: check still passes.
func rateWarnings(s *site.Site) []string {
	var out []string
	for _, d := range s.Unrated() {
		out = append(out, fmt.Sprintf("warning: %s: amount %s: feeds/%s has no %s rate for its date, so it is shown in its own currency only (not in EUR or USD, not in totals)", amountLine(d), asWritten(d.Amount), site.RatesFile, d.Amount.Currency))
	}
	last, late := s.PastRates()
	const update = "docket rates update FILE takes a newer ECB eurofxref-hist.csv"
	switch {
	case len(late) == 1:
		d := late[0]
		out = append(out, fmt.Sprintf("warning: %s: amount %s is dated after feeds/%s ends (%s) and converted at that day's rate: %s", amountLine(d), asWritten(d.Amount), site.RatesFile, last, update))
	case len(late) > 1:
		// One word for them all: it is the rates that are old, not
		// these entries that are wrong.
		var at []string
		for _, d := range late[:min(len(late), 3)] {
			at = append(at, amountLine(d))
		}
		if len(late) > 3 {
			at = append(at, fmt.Sprintf("%d more", len(late)-3))
		}
		out = append(out, fmt.Sprintf("warning: feeds/%s ends %s: %d amounts dated after it are converted at that day's rate (%s): %s", site.RatesFile, last, len(late), strings.Join(at, ", "), update))
	}
	return out
}

// futureWarnings lists the published entries dated after now: the site
// takes its newest entry's date as today, so one such entry moves it.
func futureWarnings(s *site.Site, now time.Time) []string {
	var out []string
	for _, d := range s.Future(now) {
		out = append(out, fmt.Sprintf("warning: %s: dated %s, after today: the site takes its newest entry's date as today (the home page's \"Updated\", every case's next date and last change) until then; an announced date belongs in its case's dates", keyLine(d, "date"), d.Date.Format(time.DateOnly)))
	}
	for _, d := range s.UpdatedFuture(now) {
		out = append(out, fmt.Sprintf("warning: %s: updated %s, after today: the site takes its newest date or updated date as today (the home page's \"Updated\") until then", keyLine(d, "updated"), d.Updated.Format(time.DateOnly)))
	}
	for _, d := range s.UpdatedBefore() {
		out = append(out, fmt.Sprintf("warning: %s: updated %s, before its date %s: no page shows it; a mistyped year?", keyLine(d, "updated"), d.Updated.Format(time.DateOnly), d.Date.Format(time.DateOnly)))
	}
	return out
}

// ancientWarnings lists the entries dated before 1890, the year of the
// first competition law: a mistyped year (0202 for 2020) gives the home
// page's histogram a place for every year between.
func ancientWarnings(s *site.Site) []string {
	var out []string
	for _, d := range s.DatedBefore(time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC)) {
		out = append(out, fmt.Sprintf("warning: %s: dated %s, before any competition law: a mistyped year? The timeline's histogram gives every year from it a place", keyLine(d, "date"), d.Date.Format(time.DateOnly)))
	}
	return out
}

// rawHTMLWarnings lists the editors' bodies with raw HTML, which pages
// leave out.
func rawHTMLWarnings(s *site.Site) []string {
	var out []string
	for _, at := range s.RawHTML() {
		out = append(out, fmt.Sprintf("warning: %s: raw HTML, which pages leave out (\"<!-- raw HTML omitted -->\"): write it in Markdown (tables, links, emphasis) or leave it out", at))
	}
	return out
}

// amountLine is the file and line of an entry's amount, or its file.
func amountLine(d *content.Doc) string { return keyLine(d, "amount") }

// keyLine is the file and line of a key of an entry's front matter, or
// its file.
func keyLine(d *content.Doc, key string) string {
	if data, err := projfile.ReadFile(d.Path, projfile.MaxEntry); err == nil {
		if l, ok := content.KeyLine(data, key); ok {
			return fmt.Sprintf("%s:%d", d.Path, l)
		}
	}
	return d.Path
}

// storyNotes lists the editors' story: overrides, which fetch never
// rewrites, so that a forgotten one is seen. They are notes: check passes.
func storyNotes(s *site.Site) []string {
	ovs, err := s.Overrides()
	if err != nil { // a file changed or gone since the load
		return []string{fmt.Sprintf("note: the editors' story: overrides could not be listed: %v", err)}
	}
	var out []string
	for _, o := range ovs {
		out = append(out, fmt.Sprintf("note: %s:%d: story: %s (%s)", o.Path, o.Line, o.Story, o.Describe()))
	}
	return out
}

// asWritten is an amount as its file has it ("KRW 1000000000"), for a
// warning that names the line: String rounds it for readers.
func asWritten(a *content.Amount) string {
	return a.Currency + " " + strconv.FormatFloat(a.Value, 'f', -1, 64)
}
