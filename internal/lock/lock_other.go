//go:build !unix

package lock

import (
	"os"
	"sync"
)

// Without flock(2) the lock only keeps out commands of this process: a
// second docket process on such a platform is not stopped. Exclusive
// creation of a second file would stop it, but a killed command would
// leave that file behind and lock the project until someone deleted it.
var (
	mu   sync.Mutex
	held = map[string]bool{}
)

func tryLock(f *os.File) error {
	mu.Lock()
	defer mu.Unlock()
	if held[f.Name()] {
		return errHeld
	}
	held[f.Name()] = true
	return nil
}

func unlock(f *os.File) {
	mu.Lock()
	defer mu.Unlock()
	delete(held, f.Name())
}
