//go:build unix

package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
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

// TestFetchStopsOnTerm: a fetch stopped with SIGTERM (timeout, systemd,
// a CI runner's cancel) ends as Ctrl-C does: it says it was interrupted
// and saves the feeds' state, instead of dying with nothing saved.
func TestFetchStopsOnTerm(t *testing.T) {
	asked := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case asked <- struct{}{}:
			default:
			}
			select { // a feed that never answers
			case <-r.Context().Done():
			case <-time.After(30 * time.Second):
			}
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer srv.Close()
	fetchWorkspace(t, feedsYAML(srv.URL+"/feed", srv.URL+"/slow"))

	// Held here too, so that a fetch that does not catch it fails this
	// test instead of killing the test binary.
	held := make(chan os.Signal, 1)
	signal.Notify(held, syscall.SIGTERM)
	defer signal.Stop(held)

	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := runCmd("fetch", "--allow-private")
		done <- result{code, out, errs}
	}()
	<-asked
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if !strings.Contains(r.out, "interrupted") {
			t.Errorf("exit %d, no word of the interruption:\n%s%s", r.code, r.out, r.err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("fetch went on after SIGTERM")
	}
	if _, err := os.Stat("feeds/state.json"); err != nil {
		t.Errorf("no state saved: %v", err)
	}
}
