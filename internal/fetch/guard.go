package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// guard keeps a run from reaching the machine's own network: a hostile
// feed or article link, or a redirect, must not probe 169.254.169.254 or
// an intranet. Unless allowPrivate, it checks
//   - the address actually dialled (after DNS), for every request and
//     every redirect, so a name that resolves differently later (DNS
//     rebinding) is caught too;
//   - with a proxy, the host name before it is handed to the proxy, which
//     resolves it out of our sight (a name we cannot resolve is let
//     through: the proxy may know names we do not).
//
// A non-canonical numeric host is refused always.
type guard struct {
	allowPrivate bool
	proxyOf      func(*http.Request) (*url.URL, error) // http.ProxyFromEnvironment; tests replace it
	proxies      sync.Map                              // "host:port" of proxies used: dialled unchecked
	checked      *net.Dialer
	plain        *net.Dialer
}

func newGuard(d net.Dialer, allowPrivate bool) *guard {
	g := &guard{allowPrivate: allowPrivate, proxyOf: http.ProxyFromEnvironment}
	g.plain = &d
	checked := d
	if !allowPrivate {
		checked.Control = dialControl
	}
	g.checked = &checked
	return g
}

// dial is the transport's DialContext. A proxy we chose is dialled as is:
// a company proxy often lives on a private address.
func (g *guard) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if _, ok := g.proxies.Load(addr); ok {
		return g.plain.DialContext(ctx, network, addr)
	}
	return g.checked.DialContext(ctx, network, addr)
}

// proxy is the transport's Proxy: it checks the host name that the proxy
// would resolve for us.
func (g *guard) proxy(req *http.Request) (*url.URL, error) {
	p, err := g.proxyOf(req)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, g.direct(req.URL)
	}
	if !g.allowPrivate {
		if err := publicHost(req.Context(), req.URL.Hostname()); err != nil {
			return nil, err
		}
	}
	g.proxies.Store(hostPort(p.Hostname(), p.Port(), p.Scheme), true)
	return p, nil
}

// direct refuses a request that goes to a proxy's address without the
// proxy (NO_PROXY): dial would take it for the proxy and not check it.
func (g *guard) direct(u *url.URL) error {
	if g.allowPrivate {
		return nil
	}
	addr := hostPort(u.Hostname(), u.Port(), u.Scheme)
	if _, ok := g.proxies.Load(addr); ok {
		return fmt.Errorf("%w: %s is a proxy's address", ErrPrivateAddress, addr)
	}
	return nil
}

// hostPort is the "host:port" that the transport dials for a host, port
// and scheme: the scheme's port when port is "", the host in lower case
// as the transport's IDNA mapping writes it.
func hostPort(host, port, scheme string) string {
	if port == "" {
		port = map[string]string{"https": "443", "socks5": "1080"}[scheme]
	}
	if port == "" {
		port = "80"
	}
	return net.JoinHostPort(strings.ToLower(host), port)
}

// checkURL refuses what no request may name, before any connection.
func checkURL(u *url.URL) error {
	if host := u.Hostname(); numericHost(host) {
		return fmt.Errorf("%w: %q", ErrNumericHost, host)
	}
	return nil
}

// numericLabel is a label inet_aton(3) reads as a number: decimal, octal
// or hex.
var numericLabel = regexp.MustCompile(`^(?i:0x[0-9a-f]*|[0-9]+)$`)

// numericHost reports whether host is a number but not a canonical IP
// address. No DNS name ends in an all-numeric label, so any such host
// that netip does not accept is one of the odd forms.
func numericHost(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if _, err := netip.ParseAddr(host); err == nil || host == "" {
		return false
	}
	labels := strings.Split(host, ".")
	return numericLabel.MatchString(labels[len(labels)-1])
}

func dialControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot check %q", ErrPrivateAddress, address)
	}
	if private(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, ap.Addr())
	}
	return nil
}

func private(ip netip.Addr) bool {
	ip = ip.Unmap()
	if nat64.Contains(ip) {
		// NAT64 reaches the IPv4 address in the last 32 bits.
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	if slices.ContainsFunc(special, func(p netip.Prefix) bool { return p.Contains(ip) }) {
		return true
	}
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || !ip.IsValid()
}

var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// special are the non-public ranges that netip's predicates leave out:
// 100.64.0.0/10 holds Alibaba Cloud's metadata service (100.100.100.200)
// and Tailscale's tailnets; 192.0.0.0/24 Oracle's old metadata address.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network"
	netip.MustParsePrefix("100.64.0.0/10"), // shared address space (CGNAT)
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, and broadcast
	netip.MustParsePrefix("fec0::/10"),     // site-local, deprecated but routed by some
}

// publicHost checks that every address host resolves to is public; a
// name that does not resolve passes (see guard).
func publicHost(ctx context.Context, host string) error {
	if ip, err := netip.ParseAddr(host); err == nil {
		if private(ip) {
			return fmt.Errorf("%w: %s", ErrPrivateAddress, host)
		}
		return nil
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	for _, ip := range addrs {
		if private(ip) {
			return fmt.Errorf("%w: %s is %s", ErrPrivateAddress, host, ip)
		}
	}
	return nil
}
