package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestOf: spinning takes CPU time, sleeping takes next to none (but its
// wall time where the system gives no CPU time).
func TestOf(t *testing.T) {
	spin := Of(func() {
		for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		}
	})
	if spin < 10*time.Millisecond {
		t.Errorf("50 ms of spinning took %v", spin)
	}
	sleep := Of(func() { time.Sleep(50 * time.Millisecond) })
	if Used() > 0 && sleep > 25*time.Millisecond {
		t.Errorf("50 ms of sleep took %v of CPU", sleep)
	}
	if Used() == 0 && runtime.GOOS == "linux" {
		t.Error("no CPU time on Linux")
	}
}
