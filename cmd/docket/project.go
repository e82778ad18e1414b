package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"docket/internal/topic"
)

// useRoot is needProject's hint: how a user points a command at a project.
const useRoot = "use --root"

// needProject is the one check that root is a docket project, made by
// every command that reads or writes one before it touches anything: a
// folder without content/site.yaml is not one, and a command run there
// would otherwise fail on whichever file it opened first, or leave
// folders behind. hint tells how to point the command elsewhere.
func needProject(root, hint string) error {
	_, err := os.Stat(filepath.Join(root, "content", "site.yaml"))
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	where := "here"
	if filepath.Clean(root) != "." {
		where = "in " + root
	}
	return &exitError{code: 2, err: fmt.Errorf("not a docket project %s (no content/site.yaml): %s", where, hint)}
}

// rootFlag adds --root, the project folder, to fs: every command that
// works on a project takes it.
func rootFlag(fs *flag.FlagSet) *string {
	return fs.String("root", ".", "project `folder` holding content/, templates/ and feeds/")
}

// dirFlag adds a flag naming one of the project's folders (--feeds,
// --content), which defaults to that folder under --root; the result,
// called after parsing, gives the folder to use.
func dirFlag(fs *flag.FlagSet, root *string, name, usage string) func() string {
	dir := fs.String(name, "", usage+" (default: `DIR` "+name+"/ under --root)")
	return func() string {
		if *dir != "" {
			return *dir
		}
		return filepath.Join(*root, name)
	}
}

// rulesFlag adds --root and --feeds (the folder with topics.yaml and
// entities.yaml, by default the root's feeds/) to flags; the result, called
// after parsing, loads the topic rules.
func rulesFlag(flags *flag.FlagSet) func() (*topic.Rules, error) {
	root := rootFlag(flags)
	feeds := dirFlag(flags, root, "feeds", "folder with topics.yaml and entities.yaml")
	return func() (*topic.Rules, error) {
		dir := feeds()
		if _, err := os.Lstat(filepath.Join(dir, "topics.yaml")); errors.Is(err, fs.ErrNotExist) {
			return nil, &exitError{code: 2, err: fmt.Errorf("no topics.yaml in %s: run this in a docket project's folder, or give --root or --feeds", dir)}
		}
		return topic.Load(dir)
	}
}

// stdinRules parses the flags of a command that reads items from stdin
// and takes no arguments, then loads the topic rules (see rulesFlag).
func stdinRules(fs *flag.FlagSet, args []string, loadRules func() (*topic.Rules, error)) (*topic.Rules, error) {
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError("%s reads stdin and takes no arguments", fs.Name())
	}
	return loadRules()
}
