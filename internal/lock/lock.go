// Package lock keeps two docket commands that write the same project from
// running at once: two fetches at once wrote every item twice (slug.md and
// slug-<hash>.md) and lost updates to feeds/state.json.
//
// The lock is an advisory lock on the file FileName in the project root,
// taken without waiting: the second command fails at once with a message
// that names the first. The operating system drops the lock when its
// process ends, so a killed command leaves no stale lock behind (on Unix;
// see lock_other.go for the fallback elsewhere). The file itself stays and
// is ignored by git.
package lock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// FileName is the lock file, relative to the project root.
const FileName = ".docket.lock"

// ErrBusy is wrapped by the error Acquire returns when another process
// holds the lock.
var ErrBusy = errors.New("project is locked")

// BusyError says who holds the lock.
type BusyError struct {
	What string // the holder's command, e.g. "fetch"; "" when unknown
	PID  int    // the holder's process ID; 0 when unknown
}

func (e *BusyError) Error() string {
	who := "another docket command"
	if e.What != "" {
		who = "another docket " + e.What
	}
	pid := ""
	if e.PID > 0 {
		pid = fmt.Sprintf(" (pid %d)", e.PID)
	}
	return who + " is running in this project" + pid + "; try again when it ends"
}

// Unwrap makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Unwrap() error { return ErrBusy }

// Acquire takes the project lock of root for the command what ("fetch",
// "build"), without waiting. release gives it back and may be called more
// than once. When another process holds it, the error is a *BusyError.
func Acquire(root, what string) (release func(), err error) {
	return AcquireFile(filepath.Join(root, FileName), what)
}

// AcquireFile is Acquire on the lock file at path, for a lock narrower
// than the project's: a build locks the folder it publishes into.
func AcquireFile(path, what string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path once: "permission denied", not "open PATH: permission denied"
		}
		return nil, fmt.Errorf("cannot open the lock file %s: %w", path, err)
	}
	if err := tryLock(f); err != nil {
		defer f.Close()
		if errors.Is(err, errHeld) {
			return nil, holder(f)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// Who holds it, for the message the next command shows.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("%d %s\n", os.Getpid(), what)), 0)
	}
	done := false
	return func() {
		if !done {
			done = true
			unlock(f)
			f.Close()
		}
	}, nil
}

// errHeld is tryLock's answer when another process holds the lock.
var errHeld = errors.New("held")

// holder reads "PID WHAT" from the lock file of the running command.
func holder(f *os.File) *BusyError {
	buf := make([]byte, 128)
	n, _ := f.ReadAt(buf, 0)
	pid, what, _ := strings.Cut(strings.TrimSpace(string(buf[:n])), " ")
	e := &BusyError{What: what}
	e.PID, _ = strconv.Atoi(pid)
	return e
}
