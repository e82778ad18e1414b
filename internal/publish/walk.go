package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// walkParallel calls fn for everything below root, as filepath.WalkDir
// does but in no set order, on up to GOMAXPROCS goroutines: Settle's
// look at every folder of the new site was the build's last second on
// one core at 100,000 entries. fn returning filepath.SkipDir for a
// folder keeps the walk out of it; any other error stops the walk, and
// the first is returned.
func walkParallel(root string, fn func(path string, d fs.DirEntry) error) error {
	var (
		wg    sync.WaitGroup
		spare = make(chan struct{}, max(runtime.GOMAXPROCS(0)-1, 0)) // goroutines beside this one
		mu    sync.Mutex
		first error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil
	}
	var walk func(dir string)
	walk = func(dir string) {
		ents, err := readDir(dir)
		if err != nil {
			fail(err)
			return
		}
		for _, d := range ents {
			if failed() {
				return
			}
			p := filepath.Join(dir, d.Name())
			switch err := fn(p, d); {
			case err == filepath.SkipDir && d.IsDir():
				continue
			case err != nil:
				fail(err)
				return
			}
			if !d.IsDir() {
				continue
			}
			select {
			case spare <- struct{}{}:
				wg.Go(func() {
					defer func() { <-spare }()
					walk(p)
				})
			default:
				walk(p)
			}
		}
	}
	walk(root)
	wg.Wait()
	return first
}

// readDir lists dir unsorted: the walk needs no order.
func readDir(dir string) ([]fs.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}
