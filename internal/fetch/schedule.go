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

// retryAt is when a failing feed is due again: the server's Retry-After
// when it gave one, else min_interval doubled per consecutive failure.
func retryAt(now time.Time, minInterval time.Duration, failures int, err error) time.Time {
	var se *StatusError
	if errors.As(err, &se) && !se.RetryAfter.IsZero() {
		return capWait(now, se.RetryAfter)
	}
	wait := minInterval
	for i := 1; i < failures && wait < maxWait; i++ {
		wait *= 2
	}
	return capWait(now, now.Add(wait))
}

func capWait(now, t time.Time) time.Time {
	if t.Sub(now) > maxWait {
		return now.Add(maxWait)
	}
	return t
}
