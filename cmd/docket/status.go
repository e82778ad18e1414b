package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// statusLine shows what a long command is doing on one line of a
// terminal, rewritten in place a few times a second. It is nil when w is
// not a terminal: CI logs get the command's summary, not its progress.
type statusLine struct {
	mu      sync.Mutex // an interrupt's word is written from another goroutine (exitOnInterrupt)
	w       io.Writer
	last    time.Time
	shown   bool
	stopped bool
}

func newStatusLine(w io.Writer) *statusLine {
	if !isTerminal(w) {
		return nil
	}
	return &statusLine{w: w}
}

// show replaces the line, at most every 100 ms unless force.
func (s *statusLine) show(force bool, format string, args ...any) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	if now := time.Now(); force || now.Sub(s.last) >= 100*time.Millisecond {
		s.last = now
		fmt.Fprintf(s.w, "\r\033[K"+format, args...)
		s.shown = true
	}
}

// clear erases the line, before the command prints its summary.
func (s *statusLine) clear() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown {
		fmt.Fprint(s.w, "\r\033[K")
		s.shown = false
	}
}

// stop clears the line for good: nothing is shown after it.
func (s *statusLine) stop() {
	if s == nil {
		return
	}
	s.clear()
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}
