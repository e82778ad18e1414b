package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
)

func TestPublicHost(t *testing.T) {
	for host, ok := range map[string]bool{
		"127.0.0.1": false, "10.1.2.3": false, "192.168.0.1": false, "169.254.169.254": false, "::1": false,
		"0.0.0.0": false, "localhost": false, "224.0.0.1": false, "::ffff:127.0.0.1": false,
		"93.184.216.34": true, "2606:4700::1111": true,
		// Special-purpose ranges IsPrivate leaves out: Alibaba Cloud's
		// metadata service and Tailscale's tailnet (100.64.0.0/10), the
		// IETF block with Oracle's old metadata address, benchmarking,
		// reserved, "this network", site-local IPv6 and NAT64 of a
		// private address.
		"100.100.100.200": false, "100.64.0.1": false, "192.0.0.192": false, "198.18.0.1": false,
		"240.0.0.1": false, "0.1.2.3": false, "fec0::1": false, "64:ff9b::a9fe:a9fe": false,
		"100.128.0.1": true, "64:ff9b::5db8:d822": true,
	} {
		err := publicHost(context.Background(), host)
		if (err == nil) != ok {
			t.Errorf("publicHost(%q) = %v", host, err)
		}
	}
}

func TestNumericHost(t *testing.T) {
	for host, odd := range map[string]bool{
		"127.1": true, "2130706433": true, "0x7f000001": true, "0177.0.0.1": true, "127.0.0.01": true,
		"1.2.3.4.5": true, "127.0.0.1": false, "::1": false, "example.com": false, "1.example": false,
		"cafe": false, "x.0x1": true,
	} {
		if got := numericHost(host); got != odd {
			t.Errorf("numericHost(%q) = %v, want %v", host, got, odd)
		}
	}
}

// TestAddressGuard: without AllowPrivate no request, feed or article,
// reaches a private address, directly, by a redirect or through a proxy;
// numeric host forms are refused before any connection.
func TestAddressGuard(t *testing.T) {
	direct := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	}))
	defer direct.Close()
	var proxied atomic.Int32
	// A proxy that answers every request with a redirect to the cloud
	// metadata address, as a hostile feed's server would.
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxied.Add(1)
		if r.URL.Host == "169.254.169.254" {
			w.Write([]byte("secrets"))
			return
		}
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}))
	defer proxy.Close()
	proxyURL, _ := url.Parse(proxy.URL)

	for _, tt := range []struct {
		name     string
		url      string
		viaProxy bool
		allow    bool
		want     error
		toProxy  int32
	}{
		{"loopback refused", direct.URL, false, false, ErrPrivateAddress, 0},
		{"loopback allowed", direct.URL, false, true, nil, 0},
		{"decimal host", "http://2130706433/", true, false, ErrNumericHost, 0},
		{"short host", "http://127.1/", true, false, ErrNumericHost, 0},
		{"hex host", "http://0x7f000001/", true, true, ErrNumericHost, 0},
		{"proxy: private name refused", "http://169.254.169.254/", true, false, ErrPrivateAddress, 0},
		{"proxy: redirect to private refused", "http://feed.invalid/rss", true, false, ErrPrivateAddress, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClient(ClientOptions{Retries: -1, AllowPrivate: tt.allow})
			if tt.viaProxy {
				c.guard.proxyOf = func(*http.Request) (*url.URL, error) { return proxyURL, nil }
			}
			before := proxied.Load()
			_, err := c.Get(context.Background(), Request{URL: tt.url})
			if !errors.Is(err, tt.want) {
				t.Errorf("err %v, want %v", err, tt.want)
			}
			if n := proxied.Load() - before; n != tt.toProxy {
				t.Errorf("%d requests reached the proxy, want %d", n, tt.toProxy)
			}
		})
	}
}

// TestProxyAddressNotOpen: the proxy's address is dialled unchecked for
// requests that go through it, not for a feed or article link that names
// it and goes direct (NO_PROXY): that would reach a private address,
// such as the proxy's own admin pages.
func TestProxyAddressNotOpen(t *testing.T) {
	var direct atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.IsAbs() {
			direct.Add(1) // a request for the proxy itself, not through it
		}
		w.Write([]byte("ok"))
	}))
	defer proxy.Close()
	proxyURL, _ := url.Parse(proxy.URL)
	c := NewClient(ClientOptions{Retries: -1})
	// As http.ProxyFromEnvironment with NO_PROXY=127.0.0.1.
	c.guard.proxyOf = func(r *http.Request) (*url.URL, error) {
		if r.URL.Hostname() == "127.0.0.1" {
			return nil, nil
		}
		return proxyURL, nil
	}
	if _, err := c.Get(context.Background(), Request{URL: "http://93.184.216.34/feed"}); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}
	_, err := c.Get(context.Background(), Request{URL: proxy.URL + "/admin"})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("direct to the proxy's address: err %v, want %v", err, ErrPrivateAddress)
	}
	if n := direct.Load(); n != 0 {
		t.Errorf("%d direct requests reached the proxy's address", n)
	}
}
