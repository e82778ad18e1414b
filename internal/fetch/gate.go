package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
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
	limits  *limits
	now     func() time.Time
	host    string
	release func()
}

// take holds host's turn, if it does not already; a host that stalled
// (ErrHostStalled) or asked us to slow down (its *StatusError) is
// refused, whether asked first or by a redirect.
func (t *turn) take(ctx context.Context, host string) error {
	if t.release != nil && t.host == host {
		return nil
	}
	t.end()
	t.host = host // a refusal below is this host's, not the one before a redirect
	if t.stalls.skip(host) {
		return ErrHostStalled
	}
	if err := t.limits.check(host, t.now()); err != nil {
		return err
	}
	release, err := t.gate.acquire(ctx, host)
	if err != nil {
		return err
	}
	t.release = release
	return nil
}

// end gives the turn back.
func (t *turn) end() {
	if t.release != nil {
		t.release()
		t.release = nil
	}
}

// limits remembers the hosts that asked us to slow down (a 429, or a
// 503 with Retry-After): they get no request until the time they gave,
// or for the rest of the run without one. Each request would be one
// more refused, and the articles of a feed go to its host one by one.
type limits struct {
	mu sync.Mutex
	by map[string]*StatusError
}

// add records se, a status that is not to be retried now (Transient).
func (l *limits) add(host string, se *StatusError) {
	if se.Code != http.StatusTooManyRequests && se.RetryAfter.IsZero() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.by == nil {
		l.by = map[string]*StatusError{}
	}
	l.by[host] = se
}

// check is the host's status if it is still to be left alone at now.
func (l *limits) check(host string, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	se := l.by[host]
	if se == nil || !se.RetryAfter.IsZero() && !now.Before(se.RetryAfter) {
		return nil
	}
	return fmt.Errorf("%w, earlier in this run: not asked again", se)
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
