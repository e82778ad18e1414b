//go:build unix

package main

import (
	"syscall"
	"testing"
	"time"
)

// TestHoldInterrupts: a Ctrl-C while the site is published is held until
// it is whole, then reported; none, nothing reported.
func TestHoldInterrupts(t *testing.T) {
	var got bool
	holdInterrupts(&got)()
	if got {
		t.Error("reported an interrupt that did not come")
	}
	done := holdInterrupts(&got)
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the signal is delivered while held
	done()
	if !got {
		t.Error("the interrupt was not reported")
	}
}
