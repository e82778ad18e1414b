// Command docket turns syndicated feeds and editors' Markdown into a static
// tracker site about antitrust and platform interoperability.
//
// main only wires subcommands: each one parses its own flag.FlagSet and
// calls into internal/… packages, which do the work.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

// stdio is what a subcommand may read and write; tests pass buffers.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

type command struct {
	name    string
	args    string // usage line after the name
	summary string
	run     func(std stdio, args []string) error
}

// commands is the whole CLI. Keep it sorted by name; each entry's run lives
// in a file named after the command.
func commands() []command {
	cmds := []command{
		{"build", "[--out DIR] [--base-url URL] [--drafts]", "render content/ into the static site in public/", runBuild},
		{"cases", "suggest [--root DIR] [--apply]", casesSummary, runCases},
		{"check", "[--drafts] [--sources]", "validate everything and check the rendered site's links; the CI gate", runCheck},
		{"classify", "[--feeds DIR] < items.jsonl", classifySummary, runClassify},
		{"cluster", "[--feeds DIR] [--window DURATION] [--why] < items.jsonl", clusterSummary, runCluster},
		{"explain", "[--feeds DIR] FILE|-", explainSummary, runExplain},
		{"extract", "FILE|DIR… [--url URL] [--jsonl]", extractSummary, runExtract},
		{"feeds", "import FILE.opml | export", "import or export the feed list as OPML", runFeeds},
		{"fetch", "[--feed ID] [--since DURATION|DATE] [--force] [--json]", "fetch feeds and write new items to content/news", runFetch},
		{"new", newArgs, "scaffold an editor event, page or case as a draft", runNew},
		{"serve", "[--addr 127.0.0.1:1313] [--poll] [--open]", "preview the site with live reload while you edit", runServe},
		{"stories", "[--drafts]", storiesSummary, runStories},
		{"synth", "[-n N] DIR", "generate a synthetic project for benchmarks", runSynth},
		{"rates", "update [--root DIR] FILE", ratesSummary, runRates},
		{"review", "", reviewSummary, runReview},
		{"select", "--diff|--apply|--eval [FILE.jsonl…] [--content DIR] [--feeds DIR]", selectSummary, runSelect},
		{"version", "", "print docket's version", runVersion},
	}
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	return cmds
}

// exitError carries a specific exit status out of a subcommand.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks bad arguments: exit status 2.
func usageError(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

func main() {
	os.Exit(run(stdio{os.Stdin, os.Stdout, os.Stderr}, os.Args[1:]))
}

func run(std stdio, args []string) int {
	if len(args) == 0 {
		// No command is a mistake (a script's empty variable): the
		// list of commands, where errors go, and status 2.
		help(stdio{std.in, std.err, std.err}, args)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return help(std, args)
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(std, args[1:])
		if err == nil {
			return 0
		}
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(std.err, "docket %s: %v\n", c.name, err)
		var ee *exitError
		if errors.As(err, &ee) {
			return ee.code
		}
		return 1
	}
	fmt.Fprintf(std.err, "docket: unknown command %q (see 'docket help')\n", args[0])
	return 2
}

func help(std stdio, args []string) int {
	if len(args) > 1 {
		for _, c := range commands() {
			if c.name == args[1] {
				_ = c.run(std, []string{"-h"})
				return 0
			}
		}
		fmt.Fprintf(std.err, "docket help: unknown command %q\n", args[1])
		return 2
	}
	fmt.Fprintln(std.out, "docket builds a static tracker site from feeds and editors' Markdown.\n\nUsage: docket COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(std.out, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(std.out, "\nRun 'docket help COMMAND' for a command's flags. Commands work on the current directory.")
	return 0
}

// newFlags makes a subcommand's flag set with a usage line that lists its flags.
func newFlags(std stdio, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(std.err)
	if summary != "" { // one-line summaries double as descriptions
		summary = strings.ToUpper(summary[:1]) + summary[1:]
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: docket %s %s\n\n%s\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and turns a flag error into a usage error, said
// once, where the flag package would print it and then every flag: -h
// prints them.
func parse(fs *flag.FlagSet, args []string) error {
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return err
	case err != nil:
		return &exitError{code: 2, err: fmt.Errorf("%w (see 'docket help %s')", err, fs.Name())}
	}
	return nil
}

// parseNoArgs is parse for a command that takes no arguments. Parsing
// stops at the first argument, so the flags after one would be ignored
// and a run other than the one asked for would start: an argument is a
// usage error.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return nil
}

func runVersion(std stdio, args []string) error {
	fs := newFlags(std, "version", "", "Print docket's version.")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(std.out, "docket", version)
	return nil
}

// plural picks the word for n things: "1 problem", "2 problems".
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
