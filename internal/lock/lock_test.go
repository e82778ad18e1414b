package lock

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAcquireIsExclusive: while one holder has the lock a second Acquire
// fails at once, naming the first; after release it succeeds.
func TestAcquireIsExclusive(t *testing.T) {
	root := t.TempDir()
	release, err := Acquire(root, "fetch")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(root, "build")
	var be *BusyError
	if !errors.Is(err, ErrBusy) || !errors.As(err, &be) {
		t.Fatalf("second Acquire: %v, want a BusyError", err)
	}
	want := fmt.Sprintf("another docket fetch is running in this project (pid %d); try again when it ends", os.Getpid())
	if err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	release()
	release() // twice is harmless
	again, err := Acquire(root, "build")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
	if data, _ := os.ReadFile(root + "/" + FileName); !strings.HasSuffix(string(data), " build\n") {
		t.Errorf("lock file %q", data)
	}
}

func TestAcquireMissingRoot(t *testing.T) {
	if _, err := Acquire(t.TempDir()+"/nope", "fetch"); err == nil || errors.Is(err, ErrBusy) {
		t.Errorf("got %v, want an error about the folder", err)
	}
}

// TestAcquireFileError: a lock file that cannot be opened is named once,
// with why.
func TestAcquireFileError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gone", ".public.lock")
	_, err := AcquireFile(path, "build")
	if want := "cannot open the lock file " + path + ": no such file or directory"; err == nil || err.Error() != want || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want %s", err, want)
	}
}
