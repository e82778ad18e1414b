//go:build !linux

package hugepages

// Start does nothing here: only Linux leaves huge pages to the program.
func Start() (stop func()) { return func() {} }
