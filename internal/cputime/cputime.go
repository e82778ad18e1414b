// Package cputime measures the CPU time a process uses, for tests and
// benchmarks: on a shared machine a test's time on the wall clock grows
// with the load of other processes, and a long run grows more than a
// short one (it is interrupted more often), which made tests that
// compare the two fail on a busy CI runner.
package cputime

import "time"

// Of runs f and returns the CPU time the process used meanwhile (all its
// threads, user and system: the collector's too, and any other test's
// running in parallel), or the time on the wall clock where the system
// does not say.
func Of(f func()) time.Duration {
	c, w := Used(), time.Now()
	f()
	if c2 := Used(); c2 > 0 {
		return c2 - c
	}
	return time.Since(w)
}
