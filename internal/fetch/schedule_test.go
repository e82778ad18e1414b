package fetch

import (
	"errors"
	"testing"
	"time"
)

func TestSchedule(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		got  time.Time
		want time.Duration
	}{
		{"min interval", nextFetch(now, time.Hour, time.Time{}, 0), time.Hour},
		{"max-age longer", nextFetch(now, time.Hour, now.Add(3*time.Hour), 0), 3 * time.Hour},
		{"ttl longer", nextFetch(now, time.Hour, time.Time{}, 2*time.Hour), 2 * time.Hour},
		{"hostile max-age capped", nextFetch(now, time.Hour, now.AddDate(1, 0, 0), 0), maxWait},
		{"first failure", retryAt(now, time.Hour, 1, errors.New("x")), time.Hour},
		{"third failure backs off", retryAt(now, time.Hour, 3, errors.New("x")), 4 * time.Hour},
		{"many failures capped", retryAt(now, time.Hour, 40, errors.New("x")), maxWait},
		{"retry-after", retryAt(now, time.Hour, 1, &StatusError{Code: 429, RetryAfter: now.Add(90 * time.Minute)}), 90 * time.Minute},
		{"retry-after capped", retryAt(now, time.Hour, 1, &StatusError{Code: 503, RetryAfter: now.AddDate(0, 1, 0)}), maxWait},
		// A Retry-After sooner than the backoff does not poll faster.
		{"retry-after 0", retryAt(now, time.Hour, 1, &StatusError{Code: 429, RetryAfter: now}), time.Hour},
		{"retry-after sooner than the backoff", retryAt(now, time.Hour, 3, &StatusError{Code: 429, RetryAfter: now.Add(2 * time.Hour)}), 4 * time.Hour},
	}
	for _, tt := range tests {
		if d := tt.got.Sub(now); d != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, d, tt.want)
		}
	}
}
