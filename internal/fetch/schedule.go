package fetch

import (
	"errors"
	"time"
)

// maxWait bounds every server-given delay: a hostile or mistaken
// "max-age=31536000" must not silence a feed for a year.
const maxWait = 24 * time.Hour

// nextFetch is when a feed that just answered is due again: after its
// min_interval, and no sooner than the server's freshness or the feed's
// TTL say, all capped at maxWait.
func nextFetch(now time.Time, minInterval time.Duration, freshUntil time.Time, ttl time.Duration) time.Time {
	next := now.Add(minInterval)
	for _, t := range []time.Time{freshUntil, now.Add(ttl)} {
		if t.After(next) {
			next = t
		}
	}
	return capWait(now, next)
}

// retryAt is when a failing feed is due again: min_interval doubled per
// consecutive failure, or the server's Retry-After when that is later. A
// Retry-After of 0 or a few seconds does not make a rate-limited feed
// polled more often than a healthy one.
func retryAt(now time.Time, minInterval time.Duration, failures int, err error) time.Time {
	wait := minInterval
	for i := 1; i < failures && wait < maxWait; i++ {
		wait *= 2
	}
	next := now.Add(wait)
	var se *StatusError
	if errors.As(err, &se) && se.RetryAfter.After(next) {
		next = se.RetryAfter
	}
	return capWait(now, next)
}

func capWait(now, t time.Time) time.Time {
	if t.Sub(now) > maxWait {
		return now.Add(maxWait)
	}
	return t
}
