//go:build unix

package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
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
	publishing, release := exitOnInterrupt(io.Discard, nil, &got)
	defer release()
	publishing()()
	if got {
		t.Error("reported an interrupt that did not come")
	}
	publishing, release = exitOnInterrupt(io.Discard, nil, &got)
	defer release()
	done := publishing()
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
	publishing, release := exitOnInterrupt(io.Discard, nil, &got)
	defer release()
	done := publishing()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	done()
	if got || !signal.Ignored(syscall.SIGINT) {
		t.Errorf("reported %v, still ignored %v; want false, true", got, signal.Ignored(syscall.SIGINT))
	}
}

// TestInterruptBeforePublishing: a Ctrl-C or SIGTERM before the site is published
// ends the build at once, with a word and status 130. It runs in a child
// process of this test, which the interrupt ends.
func TestInterruptBeforePublishing(t *testing.T) {
	if os.Getenv("DOCKET_TEST_INTERRUPT") == "1" {
		var got bool
		exitOnInterrupt(os.Stderr, nil, &got)
		// SIGTERM: SIGINT may be ignored where the test runs (by
		// whoever started it, or left so by TestHoldInterruptsKeepsIgnored's
		// signal.Ignore, as seen here), and a child inherits that.
		syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
		time.Sleep(10 * time.Second)
		os.Exit(0) // not interrupted: the parent sees 0
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptBeforePublishing$")
	cmd.Env = append(os.Environ(), "DOCKET_TEST_INTERRUPT=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || !strings.Contains(stderr.String(), "interrupted before publishing began") {
		t.Errorf("got %v, %q; want exit status 130 and a word", err, stderr.String())
	}
}

// TestFetchStopsOnTerm: a fetch stopped with SIGTERM (timeout, systemd,
// a CI runner's cancel) ends as Ctrl-C does: it says it was interrupted,
// saves the feeds' state, instead of dying with nothing saved, and exits
// 130, also when no feed was done (not "every enabled feed failed").
func TestFetchStopsOnTerm(t *testing.T) {
	t.Run("with a fast feed", func(t *testing.T) { testFetchStopsOnTerm(t, "/feed", "/slow") })
	t.Run("slow feed only", func(t *testing.T) { testFetchStopsOnTerm(t, "/slow") })
}

func testFetchStopsOnTerm(t *testing.T, paths ...string) {
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
	var urls []string
	for _, p := range paths {
		urls = append(urls, srv.URL+p)
	}
	fetchWorkspace(t, feedsYAML(urls...))

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
		if !strings.Contains(r.out, "interrupted") || r.code != 130 || !strings.Contains(r.err, "interrupted: what was fetched is saved") {
			t.Errorf("exit %d (want 130), no word of the interruption:\n%s%s", r.code, r.out, r.err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("fetch went on after SIGTERM")
	}
	if _, err := os.Stat("feeds/state.json"); err != nil {
		t.Errorf("no state saved: %v", err)
	}
}
