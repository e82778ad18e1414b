package fetch

import (
	"context"
	"errors"
	"sync"
)

// gate lets one request at a time go to each host and at most n hosts be
// busy at once. The host lock is taken first, so a goroutine waiting for
// its host never holds one of the n slots.
type gate struct {
	slots chan struct{}
	mu    sync.Mutex
	hosts map[string]chan struct{}
}

func newGate(n int) *gate {
	return &gate{slots: make(chan struct{}, n), hosts: map[string]chan struct{}{}}
}

func (g *gate) host(h string) chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	c := g.hosts[h]
	if c == nil {
		c = make(chan struct{}, 1)
		g.hosts[h] = c
	}
	return c
}

// acquire blocks until host and a slot are free; release gives both back.
func (g *gate) acquire(ctx context.Context, host string) (release func(), err error) {
	hc := g.host(host)
	select {
	case hc <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		<-hc
		return nil, ctx.Err()
	}
	return func() { <-g.slots; <-hc }, nil
}

// turn is one exchange's hold on the gate. A redirect to another host
// takes that host's turn, giving up the first host's before it waits: a
// redirect must not reach a host beside its own request, and two hosts
// redirecting to each other must not wait on each other.
type turn struct {
	gate    *gate
	stalls  *stalls
	host    string
	release func()
}

// take holds host's turn, if it does not already; a host that stalled
// is refused (ErrHostStalled), whether asked first or by a redirect.
func (t *turn) take(ctx context.Context, host string) error {
	if t.release != nil && t.host == host {
		return nil
	}
	t.end()
	if t.stalls.skip(host) {
		return ErrHostStalled
	}
	release, err := t.gate.acquire(ctx, host)
	if err != nil {
		return err
	}
	t.host, t.release = host, release
	return nil
}

// end gives the turn back.
func (t *turn) end() {
	if t.release != nil {
		t.release()
		t.release = nil
	}
}

// maxStalls is how many timeouts a host may cost a run: each costs up to
// RequestTimeout, and a stalling site with many articles once held a run
// for three minutes an article, one after another.
const maxStalls = 2

// ErrHostStalled is returned, without a request, for a host that timed
// out maxStalls times in this client's life (a run).
var ErrHostStalled = errors.New("host skipped for the rest of the run: it timed out twice")

// stalls counts timeouts per host.
type stalls struct {
	mu sync.Mutex
	n  map[string]int
}

func (s *stalls) add(host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == nil {
		s.n = map[string]int{}
	}
	s.n[host]++
}

func (s *stalls) skip(host string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[host] >= maxStalls
}
