//go:build unix

package main

import (
	"os/signal"
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

// TestHoldInterruptsKeepsIgnored: started with Ctrl-C ignored (a script's
// background job), docket leaves it so: holding it off must not turn it
// on, nor report one.
func TestHoldInterruptsKeepsIgnored(t *testing.T) {
	signal.Ignore(syscall.SIGINT)
	defer signal.Reset(syscall.SIGINT)
	var got bool
	done := holdInterrupts(&got)
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	done()
	if got || !signal.Ignored(syscall.SIGINT) {
		t.Errorf("reported %v, still ignored %v; want false, true", got, signal.Ignored(syscall.SIGINT))
	}
}
