package fetch

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Errors callers branch on.
var (
	ErrTooLarge  = errors.New("response body too large")
	ErrRedirects = errors.New("too many redirects")
	// ErrPrivateAddress is returned for a request that would reach a
	// loopback, private, link-local, unspecified or multicast address
	// (see guard). docket fetch --allow-private lifts it.
	ErrPrivateAddress = errors.New("refusing a private or loopback address (--allow-private allows it)")
	// ErrNumericHost is returned for a host written as a number in a form
	// other than a canonical IP address (127.1, 2130706433, 0x7f000001,
	// 0177.0.0.1): resolvers and proxies read them differently.
	ErrNumericHost = errors.New("refusing a host written as a non-canonical number")
)

// StatusError is an HTTP status that is not a success or a 304.
type StatusError struct {
	Code       int
	Reason     string    // what the status means for a feed
	RetryAfter time.Time // from Retry-After on 429 and 503; zero when absent
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("http %d: %s", e.Code, e.Reason)
	if !e.RetryAfter.IsZero() {
		msg += " (retry after " + e.RetryAfter.UTC().Format(time.RFC3339) + ")"
	}
	return msg
}

// checkStatus maps every HTTP status to nil (use the response) or an
// error: this is the one place that decides what a status means.
func checkStatus(resp *http.Response, now time.Time) error {
	code := resp.StatusCode
	switch {
	case code == http.StatusNoContent:
		return &StatusError{Code: code, Reason: "no content"}
	case code >= 200 && code < 300, code == http.StatusNotModified:
		return nil
	}
	e := &StatusError{Code: code, Reason: reason(code)}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), now)
	}
	return e
}

func reason(code int) string {
	switch code {
	case http.StatusUnauthorized, http.StatusForbidden:
		return "access denied (the site may block robots)"
	case http.StatusNotFound:
		return "not found (the feed may have moved)"
	case http.StatusGone:
		return "gone (the feed was removed)"
	case http.StatusTooManyRequests:
		return "rate limited"
	case http.StatusRequestTimeout, http.StatusBadGateway, http.StatusGatewayTimeout:
		return "server timeout"
	case http.StatusServiceUnavailable:
		return "service unavailable"
	}
	switch {
	case code >= 300 && code < 400:
		return "unexpected redirect status"
	case code >= 500:
		return "server error"
	}
	return "client error"
}

// retryAfter reads delay-seconds or an HTTP date; nonsense reads as absent.
func retryAfter(v string, now time.Time) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return now.Add(time.Duration(secs) * time.Second)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t
	}
	return time.Time{}
}

// freshUntil reads how long the server says its answer stays fresh:
// Cache-Control max-age wins over Expires, as in RFC 9111.
func freshUntil(h http.Header, now time.Time) time.Time {
	for _, d := range strings.Split(h.Get("Cache-Control"), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(d), "=")
		if strings.EqualFold(k, "max-age") {
			if secs, err := strconv.Atoi(strings.Trim(v, `"`)); err == nil && secs > 0 {
				return now.Add(time.Duration(secs) * time.Second)
			}
			return time.Time{}
		}
	}
	if t, err := http.ParseTime(h.Get("Expires")); err == nil && t.After(now) {
		return t
	}
	return time.Time{}
}

// SlowDown reports whether err is a host asking not to be asked now: a
// 429, or a status with a Retry-After (also as the limits' error for a
// host that said so earlier in the run).
func SlowDown(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Code == http.StatusTooManyRequests || !se.RetryAfter.IsZero())
}

// Transient reports whether err may go away on its own soon: timeouts,
// refused or reset connections and 5xx without a Retry-After. A 429, or a
// 503 that says when to come back, is not retried now: the next run is
// scheduled after the date instead.
func Transient(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		if !se.RetryAfter.IsZero() || se.Code == http.StatusTooManyRequests {
			return false
		}
		return se.Code >= 500 || se.Code == http.StatusRequestTimeout
	}
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrRedirects) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrUnexpectedEOF)
}
