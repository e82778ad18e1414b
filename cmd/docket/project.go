package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Hints for needProject: how a user points a command at a project.
const (
	useRoot    = "use --root"
	useContent = "use --content"
	useCwd     = "run docket in the project folder"
)

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
