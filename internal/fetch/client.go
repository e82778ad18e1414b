package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxValidator is the longest ETag or Last-Modified kept: real ones are
// tens of bytes, and each is stored in feeds/state.json and sent back.
const maxValidator = 256

// validator is a response's ETag or Last-Modified as kept for the next
// request, "" when it is too long to be one.
func validator(v string) string {
	if len(v) > maxValidator {
		return ""
	}
	return v
}

// Limits of the HTTP client; the zero value of each ClientOptions field
// means the default below.
const (
	DefaultMaxBody        = 10 << 20
	DefaultDialTimeout    = 10 * time.Second
	DefaultTLSTimeout     = 10 * time.Second
	DefaultHeaderTimeout  = 20 * time.Second
	DefaultRequestTimeout = 60 * time.Second
	DefaultMaxRedirects   = 5
	DefaultRetries        = 2
	DefaultBackoff        = time.Second
	// DefaultHosts is how many hosts are fetched from at once. Each host
	// still gets one request at a time; 8 made a run of 304s from 50 hosts
	// take 3.3 s, 64 takes 0.6 s (BenchmarkRun500).
	DefaultHosts = 64
)

// ClientOptions configure a Client.
type ClientOptions struct {
	Contact        string        // URL or address for site owners, put in the User-Agent
	Version        string        // docket's version, put in the User-Agent
	MaxBody        int64         // bytes, counted after content decoding
	DialTimeout    time.Duration // TCP connect
	TLSTimeout     time.Duration // TLS handshake
	HeaderTimeout  time.Duration // from request sent to response headers
	RequestTimeout time.Duration // the whole exchange, body included
	MaxRedirects   int
	Retries        int              // extra attempts after a transient failure; -1 for none
	Backoff        time.Duration    // wait before the first retry; doubles after
	Hosts          int              // hosts fetched from at once
	Now            func() time.Time // the clock for Retry-After and freshness; default time.Now
	// AllowPrivate lets requests reach loopback, private and link-local
	// addresses: for tests on 127.0.0.1 and for intranets (see guard).
	AllowPrivate bool
}

// Client is docket's only HTTP client. It sends one request at a time per
// host and at most Hosts at once, caps bodies, follows a bounded number of
// redirects and retries transient failures with backoff. It is safe for
// concurrent use.
type Client struct {
	opts      ClientOptions
	hc        *http.Client
	userAgent string
	gate      *gate
	guard     *guard
	stalls    stalls
	limits    limits
}

// NewClient returns a client with opts, defaults filled in.
func NewClient(opts ClientOptions) *Client {
	opts = withDefaults(opts)
	guard := newGuard(net.Dialer{Timeout: opts.DialTimeout, KeepAlive: 30 * time.Second}, opts.AllowPrivate)
	tr := &http.Transport{
		Proxy:                 guard.proxy,
		DialContext:           guard.dial,
		TLSHandshakeTimeout:   opts.TLSTimeout,
		ResponseHeaderTimeout: opts.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		// DisableCompression stays false: the transport then asks for gzip
		// and decodes it, and our cap applies to the decoded bytes.
	}
	return &Client{
		opts:      opts,
		hc:        &http.Client{Transport: tr, Timeout: opts.RequestTimeout},
		userAgent: userAgent(opts.Version, opts.Contact),
		gate:      newGate(opts.Hosts),
		guard:     guard,
	}
}

func withDefaults(o ClientOptions) ClientOptions {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.DialTimeout, DefaultDialTimeout)
	def(&o.TLSTimeout, DefaultTLSTimeout)
	def(&o.HeaderTimeout, DefaultHeaderTimeout)
	def(&o.RequestTimeout, DefaultRequestTimeout)
	def(&o.Backoff, DefaultBackoff)
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = DefaultRetries
	}
	if o.Hosts <= 0 {
		o.Hosts = DefaultHosts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func userAgent(version, contact string) string {
	if version == "" {
		version = "dev"
	}
	ua := "docket/" + version + " (feed fetcher"
	if contact != "" {
		ua += "; +" + contact
	}
	return ua + ")"
}

// Request is one conditional GET.
type Request struct {
	URL          string
	ETag         string // sent as If-None-Match
	LastModified string // sent as If-Modified-Since
	Accept       string // defaults to feed types
	// Began, when set, is called each time the request takes its turn
	// at the gate (one request per host at a time), before it is sent.
	Began func()
}

// Response is a successful exchange: a 2xx with its body, or a 304.
type Response struct {
	URL          string // after redirects
	MovedTo      string // set when every redirect was permanent (301/308): the new address
	Status       int
	NotModified  bool // 304: the body is empty and must not be parsed
	ContentType  string
	ETag         string
	LastModified string
	FreshUntil   time.Time // from Cache-Control max-age or Expires; zero when absent
	Body         []byte
	Attempts     int
}

const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"

// Get performs req, retrying transient failures. Errors are *StatusError
// for HTTP statuses, ErrTooLarge, ErrRedirects, or a wrapped network error.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	host, err := hostOf(req.URL)
	if err != nil {
		return nil, err
	}
	var last error
	for attempt := 0; attempt <= c.opts.Retries; attempt++ {
		if attempt > 0 {
			if err := sleep(ctx, c.backoff(attempt)); err != nil {
				return nil, fmt.Errorf("fetch %s: %w (after %v)", req.URL, err, last)
			}
		}
		turn := &turn{gate: c.gate, stalls: &c.stalls, limits: &c.limits, now: c.opts.Now}
		if err := turn.take(ctx, host); err != nil {
			if last != nil { // a retry refused: say what the try before met
				return nil, fmt.Errorf("fetch %s: %w (after %v)", req.URL, err, last)
			}
			return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
		}
		if req.Began != nil {
			req.Began()
		}
		resp, err := c.once(ctx, req, turn)
		turn.end()
		if err == nil {
			resp.Attempts = attempt + 1
			return resp, nil
		}
		if timedOut(err) && ctx.Err() == nil {
			c.stalls.add(turn.host) // the host that stalled: a redirect's, if any
		}
		if se := (*StatusError)(nil); errors.As(err, &se) {
			c.limits.add(turn.host, se)
		}
		last = err
		if !Transient(err) || ctx.Err() != nil {
			break
		}
	}
	return nil, last
}

func timedOut(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// backoff doubles per attempt, with jitter so that many feeds failing
// together do not retry in lockstep.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.opts.Backoff << (attempt - 1)
	return d/2 + rand.N(d/2+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func hostOf(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("fetch: bad url %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("fetch: bad url %q: want an absolute http(s) URL", raw)
	}
	return gateHost(u), nil
}

// gateHost is the host the gate counts a request to: the name, with the
// port only when it is not the scheme's own, so that example.com:443 is
// not a second host beside example.com.
func gateHost(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || port == map[string]string{"http": "80", "https": "443"}[u.Scheme] {
		return host
	}
	return net.JoinHostPort(host, port)
}

// once is a single attempt: request, redirects, status, capped body.
func (c *Client) once(ctx context.Context, req Request, turn *turn) (*Response, error) {
	redirects := &redirectLog{max: c.opts.MaxRedirects, host: turn.host}
	hc := *c.hc
	hc.CheckRedirect = redirects.check
	resp, err := c.do(ctx, &hc, req, req.URL)
	// A redirect to another host stops the client (redirectLog.check):
	// the next hop waits for that host's turn, and the wait is not part
	// of the request's timeout, as the first host's is not.
	for err == nil && redirects.next != "" {
		drain(resp.Body)
		resp.Body.Close()
		next := redirects.next
		redirects.next = ""
		if err = turn.take(ctx, redirects.host); err == nil {
			resp, err = c.do(ctx, &hc, req, next)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	defer resp.Body.Close()
	out := &Response{
		URL:          resp.Request.URL.String(),
		MovedTo:      redirects.movedTo(),
		Status:       resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         validator(resp.Header.Get("ETag")),
		LastModified: validator(resp.Header.Get("Last-Modified")),
		FreshUntil:   freshUntil(resp.Header, c.opts.Now()),
	}
	if err := checkStatus(resp, c.opts.Now()); err != nil {
		drain(resp.Body)
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		return out, nil
	}
	out.Body, err = readCapped(resp, c.opts.MaxBody)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	return out, nil
}

// do sends req to target, following the redirects that hc's
// CheckRedirect lets it.
func (c *Client) do(ctx context.Context, hc *http.Client, req Request, target string) (*http.Response, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	c.setHeaders(hreq, req)
	if err := checkURL(hreq.URL); err != nil {
		return nil, err
	}
	resp, err := hc.Do(hreq)
	var ue *url.Error // says "Get <url>:", which our prefix already does
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return resp, err
}

func (c *Client) setHeaders(hreq *http.Request, req Request) {
	hreq.Header.Set("User-Agent", c.userAgent)
	accept := req.Accept
	if accept == "" {
		accept = feedAccept
	}
	hreq.Header.Set("Accept", accept)
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
}

// readCapped reads at most max bytes of the (already decompressed) body;
// one byte more is an error, so a gzip bomb or an endless stream stops at
// the cap with flat memory.
func readCapped(resp *http.Response, max int64) ([]byte, error) {
	if resp.ContentLength > max {
		return nil, fmt.Errorf("%w: Content-Length %d", ErrTooLarge, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return body, nil
}

// drain reads a little of an error body so the connection can be reused.
func drain(r io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(r, 64<<10)) }

// redirectLog follows at most max redirects and remembers whether all of
// them were permanent, which is when the feed's address should change. A
// redirect to another host than the one whose turn the exchange holds
// is left to once (next), which waits for that host's turn first.
type redirectLog struct {
	max       int
	n         int
	permanent bool
	last      string
	host      string // the gate host of the request being sent
	next      string // a redirect to another host, for once to follow
}

func (r *redirectLog) check(req *http.Request, via []*http.Request) error {
	if r.n >= r.max { // r.n, not via: once's hops each start a new via
		return ErrRedirects
	}
	if err := checkURL(req.URL); err != nil {
		return err
	}
	code := req.Response.StatusCode
	perm := code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect
	r.permanent = perm && (r.n == 0 || r.permanent)
	r.n++
	r.last = req.URL.String()
	if h := gateHost(req.URL); h != r.host {
		r.host, r.next = h, r.last
		return http.ErrUseLastResponse
	}
	return nil
}

// movedTo is the new address, if the move was permanent and the address
// of a sane length (maxURL): the state and the status page keep it.
func (r *redirectLog) movedTo() string {
	if r.n > 0 && r.permanent && len(r.last) <= maxURL {
		return r.last
	}
	return ""
}
